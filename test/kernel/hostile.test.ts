// Valid programs that used to end in an internal error (issue #14): each class fixed at its root,
// in the kernel's thread and mm lifecycle, the setup, or the word arithmetic.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { BINARY, compileExpr } from '../../src/session/expr';
import { EFAULT, PAGE_SIZE } from '../../src/kernel/types';
import { ptesIn } from '../../src/kernel/mm';
import type { Mm } from '../../src/kernel/state';
import fc from 'fast-check';

function session(text: string, options: Record<string, string> = {}): Session {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return new Session(r.program, { options, checkInvariants: true });
}

const texts = (s: Session) => s.output.map((o) => o.text);

describe('thread and mm lifecycle at setup', () => {
  it('a first thread with an empty block does not tear the mm down under its siblings', () => {
    const s = session(`
process A {
  map m = anon private rw pages 1
  thread main { }
  thread b { store m, 5
    print "b", load_ok }
}
`.replace('load_ok', '1'));
    expect(s.run()).toBe('ok');
    expect(texts(s)).toEqual(['b 1']);
  });

  it('every thread empty: the process ends at once, the run is ok', () => {
    const s = session('process A {\n  thread main { }\n  thread b { }\n}\nprocess B {\n  thread main { print "B" }\n}\n');
    expect(s.run()).toBe('ok');
    expect(texts(s)).toEqual(['B']);
  });
});

describe('a setup whose mmap failed', () => {
  for (const [why, decl] of [
    ['pages 0', 'map m = anon private rw pages 0'],
    ['past TASK_SIZE', 'map m = anon private rw pages 0x10_0000_0000'],
    ['a shared rw mapping of a file opened rdonly', 'map m = file f shared rw open rdonly pages 1'],
  ]) {
    it(`${why}: the initial store is a failed syscall of step 0, the threads run`, () => {
      const s = session(`file f pages 1\nprocess A {\n  ${decl}\n  store m, 1\n  thread main { print "ran" }\n}\n`);
      expect(s.run()).toBe('ok');
      expect(texts(s)).toEqual(['ran']);
      const failed = s.events.filter((e) => e.type === 'syscall' && e.tid === -1);
      expect(failed.map((e) => (e.type === 'syscall' ? [e.name, e.ret] : []))).toEqual([
        [`mmap m`, expect.any(Number)],
        ['store', -EFAULT],
      ]);
    });
  }

  it('a later map placed at a failed one, and a store dividing by zero, fail the same way', () => {
    const s = session('process A {\n  map m = anon private rw pages 0\n  map n = anon private rw pages 1 at m\n  map k = anon private rw pages 1\n  store k, 1 / 0\n  thread main { print "ran" }\n}\n');
    expect(s.run()).toBe('ok');
    expect(texts(s)).toEqual(['ran']);
  });
});

describe('word arithmetic', () => {
  const ev = (src: string) => {
    const s = session(`process A {\n  thread main {\n    let z = 0\n    let m = -1\n    print ${src}\n  }\n}\n`);
    expect(s.run()).toBe('ok');
    return texts(s)[0]!.replace('A/main: ', '');
  };

  it('no -0: negation, division and remainder give +0', () => {
    expect(Object.is(BINARY['/']!(-1, 2), 0)).toBe(true);
    expect(Object.is(BINARY['%']!(-4, 2), 0)).toBe(true);
    expect(Object.is(BINARY['*']!(-1, 0), 0)).toBe(true);
    const neg = compileExpr({ kind: 'unary', op: '-', operand: { kind: 'int', value: 0, range: undefined as never }, range: undefined as never });
    expect(Object.is(neg({ regs: [], mapAddr: () => undefined }), 0)).toBe(true);
  });

  it('quotients and negations past 2^63 wrap to 64 bits', () => {
    expect(ev('(-9223372036854775808) / m')).toBe('-9223372036854775808');
    expect(ev('-(-9223372036854775808)')).toBe('-9223372036854775808');
    expect(ev('0xffff_ffff_ffff_ffff')).toBe('-1');
    expect(ev('0x7fff_ffff_ffff_ffff + 1 < 0')).toBe('1');
  });

  it('a literal too large for a word is a located error, never Infinity at run time', () => {
    const r = loadProgram(`process A {\n  thread main {\n    let x = ${'9'.repeat(400)}\n    print x * 2\n  }\n}\n`, 't.futex');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col}`)).toEqual(['3:13']);
  });
});

describe('page-table walks in time proportional to the ptes', () => {
  it('ptesIn gives what a walk of every page gives', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }), fc.integer({ min: 0, max: 220 }), fc.integer({ min: 0, max: 220 }), (vpns, a, b) => {
        const m = { pt: new Map(vpns.map((v) => [0x10000 + v, 1])) } as unknown as Mm;
        const start = (0x10000 + Math.min(a, b)) * PAGE_SIZE;
        const end = (0x10000 + Math.max(a, b)) * PAGE_SIZE;
        const plain: number[] = [];
        for (let x = start; x < end; x += PAGE_SIZE) if (m.pt.has(x / PAGE_SIZE)) plain.push(x);
        expect(ptesIn(m, start, end)).toEqual(plain);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('a 3 GiB mapping forked, mprotected, remapped and unmapped again and again stays cheap', () => {
    // 720,000 pages a walk: 2,000 such steps walked every page took minutes.
    const s = session(`process A {\n  map m = anon private rw pages 720000\n  thread main {\n    store m, 1\n    let i = 0\n    while i < 400 {\n      mprotect m, r\n      mprotect m, rw\n      madvise m, dontneed\n      store m + 4096 * 700000, 2\n      fork C { exit }\n      i = i + 1\n    }\n    munmap m\n    print "done"\n  }\n}\n`);
    expect(s.run()).toBe('ok');
    expect(texts(s)).toEqual(['done']);
  });
});
