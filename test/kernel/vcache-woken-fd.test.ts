// vcache: a woken FUTEX_FD registration is off the vcache (futex_wake: list_del_init, then
// __detach_vcache; futex_vcache_callback acts only `if (!list_empty(&q->list))`, 2.6.0-test4 as
// seed 001's diffs show it), so a COW after the wake leaves its pin on the page it was woken on,
// until close. The simulator moved the pin to the new copy: the child, still mapping the old page,
// then reused it on its write instead of copying it (the pin is a reference, GROUND-TRUTH
// modelling notes, "COW reuse depends on page_count").
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

const text = `
process P {
  map w = anon private rw pages 1
  store w, 0
  thread main {
    let fd = futex_fd(w)
    fork C {
      sleep 10
      store w, 2
    }
    futex_wake(w, 1)
    store w, 1
    sleep 20
    close(fd)
  }
}
`;

describe('vcache: COW after a FUTEX_FD was woken', () => {
  it('leaves the pin on the old page, so the child copies it too', () => {
    const r = loadProgram(text, 't.futex');
    if (!r.ok) throw new Error('parse');
    const s = new Session(r.program, { strategy: 'vcache', checkInvariants: true });
    s.run();
    const pins = s.events.filter((e) => e.type === 'pin' || e.type === 'unpin').map((e) => `${e.type} ${(e as { pfn: number }).pfn}`);
    expect(pins).toEqual(['pin 1', 'unpin 1']);
    const cows = s.events.filter((e) => e.type === 'cow').map((e) => (e as { reused: boolean }).reused);
    expect(cows).toEqual([false, false]);
  });
});
