// The top level of a scenario (LANGUAGE.md, "Top-level items", "Processes and threads"):
// `scenario`, `option`, `file`, `shm`, `fn` and `process` items, and the process blocks that
// hold `map`, `store` and `thread` items.
//
// Recursive descent over the token array; see parser-core.ts for the recovery protocol, and
// parse-stmt.ts, parse-rhs.ts, parse-mm.ts, parse-expr.ts for the rest of the grammar. The tree
// comes out with `unresolved` names, slots of -1 and frame sizes of 0: resolve.ts fills them.

import type { Diagnostic, FileDecl, FnDecl, OptionDecl, ProcessDecl, Scenario, ThreadDecl } from './ast';
import type { Token } from './lexer';
import { parseExpr } from './parse-expr';
import { parseMapDecl } from './parse-mm';
import { parseBlock, parseBraced, parseWithRecovery } from './parse-stmt';
import { Cursor, describe } from './parser-core';
import { parseSched } from './parse-sched';

/** Builds the scenario from `lex`'s tokens; syntax errors are appended to `diagnostics`. */
export function parseTokens(tokens: Token[], text: string, file: string, diagnostics: Diagnostic[]): Scenario {
  const c = new Cursor(tokens, text, file, diagnostics);
  const scenario: Scenario = { file, options: [], files: [], fns: [], processes: [] };
  for (;;) {
    c.skipNewlines(true);
    const t = c.peek();
    if (t.kind === 'eof') return scenario;
    if (c.isPunct('}', t)) {
      c.error(t.range, `unexpected '}' (no block is open)`);
      c.next();
      continue;
    }
    parseWithRecovery(c, () => parseTopItem(c, scenario));
  }
}

function parseTopItem(c: Cursor, sc: Scenario): void {
  const t = c.peek();
  const word = t.kind === 'ident' ? t.text : '';
  if (word === 'scenario') return parseTitle(c, sc);
  if (word === 'option') return void sc.options.push(parseOption(c));
  if (word === 'file' || word === 'shm') return void sc.files.push(parseFileDecl(c));
  if (word === 'fn') return void sc.fns.push(parseFn(c));
  if (word === 'process') return void sc.processes.push(parseProcess(c));
  if (word === 'thread') c.failAt(t, `'thread' must be inside a process block`);
  c.failAt(t, `expected scenario, option, file, shm, fn or process, found ${describe(t)}`);
}

function parseTitle(c: Cursor, sc: Scenario): void {
  const kw = c.next();
  const title = c.peek();
  if (title.kind !== 'string') c.failAt(title, `expected a title string after 'scenario', found ${describe(title)}`);
  c.next();
  if (sc.title !== undefined) c.error(c.span(kw.range.start), `the scenario title is given twice`);
  else sc.title = title.str;
}

// ---------------------------------------------------------------------------------------------
// Options: `option NAME = VALUE`. The name may be dotted and hyphenated (`jamie-2003.refs`),
// which the scanner splits into several tokens; they must touch. The value is kept as written
// (options are checked against kernel/futex/variants.ts by resolve.ts, not here).

const OPTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function isOptionNamePart(c: Cursor, t: Token): boolean {
  return t.kind === 'ident' || t.kind === 'int' || c.isPunct('-', t) || c.isPunct('.', t);
}

function parseOption(c: Cursor): OptionDecl {
  const kw = c.next();
  const first = c.peek();
  if (first.kind !== 'ident') c.failAt(first, `expected an option name after 'option', found ${describe(first)}`);
  let name = '';
  let last = first;
  while (isOptionNamePart(c, c.peek()) && (name === '' || c.peek().range.start.offset === last.range.end.offset)) {
    last = c.next();
    name += last.text;
  }
  const nameRange = c.span(first.range.start);
  if (!OPTION_NAME.test(name)) c.failAt(first, `invalid option name '${name}'`);
  c.expectPunct('=', `after 'option ${name}'`);
  const { value, valueRange } = parseOptionValue(c, name);
  return { name, nameRange, value, valueRange, range: c.span(kw.range.start) };
}

/** The raw text up to the end of the statement: token texts with the spacing as written. */
function parseOptionValue(c: Cursor, name: string): Pick<OptionDecl, 'value' | 'valueRange'> {
  const first = c.peek();
  if (c.atStatementEnd()) c.failAt(first, `option '${name}' needs a value`);
  let value = '';
  let prevEnd = first.range.start.offset;
  while (!c.atStatementEnd()) {
    const t = c.next();
    const gap = c.text.slice(prevEnd, t.range.start.offset);
    // A gap holds only blanks and comments (a newline would have ended the statement).
    value += gap.includes('/') ? ' ' : gap;
    value += c.text.slice(t.range.start.offset, t.range.end.offset);
    prevEnd = t.range.end.offset;
  }
  return { value, valueRange: c.span(first.range.start) };
}

// ---------------------------------------------------------------------------------------------
// Files, functions, processes, threads

function parseFileDecl(c: Cursor): FileDecl {
  const kw = c.next();
  const kind = kw.text as 'file' | 'shm';
  const name = c.expectName(`a ${kind} name`);
  c.expectWord('pages', `after '${kind} ${name.text}'`);
  const pages = parseExpr(c);
  return { kind, name: name.text, nameRange: name.range, pages, range: c.span(kw.range.start) };
}

function parseFn(c: Cursor): FnDecl {
  const kw = c.next();
  const name = c.expectName('a function name');
  c.expectPunct('(', `after 'fn ${name.text}'`);
  c.parenDepth++;
  const params: FnDecl['params'] = [];
  if (!c.isPunct(')')) {
    do {
      const p = c.expectName('a parameter name');
      params.push({ name: p.text, range: p.range });
    } while (c.eatPunct(','));
  }
  c.expectPunct(')', `to close the parameters of '${name.text}'`);
  c.parenDepth--;
  const body = parseBlock(c);
  return { name: name.text, nameRange: name.range, params, body, frameSize: 0, range: c.span(kw.range.start) };
}

function parseProcess(c: Cursor): ProcessDecl {
  const kw = c.next();
  const name = c.expectName('a process name');
  const decl: ProcessDecl = { name: name.text, nameRange: name.range, setup: [], threads: [], range: name.range };
  parseBraced(c, () => parseProcessItem(c, decl));
  decl.range = c.span(kw.range.start);
  return decl;
}

function parseProcessItem(c: Cursor, p: ProcessDecl): void {
  const t = c.peek();
  if (c.isWord('thread', t)) return void p.threads.push(parseThread(c));
  if (c.isWord('map', t)) {
    const decl = parseMapDecl(c, c.next());
    return void p.setup.push({ kind: 'map', decl, range: decl.range });
  }
  if (c.isWord('store', t)) {
    c.next();
    const addr = parseExpr(c);
    c.expectPunct(',', `after 'store ADDR'`);
    const value = parseExpr(c);
    return void p.setup.push({ kind: 'store', addr, value, range: c.span(t.range.start) });
  }
  c.failAt(t, `a process block holds only 'map', 'store' and 'thread' items, found ${describe(t)}`);
}

function parseThread(c: Cursor): ThreadDecl {
  const kw = c.next();
  const name = c.expectName('a thread name');
  const sched = parseSched(c);
  const body = parseBlock(c);
  return { name: name.text, nameRange: name.range, sched, body, frameSize: 0, range: c.span(kw.range.start) };
}
