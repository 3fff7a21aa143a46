// FILE '-' reads standard input in bounded memory, as a named file is read: readFileSync(0) read
// it whole, so `futexlab run - < /dev/zero` aborted with std::bad_alloc (no message, exit 134)
// and `yes | futexlab run -` grew without end (7 GB in 30 s).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');

function run(args: string[], stdin: number | string) {
  const fd = typeof stdin === 'number' ? stdin : undefined;
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: root, encoding: 'utf8', timeout: 60_000,
    ...(fd === undefined ? { input: stdin as string } : { stdio: [fd, 'pipe', 'pipe'] }),
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('run - (standard input)', () => {
  it('from /dev/zero: exit 2 and a message, not an abort', () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = run(['run', '-'], fd);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('futexlab: cannot read <stdin>: larger than 1048576 bytes\n');
    } finally {
      closeSync(fd);
    }
  });

  it('a pipe of more than 1 MB: the same error; with --json, the error object', () => {
    const r = run(['run', '-', '--json'], 'x '.repeat(600_000));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toBe('futexlab: cannot read <stdin>: larger than 1048576 bytes');
  });

  it('a scenario on standard input runs as before', () => {
    const r = run(['run', '-', '--schedule', 'round-robin'], readFileSync(join(root, 'examples', 'mutex1.futex'), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/result: ok \(\d+ steps\)\n$/);
  });
});
