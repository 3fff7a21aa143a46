// The simulated machine's limits (issue #14): each ends in the errno the kernel returns or in a
// result of its own, in bounded time, never an abort; each is a scenario option.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { bucketKeyCache } from '../../src/kernel/futex/core';
import { EAGAIN, EFAULT, EMFILE, ENOMEM } from '../../src/kernel/types';
import { scenario, thread } from './random-scenario';

function session(text: string, options: Record<string, string> = {}): Session {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return new Session(r.program, { options, checkInvariants: true });
}

const texts = (s: Session) => s.output.map((o) => o.text.replace(/^[^:]*: /, ''));
const failed = (s: Session, prefix: string) =>
  s.events.flatMap((e) => (e.type === 'syscall' && e.name.startsWith(prefix) ? [e.ret] : []));

describe('processes and threads', () => {
  it('fork past max_processes is -EAGAIN: the caller goes on without a child', () => {
    const s = session('process A {\n  thread main {\n    let i = 0\n    while i < 6 {\n      fork C { sleep 100 }\n      i = i + 1\n    }\n    print "done"\n  }\n}\n', { max_processes: '4' });
    expect(s.run()).toBe('ok');
    expect(texts(s)).toEqual(['done']);
    expect(failed(s, 'fork')).toEqual([-EAGAIN, -EAGAIN, -EAGAIN]);
    expect(s.k.s.procs.length).toBe(4);
  });

  it('spawn past max_threads is -EAGAIN; an ended thread frees its slot', () => {
    const s = session('process A {\n  thread main {\n    spawn a { sleep 5 }\n    spawn b { sleep 5 }\n    sleep 10\n    spawn c { print "c" }\n  }\n}\n', { max_threads: '2' });
    expect(s.run()).toBe('ok');
    expect(failed(s, 'spawn')).toEqual([-EAGAIN]);
    expect(texts(s)).toEqual(['c']);
  });

  it('a fork whose page tables pass the budget (16 ptes per allowed frame) is -ENOMEM', () => {
    // Reads map the ZERO_PAGE: 20 ptes and no frame.
    const s = session('process A {\n  map m = anon private rw pages 20\n  thread main {\n    let i = 0\n    while i < 20 {\n      let x = load m + i * 4096\n      i = i + 1\n    }\n    fork C { print "child" }\n    print "parent"\n  }\n}\n', { max_frames: '1' });
    expect(s.run()).toBe('ok');
    expect(failed(s, 'fork')).toEqual([-ENOMEM]);
    expect(texts(s)).toEqual(['parent']);
  });
});

