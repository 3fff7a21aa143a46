// explore keeps to its memory budget on huge states: the explorer's part arena doubles when full,
// and a fork bomb of a 20,000-page process took it from 256 to 512 MB between two budget checks,
// peaking at 1.16-1.21 GB under the default 768 MB (the seventh session's user-path audit); at
// --max-memory 400 it peaked at 659 MB. The check now counts an imminent doubling as resident.
// Through bin/futexlab.js; the peak is the process's own maxRSS, written at exit by a preload.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const dir = mkdtempSync(join(tmpdir(), 'futexlab-mem-'));
const preload = join(dir, 'maxrss.cjs');
writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `maxrss ${process.resourceUsage().maxRSS}\\n`));\n");

const BOMB = `process A {
  map m = anon private rw pages 20000
  thread main {
    let i = 0
    while i < 20000 {
      store m + i * 4096, 1
      i = i + 1
    }
    while 1 { fork C { exit } }
  }
}
`;

describe('explore --max-memory on huge states', () => {
  it.each([['default'], ['dpor'], ['none']])('a fork bomb of a 20,000-page process stays under --max-memory 400 (--reduction %s)', (reduction) => {
    const file = join(dir, 'bomb.futex');
    writeFileSync(file, BOMB);
    const r = spawnSync(process.execPath, ['--require', preload, cli, 'explore', file, '--max-memory', '400', '--reduction', reduction], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toContain('the memory budget (--max-memory 400 MB) ran out before the space was covered');
    expect(r.status).toBe(3);
    const kb = Number(/maxrss (\d+)/.exec(r.stderr)?.[1]);
    expect(kb).toBeGreaterThan(0);
    expect(kb / 1024).toBeLessThan(400);
  }, 130_000);
});
