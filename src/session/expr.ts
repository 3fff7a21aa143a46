// Expressions compiled to closures, with the language's integer semantics (LANGUAGE.md
// "Expressions"): 64-bit signed values held in JS numbers (exact to 2^53; wider results wrap to
// 64 bits through BigInt and are rounded back), C operators and precedence, `/` and `%`
// truncating toward zero. Division by zero is a runtime fault that kills the thread.

import type { Expr } from '../lang/ast';

/** What an expression can see while it runs: its frame's registers and the process's map names. */
export interface EvalEnv {
  regs: number[];
  /** Start address of a map name in the running thread's process, or undefined. */
  mapAddr(name: string): number | undefined;
}

export type CompiledExpr = (env: EvalEnv) => number;

/** A fault of the scenario at run time (unknown mapping, division by zero): kills the thread. */
export class RuntimeFault extends Error {}

/** A map name with no mapping in the running thread's process; the debugger's evaluate says it its own way (debug/expr.ts). */
export class NoMappingFault extends RuntimeFault {
  constructor(readonly mapName: string) {
    super(`no mapping named '${mapName}' in this process`);
  }
}

const INT32 = (a: number) => a >= -2147483648 && a <= 2147483647;

function wrap64(a: bigint): number {
  return Number(BigInt.asIntN(64, a));
}

function big(op: (x: bigint, y: bigint) => bigint, a: number, b: number): number {
  return wrap64(op(BigInt(Math.trunc(a)), BigInt(Math.trunc(b))));
}

// The BigInt operations of the slow paths, made once: a closure made per evaluation (`() => big(...)`)
// was an allocation on every `i + 1` of a run (issue #11).
const ADD = (x: bigint, y: bigint) => x + y;
const SUB = (x: bigint, y: bigint) => x - y;
const MUL = (x: bigint, y: bigint) => x * y;
const SHL = (x: bigint, y: bigint) => x << y;
const SHL63 = (x: bigint, y: bigint) => x << (y & 63n);
const SHR63 = (x: bigint, y: bigint) => x >> (y & 63n);
const AND = (x: bigint, y: bigint) => x & y;
const OR = (x: bigint, y: bigint) => x | y;
const XOR = (x: bigint, y: bigint) => x ^ y;

/**
 * A result as a word: +0 for -0 (`-0`, `-1 / 2`, `-1 % 1`), and a quotient or negation past
 * 2^63 (`INT64_MIN / -1`, `-INT64_MIN`) wrapped to 64 bits. No -0, NaN or Infinity exists at run
 * time (issue #14); operands are always finite integers, so every |r| >= 2^53 is an integer.
 */
function word(r: number): number {
  return Number.isSafeInteger(r) ? r + 0 : wrap64(BigInt(r));
}

export const BINARY: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => {
    const r = a + b;
    return Number.isSafeInteger(r) ? r + 0 : big(ADD, a, b);
  },
  '-': (a, b) => {
    const r = a - b;
    return Number.isSafeInteger(r) ? r + 0 : big(SUB, a, b);
  },
  '*': (a, b) => {
    const r = a * b;
    return Number.isSafeInteger(r) ? r + 0 : big(MUL, a, b);
  },
  '/': (a, b) => {
    if (b === 0) throw new RuntimeFault('division by zero');
    return word(Math.trunc(a / b));
  },
  '%': (a, b) => {
    if (b === 0) throw new RuntimeFault('division by zero');
    return word(a % b);
  },
  '<<': (a, b) => {
    if (!(INT32(a) && b >= 0 && b < 22)) return big(SHL63, a, b);
    const r = a * 2 ** b;
    return Number.isSafeInteger(r) ? r + 0 : big(SHL, a, b);
  },
  '>>': (a, b) => (INT32(a) && b >= 0 && b < 32 ? a >> b : big(SHR63, a, b)),
  '&': (a, b) => (INT32(a) && INT32(b) ? a & b : big(AND, a, b)),
  '|': (a, b) => (INT32(a) && INT32(b) ? a | b : big(OR, a, b)),
  '^': (a, b) => (INT32(a) && INT32(b) ? a ^ b : big(XOR, a, b)),
  '==': (a, b) => (a === b ? 1 : 0),
  '!=': (a, b) => (a !== b ? 1 : 0),
  '<': (a, b) => (a < b ? 1 : 0),
  '<=': (a, b) => (a <= b ? 1 : 0),
  '>': (a, b) => (a > b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0),
};

/**
 * What a compiled expression computes, as data (operators, register slots, constants, map
 * names), never its source text: two closures with the same text may hold different constants.
 * The explorer's thread symmetry compares code units by it (issue #11).
 */
const identity = new WeakMap<CompiledExpr, string>();

export function exprIdentity(f: CompiledExpr): string {
  const id = identity.get(f);
  if (id === undefined) throw new Error('internal: an expression not made by compileExpr');
  return id;
}

function identify(e: Expr): string {
  switch (e.kind) {
    case 'int': return `#${e.value}`;
    case 'unary': return `(${e.op}${identify(e.operand)})`;
    case 'binary': return `(${identify(e.left)}${e.op}${identify(e.right)})`;
    case 'name': {
      const r = e.ref;
      return r.kind === 'reg' ? `r${r.slot}` : r.kind === 'const' ? `#${r.value}` : r.kind === 'map' ? `m:${JSON.stringify(r.name)}` : '?';
    }
  }
}

