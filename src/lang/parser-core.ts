// The parser's token cursor: look-ahead, expectations, diagnostics and error recovery.
//
// Recovery protocol. A parse function that meets something it cannot use reports ONE diagnostic
// and throws `SyntaxBail`. The loop that parses a sequence of statements or items catches it,
// calls `recover`, and carries on with the next statement, so a file with three syntax errors on
// different lines reports all three:
//   1. the cursor leaves "inside parentheses" mode and the nesting depth is restored;
//   2. tokens are skipped up to the end of the statement (a newline or `;`, consumed) or up to a
//      `}` or the end of the file (not consumed: they close the enclosing block);
//   3. a `{ ... }` met on the way is skipped whole, so the body of a broken `if` or `while` header
//      does not produce a cascade of errors about its statements;
//   4. skipping also stops before a reserved word that begins a line (other than the one the
//      broken statement began with): after an unclosed `(`, the next line's `let` starts over.
// The bail is an exception because parse functions nest (statement -> right-hand form ->
// arguments -> expression) and all of them must unwind to the statement loop; it never escapes
// the parser.

import type { Diagnostic, Pos, Range, Stmt } from './ast';
import { isReserved, isRhsWord } from './keywords';
import type { Token } from './lexer';

/** Thrown after a syntax error has been reported; caught by the statement loops. */
export class SyntaxBail {
  readonly kind = 'syntax-bail';
}

/** Deeper nesting than this (blocks, parentheses, unary and binary operators) is refused. */
export const MAX_DEPTH = 400;

export class Cursor {
  private i = 0;
  /** > 0 inside parentheses, where newlines do not end statements (the parser skips them). */
  parenDepth = 0;
  /** Nesting of blocks and expression nodes, bounded by MAX_DEPTH to protect the stack. */
  depth = 0;
  /** End of the last consumed token: the end of the node being built. */
  lastEnd: Pos;
  /** A statement to keep if the statement being parsed fails (see parseLet). */
  salvage: Stmt | null = null;
  /** An unclosed block has been reported at the end of the file (the outer ones stay quiet). */
  eofReported = false;

  constructor(
    private readonly tokens: Token[],
    readonly text: string,
    readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.lastEnd = tokens[0]!.range.start;
  }

  /** The current token (newlines are skipped inside parentheses). */
  peek(): Token {
    if (this.parenDepth > 0) while (this.tokens[this.i]!.kind === 'newline') this.i++;
    return this.tokens[this.i]!;
  }

  /** The token after `peek()`, newlines included. */
  peekSecond(): Token {
    this.peek();
    return this.tokens[Math.min(this.i + 1, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind === 'eof') return t;
    this.i++;
    if (t.kind !== 'newline') this.lastEnd = t.range.end;
    return t;
  }

  /** The index of the current token, for `recover`. */
  mark(): number {
    this.peek();
    return this.i;
  }

  span(start: Pos): Range {
    return { start, end: this.lastEnd };
  }

  isWord(word: string, t: Token = this.peek()): boolean {
    return t.kind === 'ident' && t.text === word;
  }

  isPunct(p: string, t: Token = this.peek()): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  eatPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.next();
    return true;
  }

  expectPunct(p: string, after?: string): Token {
    if (this.isPunct(p)) return this.next();
    return this.expected(`'${p}'${after ? ` ${after}` : ''}`);
  }

  expectWord(word: string, after?: string): Token {
    if (this.isWord(word)) return this.next();
    return this.expected(`'${word}'${after ? ` ${after}` : ''}`);
  }

  /** An identifier that is not a reserved word; `what` says what it names ("a register name"). */
  expectName(what: string): Token {
    const t = this.peek();
    if (t.kind === 'ident' && !isReserved(t.text)) return this.next();
    if (t.kind === 'ident' && !this.startsNextStatement(t)) {
      return this.failAt(t, `'${t.text}' is a reserved word and cannot be ${what}`);
    }
    return this.expected(what);
  }