describe('frames, fds, call depth, output', () => {
  it('a fault with every frame in use kills the thread (VM_FAULT_OOM); a futex op that reads the word gets -EFAULT (the uaccess fixup)', () => {
    const s = session('process A {\n  map m = anon private rw pages 4\n  thread main {\n    store m, 1\n    store m + 4096, 2\n    print "two"\n    store m + 8192, 3\n    print "three"\n  }\n  thread w {\n    let r = futex_wait(m + 12288, 0)\n    print "wait", r\n  }\n}\n', { max_frames: '2' });
    s.run();
    expect(texts(s)).toEqual(['two', `wait ${-EFAULT}`]);
    expect(s.k.s.tasks[0]!.state).toBe('killed');
    expect(s.k.s.tasks[0]!.killedBy).toMatch(/^out of memory at 0x10002000: all 2 page frames are in use \(option max_frames\)$/);
  });

  it('futex_fd past max_fds is -EMFILE, before queueing anything; a closed fd is reused lowest first', () => {
    const s = session('option strategy = pinned-page\nprocess A {\n  map m = anon shared rw pages 1\n  thread main {\n    let a = futex_fd(m)\n    let b = futex_fd(m)\n    let c = futex_fd(m)\n    print a, b, c\n    close(a)\n    let d = futex_fd(m)\n    let e = futex_fd(m)\n    print d, e\n  }\n}\n', { max_fds: '2' });
    expect(s.run()).toBe('ok');
    expect(texts(s)).toEqual([`3 4 ${-EMFILE}`, `3 ${-EMFILE}`]);
    expect(s.k.s.futex.queues.size).toBe(0);
  });

  it('a call past max_call_depth is a stack overflow: the thread dies, the others run', () => {
    const s = session('fn f(n) { f(n + 1) }\nprocess A {\n  thread main { f(0) }\n  thread b { print "b" }\n}\n', { max_call_depth: '50' });
    s.run();
    expect(texts(s)).toEqual(['b']);
    expect(s.k.s.tasks[0]!.killedBy).toBe('stack overflow: call depth 50 (option max_call_depth)');
  });

  it('printing past max_output ends the run with output-limit, the output kept to the budget', () => {
    const s = session('process A {\n  thread main { while 1 { print "0123456789" } }\n}\n', { max_output: '100' });
    expect(s.run()).toBe('output-limit');
    expect(s.output.length).toBe(9); // the text and its newline, 11 characters a line ("A/main: " not counted)
    expect(s.endMessage).toBe('the output budget (max_output 100 characters) is spent');
  });

  it('every limit is a scenario option, checked where it is written', () => {
    const r = loadProgram('option max_fds = -1\noption max_frames = 0x40_0000_0000_0000\noption max_output = 12\nprocess A { thread main { } }\n', 't.futex');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line}:${d.range.start.col}`)).toEqual(['1:18', '2:21']);
  });
});

describe('the bucket-key memo of queue_me', () => {
  it('counts the same hash collisions and emits the same events as a scan of the bucket', () => {
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom('1', '2', '16'), (a, b, c, buckets) => {
        const run = (cache: boolean) => {
          bucketKeyCache.enabled = cache;
          try {
            const s = session(scenario(a, b, c), { max_steps: '300', buckets, strategy: 'pinned-page' });
            s.run();
            return { collisions: s.k.s.stats.hashCollisions, events: JSON.stringify(s.events) };
          } finally {
            bucketKeyCache.enabled = true;
          }
        };
        expect(run(true)).toEqual(run(false));
      }),
      { numRuns: 60, seed: 14 },
    );
  });
});

describe('vmas per mm', () => {
  it('mmap past max_map_count is -ENOMEM; so is a munmap that must split a vma', () => {
    const s = session('process A {\n  map m = anon private rw pages 3\n  thread main {\n    map a = anon private rw pages 1\n    map b = anon private rw pages 1\n    munmap m + 4096, pages 1\n    let x = load m + 4096\n    print "done"\n  }\n}\n', { max_map_count: '2' });
    expect(s.run()).toBe('ok');
    expect(failed(s, 'mmap')).toEqual([-ENOMEM]);
    // The middle page is still mapped (the load did not fault): the split was refused.
    expect(texts(s)).toEqual(['done']);
    expect(s.events.filter((e) => e.type === 'munmap')).toHaveLength(0); // refused before any change
  });

  it('a loop of mmaps stops at the limit, in time linear in the steps', () => {
    const s = session('process A {\n  thread main { while 1 { map n = anon private rw pages 1 } }\n}\n', { max_steps: '20000' });
    expect(s.run()).toBe('step-limit');
    expect(s.k.s.mms[s.k.s.procs[0]!.mm]!.vmas.length).toBe(4096);
    expect(failed(s, 'mmap').length).toBe(10000 - 4096);
  });
});

describe('address space per mm', () => {
  it('mmap and mremap growth past max_mm_pages are -ENOMEM; shrinking is fine', () => {
    const s = session('process A {\n  map m = anon private rw pages 3\n  thread main {\n    map a = anon private rw pages 2\n    map b = anon private rw pages 1\n    mremap m, pages 5\n    mremap m, pages 4\n    mremap m, pages 1\n    map c = anon private rw pages 2\n    print "done"\n  }\n}\n', { max_mm_pages: '5' });
    expect(s.run()).toBe('ok');
    expect(failed(s, 'mmap')).toEqual([-ENOMEM]);
    expect(failed(s, 'mremap')).toEqual([-ENOMEM, -ENOMEM]);
    expect(texts(s)).toEqual(['done']);
  });
});

describe('limits hit everywhere', () => {
  it('random scenarios under tight limits end under every strategy with the invariants intact', () => {
    const tight = { max_frames: '4', max_fds: '1', max_map_count: '6', max_processes: '2', max_threads: '3', max_mm_pages: '9', max_call_depth: '2', max_output: '40', max_steps: '1500' };
    const seen = new Set<string>();
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom('pinned-page', 'vcache', 'rusty-2003', 'jamie-2003', 'gorman-2013', 'modern'), (a, b, c, strategy) => {
        const s = session(scenario(a, b, c), { ...tight, strategy });
        expect(s.run()).not.toBeNull();
        for (const e of s.events) if (e.type === 'syscall' && e.ret < 0) seen.add(`${e.name.split(' ')[0]} ${e.ret}`);
        for (const t of s.k.s.tasks) if (t.killedBy.startsWith('out of memory')) seen.add('oom');
      }),
      { numRuns: 150, seed: 1401 },
    );
    // The limits were reached, not just configured.
    for (const hit of ['oom', `fork ${-EAGAIN}`, `mmap ${-ENOMEM}`, `mremap ${-ENOMEM}`]) expect([...seen], hit).toContain(hit);
  });
});
