// The quiet steps (session/fast-step.ts) and the session without an event log (eventLog: false,
// kernel/events.ts QUIET_EVENTS) against the plain versions (issue #11):
// - quiet steps on and off give the same event log, output, anomalies, notes, result and clock,
//   also through snapshots and restores (a restored state shares its pages: the COW goes the
//   plain way), over calls, loops, faulting expressions and a call past max_call_depth;
// - with the log off, a run shows the same output, anomalies, notes, result, steps, clock and
//   timers, and the events the session still makes, step by step, are exactly the full log's
//   without the quiet types.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session, type SessionSnapshot } from '../../src/session/session';
import { fastSteps } from '../../src/session/fast-step';
import { QUIET_EVENTS, type KernelEvent } from '../../src/kernel/events';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { scenario, thread } from '../kernel/random-scenario';
import { mutex3ManyScenario, mutex3Scenario } from '../../bench/mutex3';

function load(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return r.program;
}

interface Run {
  log: boolean;
  quiet: boolean;
  /** Snapshot every `snapEvery` steps and go back to the one before last every `restoreEvery` steps. */
  snapEvery?: number;
  restoreEvery?: number;
  /**
   * Run by Session.run(chunk) (its quiet runs) instead of step by step. With the log off, the
   * events gathered are only those left after each run: compare `last` then, not `events`.
   */
  chunk?: number;
}

/** A run as one comparable value: with the log off, the events are gathered after every step. */
function record(text: string, strategy: string, schedule: string, maxSteps: number, run: Run): { all: string; events: KernelEvent[]; last: string } {
  fastSteps.enabled = run.quiet;
  try {
    const s = new Session(load(text), { strategy, schedule, options: { max_steps: String(maxSteps) }, eventLog: run.log });
    const events: KernelEvent[] = run.log ? [] : [...s.events];
    const timers: string[] = [];
    const snaps: SessionSnapshot[] = [];
    let restores = 0;
    let n = 0;
    let before = s.eventCount;
    for (;;) {
      const more = run.chunk ? s.run(run.chunk) === null : s.step();
      if (!run.log) for (let i = Math.max(before, s.k.eventBase); i < s.eventCount; i++) events.push(s.eventAt(i)!);
      if (!more) break;
      n++;
      if (n % 7 === 0) timers.push(JSON.stringify(s.k.s.timers));
      if (run.snapEvery && n % run.snapEvery === 0) snaps.push(s.snapshot());
      if (run.restoreEvery && n % run.restoreEvery === 0 && snaps.length >= 2 && restores < 20) {
        restores++;
        s.restore(snaps[snaps.length - 2]!);
        timers.push(memory(s));
        if (!run.log) events.push({ type: 'timer', tid: -1, kind: `restored ${s.steps}`, step: -1, by: -1 });
      }
      before = s.eventCount;
    }
    const all = JSON.stringify({
      result: s.result, steps: s.steps, clock: s.k.s.clock, timers, pending: s.k.s.timers, output: s.output, anomalies: s.anomalies,
      notes: s.notes, end: s.endMessage, tasks: s.k.s.tasks.map((t) => [t.name, t.state, t.killedBy]), stats: s.k.s.stats,
      threads: s.threads.map((th) => th.frames), memory: memory(s),
      ...(run.log ? { events: s.events } : {}),
    });
    return { all, events: run.log ? [...s.events] : events, last: JSON.stringify(s.events) };
  } finally {
    fastSteps.enabled = true;
  }
}

/** The words of every page frame that are not 0, by pfn. */
function memory(s: Session): string {
  return JSON.stringify(s.k.s.pages.map((p) => (p ? [...p.data.entries()].filter(([, v]) => v !== 0) : null)));
}

const withoutQuiet = (es: KernelEvent[]) => es.filter((e) => QUIET_EVENTS[e.type] !== true);

function sameWithoutLog(text: string, strategy: string, schedule: string, maxSteps: number): void {
  const full = record(text, strategy, schedule, maxSteps, { log: true, quiet: true });
  const bare = record(text, strategy, schedule, maxSteps, { log: false, quiet: true });
  const { events: _e, ...fullRest } = JSON.parse(full.all);
  expect(bare.all, `${strategy} ${schedule}`).toBe(JSON.stringify(fullRest));
  expect(JSON.stringify(bare.events), `${strategy} ${schedule}`).toBe(JSON.stringify(withoutQuiet(full.events)));
}

