// Blocks and statements (LANGUAGE.md, "Processes and threads" and "Statements").
//
// A statement is chosen by its first token: a reserved statement word, a right-hand-form word
// (`load`, `futex_wake`, ...: the statement is a `do`), or a plain name followed by `=` (an
// assignment) or `(` (a call). `signal` is contextual: `signal NAME` is the statement, while
// `signal = 1` assigns a register called signal. The parser checks syntax only; whether names
// exist, and whether `break` is inside a loop, is resolve.ts's business.

import type { Block, Expr, Rhs, Stmt } from './ast';
import { isReserved, isRhsWord } from './keywords';
import type { Token } from './lexer';
import { parseExpr } from './parse-expr';
import { MM_STATEMENTS } from './parse-mm';
import { parseRhs } from './parse-rhs';
import { describe, type Cursor } from './parser-core';
import { parseSched } from './parse-sched';

type StmtParser = (c: Cursor, kw: Token) => Stmt;

/**
 * Parses `{ ... }` (a `{` on a later line is accepted), calling `item` for each statement with
 * error recovery around it. `item` pushes what it parsed before the end of statement is checked,
 * so `let x = 1 2` keeps its `let` (and x stays declared) although the line is reported.
 */
export function parseBraced(c: Cursor, item: () => void): { open: Token; close: Token } {
  c.skipNewlines();
  const open = c.expectPunct('{');
  c.enter(open);
  for (;;) {
    c.skipNewlines(true);
    const t = c.peek();
    if (c.isPunct('}', t)) {
      c.depth--;
      return { open, close: c.next() };
    }
    if (t.kind === 'eof') {
      reportUnclosed(c, open, t);
      c.depth--;
      return { open, close: t };
    }
    parseWithRecovery(c, item);
  }
}

/** Runs one statement parser; on a syntax error, keeps the salvaged statement and skips on. */
export function parseWithRecovery(c: Cursor, item: () => void): void {
  const depth = c.depth;
  const start = c.mark();
  try {
    item();
    c.endStatement();
  } catch (e) {
    c.recover(e, depth, start);
  }
}

function reportUnclosed(c: Cursor, open: Token, eof: Token): void {
  if (c.eofReported) return;
  c.eofReported = true;
  const { line, col } = open.range.start;
  c.error(eof.range, `expected '}' to close the block opened at ${line}:${col}`);
}

export function parseBlock(c: Cursor): Block {
  const stmts: Stmt[] = [];
  const { open } = parseBraced(c, () => {
    c.salvage = null;
    try {
      stmts.push(parseStmt(c));
    } finally {
      if (c.salvage) stmts.push(c.salvage);
      c.salvage = null;
    }
  });
  return { stmts, range: c.span(open.range.start) };
}

export function parseStmt(c: Cursor): Stmt {
  const t = c.peek();
  if (t.kind !== 'ident') return c.failAt(t, `expected a statement, found ${describe(t)}`);
  const parser = STATEMENTS.get(t.text) ?? MM_STATEMENTS.get(t.text);
  if (parser) return parser(c, c.next());
  if (isRhsWord(t.text)) return doStmt(parseRhs(c));
  if (isReserved(t.text)) return c.failAt(t, misplacedKeyword(t.text));
  const second = c.peekSecond();
  if (c.isPunct('=', second)) return parseAssign(c, t);
  if (c.isPunct('(', second)) return doStmt(parseRhs(c));
  if (t.text === 'signal') return parseSignal(c, c.next());
  return c.failAt(t, `expected a statement, found '${t.text}' (an assignment is '${t.text} = ...', a call '${t.text}(...)')`);
}

function misplacedKeyword(word: string): string {
  switch (word) {
    case 'else':
      return `'else' without 'if' (write '} else {' after the if block)`;
    case 'thread':
      return `'thread' blocks belong in a process block; use 'spawn NAME { ... }' to start a thread here`;
    default:
      return `'${word}' is only allowed at the top level`;
  }
}

function doStmt(value: Rhs): Stmt {
  return { kind: 'do', value, range: value.range };
}

/** `let x = RHS`. If the right-hand side is broken, the statement is salvaged with a 0 value. */
function parseLet(c: Cursor, kw: Token): Stmt {
  const name = c.expectName('a register name');
  const salvage: Stmt = { kind: 'let', name: name.text, nameRange: name.range, slot: -1, value: zeroRhs(name), range: c.span(kw.range.start) };
  c.salvage = salvage;
  c.expectPunct('=', `after 'let ${name.text}'`);
  const value = parseRhs(c);
  c.salvage = null;
  return { ...salvage, value, range: c.span(kw.range.start) };
}

function zeroRhs(at: Token): Rhs {
  return { kind: 'expr', expr: { kind: 'int', value: 0, range: at.range }, range: at.range };
}

function parseAssign(c: Cursor, name: Token): Stmt {
  c.next();
  c.next(); // '='
  const value = parseRhs(c);
  return { kind: 'assign', name: name.text, nameRange: name.range, slot: -1, value, range: c.span(name.range.start) };
}

