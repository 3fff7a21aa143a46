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

/** The fields under the state's vmStamp (kernel/shape.ts `stamp`), page data arrays by identity. */
const VM_FIELDS = Object.entries((KERNEL_STATE as Extract<Shape, { k: 'rec' }>).fields).filter(([, f]) => f.stamp === 'vmStamp').map(([name]) => name);
const ids = new WeakMap<object, number>();
let nextId = 0;
function plainVm(k: KernelState): string {
  const o = Object.fromEntries(VM_FIELDS.map((f) => [f, (k as unknown as Record<string, unknown>)[f]]));
  return JSON.stringify(o, (_, v) => {
    if (v instanceof Int32Array) {
      if (!ids.has(v)) ids.set(v, nextId++);
      return `words#${ids.get(v)}`;
    }
    if (v instanceof Map) return [...v];
    return v;
  });
}

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
    const vm = { stamp: s.k.s.vmStamp, text: plainVm(s.k.s) };
    if (!s.step(tid)) break;
    if (s.k.s.vmStamp === vm.stamp) {
      expect(plainVm(s.k.s), `${where}: step ${i}, the memory or processes changed, the state's vmStamp did not`).toBe(vm.text);
      checks++;
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
    for (const [i, [where, p]] of randomPrograms(60, 11).entries()) checks += check(where, p, i, ['modern', 'vcache', 'pinned-page'][i % 3]);
    expect(checks).toBeGreaterThan(5_000);
  }, 120_000);
});
