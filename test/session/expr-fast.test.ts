// The operators written out for `reg OP const` and `EXPR +/- const` (session/expr.ts exprFast,
// issue #11) and the constants the quiet steps read once (constantOf), against the plain
// versions: the operator's closure (BINARY) called on the same operands, and the constant's
// closure called.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from '../../src/lang/ast';
import { BINARY, compileExpr, constantOf, exprFast, RuntimeFault, type EvalEnv } from '../../src/session/expr';

const R = undefined as never;
const reg = (slot: number): Expr => ({ kind: 'name', name: `r${slot}`, ref: { kind: 'reg', slot }, range: R });
const int = (value: number): Expr => ({ kind: 'int', value, range: R });
const named = (value: number): Expr => ({ kind: 'name', name: 'N', ref: { kind: 'const', value }, range: R });
const map = (name: string): Expr => ({ kind: 'name', name, ref: { kind: 'map', name }, range: R });
const bin = (op: string, left: Expr, right: Expr): Expr => ({ kind: 'binary', op: op as never, left, right, range: R });

/** Values at the edges of the word's representations, and around them. */
const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, -(2 ** 53), 2 ** 63, -(2 ** 63), 2 ** 62),
  fc.integer(),
  fc.integer({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }),
);
const OPS = ['<', '<=', '>', '>=', '==', '!=', '+', '-', '*', '&', '/'];

function env(regs: number[], maps: Record<string, number> = {}): EvalEnv {
  return { regs, mapAddr: (name) => maps[name] };
}

function plain(e: Expr): ReturnType<typeof compileExpr> {
  exprFast.enabled = false;
  try {
    return compileExpr(e);
  } finally {
    exprFast.enabled = true;
  }
}

/** The result, or the fault's message: both versions must agree on either. */
function run(f: ReturnType<typeof compileExpr>, en: EvalEnv): string {
  try {
    return String(f(en));
  } catch (x) {
    if (x instanceof RuntimeFault) return `fault ${x.message}`;
    throw x;
  }
}

describe('operators with a constant, written out', () => {
  it('reg OP const, with a literal or a named constant: the same value as the operator', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPS), value, value, fc.boolean(), (op, a, c, byName) => {
        const e = bin(op, reg(1), byName ? named(c) : int(c));
        const en = env([7, a]);
        expect(run(compileExpr(e), en)).toBe(run(plain(e), en));
        if (BINARY[op] && op !== '/') expect(compileExpr(e)(en)).toBe(BINARY[op]!(a, c));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('a map name, a nested expression or a missing map, plus or minus a constant: the same value or fault', () => {
    fc.assert(
      fc.property(fc.constantFrom('+', '-'), value, value, fc.constantFrom('m', 'gone', 'nested'), (op, a, c, left) => {
        const l = left === 'nested' ? bin('*', reg(0), int(3)) : map(left);
        const e = bin(op, l, int(c));
        const en = env([a], { m: a });
        expect(run(compileExpr(e), en)).toBe(run(plain(e), en));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('no -0 comes out: 0 - 0 and -0 + 0 are +0 as with the operator', () => {
    const e = bin('-', reg(0), int(0));
    expect(Object.is(compileExpr(e)(env([0])), 0)).toBe(true);
    expect(Object.is(compileExpr(bin('+', reg(0), int(0)))(env([-0])), 0)).toBe(true);
  });
});

describe('constantOf', () => {
  it('gives the value a constant expression computes, and nothing for any other', () => {
    fc.assert(
      fc.property(value, (c) => {
        for (const e of [int(c), named(c)]) expect(constantOf(compileExpr(e))).toBe(compileExpr(e)(env([])));
        for (const e of [reg(0), map('m'), bin('+', int(c), int(1)), bin('<', reg(0), int(c))]) expect(constantOf(compileExpr(e))).toBeUndefined();
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
