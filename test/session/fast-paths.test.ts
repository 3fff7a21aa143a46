// The interpreter's fast paths under many threads (issue #11) against their plain versions:
// futex_wake's early stop (waitwake.ts wakeWalk), the bucket key counts of queue_me (core.ts
// bucketKeyCache), the oracle's waiters by identity (oracle.ts byIdentityCache), the earliest
// timer and timer search (sched.ts timerCache) and the quiet steps (session/fast-step.ts). With
// every one of them off, the same scenario, strategy and schedule must give the same event log,
// output, anomalies, notes and result: on random scenarios, on every example, and on mutex3 with
// 200 threads (the workload they were made for).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { wakeWalk } from '../../src/kernel/futex/waitwake';
import { bucketKeyCache } from '../../src/kernel/futex/core';
import { byIdentityCache } from '../../src/session/oracle';
import { timerCache } from '../../src/kernel/sched';
import { fastSteps } from '../../src/session/fast-step';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { scenario, thread } from '../kernel/random-scenario';
import { mutex3ManyScenario } from '../../bench/mutex3';

function setFast(on: boolean): void {
  wakeWalk.early = on;
  bucketKeyCache.enabled = on;
  byIdentityCache.enabled = on;
  timerCache.enabled = on;
  fastSteps.enabled = on;
}

/** Everything a run shows, as one comparable value. */
function record(text: string, strategy: string, schedule: string, maxSteps: number, fast: boolean): string {
  setFast(fast);
  try {
    const r = loadProgram(text, 't.futex');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
    const s = new Session(r.program, { strategy, schedule, options: { max_steps: String(maxSteps) } });
    // Stepwise, so that the pending timers are compared all along, not only at the end.
    const timers: string[] = [];
    while (s.step()) if (s.steps % 7 === 0) timers.push(JSON.stringify(s.k.s.timers));
    const result = s.result;
    return JSON.stringify({ result, pending: timers, events: s.events, output: s.output, anomalies: s.anomalies, notes: s.notes, collisions: s.k.s.stats.hashCollisions, clock: s.k.s.clock, timers: s.k.s.timers });
  } finally {
    setFast(true);
  }
}

const SCHEDULES = ['fifo', 'round-robin', 'random(7)'];

describe('fast paths against the plain versions', () => {
  it('random scenarios: the same log under every strategy and schedule', () => {
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom(...STRATEGY_IDS), fc.constantFrom(...SCHEDULES), (a, b, c, strategy, schedule) => {
        const text = scenario(a, b, c);
        expect(record(text, strategy, schedule, 300, true)).toBe(record(text, strategy, schedule, 300, false));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('every example: the same log under every strategy, fifo and round-robin', () => {
    const dir = join(__dirname, '..', '..', 'examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.futex'));
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const strategy of STRATEGY_IDS) {
        for (const schedule of ['fifo', 'round-robin']) {
          expect(record(text, strategy, schedule, 2000, true), `${f} ${strategy} ${schedule}`).toBe(record(text, strategy, schedule, 2000, false));
        }
      }
    }
  }, 120_000);

  it('waiters with timeouts, cancelled by wakes in every order: the same log', () => {
    // 40 waiters with timeouts 1..40 on 4 words; a waker wakes in a pattern that cancels timers
    // at the head, the tail and the middle of the list, while others expire.
    const waiters = Array.from({ length: 40 }, (_, i) => `  thread w${i} {\n    let r = futex_wait(m + ${(i % 4) * 4}, 0, timeout ${((i * 17) % 40) + 1})\n    print r\n  }`).join('\n');
    const text = `process P {\n  map m = anon private rw pages 1\n${waiters}\n  thread k {\n    let i = 0\n    while i < 12 {\n      let n = futex_wake(m + (i % 4) * 4, 2)\n      sleep 3\n      i = i + 1\n    }\n  }\n}\n`;
    for (const schedule of SCHEDULES) {
      const fast = record(text, 'modern', schedule, 5000, true);
      expect(fast, schedule).toBe(record(text, 'modern', schedule, 5000, false));
      expect(JSON.parse(fast).events.filter((e: { type: string }) => e.type === 'timer').length, schedule).toBeGreaterThan(5);
    }
  });

  it('mutex3 with 200 threads: the same log, and the same log twice (determinism)', () => {
    const text = mutex3ManyScenario(200, 2, 'round-robin');
    const fast = record(text, 'modern', 'round-robin', 20_000, true);
    expect(fast).toBe(record(text, 'modern', 'round-robin', 20_000, true));
    expect(fast).toBe(record(text, 'modern', 'round-robin', 20_000, false));
    expect(JSON.parse(fast).events.filter((e: { type: string }) => e.type === 'wake').length).toBeGreaterThan(50);
  });
});
