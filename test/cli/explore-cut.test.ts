// "No failure within the bounds" says which bounds (issue #11: a verdict users read as a proof):
// a loop that never ends reads as schedules ended at max_steps, and paths cut by --max-depth or
// --preemptions are counted, in the text and in JSON (`cut`); a search no bound touched prints
// no such line and counts zeros. Through the command users run (bin/futexlab.js).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutexModel } from '../../bench/explore-models';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LOOP = `scenario "a counter that never ends"
process P {
  map mem = anon private rw pages 1
  thread t0 {
    let i = 0
    while 1 {
      i = i + 1
    }
  }
}
`;

describe('explore names the bounds that cut its search', () => {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-cut-'));
  const loop = join(dir, 'loop.futex');
  writeFileSync(loop, LOOP);
  const small = join(dir, 'mutex3-2.futex');
  writeFileSync(small, mutexModel('mutex3', 2));

  it('a loop that never ends: its schedule ended at max_steps, said in text and JSON', () => {
    const r = run(['explore', loop, '--option', 'max_steps=500']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('no failure within the bounds: the space is exhausted');
    expect(lines[1]).toBe('bounds reached: 1 schedule ended at max_steps, a thread still able to run (--option max_steps=N raises it)');
    const j = JSON.parse(run(['explore', loop, '--option', 'max_steps=500', '--json']).stdout);
    expect(j.cut).toEqual({ maxSteps: 1, maxOutput: 0, maxDepth: 0, preemptions: 0 });
  });

  it('--max-depth and --preemptions are counted as paths cut', () => {
    const d = run(['explore', 'examples/mutex2.futex', '--max-depth', '30', '--reduction', 'none', '--json']);
    const jd = JSON.parse(d.stdout);
    expect(jd.cut.maxDepth).toBeGreaterThan(0);
    const t = run(['explore', 'examples/mutex2.futex', '--max-depth', '30', '--reduction', 'none']);
    expect(t.stdout).toMatch(new RegExp(`^bounds reached: ${jd.cut.maxDepth.toLocaleString('en-US')} paths? cut at --max-depth$`, 'm'));
    const p = JSON.parse(run(['explore', 'examples/mutex2.futex', '--preemptions', '0', '--json']).stdout);
    expect(p.cut.preemptions).toBeGreaterThan(0);
  });

  it('a search no bound touched: no such line, and zeros', () => {
    const r = run(['explore', small]);
    expect(r.stdout).toMatch(/^no failure: the space is exhausted$/m);
    expect(r.stdout).not.toMatch(/bounds reached/);
    const j = JSON.parse(run(['explore', small, '--json']).stdout);
    expect(j.cut).toEqual({ maxSteps: 0, maxOutput: 0, maxDepth: 0, preemptions: 0 });
  });
});
