// Address-space limits of the simulated machine (issue #14): mmap and mremap both stop at
// TASK_SIZE and fail with the errno the kernel returns, in bounded time, never an abort.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { resolveOptions, UsageError } from '../../src/session/options';
import { checkOption, isBucketCount, MAX_BUCKETS } from '../../src/lang/options';
import { EINVAL, ENOMEM, TASK_SIZE } from '../../src/kernel/types';

function session(text: string, options: Record<string, string> = {}): Session {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return new Session(r.program, { options });
}

/** One mapping, one mremap of it, then a store and load through the (unchanged) name. */
const remap = (tail: string) => `
process P {
  map m = anon private rw pages 1
  thread main {
    mremap m, ${tail}
    store m, 7
    let x = load m
    print "after", x
  }
}
`;

function syscalls(s: Session, name: string) {
  return s.events.filter((e) => e.type === 'syscall' && e.name === name).map((e) => (e.type === 'syscall' ? e.ret : 0));
}

describe('mremap address-space limit', () => {
  it('a page count past TASK_SIZE (2^53+1 pages) fails with -ENOMEM and the mapping is kept', () => {
    const s = session(remap('pages 9007199254740993'));
    expect(s.run()).toBe('ok');
    expect(syscalls(s, 'mremap m')).toEqual([-ENOMEM]);
    expect(s.output.map((o) => o.text)).toEqual(['after 7']);
  });

  it('the largest growth that still fits below TASK_SIZE succeeds; one page more is -ENOMEM', () => {
    const start = 0x10000000; // MMAP_BASE: the first mapping of the mm
    const fit = (TASK_SIZE - start) / 4096;
    const ok = session(remap(`pages ${fit}`));
    expect(ok.run()).toBe('ok');
    expect(syscalls(ok, 'mremap m')).toEqual([]);
    const over = session(remap(`pages ${fit + 1}`));
    expect(over.run()).toBe('ok');
    expect(syscalls(over, 'mremap m')).toEqual([-ENOMEM]);
  });

  it('a fixed destination whose end passes TASK_SIZE is -EINVAL (mremap_to)', () => {
    const s = session(remap('pages 2, to 0xbfff_f000'));
    expect(s.run()).toBe('ok');
    expect(syscalls(s, 'mremap m')).toEqual([-EINVAL]);
    expect(s.output.map((o) => o.text)).toEqual(['after 7']);
  });

  it('an ordinary grow and move still work', () => {
    const s = session(remap('pages 4, to 0x4000_0000'));
    expect(s.run()).toBe('ok');
    expect(syscalls(s, 'mremap m')).toEqual([]);
    expect(s.output.map((o) => o.text)).toEqual(['after 7']);
  });
});

describe('buckets: power of two up to 2^20, decided without 32-bit arithmetic', () => {
  const rejected = ['0', '3', '1073741824', '4294967296', '2097152', '9007199254740992', '1_048_577'];
  const accepted = ['1', '2', '256', '0x100', '1048576'];

  it('the language check and the session agree', () => {
    for (const v of rejected) {
      expect(checkOption('buckets', v)?.where, v).toBe('value');
      expect(() => resolveOptions({ options: [] } as never, { options: { buckets: v } }), v).toThrow(UsageError);
    }
    for (const v of accepted) {
      expect(checkOption('buckets', v), v).toBeUndefined();
      expect(resolveOptions({ options: [] } as never, { options: { buckets: v } }).buckets).toBe(Number(v.replace(/_/g, '')));
    }
  });

  it('isBucketCount matches the plain definition (differential, every n up to 2^21 and the big ones)', () => {
    const plain = new Set<number>();
    for (let p = 1; p <= MAX_BUCKETS; p *= 2) plain.add(p);
    for (let n = -2; n <= 2 ** 21; n++) if (isBucketCount(n) !== plain.has(n)) throw new Error(`disagree at ${n}`);
    for (const n of [2 ** 30, 2 ** 32, 2 ** 32 + 1, 2 ** 53, NaN, Infinity, 0.5]) expect(isBucketCount(n), String(n)).toBe(false);
  });
});

describe('through the installed CLI', () => {
  const root = join(__dirname, '..', '..');
  const cli = join(root, 'bin', 'futexlab.js');
  let file = '';
  beforeAll(() => {
    file = join(mkdtempSync(join(tmpdir(), 'futexlab-limits-')), 'remap.futex');
    writeFileSync(file, remap('pages 9007199254740993'));
  });

  it('the huge mremap ends with result ok and the -ENOMEM in the trace', () => {
    const r = spawnSync(process.execPath, [cli, 'run', file, '--json'], { encoding: 'utf8', timeout: 20000 });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.result).toBe('ok');
    expect(j.output.map((o: { text: string }) => o.text)).toEqual(['after 7']);
  });

  it('--option buckets=1073741824 and 4294967296 are usage errors (exit 2), not a crash', () => {
    for (const v of ['1073741824', '4294967296']) {
      const r = spawnSync(process.execPath, [cli, 'run', file, '--option', `buckets=${v}`], { encoding: 'utf8', timeout: 20000 });
      expect(r.status, v).toBe(2);
      expect(r.stderr, v).toMatch(/buckets/);
      expect(r.stderr, v).not.toMatch(/internal error|Invalid array length/);
    }
  });
});
