// FUTEX_FD registrations are waiters too (SEMANTICS.md "The reference oracle"), for the two
// verdicts that used to look at a thread's own wait only:
// - a thread hung in poll on a FUTEX_FD whose mapping was unmapped waits through that
//   registration: undefined behaviour, a note (it was a `hung` anomaly: the registration's record,
//   whose tid is -1, was never found); a poll on an intact registration is still hung;
// - a futex_waitv hung with one entry unmapped and another intact is hung, whatever the order;
// - a requeue that moves a registration whose mm died (its mm slot recycled: Lokier's 8 Sep 2003
//   reference patch, "steal wakeups from other, unrelated programs") matched a waiter whose mm
//   lifetime had ended: stale-match, as a wake that wakes it (it was a wrong-wakeup).
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

function run(text: string, strategy: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy });
  s.run();
  return s;
}

const pollScenario = `
process X {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread p1 {
    store b, 0
    let fd = futex_fd(b)
    munmap b
    poll(fd)
  }
  thread p2 {
    store a, 0
    let fd = futex_fd(a)
    poll(fd)
  }
}
`;

const requeueScenario = `
option jamie-2003.refs = false
process A {
  map buf = anon private rw pages 1
  thread main {
    store buf, 0
    let fd = futex_fd(buf)
    exec
    sleep 100
  }
}
process B {
  thread main {
    sleep 5
    fork C {
      map buf = anon private rw pages 1
      map other = anon private rw pages 1
      store buf, 0
      store other, 0
      let n = futex_requeue(buf, 0, 1, other)
      print "C requeue", n
    }
  }
}
`;

describe('oracle: FUTEX_FD registrations as waiters', () => {
  for (const strategy of ['pinned-page', 'jamie-2003']) {
    it(`${strategy}: poll on a registration whose page was unmapped is a note, an intact one is hung`, () => {
      const s = run(pollScenario, strategy);
      expect(s.result).toBe('deadlock');
      expect(s.anomalies.map((a) => [a.kind, a.thread])).toEqual([['hung', 'X/p2']]);
      expect(s.notes.map((n) => n.message)).toEqual([expect.stringMatching(/^X\/p1 is still blocked in poll\(fd 3\).*munmap: undefined behaviour/)]);
    });
  }

  for (const strategy of ['jamie-2003', 'rusty-2003']) {
    it(`${strategy}: a requeue that moves a registration of a dead mm is a stale match`, () => {
      const s = run(requeueScenario, strategy);
      expect(s.output.map((o) => o.text)).toEqual(['C requeue 1']);
      expect(s.anomalies.map((a) => [a.kind, a.thread, a.others])).toEqual([['stale-match', 'C/main', ['A fd 3']]]);
      expect(s.anomalies[0].message).toMatch(/\(dead\)/);
    });
  }

  it('jamie-2003 with its references: the mm slot is not recycled, nothing is moved', () => {
    const s = run(requeueScenario.replace('option jamie-2003.refs = false', ''), 'jamie-2003');
    expect(s.output.map((o) => o.text)).toEqual(['C requeue 0']);
    expect(s.anomalies).toEqual([]);
  });

  it('modern: a futex_waitv with one entry unmapped is hung whatever the entries\' order; with every entry unmapped, a note', () => {
    const s = run(`
process X {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread w1 {
    store a, 0
    store b, 0
    futex_waitv([b, 0], [a, 0])
  }
  thread w2 {
    futex_waitv([a + 8, 0], [b + 8, 0])
  }
  thread w3 {
    futex_waitv([b + 16, 0], [b + 20, 0])
  }
  thread k {
    sleep 3
    munmap b
  }
}
`, 'modern');
    expect(s.anomalies.map((a) => [a.kind, a.thread])).toEqual([['hung', 'X/w1'], ['hung', 'X/w2']]);
    expect(s.notes.map((n) => n.message)).toEqual([expect.stringMatching(/^X\/w3 is still blocked in futex_waitv.*munmap: undefined behaviour/)]);
  });
});