function sameQuiet(text: string, strategy: string, schedule: string, maxSteps: number, snaps = false): void {
  const run = (quiet: boolean): Run => ({ log: true, quiet, ...(snaps ? { snapEvery: 5, restoreEvery: 17 } : {}) });
  expect(record(text, strategy, schedule, maxSteps, run(true)).all, `${strategy} ${schedule}`).toBe(record(text, strategy, schedule, maxSteps, run(false)).all);
}

const SCHEDULES = ['fifo', 'round-robin', 'random(7)'];

/** Session.run (quiet runs of steps) against the plain interpreter step by step. */
function sameRun(text: string, strategy: string, schedule: string, maxSteps: number, chunk: number): void {
  // The timers seen along the way are sampled every 7 calls: not comparable across chunk sizes.
  const drop = (all: string) => JSON.stringify({ ...JSON.parse(all), timers: null });
  const plain = record(text, strategy, schedule, maxSteps, { log: true, quiet: false });
  expect(drop(record(text, strategy, schedule, maxSteps, { log: true, quiet: true, chunk }).all), `${strategy} ${schedule} run(${chunk})`).toBe(drop(plain.all));
}

/**
 * Session.run without an event log against step by step without one: the same run, and the same
 * events left in the log at the end (the last step's), which stays one step long.
 */
function sameRunWithoutLog(text: string, strategy: string, schedule: string, maxSteps: number, chunk: number): void {
  const drop = (all: string) => JSON.stringify({ ...JSON.parse(all), timers: null });
  const plain = record(text, strategy, schedule, maxSteps, { log: false, quiet: false });
  const fast = record(text, strategy, schedule, maxSteps, { log: false, quiet: true, chunk });
  expect(drop(fast.all), `${strategy} ${schedule} run(${chunk})`).toBe(drop(plain.all));
  expect(fast.last, `${strategy} ${schedule} run(${chunk})`).toBe(plain.last);
}

/** Control flow the random-scenario generator does not write: calls with arguments, loops, faults. */
const expr = fc.constantFrom('a + 1', 'a - b', 'a * 3', 'a / b', 'a % b', 'a << 2', 'a >> 1', 'a & 6', 'a | b', 'a ^ 5', '-a', '!a', '~a', 'a < b', 'a == 2', 'a != b && b', 'a || b');
const body = fc.array(
  fc.oneof(
    expr.map((e) => `a = ${e}`),
    expr.map((e) => `b = f(${e}, a)`),
    fc.constantFrom('store m + 4 * (a & 3), b', 'a = load m + 4 * (b & 1)', 'b = cas m, a, b', 'a = fetch_add m + 8, 1', 'b = xchg m + 12, a',
      'store m + 2, 1', 'a = load m + 4096 * 9', 'if a > b { a = a - 1 } else { b = b + 1 }', 'while a < 4 { a = a + 1 }', 'b = deep(a & 7)',
      'yield', 'futex_wake(m, 1)', 'let r = futex_wait(m + 8, a, timeout 2)'),
  ),
  { minLength: 1, maxLength: 8 },
).map((ss) => ss.join('\n    '));
function controlScenario(t0: string, t1: string): string {
  return `option max_call_depth = 6
fn f(x, y) {
  if y == 0 { return x }
  return x / y
}
fn deep(n) {
  if n == 0 { return 0 }
  let t = deep(n - 1)
  return t + 1
}
process P {
  map m = anon private rw pages 1
  thread t0 {
    let a = 1
    let b = 2
    ${t0}
    fork K {
      store m, 5
      ${t1}
    }
    ${t1}
  }
  thread t1 {
    let a = 3
    let b = 0
    ${t1}
  }
}
`;
}

describe('quiet steps against the plain interpreter', () => {
  it('random scenarios: the same log under every strategy and schedule', () => {
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom(...STRATEGY_IDS), fc.constantFrom(...SCHEDULES), (a, b, c, strategy, schedule) => {
        sameQuiet(scenario(a, b, c), strategy, schedule, 300);
      }),
      { numRuns: 60, seed: 23 },
    );
  });

  it('calls, loops, faulting expressions and max_call_depth: the same log', () => {
    fc.assert(
      fc.property(body, body, fc.constantFrom(...SCHEDULES), (a, b, schedule) => {
        sameQuiet(controlScenario(a, b), 'modern', schedule, 400);
      }),
      { numRuns: 80, seed: 5 },
    );
  });

  it('through snapshots and restores: the same log', () => {
    fc.assert(
      fc.property(body, body, thread, fc.constantFrom(...SCHEDULES), (a, b, c, schedule) => {
        sameQuiet(controlScenario(a, b), 'modern', schedule, 400, true);
        sameQuiet(scenario(c, c, c), 'modern', schedule, 300, true);
      }),
      { numRuns: 40, seed: 9 },
    );
  });

  it('mutex3, 8 threads and 200 threads: the same log', () => {
    for (const schedule of ['fifo', 'round-robin']) sameQuiet(mutex3Scenario(8, 50, schedule), 'modern', schedule, 100_000);
    sameQuiet(mutex3ManyScenario(200, 2, 'round-robin'), 'modern', 'round-robin', 20_000);
  });
});

