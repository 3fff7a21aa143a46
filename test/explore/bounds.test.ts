// Explore under --max-depth and --preemptions: "no failure within the bounds" must mean that no
// schedule within them fails. The reductions that are sound for the whole space were not within
// bounds (a probe of new scenarios, session 16):
// - thread-local steps taken first counted towards the depth: a 9-step lost update behind another
//   thread's 22 local steps was proved safe at --max-depth 12;
// - they also changed who ran last, so going on with the thread that ran before them cost a
//   preemption: a failure with no preemption was proved safe at --preemptions 0;
// - state hashing merged a state reached with one preemption to spare with the same state reached
//   earlier with none to spare (or after another thread ran last), and never expanded it again.
// The plain version each is compared with is a tree search: no reduction, no state merging.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore, failureOf } from '../../src/explore/search';
import { replay } from '../../src/explore/trace';
import { straightScenario, twins } from './straight-scenario';

function program(text: string): Program {
  const r = loadProgram(text, 'bounds.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

// b and c each add 1 to a word; c checks the sum once b is done. `busy` only counts in registers.
const LOST_UPDATE_BEHIND_LOCAL_STEPS = `
process A {
  map m = anon private pages 1
  thread busy {
    let i = 0
    while i < 10 { i = i + 1 }
  }
  thread b {
    let v = load m
    store m, v + 1
    store m + 4, 1
  }
  thread c {
    let v = load m
    store m, v + 1
    let done = load m + 4
    if done == 1 {
      let w = load m
      assert w == 2, "lost update"
    }
  }
}
`;

// y wakes x, then goes on (no preemption: x only became runnable) and stores what x must not see.
const WAKE_THEN_GO_ON = `
process A {
  map w = anon private pages 1
  thread x {
    let r = futex_wait(w, 0)
    let a = 1
    let v = load w + 8
    assert r != 0 || v == 0, "saw it"
  }
  thread y {
    store w, 1
    let n = futex_wake(w, 1)
    store w + 8, 1
  }
}
`;

async function expectFound(text: string, bounds: { maxDepth?: number; preemptions?: number }, message: string): Promise<void> {
  const p = program(text);
  const plain = await explore(p, { ...bounds, symmetry: false, partialOrder: false, stateHashing: false });
  expect(plain.failure?.message, 'the failure is within the bounds').toBe(message);
  for (const exact of [false, true]) {
    const r = await explore(p, { ...bounds, exact });
    expect(r.result, `default reductions${exact ? ', exact' : ''}`).toBe('counterexample');
    expect(r.failure!.message).toBe(message);
    expect(failureOf(replay(p, { schedule: r.failure!.schedule }))?.message).toBe(message);
  }
}

describe('explore within bounds finds what the tree search finds', () => {
  it('a failure behind another thread\'s local steps, at --max-depth 12', async () => {
    await expectFound(LOST_UPDATE_BEHIND_LOCAL_STEPS, { maxDepth: 12 }, 'lost update');
  });

  it('a failure with no preemption after a wake, at --preemptions 0', async () => {
    await expectFound(WAKE_THEN_GO_ON, { preemptions: 0 }, 'saw it');
  });

  it('random twins at --preemptions 1: state hashing gives the tree search\'s verdict', async () => {
    const samples = fc.sample(twins, { numRuns: 17, seed: 5 });
    let compared = 0;
    let failing = 0;
    for (const [i, threads] of samples.entries()) {
      const text = straightScenario(threads);
      const p = program(text);
      const plain = await explore(p, { preemptions: 1, maxStates: 20_000, symmetry: false, partialOrder: false, stateHashing: false });
      if (plain.result === 'incomplete') continue;
      compared++;
      if (plain.result === 'counterexample') failing++;
      const hashed = await explore(p, { preemptions: 1, maxStates: 20_000 });
      expect(hashed.result, `twins ${i}:\n${text}`).toBe(plain.result);
    }
    expect(compared).toBeGreaterThan(12);
    expect(failing).toBeGreaterThan(2);
  }, 300_000);
});
