// A thread killed by another (kill, exit_group, exec) runs its own exit work (do_exit): the
// robust-list wake and the PI hand-off are its wakes, so the oracle's priority-inversion (GROUND-
// TRUTH §8.7: H woken or handed a lock by L, while M above L and below H ran) takes the dying
// owner as L. It took the killer (the stepping thread, the wake-up event's `by`): a killer of
// higher priority than M hid the inversion of a robust mutex whose owner was kept off the CPU.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

const text = `
shm seg pages 1
process Owner {
  map s = shm seg rw pages 1
  map tls = anon private rw pages 1
  thread main sched fifo 10 {
    store tls, s + 8
    store tls + 4, -8
    store tls + 8, 0
    store s + 8, tls
    set_robust_list(tls)
    let me = gettid()
    store s, me
    let j = 0
    while j < 1000 { j = j + 1 }
  }
}
process Other {
  map s = shm seg rw pages 1
  thread main sched fifo 30 {
    sleep 40
    let v = load s
    let w = cas s, v, v | FUTEX_WAITERS
    let r = futex_wait(s, v | FUTEX_WAITERS)
    print "woken", r
  }
}
process Med {
  thread main sched fifo 20 {
    sleep 50
    let i = 0
    while i < 200 { i = i + 1 }
  }
}
process Killer {
  thread main sched fifo 40 {
    sleep 120
    kill Owner
  }
}
`;

describe('oracle: a killed owner wakes its robust waiter itself', () => {
  it('the inversion names the dying owner as L, and the events of its exit work are its own', () => {
    const r = loadProgram(text, 't.futex');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const s = new Session(r.program, { strategy: 'modern' });
    s.run();
    expect(s.output.map((o) => o.text)).toEqual(['woken 0']);
    const inv = s.anomalies.filter((a) => a.kind === 'priority-inversion');
    expect(inv.map((a) => [a.thread, a.others])).toEqual([['Other/main', ['Owner/main', 'Med/main']]]);
    const wakeup = s.events.find((e) => e.type === 'wakeup' && e.why === 'futex wake');
    expect(wakeup?.by).toBe(0); // Owner/main, not Killer/main (3)
    const kill = s.events.find((e) => e.type === 'kill');
    expect(kill?.by).toBe(3);
  });
});