describe('Session.run against the plain interpreter step by step', () => {
  it('random scenarios, calls and loops, in runs of 1, 7 and to the end', () => {
    fc.assert(
      fc.property(thread, thread, body, body, fc.constantFrom(...STRATEGY_IDS), fc.constantFrom(...SCHEDULES), fc.constantFrom(1, 7, Infinity), (a, b, c, d, strategy, schedule, chunk) => {
        sameRun(scenario(a, b, a), strategy, schedule, 300, chunk);
        sameRun(controlScenario(c, d), strategy, schedule, 400, chunk);
      }),
      { numRuns: 80, seed: 41 },
    );
  });

  it('every example, fifo and round-robin, to the end', () => {
    const dir = join(__dirname, '..', '..', 'examples');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const schedule of ['fifo', 'round-robin']) sameRun(text, 'modern', schedule, 2000, Infinity);
    }
  }, 60_000);

  it('a thread that ends on a quiet step wakes its joiner: the wake is delivered before the joiner runs', () => {
    // The worker's last step is quiet (a register); its end (normalize) is the exit, the
    // clear_child_tid wake and the joiner's wakeup, all of which the oracle and the delivery of
    // futex_wait's value must see before the next step, as step() would.
    for (const tail of ['let x = 1', 'let x = 1\n      let y = x + 1', 'store tcb + 8, 1']) {
      const text = `process P {
  map tcb = anon private rw pages 1
  store tcb, 101
  thread main {
    spawn worker {
      set_tid_address tcb
      ${tail}
    }
    let r = 7
    r = futex_wait(tcb, 101)
    print "join", r
  }
}
`;
      for (const schedule of SCHEDULES) for (const chunk of [1, 3, Infinity]) sameRun(text, 'modern', schedule, 500, chunk);
      // Under fifo main waits first, and the worker's end wakes it: 0, not the 7 before the call.
      const s = new Session(load(text), { eventLog: false, schedule: 'fifo' });
      s.run();
      expect(s.output.map((o) => o.text), tail).toEqual(['join 0']);
    }
  });

  it('prints past max_output, failed asserts, yields, sleeps and thread ends inside a run', () => {
    // Steps that are not quiet (print, assert, yield, a wait that blocks, an exit) end inside a
    // quiet run (endStep), which goes on with the schedule's next choice or stops at the end.
    const text = (limit: number, bad: number) => `option max_output = ${limit}
process P {
  map m = anon private rw pages 1
  thread a {
    let i = 0
    while i < 12 {
      print "a", i
      i = i + 1
      if i == 5 { yield }
      let w = futex_wake(m, 1)
    }
  }
  thread b {
    let j = 0
    while j < 20 {
      j = j + 1
      store m + 4, j
      if j == 9 { let r = futex_wait(m, 0) }
      assert j != ${bad}, "j reached ${bad}"
    }
    print "b done", j
  }
  thread c {
    let k = 0
    while k < 6 {
      k = k + 1
      print "c", k
      sleep 1
    }
  }
}
`;
    for (const [limit, bad] of [[1000, 99], [30, 99], [1000, 14], [12, 3]] as const) {
      for (const schedule of ['fifo', 'round-robin']) {
        for (const chunk of [1, 5, Infinity]) {
          sameRun(text(limit, bad), 'modern', schedule, 2000, chunk);
          sameRunWithoutLog(text(limit, bad), 'modern', schedule, 2000, chunk);
        }
      }
    }
  });

  it('a fork, a munmap, a swap-out, an mremap or an mprotect by another thread inside a run: the next quiet steps see it', () => {
    // Under round-robin a run goes on through the other thread's step: a quiet step right after it
    // must not use a page or map name looked up before it (fast-step.ts lastLookup). Thread a
    // looks up the page (or name) in its third step and uses it again in its fourth, right after
    // thread b's third step changed it.
    const text = (first: string, other: string, second: string) => `process P {
  map m = anon private rw pages 1
  map n = anon private rw pages 1
  thread a {
    store m, 1
    store n, 1
    ${first}
    ${second}
    let x = load m + 8
    print "a", x
  }
  thread b {
    let z = 0
    let zz = 0
    ${other}
    let y = load m + 8
    print "b", y
  }
}
`;
    const cases: [string, string, string][] = [
      ['store m + 4, 1', 'fork K {\n      let k = load m + 8\n      print "K", k\n    }', 'store m + 8, 1'],
      ['let w = load n', 'munmap n', 'let v = load n + 4'],
      ['store n + 4, 2', 'swap_out n', 'store n + 8, 3'],
      ['store m + 4, 2', 'swap_out m', 'store m + 8, 3'],
      ['let w = load n', 'mremap n, pages 4', 'store n + 4, 7'],
      ['store m + 4, 1', 'mprotect m, r', 'store m + 8, 1'],
    ];
    for (const [first, other, second] of cases) {
      for (const schedule of ['round-robin', 'fifo']) {
        for (const chunk of [1, 4, Infinity]) {
          sameRun(text(first, other, second), 'modern', schedule, 500, chunk);
          sameRunWithoutLog(text(first, other, second), 'modern', schedule, 500, chunk);
        }
      }
    }
  });

  it('mutex3, 8 threads and 200 threads, in runs of 13 and to the end', () => {
    for (const schedule of ['fifo', 'round-robin']) {
      sameRun(mutex3Scenario(8, 50, schedule), 'modern', schedule, 100_000, Infinity);
      sameRun(mutex3Scenario(8, 50, schedule), 'modern', schedule, 100_000, 13);
    }
    sameRun(mutex3ManyScenario(200, 2, 'round-robin'), 'modern', 'round-robin', 20_000, Infinity);
  });
});

