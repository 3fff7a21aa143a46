// Right-hand forms (LANGUAGE.md, "Statements"): what may follow `let x =` or `x =`, or stand
// alone as a statement. An expression, or one of the operations that are not expressions:
// `load`, `cas`, `xchg`, `fetch_add`, `fetch_sub`, the `futex_*` calls, `poll`, and calls of
// the scenario's functions `f(args)`.
//
// The futex calls and poll take positional arguments, then the trailing keyword arguments
// `private`, `timeout T` and `signal S`. Those three words are keywords at the start of an
// argument of these calls (and only there): a register called `timeout` must be passed as
// `(timeout)`. `timeout` takes ticks (`timeout T`) or a struct timespec (`timeout {SEC, NSEC}`,
// so that an invalid one can be written); futex_waitv and futex2_wait also take `clock C`, their
// clockid. A wrong argument count is reported without bailing, with missing arguments
// replaced by 0, so that the names in the arguments still get resolved and checked.

import type { Expr, FutexFlags, PiLockKind, Range, Rhs, Timespec } from './ast';
import { isReserved } from './keywords';
import type { Token } from './lexer';
import { binaryPrecedence, parseExpr } from './parse-expr';
import type { Cursor } from './parser-core';
import { plural } from './plural';
import { parseEntryCall } from './parse-rhs-v2';

type FutexCallKind = 'futex_wait' | 'futex_wake' | 'futex_requeue' | 'futex_cmp_requeue' | 'futex_wake_op' | 'futex_fd' | 'poll'
  | 'futex_wait_bitset' | 'futex_wake_bitset' | 'futex2_wait' | 'futex2_wake' | 'set_robust_list'
  | PiLockKind | 'futex_wait_requeue_pi' | 'futex_cmp_requeue_pi';
export type KeywordArg = 'private' | 'timeout' | 'signal' | 'size' | 'len' | 'clock';

/**
 * `private`, `timeout` and `signal` mark a keyword argument in every futex call; `size` and `len`
 * (version 2) only in the calls that take them, so `futex_wake(a, size)` keeps its meaning.
 */
const ALWAYS_KEYWORDS: readonly string[] = ['private', 'timeout', 'signal'];

export interface CallSignature {
  params: readonly string[];
  keywords: readonly KeywordArg[];
}

/** The positional parameters and keyword arguments of each call, as LANGUAGE.md writes them. */
const CALLS: Record<FutexCallKind, CallSignature> = {
  futex_wait: { params: ['ADDR', 'VAL'], keywords: ['timeout', 'private'] },
  futex_wake: { params: ['ADDR', 'N'], keywords: ['private'] },
  futex_requeue: { params: ['ADDR', 'NWAKE', 'NREQUEUE', 'ADDR2'], keywords: ['private'] },
  futex_cmp_requeue: { params: ['ADDR', 'NWAKE', 'NREQUEUE', 'ADDR2', 'VAL'], keywords: ['private'] },
  futex_wake_op: {
    params: ['ADDR', 'NWAKE', 'NWAKE2', 'ADDR2', 'OP', 'OPARG', 'CMP', 'CMPARG'],
    keywords: ['private'],
  },
  futex_fd: { params: ['ADDR'], keywords: ['signal'] },
  poll: { params: ['FD'], keywords: ['timeout'] },
  // version 2 (LANGUAGE.md "Version 2 additions"); futex_waitv, futex2_requeue: parse-rhs-v2.ts
  futex_wait_bitset: { params: ['ADDR', 'VAL', 'MASK'], keywords: ['timeout', 'private'] },
  futex_wake_bitset: { params: ['ADDR', 'N', 'MASK'], keywords: ['private'] },
  futex2_wait: { params: ['ADDR', 'VAL', 'MASK'], keywords: ['private', 'size', 'timeout', 'clock'] },
  futex2_wake: { params: ['ADDR', 'MASK', 'N'], keywords: ['private', 'size'] },
  set_robust_list: { params: ['HEAD'], keywords: ['len'] },
  // PI futexes and requeue-PI (LANGUAGE.md "Version 2 additions").
  futex_lock_pi: { params: ['ADDR'], keywords: ['timeout', 'private'] },
  futex_lock_pi2: { params: ['ADDR'], keywords: ['timeout', 'private'] },
  futex_trylock_pi: { params: ['ADDR'], keywords: ['private'] },
  futex_unlock_pi: { params: ['ADDR'], keywords: ['private'] },
  futex_wait_requeue_pi: { params: ['ADDR', 'VAL', 'ADDR2'], keywords: ['timeout', 'private'] },
  futex_cmp_requeue_pi: { params: ['ADDR', 'NWAKE', 'NREQUEUE', 'ADDR2', 'VAL'], keywords: ['private'] },
};

