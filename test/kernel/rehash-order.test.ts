// A re-key keeps the queue order of a key (FIFO within a key in every era, GROUND-TRUTH.md
// modelling notes): rusty-2003's futex_rehash scans the table bucket by bucket, each list from its
// head (seed 001, 2 Sep 2003), and vcache's COW callback moves the waiters of one page. Both
// walked the waiters in the order their futex_qs were made, so a waiter requeued behind a newer
// one jumped ahead of it at the next swap-out or COW.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

// W1 is made first (on page + 4), then W2 on page; the requeue puts W1 behind W2 on page.
const scenario = (event: string, before = '') => `
process P {
  map page = anon private rw pages 1
  store page, 0
  store page + 4, 0
  thread W1 {
    let r = futex_wait(page + 4, 0, timeout 100)
    print "W1", r
  }
  thread W2 {
    let r = futex_wait(page, 0, timeout 100)
    print "W2", r
  }
  thread main {
    ${before}
    futex_requeue(page + 4, 0, 1, page)
    ${event}
    let w = futex_wake(page, 1)
    print "woke", w
  }
}
`;

function outputs(text: string, strategy: string): string[] {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy, checkInvariants: true });
  s.run();
  return s.output.map((o) => `${o.thread}: ${o.text}`);
}

const W2_FIRST = ['P/main: woke 1', 'P/W2: W2 0', 'P/W1: W1 -110'];

describe('a re-key keeps the queue order of a key', () => {
  it('rusty-2003: futex_rehash at add_to_swap (swap_out)', () => {
    expect(outputs(scenario('swap_out page'), 'rusty-2003')).toEqual(W2_FIRST);
  });

  for (const strategy of ['vcache', 'rusty-2003']) {
    it(`${strategy}: the COW callback (the page is shared with a child, the parent writes it)`, () => {
      expect(outputs(scenario('store page + 8, 1', 'fork C { sleep 300 }'), strategy)).toEqual(W2_FIRST);
    });
  }
});