describe('Session.run without an event log against step by step without one', () => {
  it('random scenarios, calls and loops, in runs of 7 and to the end', () => {
    fc.assert(
      fc.property(thread, thread, body, body, fc.constantFrom(...STRATEGY_IDS), fc.constantFrom(...SCHEDULES), fc.constantFrom(7, Infinity), (a, b, c, d, strategy, schedule, chunk) => {
        sameRunWithoutLog(scenario(a, b, a), strategy, schedule, 300, chunk);
        sameRunWithoutLog(controlScenario(c, d), strategy, schedule, 400, chunk);
      }),
      { numRuns: 60, seed: 43 },
    );
  });

  it('mutex3, 8 threads and 200 threads, and the log stays one step long through a run', () => {
    for (const schedule of ['fifo', 'round-robin']) {
      sameRunWithoutLog(mutex3Scenario(8, 50, schedule), 'modern', schedule, 100_000, Infinity);
      sameRunWithoutLog(mutex3Scenario(8, 50, schedule), 'modern', schedule, 100_000, 13);
    }
    sameRunWithoutLog(mutex3ManyScenario(200, 2, 'round-robin'), 'modern', 'round-robin', 20_000, Infinity);
    const s = new Session(load(mutex3Scenario(8, 200, 'round-robin')), { eventLog: false });
    let longest = 0;
    while (s.run(1000) === null) longest = Math.max(longest, s.events.length);
    expect(s.result).toBe('ok');
    expect(s.eventCount).toBeGreaterThan(1000);
    expect(longest).toBeLessThan(20);
  });
});

describe('a session without an event log', () => {
  it('random scenarios: the same run, and the same events but the quiet ones', () => {
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom(...STRATEGY_IDS), fc.constantFrom(...SCHEDULES), (a, b, c, strategy, schedule) => {
        sameWithoutLog(scenario(a, b, c), strategy, schedule, 300);
      }),
      { numRuns: 60, seed: 31 },
    );
  });

  it('every example under every strategy, fifo and round-robin', () => {
    const dir = join(__dirname, '..', '..', 'examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.futex'));
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const strategy of STRATEGY_IDS) for (const schedule of ['fifo', 'round-robin']) sameWithoutLog(text, strategy, schedule, 2000);
    }
  }, 120_000);

  it('mutex3 with 200 threads, and the log stays one step long', () => {
    const text = mutex3ManyScenario(200, 2, 'round-robin');
    sameWithoutLog(text, 'modern', 'round-robin', 20_000);
    const s = new Session(load(text), { eventLog: false });
    let longest = 0;
    while (s.step()) longest = Math.max(longest, s.events.length);
    expect(s.result).toBe('ok');
    expect(longest).toBeGreaterThan(0);
    expect(longest).toBeLessThan(20);
    expect(s.eventCount).toBeGreaterThan(1000);
  });
});