/** The comma-separated operands of the atomic memory operations (no parentheses). */
const ATOMICS = new Map([['load', 1], ['cas', 3], ['xchg', 2], ['fetch_add', 2], ['fetch_sub', 2]]);

export function parseRhs(c: Cursor): Rhs {
  const t = c.peek();
  const rhs = t.kind === 'ident' ? parseNonExpr(c, t) : undefined;
  if (rhs === undefined) {
    const expr = parseExpr(c);
    return { kind: 'expr', expr, range: expr.range };
  }
  const after = c.peek();
  if (binaryPrecedence(after) !== undefined) {
    c.failAt(after, `the result of '${t.text}' cannot be used in an expression: assign it to a register first`);
  }
  return rhs;
}

/** A right-hand form that is not an expression, or undefined if `t` does not start one. */
function parseNonExpr(c: Cursor, t: Token): Rhs | undefined {
  if (ATOMICS.has(t.text)) return parseAtomic(c, t);
  if (t.text === 'gettid' || t.text === 'get_robust_list') return parseGettid(c, t);
  if (t.text === 'futex_waitv' || t.text === 'futex2_requeue') return parseEntryCall(c, t);
  if (Object.hasOwn(CALLS, t.text)) return parseFutexCall(c, t, t.text as FutexCallKind);
  if (!isReserved(t.text) && c.isPunct('(', c.peekSecond())) return parseCall(c, t);
  return undefined;
}

function parseAtomic(c: Cursor, t: Token): Rhs {
  c.next();
  const ops: Expr[] = [parseExpr(c)];
  while (ops.length < ATOMICS.get(t.text)!) {
    c.expectPunct(',', `between the operands of '${t.text}'`);
    ops.push(parseExpr(c));
  }
  const range = c.span(t.range.start);
  const [addr, a, b] = ops as [Expr, Expr, Expr];
  switch (t.text) {
    case 'load':
      return { kind: 'load', addr, range };
    case 'cas':
      return { kind: 'cas', addr, old: a, new: b, range };
    case 'xchg':
      return { kind: 'xchg', addr, value: a, range };
    default:
      return { kind: t.text as 'fetch_add' | 'fetch_sub', addr, value: a, range };
  }
}

/** `gettid()` or `gettid(THREAD)`, THREAD short (`helper`) or full (`A/helper`); get_robust_list likewise. */
function parseGettid(c: Cursor, kw: Token): Rhs {
  const kind = kw.text as 'gettid' | 'get_robust_list';
  c.next();
  c.expectPunct('(', `after '${kind}'`);
  if (c.eatPunct(')')) return { kind, range: c.span(kw.range.start) };
  const first = c.expectName('a thread name');
  let thread = first.text;
  if (c.eatPunct('/')) thread += '/' + c.expectName('a thread name').text;
  const threadRange = c.span(first.range.start);
  c.expectPunct(')', `to close the argument of '${kind}'`);
  return { kind, thread, threadRange, range: c.span(kw.range.start) };
}

/** `f(a, b)`: a call of a scenario function (checked against its declaration by resolve.ts). */
function parseCall(c: Cursor, name: Token): Rhs {
  c.next();
  c.next(); // '('
  c.parenDepth++;
  const args: Expr[] = [];
  if (!c.isPunct(')')) {
    do args.push(parseExpr(c));
    while (c.eatPunct(','));
  }
  c.expectPunct(')', `to close the arguments of '${name.text}'`);
  c.parenDepth--;
  return { kind: 'call', fn: name.text, args, range: c.span(name.range.start) };
}

export interface Arguments {
  positional: Expr[];
  flags: FutexFlags;
}

