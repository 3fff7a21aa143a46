// The stamps the explorer keeps thread hashes by (issue #11; explore/encode-hash.ts): a task whose
// stamp (kernel/task-stamp.ts) is unchanged by a step holds what it held, and so does a thread
// state (session/interp.ts ThreadState.stamp) once a snapshot moved the epoch on. Checked at every
// step of every example and of random scenarios, under a random schedule and under every
// strategy the random scenarios name. A write to a task without taskWritten fails here (and in
// the check mode of test/explore/kernel-part.test.ts, which compares kept hashes with hashes
// made from scratch).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Session } from '../../src/session/session';
import type { Program } from '../../src/session/program';
import { examplePrograms, randomPrograms } from './programs';
import { KERNEL_STATE, type Shape } from '../../src/kernel/shape';
import type { KernelState } from '../../src/kernel/state';

const plain = (x: object): string => JSON.stringify(x, (k, v) => (k === 'stamp' ? undefined : v));

/** The write stamps of groups of kernel state fields (kernel/shape.ts `stamp`) and each one's fields. */
const kernelFields = (KERNEL_STATE as Extract<Shape, { k: 'rec' }>).fields;
const GROUPS = [...new Set(Object.values(kernelFields).flatMap((f) => (f.stamp ? [f.stamp] : [])))];
const ids = new WeakMap<object, number>();
let nextId = 0;
/** The fields under stamp `stamp` as text, page data arrays by identity. */
function plainGroup(k: KernelState, stamp: string): string {
  const o = Object.fromEntries(Object.entries(kernelFields).filter(([, f]) => f.stamp === stamp).map(([name]) => [name, (k as unknown as Record<string, unknown>)[name]]));
  return JSON.stringify(o, (_, v) => {
    if (v instanceof Int32Array) {
      if (!ids.has(v)) ids.set(v, nextId++);
      return `words#${ids.get(v)}`;
    }
    if (v instanceof Map) return [...v];
    return v;
  });
}
const stampOf = (k: KernelState, stamp: string): number => (k as unknown as Record<string, number>)[stamp];

/**
 * Step `p` under a schedule from `seed` (-1: the session's own, fifo), a snapshot before every
 * step; returns the checks made.
 */
function check(where: string, p: Program, seed: number, strategy?: string): number {
  const s = new Session(p, { schedule: 'fifo', ...(strategy ? { strategy } : {}) });
  const rand = fc.sample(fc.nat(1000), { numRuns: 400, seed });
  let checks = 0;
  for (let i = 0; i < 400 && s.result === null; i++) {
    // None runnable: the session's step waits for a timer (the clock moves, timers fire).
    const runnable = s.runnable();
    const tid = seed >= 0 && runnable.length > 0 ? runnable[rand[i] % runnable.length] : undefined;
    s.snapshot();
    const tasks = s.k.s.tasks.map((t) => ({ stamp: t.stamp, text: plain(t) }));
    const threads = s.threads.map((th) => (th ? { stamp: th.stamp, text: plain(th) } : null));
    const groups = GROUPS.map((g) => ({ stamp: stampOf(s.k.s, g), text: plainGroup(s.k.s, g) }));
    if (!s.step(tid)) break;
    for (const [gi, was] of groups.entries()) {
      if (stampOf(s.k.s, GROUPS[gi]) === was.stamp) {
        expect(plainGroup(s.k.s, GROUPS[gi]), `${where}: step ${i}, the fields under ${GROUPS[gi]} changed, the stamp did not`).toBe(was.text);
        checks++;
      }
    }
    for (const [tid, was] of tasks.entries()) {
      const t = s.k.s.tasks[tid];
      if (t.stamp === was.stamp) {
        expect(plain(t), `${where}: step ${i}, task ${t.name} changed, its stamp did not`).toBe(was.text);
        checks++;
      }
    }
    for (const [tid, was] of threads.entries()) {
      const th = s.threads[tid];
      if (was && th && th.stamp === was.stamp) {
        expect(plain(th), `${where}: step ${i}, thread ${tid} changed, its stamp did not`).toBe(was.text);
        checks++;
      }
    }
  }
  return checks;
}

describe('a stamp unchanged by a step: the task or thread state unchanged', () => {
  it('at every step of every example', () => {
    let checks = 0;
    for (const [f, p] of examplePrograms()) for (const seed of [-1, 1, 2]) checks += check(f, p, seed);
    expect(checks).toBeGreaterThan(10_000);
  }, 120_000);

  it('at every step of random scenarios, under three strategies', () => {
    let checks = 0;
    for (const [i, [where, p]] of randomPrograms(200, 11).entries()) checks += check(where, p, i, ['modern', 'vcache', 'pinned-page'][i % 3]);
    expect(checks).toBeGreaterThan(5_000);
  }, 120_000);
});
