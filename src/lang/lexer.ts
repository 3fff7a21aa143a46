// The scanner of the `.futex` language (LANGUAGE.md, "Lexical"; docs/language.md).
//
// One pass over the text, producing every token up front: scenarios are small (a 1000-line file
// is ~10k tokens), and a token array lets the parser look ahead and recover without a rewindable
// scanner. Lexical errors never throw: they become diagnostics, and the scanner emits the best
// token it can (an `int` of value 0 for a bad number, the decoded prefix of an unterminated
// string, an `invalid` token for a stray character) so that the parser keeps going. The parser
// does not report errors *at* an `invalid` token, because the scanner already did.
//
// Newlines are tokens: they end statements. A block comment that spans lines counts as one
// newline (as in Go), so a statement cannot continue across it.

import type { Diagnostic, Pos, Range } from './ast';

export type TokenKind = 'ident' | 'int' | 'string' | 'punct' | 'newline' | 'invalid' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The identifier or operator; the digits as written for an int; '' for newline and eof. */
  text: string;
  /** The value of an `int` token (0 if it was malformed); 0 otherwise. */
  value: number;
  /** The decoded contents of a `string` token; '' otherwise. */
  str: string;
  range: Range;
  /** No other token precedes it on its line (error recovery restarts at such keywords). */
  lineStart: boolean;
}

export interface LexResult {
  /** Always ends with one `eof` token. */
  tokens: Token[];
  /** The first MAX_LEX_DIAGNOSTICS, by position. */
  diagnostics: Diagnostic[];
  /** Errors past MAX_LEX_DIAGNOSTICS: counted, not kept. */
  omittedErrors: number;
}

/**
 * Lexical diagnostics kept; the rest are counted. A binary file is one error every few bytes:
 * 1 MB of '@' took 600 MB in diagnostic objects (the seventh session's user-path audit). The
 * front ends list the first 100 (diagnostic-list.ts), so 1,000 keeps every one they show.
 */
export const MAX_LEX_DIAGNOSTICS = 1000;

export function lex(text: string, file: string): LexResult {
  const scanner = new Scanner(text, file);
  scanner.run();
  return { tokens: scanner.tokens, diagnostics: scanner.diagnostics, omittedErrors: scanner.omittedErrors };
}

const DECIMAL = /^[0-9](?:_?[0-9])*$/;
const HEX = /^0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*$/;

/**
 * The value of an integer literal as written (`42`, `0x2a`, `1_000`), or undefined if the text is
 * not one. Shared with option checking, so that `option buckets = 0x100` reads like code.
 * Decimal literals with a leading zero are refused: a C programmer would read `010` as octal.
 */
export function parseIntegerText(text: string): number | undefined {
  if (HEX.test(text)) return Number('0x' + text.slice(2).replace(/_/g, ''));
  if (!DECIMAL.test(text) || (text.length > 1 && text[0] === '0')) return undefined;
  return Number(text.replace(/_/g, ''));
}

const TWO_63 = 1n << 63n;
const TWO_64 = 1n << 64n;

/**
 * The 64-bit signed value of an integer literal (LANGUAGE.md: values are 64-bit signed), or
 * 'range' when it cannot be represented: decimal up to 2^63 (so that `-9223372036854775808`
 * is INT64_MIN), hex up to 0xffff_ffff_ffff_ffff; both wrap two's-complement as a C cast to
 * int64_t does. Without this bound a 309-digit literal became Infinity at run time (issue #14).
 */
function literalWord(text: string): number | 'range' | undefined {
  if (parseIntegerText(text) === undefined) return undefined;
  const hex = HEX.test(text);
  const digits = (hex ? text.slice(2) : text).replace(/_/g, '').replace(/^0+(?=.)/, '');
  // Longer than 2^64 in either base: refused before BigInt, whose parse is superlinear.
  if (digits.length > (hex ? 16 : 20)) return 'range';
  const n = BigInt(hex ? '0x' + digits : digits);
  if (n > (hex ? TWO_64 - 1n : TWO_63)) return 'range';
  return Number(BigInt.asIntN(64, n));
}

