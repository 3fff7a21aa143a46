// Programs the explorer's differential tests run over: every example, and scenarios from the
// random-scenario generator (test/kernel/random-scenario.ts). Shared by restore, word-log and
// kernel-part tests.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import type { Shape } from '../../src/kernel/shape';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import type { ExploreResult } from '../../src/explore/search';
import { scenario, thread } from '../kernel/random-scenario';

const dir = join(__dirname, '..', '..', 'examples');

/** Every example that loads, by file name, in name order. */
export function examplePrograms(): [string, Program][] {
  const out: [string, Program][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
    const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
    if (r.ok) out.push([f, r.program]);
  }
  return out;
}

/** n random three-thread scenarios from `seed`, each named by its text. */
export function randomPrograms(n: number, seed: number): [string, Program][] {
  const out: [string, Program][] = [];
  for (const [i, [a, b, c]] of fc.sample(fc.tuple(thread, thread, thread), { numRuns: n, seed }).entries()) {
    const text = scenario(a, b, c);
    const r = loadProgram(text, `random-${i}.futex`);
    if (r.ok) out.push([`random scenario ${i}:\n${text}`, r.program]);
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Every object of `x` (shape `s`) that the shape table says to copy (not shared), in walk order. */
export function owned(s: Shape, x: Any, out: object[]): void {
  if (x == null) return;
  switch (s.k) {
    case 'opt': return owned(s.of, x, out);
    case 'rec':
      if (s.share) return;
      out.push(x);
      for (const [name, f] of Object.entries(s.fields)) owned(f.s, x[name], out);
      return;
    case 'list': case 'slots':
      if (s.share) return;
      out.push(x);
      for (const e of x) owned(s.of, e, out);
      return;
    case 'map':
      if (s.share) return;
      out.push(x);
      for (const e of x.values()) owned(s.of, e, out);
      return;
    case 'union': {
      out.push(x);
      for (const [name, f] of Object.entries(s.cases[x[s.tag]])) owned(f.s, x[name], out);
      return;
    }
    default:
  }
}

/**
 * Copy-on-write bookkeeping (the epoch that may write a value in place; kernel/clone.ts) and the
 * write stamps of a task and of the memory and processes (kernel/task-stamp.ts, vm-stamp.ts, from
 * counters of the whole process), not state.
 */
const OWNERS = new Set(['epoch', 'owner', 'filesOwner', 'fdsOwner', 'queuesOwner', 'tableOwner', 'stamp', 'pageStamp', 'mmStamp', 'procStamp']);

/**
 * The first path where two values differ, or null: records and arrays field by field (a field
 * absent or a hole reads as undefined, as the kernel reads it), Maps entry by entry in insertion
 * order, typed arrays word by word. `owners`: the copy-on-write owner fields are compared too
 * (right after a restore both hold the snapshot's; after steps each holds its own epochs).
 */
export function differ(a: Any, b: Any, owners: boolean, path = 'kernel'): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${String(a)} / ${String(b)}`;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) return isDeepStrictEqual(a, b) ? null : `${path}: words differ`;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return `${path}: Map sizes`;
    const ea = [...a];
    const eb = [...b];
    for (let i = 0; i < ea.length; i++) {
      if (ea[i][0] !== eb[i][0]) return `${path}: Map keys ${ea[i][0]} / ${eb[i][0]}`;
      const d = differ(ea[i][1], eb[i][1], owners, `${path}.get(${ea[i][0]})`);
      if (d) return d;
    }
    return null;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array / not`;
  if (Array.isArray(a) && a.length !== b.length) return `${path}: length ${a.length} / ${b.length}`;
  const keys = Array.isArray(a) ? Array.from({ length: a.length }, (_, i) => String(i)) : [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    if (!owners && OWNERS.has(k)) continue;
    const d = differ(a[k], b[k], owners, `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

/**
 * A signal pending on a thread whose next statements are quiet (registers and a present page):
 * its handler runs at that step (kernel/signal.ts runPendingHandler) and clears the pending flag,
 * a change to the kernel that a quiet step must not hide (session.ts counts it in kernelTouches).
 */
export const SIGNALLED = `scenario "signal a thread in quiet steps"
process P {
  map m = anon private rw pages 1
  store m, 0
  thread t {
    let a = 1
    let b = a + 1
    store m, b
    let c = load m
    let d = c + a
    store m, d
  }
  thread main {
    signal t
    let x = 2
    signal t
    let y = x + 1
  }
}`;

/**
 * Two searches of one program that a fast path must not tell apart: the same verdict, failure
 * kind, counterexample and counts of states, transitions and schedules.
 */
export function expectSameSearch(where: string, fast: ExploreResult, plain: ExploreResult): void {
  expect(fast.result, `${where}: verdict`).toBe(plain.result);
  expect(fast.failure?.kind, `${where}: failure kind`).toBe(plain.failure?.kind);
  expect(fast.failure?.schedule, `${where}: counterexample`).toEqual(plain.failure?.schedule);
  expect([fast.states, fast.transitions, fast.schedules], `${where}: states, transitions, schedules`).toEqual([plain.states, plain.transitions, plain.schedules]);
}
