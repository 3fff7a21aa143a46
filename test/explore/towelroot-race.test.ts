// `explore` finds the CVE-2014-3153 sequence when the order of its steps is left open
// (examples/towelroot-race.futex; issue #16, GROUND-TRUTH.md §8.4): the plain run is clean, the
// exhaustive search within the default budget finds the order that builds the exploit, and
// that order run on gives the dangling rt_waiter under gorman-2013 and nothing under modern.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { explore } from '../../src/explore/search';
import { Session } from '../../src/session/session';

const text = readFileSync(join(__dirname, '..', '..', 'examples', 'towelroot-race.futex'), 'utf8');
const loaded = loadProgram(text, 'towelroot-race.futex');
if (!loaded.ok) throw new Error('towelroot-race.futex does not load');
const program = loaded.program;

/** The schedule replayed step by step, then the run continued with the default schedule. */
function replayAndFinish(strategy: string, schedule: number[]): Session {
  const s = new Session(program, { strategy, checkInvariants: true });
  for (const tid of schedule) expect(s.step(tid)).toBe(true);
  s.run();
  return s;
}

describe('towelroot with its order left open', () => {
  for (const strategy of ['gorman-2013', 'modern']) {
    it(`${strategy}: the plain run is clean; explore (default budget, reduced and plain) finds T2 requeued before the store`, async () => {
      const plainRun = new Session(program, { strategy, checkInvariants: true });
      expect(plainRun.run()).toBe('ok');
      expect(plainRun.anomalies).toEqual([]);
      for (const reductions of [true, false]) {
        const r = await explore(program, { strategy, symmetry: reductions, partialOrder: reductions });
        expect(r.result).toBe('counterexample');
        expect(r.failure!.message).toMatch(/^pi-state-inconsistent: .*row \[9\]/);
        // T2 blocks before T1's first requeue (T1's second step), which then moves it onto B.
        const names = r.failure!.schedule.map((tid) => plainRun.k.s.tasks[tid].name);
        expect(names.indexOf('P/t2')).toBeGreaterThanOrEqual(0);
        expect(names.indexOf('P/t2')).toBeLessThan(names.filter((n) => n === 'P/t1').length > 1 ? names.indexOf('P/t1', names.indexOf('P/t1') + 1) : 0);
      }
    });
  }

  it('the order explore found, run on: gorman-2013 wakes T2 with its rt_waiter linked; modern refuses the self-requeue', async () => {
    const found = await explore(program, { strategy: 'gorman-2013' });
    const old = replayAndFinish('gorman-2013', found.failure!.schedule);
    expect(old.anomalies.map((a) => a.kind)).toEqual(['pi-state-inconsistent', 'dangling-rt-waiter']);
    expect(old.output.map((o) => o.text)).toContain('t1: lock_pi, requeue A -> B, requeue B -> B returned 0 1 1');
    const now = replayAndFinish('modern', found.failure!.schedule);
    expect(now.anomalies.map((a) => a.kind)).toEqual(['pi-state-inconsistent']);
    expect(now.output.map((o) => o.text)).toEqual([
      't1: lock_pi, requeue A -> B, requeue B -> B returned 0 1 -22', 't2: wait_requeue_pi returned 0',
    ]);
  });
});