export function compileExpr(e: Expr): CompiledExpr {
  const f = compileExprOnce(e);
  identity.set(f, identify(e));
  const c = constValue(e);
  if (c !== undefined) constants.set(f, c);
  return f;
}

/** The compiled constants (a literal or a named constant) and their values. */
const constants = new WeakMap<CompiledExpr, number>();

/** The value of a compiled expression that is a constant, or undefined (fast-step.ts reads it). */
export function constantOf(f: CompiledExpr): number | undefined {
  return constants.get(f);
}

/**
 * Off: every binary expression calls its operator (BINARY), the plain version of the operators
 * written out below for the common shapes (test/session/expr-fast.test.ts).
 */
export const exprFast = { enabled: true };

/**
 * `reg OP const` and `EXPR + const`, `EXPR - const` with the operator written out (issue #11):
 * the call to the operator's closure is one more call on a call site every operator shares, which
 * V8 does not inline. The same results as BINARY: the same comparisons, the same safe-integer
 * test and BigInt fallback.
 */
function opWithConst(op: string, l: CompiledExpr, lr: number, c: number): CompiledExpr | undefined {
  if (lr >= 0) {
    switch (op) {
      case '<': return (env) => (env.regs[lr] < c ? 1 : 0);
      case '<=': return (env) => (env.regs[lr] <= c ? 1 : 0);
      case '>': return (env) => (env.regs[lr] > c ? 1 : 0);
      case '>=': return (env) => (env.regs[lr] >= c ? 1 : 0);
      case '==': return (env) => (env.regs[lr] === c ? 1 : 0);
      case '!=': return (env) => (env.regs[lr] !== c ? 1 : 0);
      case '+': return (env) => {
        const a = env.regs[lr];
        const r = a + c;
        return Number.isSafeInteger(r) ? r + 0 : big(ADD, a, c);
      };
      case '-': return (env) => {
        const a = env.regs[lr];
        const r = a - c;
        return Number.isSafeInteger(r) ? r + 0 : big(SUB, a, c);
      };
    }
  }
  switch (op) {
    case '+': return (env) => {
      const a = l(env);
      const r = a + c;
      return Number.isSafeInteger(r) ? r + 0 : big(ADD, a, c);
    };
    case '-': return (env) => {
      const a = l(env);
      const r = a - c;
      return Number.isSafeInteger(r) ? r + 0 : big(SUB, a, c);
    };
  }
  return undefined;
}

function compileExprOnce(e: Expr): CompiledExpr {
  switch (e.kind) {
    case 'int': {
      const v = e.value;
      return () => v;
    }
    case 'name':
      return compileName(e);
    case 'unary': {
      const f = compileExpr(e.operand);
      if (e.op === '-') return (env) => word(-f(env));
      if (e.op === '!') return (env) => (f(env) === 0 ? 1 : 0);
      return (env) => {
        const v = f(env);
        return INT32(v) ? ~v : wrap64(~BigInt(Math.trunc(v)));
      };
    }
    case 'binary': {
      const l = compileExpr(e.left);
      const r = compileExpr(e.right);
      if (e.op === '&&') return (env) => (l(env) !== 0 && r(env) !== 0 ? 1 : 0);
      if (e.op === '||') return (env) => (l(env) !== 0 || r(env) !== 0 ? 1 : 0);
      const op = BINARY[e.op];
      // The common shapes (`i < N`, `v + 1`, `c != 2`) read their register and constant directly
      // instead of through two more closure calls; the same operator, in the same order.
      const lr = regSlot(e.left);
      const rc = constValue(e.right);
      const written = exprFast.enabled && rc !== undefined ? opWithConst(e.op, l, lr, rc) : undefined;
      if (written !== undefined) return written;
      if (lr >= 0 && rc !== undefined) return (env) => op(env.regs[lr], rc);
      if (rc !== undefined) return (env) => op(l(env), rc);
      if (lr >= 0) return (env) => op(env.regs[lr], r(env));
      return (env) => op(l(env), r(env));
    }
  }
}

/** The register an expression only reads, or -1. */
function regSlot(e: Expr): number {
  return e.kind === 'name' && e.ref.kind === 'reg' ? e.ref.slot : -1;
}

/** The value of a constant expression (a literal or a named constant), or undefined. */
function constValue(e: Expr): number | undefined {
  if (e.kind === 'int') return e.value;
  if (e.kind === 'name' && e.ref.kind === 'const') return e.ref.value;
  return undefined;
}

function compileName(e: Extract<Expr, { kind: 'name' }>): CompiledExpr {
  const ref = e.ref;
  switch (ref.kind) {
    case 'reg': {
      const slot = ref.slot;
      return (env) => env.regs[slot];
    }
    case 'const': {
      const v = ref.value;
      return () => v;
    }
    case 'map': {
      const name = ref.name;
      return (env) => {
        const a = env.mapAddr(name);
        if (a === undefined) throw new NoMappingFault(name);
        return a;
      };
    }
    case 'unresolved':
      throw new Error(`internal: unresolved name '${e.name}' reached the compiler`);
  }
}