/** `kill PROCESS` (version 2): a process name. */
function parseKill(c: Cursor, kw: Token): Stmt {
  const name = c.expectName('a process name');
  return { kind: 'kill', process: name.text, processRange: name.range, range: c.span(kw.range.start) };
}

/** `signal THREAD`: a thread name, short (`helper`) or full (`A/helper`). */
function parseSignal(c: Cursor, kw: Token): Stmt {
  const first = c.expectName('a thread name');
  let thread = first.text;
  if (c.eatPunct('/')) thread += '/' + c.expectName('a thread name').text;
  const threadRange = c.span(first.range.start);
  return { kind: 'signal', thread, threadRange, range: c.span(kw.range.start) };
}

function parseIf(c: Cursor, kw: Token): Stmt {
  const cond = parseExpr(c);
  const then = parseBlock(c);
  if (!c.isWord('else', c.peekPastNewlines())) return { kind: 'if', cond, then, range: c.span(kw.range.start) };
  c.skipNewlines();
  c.next(); // 'else'
  const otherwise = c.isWord('if') ? elseIf(c, c.next()) : parseBlock(c);
  return { kind: 'if', cond, then, else: otherwise, range: c.span(kw.range.start) };
}

/** `else if ...` is an else block holding one `if` statement. */
function elseIf(c: Cursor, ifKw: Token): Block {
  c.enter(ifKw);
  const stmt = parseIf(c, ifKw);
  c.depth--;
  return { stmts: [stmt], range: stmt.range };
}

function parseWhile(c: Cursor, kw: Token): Stmt {
  const cond = parseExpr(c);
  const body = parseBlock(c);
  return { kind: 'while', cond, body, range: c.span(kw.range.start) };
}

function parseReturn(c: Cursor, kw: Token): Stmt {
  if (c.atStatementEnd()) return { kind: 'return', range: kw.range };
  const value = parseExpr(c);
  return { kind: 'return', value, range: c.span(kw.range.start) };
}

function parseAssert(c: Cursor, kw: Token): Stmt {
  const cond = parseExpr(c);
  if (!c.eatPunct(',')) return { kind: 'assert', cond, range: c.span(kw.range.start) };
  const msg = c.peek();
  if (msg.kind !== 'string') c.failAt(msg, `expected a message string after 'assert COND,', found ${describe(msg)}`);
  c.next();
  return { kind: 'assert', cond, message: msg.str, range: c.span(kw.range.start) };
}

function parsePrint(c: Cursor, kw: Token): Stmt {
  const args: (Expr | { kind: 'string'; value: string; range: Expr['range'] })[] = [];
  if (!c.atStatementEnd()) {
    do {
      const t = c.peek();
      if (t.kind === 'string') args.push({ kind: 'string', value: c.next().str, range: t.range });
      else args.push(parseExpr(c));
    } while (c.eatPunct(','));
  }
  return { kind: 'print', args, range: c.span(kw.range.start) };
}

/** `fork NAME { ... }` and `spawn NAME { ... }`. */
function parseThreadStart(c: Cursor, kw: Token): Stmt {
  const what = kw.text === 'fork' ? 'a process name' : 'a thread name';
  const name = c.expectName(what);
  const sched = kw.text === 'spawn' ? parseSched(c) : undefined;
  const body = parseBlock(c);
  if (kw.text === 'fork') return { kind: 'fork', name: name.text, nameRange: name.range, body, range: c.span(kw.range.start) };
  return { kind: 'spawn', name: name.text, nameRange: name.range, sched, body, range: c.span(kw.range.start) };
}

/** Statements made of a keyword and one expression. */
function oneExpr(kind: 'store' | 'close' | 'sleep' | 'set_tid_address'): StmtParser {
  return (c, kw) => {
    const e = parseExpr(c);
    if (kind === 'store') {
      c.expectPunct(',', `after 'store ADDR'`);
      const value = parseExpr(c);
      return { kind, addr: e, value, range: c.span(kw.range.start) };
    }
    const range = c.span(kw.range.start);
    if (kind === 'close') return { kind, fd: e, range };
    if (kind === 'sleep') return { kind, ticks: e, range };
    return { kind, addr: e, range };
  };
}

function bare(kind: 'break' | 'continue' | 'yield' | 'exit' | 'exit_group' | 'exec'): StmtParser {
  return (_c, kw) => ({ kind, range: kw.range });
}

const STATEMENTS: ReadonlyMap<string, StmtParser> = new Map<string, StmtParser>([
  ['let', parseLet],
  ['if', parseIf],
  ['while', parseWhile],
  ['return', parseReturn],
  ['assert', parseAssert],
  ['print', parsePrint],
  ['fork', parseThreadStart],
  ['spawn', parseThreadStart],
  ['store', oneExpr('store')],
  ['close', oneExpr('close')],
  ['sleep', oneExpr('sleep')],
  ['set_tid_address', oneExpr('set_tid_address')],
  ['break', bare('break')],
  ['continue', bare('continue')],
  ['yield', bare('yield')],
  ['exit', bare('exit')],
  ['exit_group', bare('exit_group')],
  ['exec', bare('exec')],
  ['kill', parseKill],
]);
