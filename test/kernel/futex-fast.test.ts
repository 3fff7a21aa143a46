// The futex wait/wake fast paths (kernel/futex/fast.ts, issue #11) against the plain code:
// - the 4-word jhash2 against the general one, and the quiet-type comparisons against the table;
// - shared SysResults equal to fresh ones;
// - whole runs with futexFast on and off: the same events (compared as JSON text, so field order
//   counts), output, anomalies, result, steps, clock and kernel state (every field but the
//   copy-on-write epochs), with the log on and off, step by step with snapshots and restores and
//   by Session.run, over random scenarios x strategies x schedules, mutex3 and every example.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session, type SessionSnapshot } from '../../src/session/session';
import { futexFast } from '../../src/kernel/futex/fast';
import { jhash2Lookup3, jhash2Lookup3x4 } from '../../src/kernel/futex/futex';
import { isQuietType, QUIET_EVENTS, type KernelEvent } from '../../src/kernel/events';
import { ret, block } from '../../src/kernel/futex/core';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { scenario, thread } from './random-scenario';
import { mutex3ManyScenario, mutex3Scenario } from '../../bench/mutex3';

function load(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return r.program;
}

/**
 * The kernel state as text: Maps and Sets as entries, page data as its non-zero words, and
 * without the copy-on-write bookkeeping (epochs and the epoch that owns an object) and the tasks'
 * write stamps (kernel/task-stamp.ts, vm-stamp.ts), which count the snapshots and writes of the whole process,
 * not this run.
 */
function stateText(s: Session): string {
  return JSON.stringify(s.k.s, function (this: Record<string, unknown>, key, value) {
    if (key === 'epoch' || key === 'stamp' || key === 'pageStamp' || key === 'mmStamp' || key === 'procStamp' || key === 'tableOwner' || key === 'queuesOwner' || key === 'filesOwner' || key === 'fdsOwner') return undefined;
    // `owner` of a page frame, an open file, a futex_q and the bucket table; a pi_state's owner is a task.
    if (key === 'owner' && (Array.isArray(value) || 'data' in this || 'ownerPid' in this || 'bucket' in this)) return undefined;
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Set) return { set: [...value] };
    if (ArrayBuffer.isView(value)) return { words: [...(value as Int32Array).entries()].filter(([, v]) => v !== 0) };
    return value;
  });
}

interface Mode {
  log: boolean;
  /** Session.run in chunks of this many steps instead of step(). */
  chunk?: number;
  /** Snapshot every few steps and go back now and then. */
  snaps?: boolean;
}

/** One run as text: the events as the session showed them (with the log off, after every step) and the end state. */
function record(text: string, strategy: string | undefined, schedule: string | undefined, maxSteps: number, mode: Mode, fast: boolean, buckets?: string): string {
  futexFast.enabled = fast;
  try {
    const s = new Session(load(text), {
      ...(strategy ? { strategy } : {}), ...(schedule ? { schedule } : {}), options: { max_steps: String(maxSteps), ...(buckets ? { buckets } : {}) }, eventLog: mode.log,
    });
    const seen: string[] = [];
    const snaps: SessionSnapshot[] = [];
    let before = s.eventCount;
    let n = 0;
    let restores = 0;
    for (;;) {
      const more = mode.chunk ? s.run(mode.chunk) === null : s.step();
      if (!mode.log) for (let i = Math.max(before, s.k.eventBase); i < s.eventCount; i++) seen.push(JSON.stringify(s.eventAt(i)));
      if (!more) break;
      n++;
      if (mode.snaps && n % 5 === 0) snaps.push(s.snapshot());
      if (mode.snaps && n % 17 === 0 && snaps.length >= 2 && restores < 20) {
        restores++;
        s.restore(snaps[snaps.length - 2]!);
        seen.push(`restored ${s.steps} ${stateText(s)}`);
      }
      before = s.eventCount;
    }
    const events = mode.log ? s.events.map((e: KernelEvent) => JSON.stringify(e)) : seen;
    return JSON.stringify({
      result: s.result, steps: s.steps, output: s.output, anomalies: s.anomalies, notes: s.notes, end: s.endMessage,
      threads: s.threads.map((th) => th.frames), state: stateText(s), events,
    });
  } finally {
    futexFast.enabled = true;
  }
}

