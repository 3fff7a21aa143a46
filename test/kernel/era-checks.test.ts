// The per-era argument checks and counting rules (kernel/futex/era-checks.ts,
// docs/era-argument-checks.md): where a requeue stops, and whether negative counts are -EINVAL.

import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS, type StrategyId } from '../../src/kernel/futex/variants';
import { ERAS, futexEra } from '../../src/kernel/futex/era';
import { ERA_2_5_TO_2_6_30, ERA_2_6_31_TO_4_14, ERA_4_15_ON, requeueCounts } from '../../src/kernel/futex/era-checks';

/** Three waiters on f1; main requeues f1 -> f2 with (nwake, nrequeue) and prints the result. */
function requeue(st: StrategyId, nwake: number, nrequeue: number): { ret: number; moved: number } {
  const text = `process P {
  map m = anon private rw pages 1
  store m, 0
  thread a { let r = futex_wait(m, 0, timeout 100) }
  thread b { let r = futex_wait(m, 0, timeout 100) }
  thread c { let r = futex_wait(m, 0, timeout 100) }
  thread main {
    sleep 10
    let n = futex_requeue(m, ${nwake}, ${nrequeue}, m + 4)
    print n
  }
}
`;
  const r = loadProgram(text, 'requeue.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy: st });
  s.run();
  return { ret: Number(s.output[0].text), moved: s.events.filter((e) => e.type === 'requeue').length };
}

describe('FUTEX_REQUEUE counting by era', () => {
  it('2.5.70 .. 2.6.30 test the limit after a move: nr_requeue 0 still moves one', () => {
    for (const st of ['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003'] as StrategyId[]) {
      expect(requeue(st, 1, 0), st).toEqual({ ret: 2, moved: 1 });
      expect(requeue(st, 1, -1), st).toEqual({ ret: 2, moved: 1 });
      expect(requeue(st, 1, 1), st).toEqual({ ret: 2, moved: 1 });
      expect(requeue(st, 0, 2), st).toEqual({ ret: 2, moved: 2 });
    }
  });

  it('2.6.31 on test it before: nr_requeue 0 moves none; negative counts stop the walk (gorman-2013) or are -EINVAL (4.15+)', () => {
    expect(requeue('gorman-2013', 1, 0)).toEqual({ ret: 1, moved: 0 });
    expect(requeue('gorman-2013', 1, -1)).toEqual({ ret: 0, moved: 0 });
    expect(requeue('gorman-2013', -1, 3)).toEqual({ ret: 2, moved: 2 });
    expect(requeue('modern', 1, 0)).toEqual({ ret: 1, moved: 0 });
    expect(requeue('modern', 1, -1)).toEqual({ ret: -22, moved: 0 });
    expect(requeue('modern', -1, 3)).toEqual({ ret: -22, moved: 0 });
  });

  it('every strategy names its era', () => {
    const r = loadProgram('process P {\n  thread t {\n    exit\n  }\n}\n', 'x.futex');
    if (!r.ok) throw new Error('does not load');
    const eras = STRATEGY_IDS.map((st) => futexEra(new Session(r.program, { strategy: st }).k).checks);
    expect(eras).toEqual([ERA_2_5_TO_2_6_30, ERA_2_5_TO_2_6_30, ERA_2_5_TO_2_6_30, ERA_2_5_TO_2_6_30, ERA_2_6_31_TO_4_14, ERA_4_15_ON]);
  });

  it('the era table is the one place that says which op exists: a strategy only keys', () => {
    const r = loadProgram('process P {\n  thread t {\n    exit\n  }\n}\n', 'x.futex');
    if (!r.ok) throw new Error('does not load');
    for (const st of STRATEGY_IDS) {
      const strategy = new Session(r.program, { strategy: st }).k.strategy as unknown as Record<string, unknown>;
      for (const field of ['ops', 'honorsPrivate', 'era']) expect(strategy[field], `${st}.${field}`).toBeUndefined();
    }
    // pinned-page, vcache, rusty-2003: 2.5.70; jamie-2003: 2.6.x with CMP_REQUEUE and WAKE_OP; FD until 2.6.25.
    const v1 = STRATEGY_IDS.map((st) => { const e = ERAS[st]; return [e.requeue, e.cmpRequeue, e.wakeOp, e.fd, e.privateFlag, e.timespecChecked]; });
    expect(v1).toEqual([
      [true, false, false, true, false, false], [true, false, false, true, false, false], [true, false, false, true, false, false],
      [true, true, true, true, false, false], [true, true, true, false, true, true], [true, true, true, false, true, true],
    ]);
  });

  it('the counting rules against a plain walk of the loops', () => {
    // The loops as the kernel writes them, on n waiters, against the closed forms of era-checks.ts.
    const after = (nwake: number, nrequeue: number, n: number) => {
      let ret = 0, wake = 0, moves = 0;
      for (let i = 0; i < n; i++) {
        if (++ret <= nwake) wake++;
        else { moves++; if (ret - nwake >= nrequeue) break; }
      }
      return { wake, moves };
    };
    const before = (nwake: number, nrequeue: number, n: number) => {
      let tc = 0, wake = 0, moves = 0;
      for (let i = 0; i < n; i++) {
        if (tc - nwake >= nrequeue) break;
        if (++tc <= nwake) wake++;
        else moves++;
      }
      return { wake, moves };
    };
    for (let n = 0; n <= 5; n++) {
      for (let w = -3; w <= 6; w++) {
        for (let r = -3; r <= 6; r++) {
          const a = requeueCounts(ERA_2_5_TO_2_6_30, w, r, n);
          expect({ wake: a.wake, moves: Math.min(a.moveLimit, n - a.wake) }, `after ${w} ${r} ${n}`).toEqual(after(w, r, n));
          const b = requeueCounts(ERA_2_6_31_TO_4_14, w, r, n);
          expect({ wake: b.wake, moves: Math.min(b.moveLimit, n - b.wake) }, `before ${w} ${r} ${n}`).toEqual(before(w, r, n));
        }
      }
    }
  });
});
