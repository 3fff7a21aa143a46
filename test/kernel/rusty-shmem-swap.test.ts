// A tmpfs page swapped out under a waiter and read back (GROUND-TRUTH §1(c); seed 001, Rusty's
// patch of 2 Sep 2003): move_to_swap_cache rehashes the waiter to (swapper_space, entry), and
// move_from_swap_cache rehashes it back to (mapping, index). The page was freed in between (the
// seed's shrink_list case), so it comes back through read_swap_cache_async: rusty-2003 once left
// the waiter on (swapper_space, entry) there, and the wake missed it (found by a probe of new
// scenarios on the rules, session 15). Every strategy wakes it.

import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { keyLabel } from '../../src/kernel/futex/futex';

function program(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return r.program;
}

// A SysV shm page: the waiter queues, its sibling swaps the page out (swap_out unmaps it, so it is
// freed) and wakes the word, which faults it back in.
const SHM = `scenario "shm page swapped out under a waiter"
shm seg pages 1
process P {
  map s = shm seg pages 1
  store s + 8, 0
  thread waiter {
    let r = futex_wait(s + 8, 0, timeout 50)
    print "waiter", r
  }
  thread main {
    swap_out s
    let n = futex_wake(s + 8, 1)
    print "main", n
  }
}`;

// MAP_SHARED|MAP_ANONYMOUS is a tmpfs inode too: the child swaps it out, writes and wakes.
const ANON_SHARED = `scenario "shared anon page swapped out under a waiter, across fork"
process P {
  map m = anon shared rw pages 1
  store m, 0
  thread main {
    fork C {
      sleep 5
      swap_out m
      store m + 4, 7
      let n = futex_wake(m, 1)
      print "C", n
    }
    let r = futex_wait(m, 0, timeout 50)
    print "P", r
  }
}`;

describe('a tmpfs page read back from swap under a waiter', () => {
  for (const [name, text, waker, waiter] of [['shm', SHM, 'P/main: main', 'P/waiter: waiter'], ['anon shared across fork', ANON_SHARED, 'C/main: C', 'P/main: P']]) {
    it(`${name}: every strategy wakes the waiter`, () => {
      for (const strategy of STRATEGY_IDS) {
        const s = new Session(program(text), { strategy, checkInvariants: true });
        expect(s.run(), strategy).toBe('ok');
        const lines = s.output.map((o) => `${o.thread}: ${o.text}`);
        expect(lines, strategy).toContain(`${waker} 1`);
        expect(lines, strategy).toContain(`${waiter} 0`);
        expect(s.anomalies, strategy).toEqual([]);
      }
    });
  }

  it('rusty-2003 rehashes the waiter to (swapper_space, entry) and back to (mapping, index)', () => {
    const s = new Session(program(SHM), { strategy: 'rusty-2003', eventLog: true });
    s.run();
    const moves = s.events.flatMap((e) => (e.type === 'rehash' ? [[keyLabel(e.from), keyLabel(e.to), e.reason.rule]] : []));
    expect(moves).toEqual([
      ['(mapping inode#1, index 0, +0x8)', '(swapper_space, entry 1, +0x8)', 'swap-cache'],
      ['(swapper_space, entry 1, +0x8)', '(mapping inode#1, index 0, +0x8)', 'mapping-index'],
    ]);
  });
});
