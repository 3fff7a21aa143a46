// COW of a swap-cache page: reused only if no other process still has the slot in a swap pte
// (2.6.0 can_share_swap_page -> exclusive_swap_page: "Is the only swap cache user the cache
// itself?"). A parent that swaps a page back in and writes it must not change the child's copy.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';

const text = `
process P {
  map word = anon private rw pages 1
  store word, 0
  thread main {
    fork C {
      sleep 20
      let v = load word
      print v
      let r = futex_wait(word, 0, timeout 5)
      print r
    }
    swap_out word
    let a = load word
    store word, 7
    let b = load word
    print b
  }
}
`;

describe('COW of a page another process still holds in swap', () => {
  for (const strategy of STRATEGY_IDS) {
    it(`copies under ${strategy}: the child still sees 0 and waits`, () => {
      const r = loadProgram(text, 't.futex');
      if (!r.ok) throw new Error('parse');
      const s = new Session(r.program, { strategy, checkInvariants: true });
      s.run();
      expect(s.output.map((o) => `${o.thread}: ${o.text}`)).toEqual(['P/main: 7', 'C/main: 0', 'C/main: -110']);
    });
  }
});
