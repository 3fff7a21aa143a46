// Traversal helpers over the syntax tree, shared by resolve.ts and by later passes (the session's
// compiler, the extension's outline) so that each need not list every statement kind again.

import type { Block, Expr, Futex2Entry, FutexFlags, MapDecl, Rhs, Stmt } from './ast';

/** The expressions of a right-hand form, in source order. */
export function rhsExprs(r: Rhs): Expr[] {
  switch (r.kind) {
    case 'expr':
      return [r.expr];
    case 'load':
      return [r.addr];
    case 'cas':
      return [r.addr, r.old, r.new];
    case 'xchg':
    case 'fetch_add':
    case 'fetch_sub':
      return [r.addr, r.value];
    case 'futex_wait':
      return withFlags([r.addr, r.val], r);
    case 'futex_wake':
      return withFlags([r.addr, r.n], r);
    case 'futex_requeue':
      return withFlags([r.addr, r.nwake, r.nrequeue, r.addr2], r);
    case 'futex_cmp_requeue':
      return withFlags([r.addr, r.nwake, r.nrequeue, r.addr2, r.val], r);
    case 'futex_wake_op':
      return withFlags([r.addr, r.nwake, r.nwake2, r.addr2, r.op, r.oparg, r.cmp, r.cmparg], r);
    case 'futex_fd':
      return withFlags([r.addr], r);
    case 'poll':
      return withFlags([r.fd], r);
    case 'call':
      return r.args;
    case 'gettid':
    case 'get_robust_list':
      return [];
    // version 2 (LANGUAGE.md "Version 2 additions")
    case 'futex_wait_bitset':
      return withFlags([r.addr, r.val, r.mask], r);
    case 'futex_wake_bitset':
      return withFlags([r.addr, r.n, r.mask], r);
    case 'futex_waitv':
      return withFlags(r.entries.flatMap(entryExprs), r);
    case 'futex2_wait':
      return withFlags([r.addr, r.val, r.mask], r);
    case 'futex2_wake':
      return withFlags([r.addr, r.mask, r.n], r);
    case 'futex2_requeue':
      return withFlags([...entryExprs(r.from), ...entryExprs(r.to), r.nwake, r.nrequeue], r);
    case 'set_robust_list':
      return withFlags([r.head], r);
    case 'futex_lock_pi': case 'futex_lock_pi2': case 'futex_trylock_pi': case 'futex_unlock_pi':
      return withFlags([r.addr], r);
    case 'futex_wait_requeue_pi':
      return withFlags([r.addr, r.val, r.addr2], r);
    case 'futex_cmp_requeue_pi':
      return withFlags([r.addr, r.nwake, r.nrequeue, r.addr2, r.val], r);
  }
}

function entryExprs(e: Futex2Entry): Expr[] {
  return [e.addr, ...(e.val ? [e.val] : []), ...(e.size ? [e.size] : [])];
}

function withFlags(exprs: Expr[], r: { flags: FutexFlags }): Expr[] {
  if (r.flags.size) exprs.push(r.flags.size);
  if (r.flags.timeout) exprs.push(r.flags.timeout);
  if (r.flags.timespec) exprs.push(r.flags.timespec.sec, r.flags.timespec.nsec);
  if (r.flags.clock) exprs.push(r.flags.clock);
  if (r.flags.signal) exprs.push(r.flags.signal);
  if (r.flags.len) exprs.push(r.flags.len);
  return exprs;
}

export function mapDeclExprs(d: MapDecl): Expr[] {
  return [d.pages, ...(d.offset ? [d.offset] : []), ...(d.at ? [d.at] : [])];
}

/**
 * The expressions a statement evaluates itself, in source order (not those of nested blocks).
 * A `munmap NAME` or a map-name operand (`mremap NAME`) is a name, not an expression.
 */
export function stmtExprs(s: Stmt): Expr[] {
  switch (s.kind) {
    case 'let':
    case 'assign':
    case 'do':
      return rhsExprs(s.value);
    case 'store':
      return [s.addr, s.value];
    case 'close':
      return [s.fd];
    case 'if':
    case 'while':
    case 'assert':
      return [s.cond];
    case 'return':
      return s.value ? [s.value] : [];
    case 'print':
      return s.args.filter((a): a is Expr => a.kind !== 'string');
    case 'sleep':
      return [s.ticks];
    case 'set_tid_address':
    case 'swap_out':
    case 'swap_in':
      return [s.addr];
    case 'map':
      return mapDeclExprs(s.decl);
    case 'munmap':
      return s.target.kind === 'range' ? [s.target.addr, s.target.pages] : [];
    case 'mremap':
      return s.to ? [s.pages, s.to] : [s.pages];
    case 'remap_file_pages':
      return [s.page, s.filePage];
    case 'truncate':
      return [s.pages];
    case 'lock_page':
      return [s.addr, s.ticks];
    default:
      return [];
  }
}

/** The blocks nested directly in a statement. */
export function stmtBlocks(s: Stmt): Block[] {
  switch (s.kind) {
    case 'if':
      return s.else ? [s.then, s.else] : [s.then];
    case 'while':
    case 'fork':
    case 'spawn':
      return [s.body];
    default:
      return [];
  }
}

/**
 * Visits every statement of a block, nested ones included, in source order, with the name of
 * the process that runs it: a `fork NAME` body runs in process NAME; `process` is null where it
 * is not known statically (a function body).
 */
export function forEachStmt(block: Block, process: string | null, visit: (s: Stmt, process: string | null) => void): void {
  for (const s of block.stmts) {
    visit(s, process);
    const inner = s.kind === 'fork' ? s.name : process;
    for (const b of stmtBlocks(s)) forEachStmt(b, inner, visit);
  }
}
