// Mappings and the memory-management statements (LANGUAGE.md, "Mappings" and the statements
// "the rest of the system does"): `map`, `munmap`, `mremap`, `mprotect`, `remap_file_pages`,
// `madvise`, `swap_out`, `swap_in`, `reclaim`, `truncate`, `lock_page`.
//
// A map declaration reads its backing (`anon`, `file FILE`, `shm SHM`), then its clauses in any
// order: `private|shared`, `r|rw`, `open rdonly|rdwr`, `pages N`, `offset P`, `at ADDR`. All of
// these words are contextual. Each clause may appear once; `pages` is required, and so is
// `private|shared` for anon and file mappings (a shm mapping is always shared: `shared` is
// accepted, `private` is refused).

import type { Expr, MapDecl, Prot, Range, Stmt } from './ast';
import type { Token } from './lexer';
import { parseExpr } from './parse-expr';
import { describe, type Cursor } from './parser-core';

type Backing = MapDecl['backing'];

interface Clauses {
  shared?: boolean;
  prot?: Prot;
  open?: 'rdonly' | 'rdwr';
  pages?: Expr;
  offset?: Expr;
  at?: Expr;
}

/** `map NAME = BACKING CLAUSES...`; the `map` keyword has been consumed. */
export function parseMapDecl(c: Cursor, kw: Token): MapDecl {
  const name = c.expectName('a map name');
  c.expectPunct('=', `after 'map ${name.text}'`);
  const backingWord = c.peek();
  const kind = parseBackingKind(c);
  const target = kind === 'anon' ? undefined : c.expectName(`a ${kind} name`);
  const clauses = parseClauses(c, kind);
  const range = c.span(kw.range.start);
  checkClauses(c, kind, backingWord, clauses, name, range);
  const backing = makeBacking(kind, target, clauses);
  const decl: MapDecl = { name: name.text, nameRange: name.range, backing, prot: clauses.prot ?? 'rw', pages: clauses.pages ?? zero(range), range };
  if (clauses.offset) decl.offset = clauses.offset;
  if (clauses.at) decl.at = clauses.at;
  return decl;
}

function parseBackingKind(c: Cursor): Backing['kind'] {
  const t = c.peek();
  if (t.kind === 'ident' && (t.text === 'anon' || t.text === 'file' || t.text === 'shm')) {
    c.next();
    return t.text;
  }
  return c.expected(`'anon', 'file' or 'shm' after '='`, t);
}

function makeBacking(kind: Backing['kind'], target: Token | undefined, cl: Clauses): Backing {
  if (kind === 'anon') return { kind, shared: cl.shared ?? false };
  if (kind === 'shm') return { kind, shm: target!.text, shmRange: target!.range };
  return { kind, file: target!.text, fileRange: target!.range, shared: cl.shared ?? false, openMode: cl.open ?? 'rdwr' };
}

function zero(range: Range): Expr {
  return { kind: 'int', value: 0, range };
}

function parseClauses(c: Cursor, kind: Backing['kind']): Clauses {
  const cl: Clauses = {};
  const seen = new Set<string>();
  while (!c.atStatementEnd()) {
    const t = c.peek();
    const clause = clauseOf(t);
    if (clause === undefined) {
      c.failAt(t, `unexpected ${describe(t)} in a map declaration (expected ${expectedClauses(kind)})`);
    }
    if (seen.has(clause)) c.error(t.range, `the ${clause} of a mapping is given twice`);
    seen.add(clause);
    c.next();
    parseClause(c, t.text, cl);
  }
  return cl;
}

/** Which clause a word belongs to (so that `r rw` is "given twice"), or undefined. */
function clauseOf(t: Token): string | undefined {
  if (t.kind !== 'ident') return undefined;
  const word = t.text;
  if (word === 'private' || word === 'shared') return 'sharing (private|shared)';
  if (word === 'r' || word === 'rw') return 'protection (r|rw)';
  if (word === 'open' || word === 'pages' || word === 'offset' || word === 'at') return `'${word}'`;
  return undefined;
}

function expectedClauses(kind: Backing['kind']): string {
  if (kind === 'anon') return 'private, shared, r, rw, pages or at';
  if (kind === 'shm') return 'r, rw, pages, offset or at';
  return 'private, shared, r, rw, open, pages, offset or at';
}

function parseClause(c: Cursor, word: string, cl: Clauses): void {
  switch (word) {
    case 'private':
    case 'shared':
      cl.shared = word === 'shared';
      return;
    case 'r':
    case 'rw':
      cl.prot = word;
      return;
    case 'open':
      cl.open = parseOpenMode(c);
      return;
    default:
      cl[word as 'pages' | 'offset' | 'at'] = parseExpr(c);
  }
}

function parseOpenMode(c: Cursor): 'rdonly' | 'rdwr' {
  const t = c.peek();
  if (c.isWord('rdonly', t) || c.isWord('rdwr', t)) return c.next().text as 'rdonly' | 'rdwr';
  return c.expected(`'rdonly' or 'rdwr' after 'open'`, t);
}