function parseFutexCall(c: Cursor, name: Token, kind: FutexCallKind): Rhs {
  c.next();
  const args = parseArguments(c, name, CALLS[kind]);
  const range = c.span(name.range.start);
  const a = checkCount(c, name, CALLS[kind], args.positional, range);
  const flags = args.flags;
  checkClock(c, flags);
  switch (kind) {
    case 'futex_wait':
      return { kind, addr: a[0]!, val: a[1]!, flags, range };
    case 'futex_wake':
      return { kind, addr: a[0]!, n: a[1]!, flags, range };
    case 'futex_requeue':
      return { kind, addr: a[0]!, nwake: a[1]!, nrequeue: a[2]!, addr2: a[3]!, flags, range };
    case 'futex_cmp_requeue':
      return { kind, addr: a[0]!, nwake: a[1]!, nrequeue: a[2]!, addr2: a[3]!, val: a[4]!, flags, range };
    case 'futex_wake_op': {
      const [addr, nwake, nwake2, addr2, op, oparg, cmp, cmparg] = a as [Expr, Expr, Expr, Expr, Expr, Expr, Expr, Expr];
      return { kind, addr, nwake, nwake2, addr2, op, oparg, cmp, cmparg, flags, range };
    }
    case 'futex_fd':
      return { kind, addr: a[0]!, flags, range };
    case 'poll':
      return { kind, fd: a[0]!, flags, range };
    case 'futex_wait_bitset':
    case 'futex2_wait':
      return { kind, addr: a[0]!, val: a[1]!, mask: a[2]!, flags, range };
    case 'futex_wake_bitset':
      return { kind, addr: a[0]!, n: a[1]!, mask: a[2]!, flags, range };
    case 'futex2_wake':
      return { kind, addr: a[0]!, mask: a[1]!, n: a[2]!, flags, range };
    case 'set_robust_list':
      return { kind, head: a[0]!, flags, range };
    case 'futex_lock_pi': case 'futex_lock_pi2': case 'futex_trylock_pi': case 'futex_unlock_pi':
      return { kind, addr: a[0]!, flags, range };
    case 'futex_wait_requeue_pi':
      return { kind, addr: a[0]!, val: a[1]!, addr2: a[2]!, flags, range };
    case 'futex_cmp_requeue_pi':
      return { kind, addr: a[0]!, nwake: a[1]!, nrequeue: a[2]!, addr2: a[3]!, val: a[4]!, flags, range };
  }
}

/** `( positional, ..., keyword args )`. */
function parseArguments(c: Cursor, name: Token, sig: CallSignature): Arguments {
  c.expectPunct('(', `after '${name.text}'`);
  c.parenDepth++;
  const result: Arguments = { positional: [], flags: { private: false } };
  if (!c.isPunct(')')) {
    do parseArgument(c, name, sig, result);
    while (c.eatPunct(','));
  }
  c.expectPunct(')', `to close the arguments of '${name.text}'`);
  c.parenDepth--;
  return result;
}

export function parseArgument(c: Cursor, name: Token, sig: CallSignature, into: Arguments): void {
  const t = c.peek();
  const keyword = t.kind === 'ident' && (ALWAYS_KEYWORDS.includes(t.text) || (sig.keywords as readonly string[]).includes(t.text));
  if (!keyword) {
    if (into.flags.private || into.flags.timeout || into.flags.timespec || into.flags.signal || into.flags.size || into.flags.len || into.flags.clock) {
      c.failAt(t, `positional argument after a keyword argument in '${name.text}'`);
    }
    into.positional.push(parseExpr(c));
    return;
  }
  c.next();
  const word = t.text as KeywordArg;
  if (!sig.keywords.includes(word)) {
    const takes = sig.keywords.map((k) => `'${k}'`).join(' and ');
    c.error(t.range, `${name.text} does not take '${word}' (it takes ${takes})`);
  }
  const given = word === 'private' ? into.flags.private : word === 'timeout' ? into.flags.timeout ?? into.flags.timespec : into.flags[word];
  if (given) c.error(t.range, `'${word}' is given twice`);
  if (word === 'private') into.flags.private = true;
  else if (word === 'timeout' && c.isPunct('{')) into.flags.timespec = parseTimespec(c, name);
  else into.flags[word] = parseExpr(c);
}

/** `{SEC, NSEC}`: a struct timespec (poll's timeout is poll(2)'s milliseconds: ticks only). */
function parseTimespec(c: Cursor, name: Token): Timespec {
  const open = c.next(); // '{'
  if (name.text === 'poll') c.error(open.range, `poll takes its timeout in ticks ('timeout T', poll(2)'s milliseconds), not a timespec`);
  const sec = parseExpr(c);
  c.expectPunct(',', `between the seconds and nanoseconds of a timespec`);
  const nsec = parseExpr(c);
  c.expectPunct('}', `to close the timespec '{SEC, NSEC}'`);
  return { sec, nsec, range: c.span(open.range.start) };
}

/** `clock C` means something only beside a timespec timeout (the kernel ignores it without one). */
export function checkClock(c: Cursor, flags: FutexFlags): void {
  if (flags.clock && !flags.timespec) c.error(flags.clock.range, `'clock' goes with a timespec timeout 'timeout {SEC, NSEC}'`);
}

/** The positional arguments, padded with 0 if some are missing; a wrong count is reported. */
function checkCount(c: Cursor, name: Token, sig: CallSignature, args: Expr[], range: Range): Expr[] {
  const n = sig.params.length;
  if (args.length !== n) {
    c.error(range, `${name.text} takes ${plural(n, 'argument')} (${sig.params.join(', ')}), got ${args.length}`);
  }
  const padded = args.slice(0, n);
  while (padded.length < n) padded.push({ kind: 'int', value: 0, range });
  return padded;
}
