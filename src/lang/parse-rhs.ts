// Right-hand forms (LANGUAGE.md, "Statements"): what may follow `let x =` or `x =`, or stand
// alone as a statement. An expression, or one of the operations that are not expressions:
// `load`, `cas`, `xchg`, `fetch_add`, `fetch_sub`, the `futex_*` calls, `poll`, and calls of
// the scenario's functions `f(args)`.
//
// The futex calls and poll take positional arguments, then the trailing keyword arguments
// `private`, `timeout T` and `signal S`. Those three words are keywords at the start of an
// argument of these calls (and only there): a register called `timeout` must be passed as
// `(timeout)`. A wrong argument count is reported without bailing, with missing arguments
// replaced by 0, so that the names in the arguments still get resolved and checked.

import type { Expr, FutexFlags, Range, Rhs } from './ast';
import { isReserved } from './keywords';
import type { Token } from './lexer';
import { binaryPrecedence, parseExpr } from './parse-expr';
import type { Cursor } from './parser-core';

type FutexCallKind = 'futex_wait' | 'futex_wake' | 'futex_requeue' | 'futex_cmp_requeue' | 'futex_wake_op' | 'futex_fd' | 'poll';
type KeywordArg = 'private' | 'timeout' | 'signal';

interface CallSignature {
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
  if (t.text === 'gettid') return parseGettid(c, t);
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

/** `gettid()` or `gettid(THREAD)`, THREAD short (`helper`) or full (`A/helper`). */
function parseGettid(c: Cursor, kw: Token): Rhs {
  c.next();
  c.expectPunct('(', "after 'gettid'");
  if (c.eatPunct(')')) return { kind: 'gettid', range: c.span(kw.range.start) };
  const first = c.expectName('a thread name');
  let thread = first.text;
  if (c.eatPunct('/')) thread += '/' + c.expectName('a thread name').text;
  const threadRange = c.span(first.range.start);
  c.expectPunct(')', "to close the argument of 'gettid'");
  return { kind: 'gettid', thread, threadRange, range: c.span(kw.range.start) };
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

interface Arguments {
  positional: Expr[];
  flags: FutexFlags;
}

function parseFutexCall(c: Cursor, name: Token, kind: FutexCallKind): Rhs {
  c.next();
  const args = parseArguments(c, name, CALLS[kind]);
  const range = c.span(name.range.start);
  const a = checkCount(c, name, CALLS[kind], args.positional, range);
  const flags = args.flags;
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

function parseArgument(c: Cursor, name: Token, sig: CallSignature, into: Arguments): void {
  const t = c.peek();
  const keyword = ['private', 'timeout', 'signal'].includes(t.text) && t.kind === 'ident';
  if (!keyword) {
    if (into.flags.private || into.flags.timeout || into.flags.signal) {
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
  if (word === 'private' ? into.flags.private : into.flags[word] !== undefined) {
    c.error(t.range, `'${word}' is given twice`);
  }
  if (word === 'private') into.flags.private = true;
  else into.flags[word] = parseExpr(c);
}

/** The positional arguments, padded with 0 if some are missing; a wrong count is reported. */
function checkCount(c: Cursor, name: Token, sig: CallSignature, args: Expr[], range: Range): Expr[] {
  const n = sig.params.length;
  if (args.length !== n) {
    const plural = n === 1 ? 'argument' : 'arguments';
    c.error(range, `${name.text} takes ${n} ${plural} (${sig.params.join(', ')}), got ${args.length}`);
  }
  const padded = args.slice(0, n);
  while (padded.length < n) padded.push({ kind: 'int', value: 0, range });
  return padded;
}
