// The explorer: it finds the failing schedules of the buggy programs, `replay` reproduces them,
// and it exhausts the space of the correct ones (GROUND-TRUTH.md §3; issue "Explore every schedule").
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { explore } from '../../src/explore/search';
import { randomExplore } from '../../src/explore/random';
import { replay, checkTrace, scenarioHash, tracedStep, TraceError } from '../../src/explore/trace';
import { Session } from '../../src/session/session';
import { mutexModel } from '../../bench/explore-models';

const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');

function program(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

describe('buggy programs: a failing schedule, replayed', () => {
  const cases: [string, string, string | undefined, RegExp][] = [
    ['the naive barrier', example('barrier-naive.futex'), undefined, /deadlock/],
    ['a condvar whose requeue targets a mutex left at 1', example('condvar-requeue-lost-wakeup.futex'), 'modern', /deadlock/],
    ['the naive mutex (mutex1) overflowing its word', example('mutex1-overflow.futex'), undefined, /assert/],
  ];
  for (const [name, text, strategy, kind] of cases) {
    it(name, async () => {
      const p = program(text);
      const r = await explore(p, { strategy, maxStates: 300_000 });
      expect(r.result).toBe('counterexample');
      expect(r.failure!.kind).toMatch(kind);
      const s = replay(p, { schedule: r.failure!.schedule, strategy });
      const failed = s.result === 'deadlock' || s.result === 'assert-failed' || s.anomalies.length > 0;
      expect(failed).toBe(true);
      expect(s.steps).toBe(r.failure!.schedule.length);
    }, 60_000);
  }
});

describe('partial-order reduction and cycles', () => {
  it('a check-then-set spin lock lets two threads in: the assert fails (the spin is not reported as a livelock)', async () => {
    const lock = `fn lock(m) {\n  let v = load m\n  while v != 0 {\n    yield\n    v = load m\n  }\n  store m, 1\n}\n`;
    const th = (i: number) => `  thread t${i} {\n    lock(mem)\n    let inside = fetch_add mem + 4, 1\n    assert inside == 0, "two inside"\n    fetch_sub mem + 4, 1\n    store mem, 0\n  }\n`;
    const r = await explore(program(`${lock}process P {\n  map mem = anon private rw pages 1\n${th(0)}${th(1)}}\n`));
    expect(r.result).toBe('counterexample');
    expect(r.failure!.kind).toBe('assert-failed');
  });
  it('a thread that loops forever is reported as never finishing', async () => {
    const r = await explore(program(`process P {\n  map m = anon private rw pages 1\n  thread t {\n    while 1 {\n      let x = load m\n    }\n  }\n}\n`));
    expect(r.result).toBe('counterexample');
    expect(r.failure!.kind).toBe('livelock');
    expect(r.failure!.message).toMatch(/: P\/t never finishes$/);
  });
  it('an unlock that forgets the wake-up deadlocks, found through the returns it skips over', async () => {
    const text = mutexModel('mutex3', 3).replace('    futex_wake(m, 1, private)\n', '');
    const r = await explore(program(text));
    expect(r.result).toBe('counterexample');
    expect(r.failure!.kind).toBe('deadlock');
  });
});

describe('correct programs: the space is exhausted with no failure', () => {
  for (const kind of ['mutex2', 'mutex3'] as const) {
    it(`${kind} with 3 threads`, async () => {
      const r = await explore(program(mutexModel(kind, 3)));
      expect(r.result).toBe('ok');
      expect(r.schedules).toBeGreaterThan(0);
      expect(r.symmetricThreads).toBe(3);
    });
  }
  it('the glibc barrier example (3 threads, 3 rounds)', async () => {
    const r = await explore(program(example('barrier-glibc.futex')), { maxStates: 400_000 });
    expect(r.result).toBe('ok');
  }, 60_000);
  it('mutex3 with 6 threads', async () => {
    const r = await explore(program(mutexModel('mutex3', 6)));
    expect(r.result).toBe('ok');
    expect(r.symmetricThreads).toBe(6);
  }, 60_000);
  it('symmetry reduction merges permutations of identical threads', async () => {
    const p = program(mutexModel('mutex3', 3));
    const a = await explore(p, { symmetry: true });
    const b = await explore(p, { symmetry: false });
    expect(a.result).toBe('ok');
    expect(b.result).toBe('ok');
    expect(a.states * 3).toBeLessThan(b.states);
  });
});

describe('strategies under exploration', () => {
  it('pinned-page: the COW-after-fork scenarios have wrong and missed wake-ups; jamie-2003 has none', async () => {
    for (const f of ['cow-fork-wrong-wakeup.futex', 'cow-fork-missed-wakeup.futex']) {
      const p = program(example(f));
      const bad = await explore(p, { strategy: 'pinned-page' });
      expect(bad.result, f).toBe('counterexample');
      expect(bad.failure!.message, f).toMatch(/wrong-wakeup|missed-wakeup|deadlock|hung/);
      const good = await explore(p, { strategy: 'jamie-2003' });
      expect(good.result, f).toBe('ok');
    }
  });
});

describe('bounds, random and PCT modes, traces', () => {
  it('max-states gives an incomplete verdict', async () => {
    const r = await explore(program(mutexModel('mutex2', 3)), { maxStates: 50 });
    expect(r.result).toBe('incomplete');
  });
  it('a preemption bound of 0 explores only non-preemptive schedules', async () => {
    const p = program(example('barrier-naive.futex'));
    const r0 = await explore(p, { preemptions: 0 });
    const r2 = await explore(p, { preemptions: 2, maxStates: 300_000 });
    expect(r0.states).toBeLessThan(r2.states);
  }, 60_000);
  it('random and PCT modes find the naive barrier deadlock', async () => {
    const p = program(example('barrier-naive.futex'));
    for (const mode of ['random', 'pct'] as const) {
      const r = await randomExplore(p, { mode, seed: 1, runs: 500, depth: 3 });
      expect(r.result, mode).toBe('counterexample');
    }
  });
  it('a trace replays only on its own scenario', () => {
    const text = example('barrier-naive.futex');
    const t = { version: 1, scenarioHash: scenarioHash(text), strategy: 'modern', options: {}, threads: [], schedule: [0, 1], failure: '' };
    expect(checkTrace(t, text).schedule).toEqual([0, 1]);
    expect(() => checkTrace(t, text + ' ')).toThrow(TraceError);
    expect(() => checkTrace({ schedule: 'x' }, text)).toThrow(TraceError);
    expect(() => replay(program(text), { schedule: [99] })).toThrow(TraceError);
  });
  it('one validator: the field of what is wrong, the whole hash, the same for the CLI and the debugger', () => {
    const text = example('barrier-naive.futex');
    const field = (x: unknown) => {
      try {
        checkTrace(x, text);
        return 'ok';
      } catch (e) {
        return (e as TraceError).field;
      }
    };
    const hash = scenarioHash(text);
    expect(field({ version: 1, scenarioHash: hash, schedule: [0] })).toBe('ok');
    expect(field({ scenarioHash: hash, schedule: [0] })).toBe('version'); // a trace file carries its format version
    expect(field({ version: 1, scenarioHash: hash, schedule: [0, -1] })).toBe('schedule');
    expect(field({ version: 1, schedule: [0] })).toBe('scenarioHash');
    expect(field({ version: 1, scenarioHash: hash.slice(0, 8), schedule: [0] })).toBe('scenarioHash'); // no prefix matching
    expect(field({ version: 1, scenarioHash: hash, schedule: [0], options: { a: 1 } })).toBe('options');
    expect(field([0])).toBe('');
  });
  it('one rule for divergence: the step whose thread cannot run', () => {
    const text = example('barrier-naive.futex');
    const s = new Session(program(text), { strategy: 'modern' });
    expect(tracedStep(s, [99])).toEqual({ diverged: expect.stringMatching(/^the replayed trace diverges at step 1: thread 99 cannot run there \(runnable: /) });
    expect(tracedStep(s, [])).toBeNull();
    const first = s.runnable()[0];
    expect(tracedStep(s, [first])).toEqual({ tid: first });
    expect(() => replay(program(text), { schedule: [99] })).toThrow(/diverges at step 1: thread 99/);
  });
});
