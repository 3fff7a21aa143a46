// The explorer on the version-2 operations of issue #17: it finds the lost wake-up of an unlock that
// clears list_op_pending too early, proves the correct unlock, and its reductions (state hashing
// with symmetry and partial order) agree with the plain search on these programs, including
// futex_waitv and bitset waiters, whose entries and masks are part of the state identity.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { explore } from '../../src/explore/search';
import { replay } from '../../src/explore/trace';

const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');

function program(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

const PLAIN = { symmetry: false, partialOrder: false };

describe('list_op_pending', () => {
  it('an unlock that clears it before the unlocking store loses a wake-up: explore finds the schedule', async () => {
    const p = program(example('robust-pending-early-clear.futex'));
    const r = await explore(p, { strategy: 'modern', maxStates: 300_000 });
    expect(r.result).toBe('counterexample');
    expect(r.failure!.kind).toBe('deadlock');
    expect(r.failure!.message).toContain('Waiter/main');
    const s = replay(p, { schedule: r.failure!.schedule, strategy: 'modern' });
    expect(s.result).toBe('deadlock');
    // the owner died after its unlocking store: nothing on the list, nothing pending, nobody woken
    const walk = s.events.filter((e) => e.type === 'robust-walk');
    expect(walk).toMatchObject([{ entries: 0, stop: 'end' }]);
    expect(s.events.some((e) => e.type === 'owner-died' || e.type === 'robust-wake')).toBe(false);
  }, 120_000);

  it('the correct unlock is proved over every schedule of the kill', async () => {
    const r = await explore(program(example('robust-pending.futex')), { strategy: 'modern', maxStates: 300_000 });
    expect(r.result).toBe('ok');
    expect(r.bounded).toBe(false);
    expect(r.states).toBeGreaterThan(100);
  }, 120_000);
});

const WAITV = `process A {
  map m = anon private rw pages 1
  thread w1 { let r = futex_waitv([m, 0, private], [m + 4, 0, private])
    assert r == 0 || r == 1 || r == -11 }
  thread w2 { let r = futex_wait_bitset(m + 4, 0, 2, private)
    assert r == 0 || r == -11 }
  thread waker {
    store m, 1
    let a = futex_wake(m, 1, private)
    store m + 4, 1
    let b = futex_wake_bitset(m + 4, 2, 2, private)
  }
}
`;

// Every schedule ends: w1 is woken through either entry or sees a changed word, w2's mask meets
// the wake's. With the masks apart (WAITV_LOST), w2 sleeps forever when it waits before the wake.
const WAITV_LOST = WAITV.replace('futex_wait_bitset(m + 4, 0, 2, private)', 'futex_wait_bitset(m + 4, 0, 1, private)');

describe('reduced and plain searches agree', () => {
  const cases: [string, string][] = [
    ['robust-pending-early-clear.futex', example('robust-pending-early-clear.futex')],
    ['robust-pending.futex', example('robust-pending.futex')],
    ['robust-private-waiter.futex', example('robust-private-waiter.futex')],
    ['futex_waitv and a bitset waiter', WAITV],
    ['a bitset waiter whose mask the wake misses', WAITV_LOST],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      const p = program(text);
      const reduced = await explore(p, { strategy: 'modern', maxStates: 400_000 });
      const plain = await explore(p, { strategy: 'modern', maxStates: 400_000, ...PLAIN });
      expect(reduced.result).toBe(plain.result);
      expect(reduced.result).toBe(name.startsWith('a bitset waiter whose') || name.includes('early-clear') ? 'counterexample' : 'ok');
      expect(reduced.failure?.kind).toBe(plain.failure?.kind);
      if (reduced.result === 'ok') expect(reduced.states).toBeLessThanOrEqual(plain.states);
    }, 180_000);
  }
});
