// A C compiler that fails without a message (killed, out of memory, a CC that is no compiler):
// `native` said "the C compiler failed on the generated program:" and then an empty line. It now
// says how the compiler ended. Through bin/futexlab.js, with CC set and a fresh TMPDIR (so that no
// binary cached by another test is found instead of compiling).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');

function native(cc: string, command = 'native') {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-cc-'));
  const script = join(dir, 'cc.sh');
  writeFileSync(script, `#!/bin/sh\n${cc}\n`);
  chmodSync(script, 0o755);
  const r = spawnSync(process.execPath, [cli, command, 'examples/mutex1.futex'], {
    cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CC: script, TMPDIR: dir },
  });
  return { code: r.status, stderr: r.stderr, script };
}

describe.runIf(process.platform === 'linux')('native when the C compiler fails', () => {
  it('with no message: how it ended, no empty line', () => {
    const r = native('exit 3');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`futexlab native: the C compiler ('${r.script}') failed on the generated program (exit status 3), with no message\n`);
  });

  it('killed by a signal: the signal', () => {
    const r = native('kill -9 $$');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`futexlab native: the C compiler ('${r.script}') failed on the generated program (killed by SIGKILL), with no message\n`);
  });

  it('with messages: them, after a colon', () => {
    const r = native('echo "gen.c:1: error: bad" >&2\nexit 1');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`futexlab native: the C compiler ('${r.script}') failed on the generated program (exit status 1):\ngen.c:1: error: bad\n`);
  });

  it('under diff: the same detail, named by diff (NativeUnavailable.detail, not the message rewritten)', () => {
    const r = native('exit 3', 'diff');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`futexlab diff: the C compiler ('${r.script}') failed on the generated program (exit status 3), with no message\n`);
  });
});