const TWO_CHAR_PUNCT = new Set(['<<', '>>', '<=', '>=', '==', '!=', '&&', '||']);
// `[` `]` bracket the entries of futex_waitv and futex2_requeue (version 2).
const ONE_CHAR_PUNCT = new Set([...'{}(),;=+-*/%&^|<>!~.[]']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

const CH_NEWLINE = 10;
const CH_CR = 13;
const CH_QUOTE = 34;
const CH_SLASH = 47;
const CH_STAR = 42;
const CH_BACKSLASH = 92;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isBlank(c: number): boolean {
  // space, tab, vertical tab, form feed (CR is a line end: see lineEndAt)
  return c === 32 || c === 9 || c === 11 || c === 12;
}

/** LF, CR and CRLF all end a line (issue #14: a CR-only file was one long comment). */
const LINE_END = /\r\n?|\n/g;

class Scanner {
  readonly tokens: Token[] = [];
  readonly diagnostics: Diagnostic[] = [];
  omittedErrors = 0;
  private offset = 0;
  private line = 1;
  /** Offset of the first character of the current line (columns count from it). */
  private lineOffset = 0;
  private lineHasToken = false;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  run(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.offset = this.lineOffset = 1; // byte-order mark
    while (this.offset < this.text.length) this.scanOne();
    const end = this.pos();
    this.push('eof', '', { start: end, end });
  }

  private pos(): Pos {
    return { line: this.line, col: this.offset - this.lineOffset + 1, offset: this.offset };
  }

  private scanOne(): void {
    const c = this.text.charCodeAt(this.offset);
    const next = this.text.charCodeAt(this.offset + 1);
    if (c === CH_NEWLINE || c === CH_CR) return this.scanNewline();
    if (isBlank(c)) return void this.offset++;
    if (c === CH_SLASH && next === CH_SLASH) return this.skipLineComment();
    if (c === CH_SLASH && next === CH_STAR) return this.scanBlockComment();
    if (isDigit(c)) return this.scanNumber();
    if (isIdentStart(c)) return this.scanIdent();
    if (c === CH_QUOTE) return this.scanString();
    this.scanPunct();
  }

  private push(kind: TokenKind, text: string, range: Range, value = 0, str = ''): void {
    const lineStart = kind !== 'newline' && !this.lineHasToken;
    this.tokens.push({ kind, text, value, str, range, lineStart });
    if (kind !== 'newline') this.lineHasToken = true;
  }

  private error(range: Range, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (this.diagnostics.length >= MAX_LEX_DIAGNOSTICS) {
      if (severity === 'error') this.omittedErrors++;
      return; // a warning past the cap is dropped: it does not stop the run, and errors do
    }
    this.diagnostics.push({ file: this.file, range, severity, message });
  }

  /** Moves past one line end (LF, CR or CRLF), starting a new line. */
  private advanceLine(): void {
    if (this.text.charCodeAt(this.offset) === CH_CR && this.text.charCodeAt(this.offset + 1) === CH_NEWLINE) this.offset++;
    this.offset++;
    this.line++;
    this.lineOffset = this.offset;
    this.lineHasToken = false;
  }

  private scanNewline(): void {
    const start = this.pos();
    this.advanceLine();
    // A run of blank lines is one token: statements end at the first, and a file of 20 million
    // newlines no longer holds 20 million tokens (issue #14).
    const last = this.tokens[this.tokens.length - 1];
    if (last?.kind === 'newline') return;
    this.push('newline', '', { start, end: this.pos() });
  }

  private skipLineComment(): void {
    LINE_END.lastIndex = this.offset;
    const end = LINE_END.exec(this.text);
    this.offset = end === null ? this.text.length : end.index;
  }

  private scanBlockComment(): void {
    const start = this.pos();
    const close = this.text.indexOf('*/', this.offset + 2);
    const stop = close < 0 ? this.text.length : close + 2;
    let newline = false;
    while (this.offset < stop) {
      const c = this.text.charCodeAt(this.offset);
      if (c !== CH_NEWLINE && c !== CH_CR) this.offset++;
      else {
        newline = true;
        this.advanceLine();
      }
    }
    const range = { start, end: this.pos() };
    if (close < 0) this.error({ start, end: { ...start, col: start.col + 2, offset: start.offset + 2 } }, 'unterminated comment: missing */');
    if (newline && this.tokens[this.tokens.length - 1]?.kind !== 'newline') this.push('newline', '', range);
  }

  private scanWhile(pred: (c: number) => boolean): void {
    while (this.offset < this.text.length && pred(this.text.charCodeAt(this.offset))) this.offset++;
  }

  private scanNumber(): void {
    const start = this.pos();
    this.scanWhile(isIdentPart);
    const text = this.text.slice(start.offset, this.offset);
    const range = { start, end: this.pos() };
    const word = literalWord(text);
    if (word === undefined) this.error(range, invalidIntegerMessage(text));
    else if (word === 'range') this.error(range, `integer ${text} does not fit in 64 bits (the largest is 0x7fff_ffff_ffff_ffff = 9223372036854775807)`);
    else if (!Number.isSafeInteger(word)) {
      this.error(range, `integer ${text} is larger than 2^53 and is not exact`, 'warning');
    }
    this.push('int', text, range, typeof word === 'number' ? word : 0);
  }

  private scanIdent(): void {
    const start = this.pos();
    this.scanWhile(isIdentPart);
    this.push('ident', this.text.slice(start.offset, this.offset), { start, end: this.pos() });
  }

  /** A string token; on a missing closing quote, the decoded prefix (up to the line's end). */
  private scanString(): void {
    const start = this.pos();
    this.offset++;
    let value = '';
    for (;;) {
      const c = this.text.charCodeAt(this.offset);
      if (this.offset >= this.text.length || c === CH_NEWLINE || c === CH_CR) {
        this.error({ start, end: this.pos() }, 'unterminated string: missing closing "');
        break;
      }
      this.offset++;
      if (c === CH_QUOTE) break;
      value += c === CH_BACKSLASH ? this.scanEscape() : String.fromCharCode(c);
    }
    const range = { start, end: this.pos() };
    this.push('string', this.text.slice(start.offset, this.offset), range, 0, value);
  }

  /** The character an escape stands for; the backslash has been consumed. */
  private scanEscape(): string {
    const ch = this.text[this.offset];
    const replacement = ch === undefined ? undefined : ESCAPES[ch];
    if (replacement !== undefined) {
      this.offset++;
      return replacement;
    }
    const at = this.pos();
    const start = { ...at, col: at.col - 1, offset: at.offset - 1 };
    this.error({ start, end: at }, `unknown escape '\\${ch === '\n' || ch === '\r' || ch === undefined ? '' : ch}' in string (use \\", \\\\, \\n or \\t)`);
    return '\\';
  }

  private scanPunct(): void {
    const start = this.pos();
    const two = this.text.slice(this.offset, this.offset + 2);
    const one = this.text[this.offset]!;
    const text = TWO_CHAR_PUNCT.has(two) ? two : ONE_CHAR_PUNCT.has(one) ? one : undefined;
    if (text !== undefined) {
      this.offset += text.length;
      return this.push('punct', text, { start, end: this.pos() });
    }
    // A run of unexpected characters is one error and one token: 1 MB of '@' was 1,000,000 of
    // each (600 MB), and one message says as much.
    const cp = this.text.codePointAt(this.offset)!;
    this.offset += cp > 0xffff ? 2 : 1;
    let n = 1;
    while (this.offset < this.text.length && this.unexpectedAt(this.offset)) {
      this.offset += this.text.codePointAt(this.offset)! > 0xffff ? 2 : 1;
      n++;
    }
    const range = { start, end: this.pos() };
    this.error(range, n === 1 ? `unexpected character ${describeChar(cp)}` : `${n.toLocaleString('en-US')} unexpected characters, the first ${describeChar(cp)}`);
    this.push('invalid', this.text.slice(start.offset, this.offset), range);
  }

  /** The character at `offset` starts no token, blank, line end or comment (scanOne's cases). */
  private unexpectedAt(offset: number): boolean {
    const c = this.text.charCodeAt(offset);
    if (c === CH_NEWLINE || c === CH_CR || isBlank(c) || isDigit(c) || isIdentStart(c) || c === CH_QUOTE) return false;
    return !ONE_CHAR_PUNCT.has(this.text[offset]!);
  }
}

function invalidIntegerMessage(text: string): string {
  if (DECIMAL.test(text)) return `invalid integer '${text}': no leading zeros (there are no octal literals)`;
  return `invalid integer '${text}'`;
}

function describeChar(cp: number): string {
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return cp < 32 || cp === 127 ? hex : `'${String.fromCodePoint(cp)}' (${hex})`;
}
