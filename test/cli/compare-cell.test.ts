// compare's table is a summary: its output cell is cut after MAX_OUTPUT_CELL characters. A loop
// of prints up to max_output made every row, the header and its underline 2.85 MB wide (22.8 MB
// for the table); `run --strategy S` and `compare --json` still carry every line.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_OUTPUT_CELL } from '../../src/cli/compare';

const cli = join(__dirname, '..', '..', 'bin', 'futexlab.js');
const dir = mkdtempSync(join(tmpdir(), 'futexlab-cmp-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('compare with a lot of output', () => {
  it('a loop of prints: each row shows the first lines and counts the rest', () => {
    writeFileSync(join(dir, 'flood.futex'), 'option max_steps = 2000\nprocess P {\n  thread t {\n    while 1 { print "0123456789" }\n  }\n}\n');
    const runs = JSON.parse(run(['compare', 'flood.futex', '--json']).stdout).runs;
    const lines = runs[0].output.length;
    expect(lines).toBeGreaterThan(100);
    const r = run(['compare', 'flood.futex']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n');
    const modern = rows.find((l) => l.startsWith('modern '))!;
    const shown = Math.floor((MAX_OUTPUT_CELL + 2) / 'P/t: 0123456789; '.length);
    const more = runs.at(-1).output.length - shown;
    expect(modern).toContain(`${'P/t: 0123456789; '.repeat(shown)}… ${more} more lines (run --strategy modern prints them)`);
    for (const row of rows) expect(row.length).toBeLessThan(MAX_OUTPUT_CELL + 120);
  });

  it('one print longer than the cell is cut with an ellipsis', () => {
    writeFileSync(join(dir, 'long.futex'), `process P {\n  thread t {\n    print "${'y'.repeat(1000)}"\n  }\n}\n`);
    const r = run(['compare', 'long.futex']);
    const modern = r.stdout.split('\n').find((l) => l.startsWith('modern '))!;
    expect(modern).toContain(`P/t: ${'y'.repeat(MAX_OUTPUT_CELL - 5)}…  -`);
    expect(modern).not.toContain('more line');
  });
});
