// TIDs and the version-2 constants (LANGUAGE.md "Version 2 additions", TIDs and Constants):
// TIDs in creation order from 101, declared threads first, never reused; a process's PID is its
// first thread's TID; gettid(THREAD) of a thread not created yet is -ESRCH.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

function run(text: string): Session {
  const r = loadProgram(text, 'tid.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy: 'modern', checkInvariants: true });
  s.run();
  return s;
}
const lines = (s: Session) => s.output.map((o) => `${o.thread}: ${o.text}`);

describe('gettid', () => {
  it('numbers declared threads from 101 in declaration order, then created threads', () => {
    const s = run(`process A {
  thread one {
    let me = gettid()
    let later = gettid(extra)
    print "one", me, later
    spawn extra {
      let x = gettid()
      print "extra", x
    }
    yield
    let e = gettid(extra)
    let two = gettid(B/two)
    print "after", e, two
  }
}
process B {
  thread two {
    let x = gettid()
    print "two", x
  }
}
`);
    expect(s.result).toBe('ok');
    expect(lines(s)).toEqual(['A/one: one 101 -3', 'B/two: two 102', 'A/extra: extra 103', 'A/one: after 103 102']);
  });

  it('is refused for an undeclared thread, with its location', () => {
    const r = loadProgram('process A {\n  thread one { let x = gettid(nobody) }\n}\n', 'bad.futex');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]!.message).toContain("no thread 'nobody'");
      expect(r.diagnostics[0]!.range.start.line).toBe(2);
    }
  });
});

describe('version-2 constants', () => {
  it('FUTEX_WAITERS is what load returns for bit 31 (sign-extended), and the errnos have Linux numbers', () => {
    const s = run(`process A {
  map w = anon private rw pages 1
  thread t {
    let me = gettid()
    store w, me | FUTEX_WAITERS
    let v = load w
    print v == (101 | FUTEX_WAITERS), v & FUTEX_TID_MASK, FUTEX_OWNER_DIED, EPERM, ESRCH, EOWNERDEAD, ENOTRECOVERABLE
  }
}
`);
    expect(lines(s)).toEqual(['A/t: 1 101 1073741824 1 3 130 131']);
  });
});
