// Language errors on the command line are bounded (the project's bounded-output rule): one bad
// byte is one error, so 1 MB of '@' or a binary file used to print 1,000,000 located lines (60 MB)
// on stderr and 83 MB of JSON. The first MAX_LISTED_DIAGNOSTICS are printed, the rest counted.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_LISTED_DIAGNOSTICS } from '../../src/lang/diagnostic-list';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const dir = mkdtempSync(join(tmpdir(), 'futexlab-errlist-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 30 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a scenario with very many errors', () => {
  // '@ ' repeated: N separate errors (a run of '@' is one error, test/lang/lexer.test.ts).
  const N = 200_000;
  writeFileSync(join(dir, 'at.futex'), '@ '.repeat(N));

  it('prints the first ones, located, and counts the rest: exit 2', () => {
    const r = run(['run', 'at.futex']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(MAX_LISTED_DIAGNOSTICS + 1);
    expect(lines[0]).toBe("at.futex:1:1: error: unexpected character '@' (U+0040)");
    expect(lines[MAX_LISTED_DIAGNOSTICS - 1]).toBe(`at.futex:1:${2 * MAX_LISTED_DIAGNOSTICS - 1}: error: unexpected character '@' (U+0040)`);
    expect(lines[MAX_LISTED_DIAGNOSTICS]).toBe(`futexlab: at.futex: ${(N - MAX_LISTED_DIAGNOSTICS).toLocaleString('en-US')} more errors not shown`);
  });

  it('with --json: the listed diagnostics and the number left out', () => {
    const r = run(['compare', 'at.futex', '--json']);
    expect(r.code).toBe(2);
    const e = JSON.parse(r.stdout).error;
    expect(e.diagnostics).toHaveLength(MAX_LISTED_DIAGNOSTICS);
    expect(e.diagnostics[0]).toEqual({ file: 'at.futex', line: 1, col: 1, severity: 'error', message: "unexpected character '@' (U+0040)" });
    expect(e.omitted).toBe(N - MAX_LISTED_DIAGNOSTICS);
    expect(r.stdout.length).toBeLessThan(100_000);
  });

  it('a few errors are all listed, with no count and no omitted field', () => {
    writeFileSync(join(dir, 'few.futex'), '@ @ @');
    const r = run(['run', 'few.futex', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([1, 3, 5].map((c) => `few.futex:1:${c}: error: unexpected character '@' (U+0040)`));
    expect(JSON.parse(r.stdout).error).not.toHaveProperty('omitted');
  });
});

// A UTF-16 file read as UTF-8 made 100 "unexpected character" errors and a count: its
// byte-order mark is two invalid bytes and every character has a NUL beside it.
describe('a UTF-16 file', () => {
  const text = 'process A { thread main { } }\n';
  const be = Buffer.from(text, 'utf16le').swap16();
  it.each([
    ['le.futex', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['be.futex', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
  ])('%s: one error at 1:1 saying so', (name, bytes) => {
    writeFileSync(join(dir, name), bytes);
    const r = run(['run', name]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${name}:1:1: error: the file is UTF-16 (it begins with a UTF-16 byte-order mark); scenarios are UTF-8\n`);
  });

  it('the same text in UTF-8, with or without its byte-order mark, runs', () => {
    writeFileSync(join(dir, 'u8.futex'), '\ufeff' + text);
    expect(run(['run', 'u8.futex']).code).toBe(0);
  });
});
