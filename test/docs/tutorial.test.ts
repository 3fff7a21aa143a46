// docs/tutorial.md tells the truth: its scenario, run with the commands it shows (through the
// built bin), prints the lines it quotes, before and after the fix it describes.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const text = readFileSync(join(root, 'docs', 'tutorial.md'), 'utf8');
/** The fenced blocks, in order, with their language tag. */
const blocks = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
let dir: string;

function futexlab(line: string) {
  const args = line.replace(/^npx futexlab /, '').split(/\s+/);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'futexlab.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout };
}

/** The output block right after the sh block that holds `command`. */
function quoted(command: string): string[] {
  const i = blocks.findIndex((b) => b.lang === 'sh' && b.body.trim() === command);
  expect(i, command).toBeGreaterThanOrEqual(0);
  return blocks[i + 1].body.split('\n').filter((l) => l && l !== '...');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'futexlab-tutorial-'));
  writeFileSync(join(dir, 'event.futex'), blocks.find((b) => b.lang === '' && b.body.startsWith('scenario'))!.body);
});

describe('docs/tutorial.md', () => {
  it('steps 2 and 3: run, run under round-robin and explore print what the tutorial quotes', () => {
    for (const [cmd, code] of [['npx futexlab run event.futex', 0], ['npx futexlab run event.futex --schedule round-robin', 1],
      ['npx futexlab explore event.futex --out trace.json', 1]] as const) {
      const r = futexlab(cmd);
      expect(r.code, cmd).toBe(code);
      for (const line of quoted(cmd)) {
        if (/ in \d+\.\d+ s$/.test(line)) expect(r.stdout).toContain(line.replace(/ in [\d.]+ s$/, ' in'));
        else expect(r.stdout.split('\n'), cmd).toContain(line);
      }
    }
    expect(futexlab('npx futexlab replay event.futex trace.json').code).toBe(1);
  });

  it('steps 5 and 6: the fix, as written, explores clean, and compare shows pinned-page still hangs', () => {
    const fix = blocks.find((b) => b.lang === '' && b.body.includes('futex_wait(mem, 0)'))!.body;
    expect(fix).toContain('futex_wake(mem, 1)');
    const src = readFileSync(join(dir, 'event.futex'), 'utf8');
    writeFileSync(join(dir, 'event.futex'), src.replace('futex_wait(mem + 4, 0)', 'futex_wait(mem, 0)').replace('futex_wake(mem + 4, 1)', 'futex_wake(mem, 1)'));
    const explore = futexlab('npx futexlab explore event.futex');
    expect(explore.code).toBe(0);
    expect(explore.stdout).toContain(quoted('npx futexlab explore event.futex')[0]);
    const compare = futexlab('npx futexlab compare event.futex');
    for (const line of quoted('npx futexlab compare event.futex')) expect(compare.stdout.split('\n')).toContain(line);
  });
});