  /**
   * Reports "expected WHAT, found T" and bails. Inside parentheses, where newlines are skipped,
   * a statement word that begins a later line means the `(` was never closed: the error is then
   * placed at the end of the line where the statement stopped making sense, not on the next one.
   */
  expected(what: string, t: Token = this.peek()): never {
    if (this.startsNextStatement(t)) {
      this.error({ start: this.lastEnd, end: this.lastEnd }, `expected ${what}, found end of line`);
      throw new SyntaxBail();
    }
    return this.failAt(t, `expected ${what}, found ${describe(t)}`);
  }

  /** `t` begins a later line with a statement or top-level word, inside parentheses. */
  private startsNextStatement(t: Token): boolean {
    return this.parenDepth > 0 && t.lineStart && t.range.start.line > this.lastEnd.line && isStatementWord(t);
  }

  /** Skips newlines (and `;` when `semicolons`): before a `{` or an `else`, between statements. */
  skipNewlines(semicolons = false): void {
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'newline' && !(semicolons && this.isPunct(';', t))) return;
      this.next();
    }
  }

  /** The next non-newline token, without consuming anything. */
  peekPastNewlines(): Token {
    let j = this.i;
    while (this.tokens[j]!.kind === 'newline') j++;
    return this.tokens[j]!;
  }

  atStatementEnd(): boolean {
    const t = this.peek();
    return t.kind === 'newline' || t.kind === 'eof' || this.isPunct(';', t) || this.isPunct('}', t);
  }

  /** Ends a statement: consumes a newline or `;`; leaves a `}` or the end of the file. */
  endStatement(): void {
    const t = this.peek();
    if (t.kind === 'newline' || this.isPunct(';', t)) this.next();
    else if (!this.atStatementEnd()) this.failAt(t, `expected end of statement, found ${describe(t)}`);
  }

  error(range: Range, message: string): void {
    this.diagnostics.push({ file: this.file, range, severity: 'error', message });
  }

  /** Reports at `range` and bails. */
  fail(range: Range, message: string): never {
    this.error(range, message);
    throw new SyntaxBail();
  }

  /** Reports at `t` (unless the scanner already reported it: an `invalid` token) and bails. */
  failAt(t: Token, message: string): never {
    if (t.kind !== 'invalid') this.error(t.range, message);
    throw new SyntaxBail();
  }

  /** Enters one level of nesting; refuses absurdly deep input before the stack overflows. */
  enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) this.failAt(t, `nesting too deep (more than ${MAX_DEPTH} levels)`);
  }

  /** Catches a bail (anything else propagates) and skips to the next statement. */
  recover(e: unknown, depth: number, stmtStart: number): void {
    if (!(e instanceof SyntaxBail)) throw e;
    this.depth = depth;
    this.parenDepth = 0;
    this.skipStatement(stmtStart);
  }

  private skipStatement(stmtStart: number): void {
    for (;;) {
      const t = this.tokens[this.i]!;
      if (t.kind === 'newline' || this.isPunct(';', t)) return void this.next();
      if (t.kind === 'eof' || this.isPunct('}', t)) return;
      if (this.i > stmtStart && t.lineStart && t.kind === 'ident' && isReserved(t.text)) return;
      if (this.isPunct('{', t)) this.skipBraces();
      else this.next();
    }
  }

  /** Skips a balanced `{ ... }` group (to the end of the file if it is never closed). */
  private skipBraces(): void {
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') return;
      if (this.isPunct('{', t)) depth++;
      else if (this.isPunct('}', t) && --depth === 0) return;
    }
  }
}

function isStatementWord(t: Token): boolean {
  return t.kind === 'ident' && isReserved(t.text) && !isRhsWord(t.text);
}

/** How a token reads in a message: `'foo'`, `'+'`, `end of line`, `a string`. */
export function describe(t: Token): string {
  switch (t.kind) {
    case 'newline':
      return 'end of line';
    case 'eof':
      return 'end of file';
    case 'string':
      return 'a string';
    default:
      return `'${t.text}'`;
  }
}