/** The rules the grammar alone does not say; reported without bailing (the decl is whole). */
function checkClauses(c: Cursor, kind: Backing['kind'], word: Token, cl: Clauses, name: Token, range: Range): void {
  if (cl.pages === undefined) c.error(range, `map '${name.text}' needs 'pages N'`);
  if (kind !== 'shm' && cl.shared === undefined) {
    c.error(word.range, `'${kind}' mapping '${name.text}' needs 'private' or 'shared'`);
  }
  if (kind === 'shm' && cl.shared === false) c.error(range, `a shm mapping is always shared: drop 'private'`);
  if (kind !== 'file' && cl.open !== undefined) c.error(range, `only a file mapping takes 'open'`);
  if (kind === 'anon' && cl.offset !== undefined) c.error(range, `an anon mapping takes no 'offset'`);
}

// ---------------------------------------------------------------------------------------------
// Statements on mappings and pages. Each parser is called with its keyword consumed.

type StmtParser = (c: Cursor, kw: Token) => Stmt;

function parseMunmap(c: Cursor, kw: Token): Stmt {
  const target = parseExpr(c);
  if (c.eatPunct(',')) {
    c.expectWord('pages', `after 'munmap ADDR,'`);
    const pages = parseExpr(c);
    return { kind: 'munmap', target: { kind: 'range', addr: target, pages }, range: c.span(kw.range.start) };
  }
  if (target.kind !== 'name') {
    return c.fail(target.range, `'munmap ADDR' needs ', pages N' (or give a map name)`);
  }
  const named = { kind: 'name' as const, name: target.name, nameRange: target.range };
  return { kind: 'munmap', target: named, range: c.span(kw.range.start) };
}

function parseMremap(c: Cursor, kw: Token): Stmt {
  const name = c.expectName('a map name');
  c.expectPunct(',', `after 'mremap ${name.text}'`);
  c.expectWord('pages');
  const pages = parseExpr(c);
  let to: Expr | undefined;
  if (c.eatPunct(',')) {
    c.expectWord('to');
    to = parseExpr(c);
  }
  const stmt: Stmt = { kind: 'mremap', name: name.text, nameRange: name.range, pages, range: c.span(kw.range.start) };
  if (to) stmt.to = to;
  return stmt;
}

function parseMprotect(c: Cursor, kw: Token): Stmt {
  const name = c.expectName('a map name');
  c.expectPunct(',', `after 'mprotect ${name.text}'`);
  const t = c.peek();
  if (!c.isWord('r', t) && !c.isWord('rw', t)) c.expected(`'r' or 'rw'`, t);
  c.next();
  return { kind: 'mprotect', name: name.text, nameRange: name.range, prot: t.text as Prot, range: c.span(kw.range.start) };
}

function parseRemapFilePages(c: Cursor, kw: Token): Stmt {
  const name = c.expectName('a map name');
  c.expectPunct(',', `after 'remap_file_pages ${name.text}'`);
  c.expectWord('page');
  const page = parseExpr(c);
  c.expectPunct(',', `after 'page I'`);
  c.expectWord('file_page');
  const filePage = parseExpr(c);
  return { kind: 'remap_file_pages', name: name.text, nameRange: name.range, page, filePage, range: c.span(kw.range.start) };
}

function parseMadvise(c: Cursor, kw: Token): Stmt {
  const name = c.expectName('a map name');
  c.expectPunct(',', `after 'madvise ${name.text}'`);
  c.expectWord('dontneed');
  return { kind: 'madvise', name: name.text, nameRange: name.range, advice: 'dontneed', range: c.span(kw.range.start) };
}

function parseTruncate(c: Cursor, kw: Token): Stmt {
  const file = c.expectName('a file name');
  c.expectPunct(',', `after 'truncate ${file.text}'`);
  c.expectWord('pages');
  const pages = parseExpr(c);
  return { kind: 'truncate', file: file.text, fileRange: file.range, pages, range: c.span(kw.range.start) };
}

function parseLockPage(c: Cursor, kw: Token): Stmt {
  const addr = parseExpr(c);
  c.expectPunct(',', `after 'lock_page ADDR'`);
  c.expectWord('ticks');
  const ticks = parseExpr(c);
  return { kind: 'lock_page', addr, ticks, range: c.span(kw.range.start) };
}

function parseSwap(c: Cursor, kw: Token): Stmt {
  const addr = parseExpr(c);
  return { kind: kw.text as 'swap_out' | 'swap_in', addr, range: c.span(kw.range.start) };
}

export const MM_STATEMENTS: ReadonlyMap<string, StmtParser> = new Map<string, StmtParser>([
  ['map', (c, kw) => {
    const decl = parseMapDecl(c, kw);
    return { kind: 'map', decl, range: decl.range };
  }],
  ['munmap', parseMunmap],
  ['mremap', parseMremap],
  ['mprotect', parseMprotect],
  ['remap_file_pages', parseRemapFilePages],
  ['madvise', parseMadvise],
  ['swap_out', parseSwap],
  ['swap_in', parseSwap],
  ['reclaim', (c, kw) => ({ kind: 'reclaim', range: kw.range })],
  ['truncate', parseTruncate],
  ['lock_page', parseLockPage],
]);
