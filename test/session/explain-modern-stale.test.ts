// A waiter requeued into another process's private word, which then exits: under modern (keys
// hold no mm reference, GROUND-TRUTH modelling notes "M: no refs") the mm slot comes back to a
// new process and its wake is a stale match. The why: line named only jamie-2003.refs = false.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { ruleSentence } from '../../src/session/explain';

const text = `
shm seg pages 1
process P {
  map s = shm seg pages 1
  map a = anon private rw pages 1
  store a, 0
  thread W {
    let r = futex_wait(s, 0, timeout 100)
  }
  thread main {
    sleep 20
    fork R {
      futex_wake(a, 1)
    }
    sleep 50
  }
}
process Q {
  map s = shm seg pages 1
  map b = anon private rw pages 1
  store b, 0
  thread main {
    sleep 5
    futex_requeue(s, 0, 1, b)
  }
}
`;

describe('explain: a recycled mm slot under modern', () => {
  it('is a stale match whose rule names modern', () => {
    const r = loadProgram(text, 't.futex');
    if (!r.ok) throw new Error('parse');
    const s = new Session(r.program, { strategy: 'modern' });
    s.run();
    expect(s.anomalies.map((a) => [a.kind, a.cause?.rule])).toEqual([['stale-match', 'recycled-mm-slot']]);
    expect(ruleSentence('recycled-mm-slot')).toMatch(/modern/);
  });
});
