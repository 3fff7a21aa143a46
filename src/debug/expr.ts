// Debugger expressions: breakpoint conditions, watch and Debug Console expressions.
//
// They are the language's expressions (src/lang parses them, session/expr.ts compiles them, so
// `a + 1 << 2` means in the console what it means in the scenario), plus one debugger-only form:
// `load(ADDR)`, the 32-bit word at ADDR in the thread's process, read without faulting it in. The
// language has no memory operand inside expressions (a `load` is a statement), so each
// `load( ... )` is cut out of the text first, parsed on its own, and stands in the outer
// expression as an extra register slot that is filled before the expression runs.
//
// Names resolve against the frame: a register of the frame (by its `let` or parameter name),
// else a constant, else a map name of the thread's process (looked up when it runs).

import type { Diagnostic, Expr } from '../lang/ast';
import { lex } from '../lang/lexer';
import { Cursor, SyntaxBail } from '../lang/parser-core';
import { parseExpr } from '../lang/parse-expr';
import { CONSTANTS } from '../lang/constants';
import { compileExpr, NoMappingFault, RuntimeFault, type CompiledExpr } from '../session/expr';
import { wordText } from '../session/interp';

/** What an expression sees when it runs. */
export interface ExprScope {
  regs: number[];
  mapAddr(name: string): number | undefined;
  /** The word at addr, or undefined where nothing is mapped. */
  load(addr: number): number | undefined;
}

export type DebugExpr = (scope: ExprScope) => number;

/** A debugger expression that does not parse or cannot run; the message is for the user. */
export class ExprError extends Error {}

interface Cut {
  outer: string;
  loads: string[];
  /** The name standing for each load in `outer`, by load index. */
  placeholders: Map<string, number>;
}

/**
 * A prefix for the placeholder names that no name of `text` starts with: a name of the user's
 * own (`__load0`) was taken for a load, read a register past the frame's and gave NaN.
 */
function freshPrefix(text: string): string {
  let prefix = '__load';
  while (text.includes(prefix)) prefix += '_';
  return prefix;
}

/** Replace each top-level `load( ... )` by a placeholder name; nested loads stay in the inner text. */
function cutLoads(text: string): Cut {
  const loads: string[] = [];
  const placeholders = new Map<string, number>();
  const prefix = freshPrefix(text);
  let outer = '';
  const re = /\bload\s*\(/g;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    if (depth > 0) throw new ExprError(`'load(' is not closed`);
    const name = `${prefix}${loads.length}`;
    placeholders.set(name, loads.length);
    outer += text.slice(from, m.index) + ` ${name} `;
    loads.push(text.slice(m.index + m[0].length, i - 1));
    from = i;
    re.lastIndex = i;
  }
  return { outer: outer + text.slice(from), loads, placeholders };
}

/** Parse one expression with the language's parser; every problem becomes an ExprError. */
function parseOne(text: string): Expr {
  const diagnostics: Diagnostic[] = [];
  const { tokens, diagnostics: lexErrors } = lex(text, '<expression>');
  if (lexErrors.some((d) => d.severity === 'error')) throw new ExprError(lexErrors[0].message);
  if (tokens.every((t) => t.kind === 'newline' || t.kind === 'eof')) throw new ExprError('empty expression');
  const c = new Cursor(tokens, text, '<expression>', diagnostics);
  try {
    while (c.peek().kind === 'newline') c.next();
    const e = parseExpr(c);
    while (c.peek().kind === 'newline') c.next();
    if (c.peek().kind !== 'eof') throw new ExprError(`unexpected '${c.peek().text}' after the expression`);
    return e;
  } catch (e) {
    if (e instanceof SyntaxBail) throw new ExprError(diagnostics[0]?.message ?? 'syntax error');
    throw e;
  }
}

/** Fill in what each bare name stands for ([1] of lang/resolve.ts, for a debugger frame). */
function resolveNames(e: Expr, regNames: readonly string[], loadBase: number, loads: ReadonlyMap<string, number>): void {
  switch (e.kind) {
    case 'int':
      return;
    case 'unary':
      return resolveNames(e.operand, regNames, loadBase, loads);
    case 'binary':
      resolveNames(e.left, regNames, loadBase, loads);
      return resolveNames(e.right, regNames, loadBase, loads);
    case 'name': {
      const load = loads.get(e.name);
      if (load !== undefined) {
        e.ref = { kind: 'reg', slot: loadBase + load };
        return;
      }
      const slot = regNames.lastIndexOf(e.name);
      const constant = CONSTANTS.get(e.name);
      if (slot >= 0) e.ref = { kind: 'reg', slot };
      else if (constant !== undefined) e.ref = { kind: 'const', value: constant };
      else e.ref = { kind: 'map', name: e.name };
    }
  }
}

/**
 * Compile `text` for a frame whose register slots are named `regNames`. Throws ExprError when it
 * does not parse. The result throws ExprError when it cannot run (an unknown name, a word that
 * is not mapped, a division by zero).
 */
export function compileDebugExpr(text: string, regNames: readonly string[]): DebugExpr {
  const cut = cutLoads(text);
  const inner = cut.loads.map((t) => compileDebugExpr(t, regNames));
  const expr = parseOne(cut.outer);
  const base = regNames.length;
  resolveNames(expr, regNames, base, cut.placeholders);
  const f: CompiledExpr = compileExpr(expr);
  return (scope) => {
    const regs = inner.length === 0 ? scope.regs : withLoads(scope, inner, base);
    try {
      return f({ regs, mapAddr: scope.mapAddr });
    } catch (e) {
      if (e instanceof NoMappingFault) throw new ExprError(`'${e.mapName}' is not a register of this frame, a constant or a map of this process`);
      if (e instanceof RuntimeFault) throw new ExprError(e.message);
      throw e;
    }
  };
}

function withLoads(scope: ExprScope, inner: DebugExpr[], base: number): number[] {
  const regs = scope.regs.slice(0, base);
  while (regs.length < base) regs.push(0);
  for (const g of inner) {
    const addr = g(scope);
    const shown = addr < 0 ? String(addr) : `0x${addr.toString(16)}`;
    // A word is 4 bytes, aligned (a scenario's unaligned load kills its thread): an unaligned
    // address inside a mapping is not "nothing mapped".
    if (addr % 4 !== 0) throw new ExprError(`${shown} is not a word address (a load reads 4 bytes at a multiple of 4)`);
    const v = scope.load(addr);
    if (v === undefined) throw new ExprError(`nothing is mapped at ${shown}`);
    regs.push(v);
  }
  return regs;
}

/**
 * `42 (0x2a)`: how the debugger shows an integer. Past 2^53 in full decimal, as `print` shows it
 * (session/interp.ts wordText): INT64_MIN showed as -9223372036854776000.
 */
export function formatValue(v: number, hex = false): string {
  if (hex) return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
  return Number.isInteger(v) && Math.abs(v) >= 10 ? `${wordText(v)} (${v < 0 ? '-' : ''}0x${Math.abs(v).toString(16)})` : String(v);
}
