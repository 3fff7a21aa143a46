// truncate zaps the private COW copies of the truncated pages too (unmap_mapping_range with
// even_cows = 1; 2.6.0 vmtruncate_list zap_page_range()s every vma mapping the file), so a load
// past the end of the file is SIGBUS in a MAP_PRIVATE mapping whether or not the page was
// written (LANGUAGE.md "Truncation"), and a waiter there is undefined behaviour to the oracle.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';

const scenario = (timeout: string) => `
file db pages 2
process P {
  map m = file db private rw pages 2
  thread main {
    store m + 4096, 0
    spawn T1 {
      let r = futex_wait(m + 4096, 0${timeout})
      print r
    }
    yield
    truncate db, pages 1
    let n = futex_wake(m + 4096, 1)
    print n
    let v = load m + 4096
    print "loaded", v
  }
}
`;

function run(text: string, strategy: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error('parse');
  const s = new Session(r.program, { strategy, checkInvariants: true });
  s.run();
  return s;
}

describe('truncate under a written MAP_PRIVATE file page', () => {
  for (const strategy of STRATEGY_IDS) {
    it(`${strategy}: the COW copy is zapped, the load is SIGBUS`, () => {
      const s = run(scenario(', timeout 100'), strategy);
      // jamie-2003 keys (mm, address) from the vma alone: its wake still finds the waiter.
      const expected = strategy === 'jamie-2003' ? ['P/main: 1', 'P/T1: 0'] : ['P/main: -14', 'P/T1: -110'];
      expect(s.output.map((o) => `${o.thread}: ${o.text}`)).toEqual(expected);
      expect(s.anomalies).toEqual([]);
    });
  }

  it('a waiter left blocked there is an undefined note, not a hung anomaly', () => {
    const s = run(scenario(''), 'modern');
    expect(s.result).toBe('deadlock');
    expect(s.anomalies).toEqual([]);
    expect(s.notes.map((n) => n.message).join('\n')).toMatch(/truncate: undefined behaviour/);
  });

  it('so is a private-op waiter on a MAP_SHARED mapping of the file ((mm, address) to the reference)', () => {
    const s = run(`
file db pages 2
process P {
  map m = file db shared rw pages 2
  thread main {
    spawn T1 {
      let r = futex_wait(m + 4096, 0, private)
    }
    yield
    truncate db, pages 1
  }
}
`, 'modern');
    expect(s.result).toBe('deadlock');
    expect(s.anomalies).toEqual([]);
    expect(s.notes.map((n) => n.message).join('\n')).toMatch(/truncate: undefined behaviour/);
  });
});
