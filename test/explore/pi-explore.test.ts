// The explorer over priorities and PI state (issue #16): only threads of equal effective priority
// are choices, PI state is part of a state's identity, and the reductions (symmetry, partial
// order) give the same verdict as the plain search on PI scenarios.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { explore } from '../../src/explore/search';
import { Session } from '../../src/session/session';

function program(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}
const example = (name: string) => program(readFileSync(join(__dirname, '..', '..', 'examples', `${name}.futex`), 'utf8'));

// Three threads of equal priority lock one PI mutex (glibc's protocol): the order of the lock
// attempts, and so who blocks in FUTEX_LOCK_PI and who is handed the lock, is open.
const piRace = `fn lock(m) {
  let me = gettid()
  let c = cas m, 0, me
  if c != 0 {
    futex_lock_pi(m)
  }
}
fn unlock(m) {
  let me = gettid()
  let c = cas m, me, 0
  if c != me {
    futex_unlock_pi(m)
  }
}
process P {
  map m = anon private rw pages 1
  thread a {
    lock(m)
    fetch_add m + 4, 1
    unlock(m)
  }
  thread b {
    lock(m)
    fetch_add m + 4, 1
    unlock(m)
  }
  thread c {
    lock(m)
    let v = load m + 4
    unlock(m)
  }
}
`;

describe('explore with priorities and PI futexes', () => {
  it('only the highest-priority runnable threads are choices', () => {
    const p = program(`process P {
  thread lo sched fifo 1 {
    let x = 1
  }
  thread hi sched fifo 50 {
    let y = 2
  }
  thread other {
    let z = 3
  }
}
`);
    const s = new Session(p, { strategy: 'modern' });
    expect(s.runnable().map((t) => s.k.s.tasks[t].name)).toEqual(['P/hi']);
  });

  it('a PI lock race: same verdict with and without reductions, under modern and gorman-2013', async () => {
    const p = program(piRace);
    for (const strategy of ['modern', 'gorman-2013']) {
      const plain = await explore(p, { strategy, symmetry: false, partialOrder: false });
      const reduced = await explore(p, { strategy });
      expect(plain.result).toBe('ok');
      expect(reduced.result).toBe(plain.result);
      expect(reduced.states).toBeLessThanOrEqual(plain.states);
    }
  });

  it('towelroot: gorman-2013 fails with the dangling rt_waiter reduced and unreduced', async () => {
    const p = example('towelroot');
    const plain = await explore(p, { strategy: 'gorman-2013', symmetry: false, partialOrder: false });
    const reduced = await explore(p, { strategy: 'gorman-2013' });
    expect(plain.result).toBe('counterexample');
    expect(reduced.result).toBe('counterexample');
    expect(plain.failure!.kind).toBe(reduced.failure!.kind);
  });

  it('priority inversion: the plain mutex fails, the PI mutex does not, reduced and unreduced', async () => {
    for (const [name, verdict] of [['priority-inversion', 'counterexample'], ['priority-inversion-pi', 'ok']] as const) {
      const p = example(name);
      const plain = await explore(p, { strategy: 'modern', symmetry: false, partialOrder: false });
      const reduced = await explore(p, { strategy: 'modern' });
      expect(plain.result, name).toBe(verdict);
      expect(reduced.result, name).toBe(verdict);
    }
  });
});