function same(text: string, strategy: string | undefined, schedule: string | undefined, maxSteps: number, mode: Mode, buckets?: string): void {
  const on = record(text, strategy, schedule, maxSteps, mode, true, buckets);
  const off = record(text, strategy, schedule, maxSteps, mode, false, buckets);
  expect(on, `${strategy} ${schedule} ${JSON.stringify(mode)}`).toBe(off);
}

const SCHEDULES = ['fifo', 'round-robin', 'random(7)'];
const MODES: Mode[] = [{ log: true }, { log: false }, { log: true, snaps: true }, { log: false, chunk: 13 }];

describe('futex fast paths, piece by piece', () => {
  it('jhash2Lookup3x4 is jhash2Lookup3 of the four words', () => {
    const word = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xffff8880));
    fc.assert(
      fc.property(word, word, word, word, word, (a, b, c, d, init) => {
        expect(jhash2Lookup3x4(a, b, c, d, init)).toBe(jhash2Lookup3([a, b, c, d], init));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('isQuietType answers as the QUIET_EVENTS table for every event type', () => {
    const types = new Set<string>(Object.keys(QUIET_EVENTS));
    const dir = join(__dirname, '..', '..', 'examples');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex'))) {
      const s = new Session(load(readFileSync(join(dir, f), 'utf8')), { options: { max_steps: '500' } });
      s.run();
      for (const e of s.events) types.add(e.type);
    }
    expect(types.size).toBeGreaterThan(20);
    for (const t of types) expect(isQuietType(t as KernelEvent['type']), t).toBe(QUIET_EVENTS[t as KernelEvent['type']] === true);
  });

  it('shared results equal fresh ones', () => {
    for (const v of [-4097, -4096, -4095, -11, -1, 0, 1, 7, 64, 65, 1000, 2 ** 31, 0.5, -0]) {
      const fast = ret(v);
      futexFast.enabled = false;
      try {
        expect(fast).toEqual(ret(v));
        expect(Object.is(fast.kind === 'ret' ? fast.value : NaN, v)).toBe(true);
        expect(block()).toEqual({ kind: 'block' });
      } finally {
        futexFast.enabled = true;
      }
    }
    expect(block()).toEqual({ kind: 'block' });
  });
});

describe('futex fast paths on and off: the same runs', () => {
  it('random scenarios under every strategy, schedule and table size, log on and off, snapshots, Session.run', () => {
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom(...STRATEGY_IDS), fc.constantFrom(...SCHEDULES), fc.constantFrom(...MODES), fc.constantFrom('1', '16', '256'), (a, b, c, strategy, schedule, mode, buckets) => {
        // 1 and 16 buckets: keys collide in a bucket (hash collisions are counted in the state).
        same(scenario(a, b, c), strategy, schedule, 300, mode, buckets);
      }),
      { numRuns: 80, seed: 29 },
    );
  });

  it('mutex3, 8 threads and 200 threads, private and shared futexes', () => {
    for (const schedule of ['fifo', 'round-robin', 'random(3)']) {
      same(mutex3Scenario(8, 30, schedule), 'modern', schedule, 100_000, { log: true });
      same(mutex3Scenario(8, 30, schedule).replaceAll(', private)', ')'), 'modern', schedule, 100_000, { log: true, snaps: true });
    }
    same(mutex3ManyScenario(200, 2, 'round-robin'), 'modern', 'round-robin', 20_000, { log: false, chunk: 1000 });
  });

  it('every example, under its own strategy and two schedules', () => {
    const dir = join(__dirname, '..', '..', 'examples');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const schedule of [undefined, 'round-robin']) same(text, undefined, schedule, 2000, { log: true });
      same(text, undefined, undefined, 2000, { log: false, chunk: 50 });
    }
  }, 120_000);
});
