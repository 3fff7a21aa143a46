// When the searches check their budgets (pacer.ts). A check every 256 transitions, or in random
// mode every 64 runs and only with a progress callback, let a scenario of 20,000 threads run 15 s
// under `explore --max-time 3`, and past 100 s in random mode (the seventeenth session's probe).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pacer } from '../../src/explore/pacer';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { explore } from '../../src/explore/search';
import { randomExplore } from '../../src/explore/random';

/** Threads that each add 1 to a word: a space no search covers, each step of it cheap. */
function counters(n: number): string {
  const threads = Array.from({ length: n }, (_, i) => `  thread t${i} { fetch_add w, 1 }`).join('\n');
  return `process A {\n  map w = anon private pages 1\n${threads}\n}\n`;
}

function program(text: string): Program {
  const r = loadProgram(text, 'pacer.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

describe('Pacer', () => {
  it('checks after 1, 2, 4, ... transitions up to 256 while they are fast, and halves the interval when one is slow', () => {
    let now = 0;
    const p = new Pacer(() => now);
    const due: number[] = [];
    for (let t = 1; t <= 1200; t++) if (p.tick()) due.push(t);
    expect(due.slice(0, 10)).toEqual([1, 3, 7, 15, 31, 63, 127, 255, 511, 767]);
    // Each transition now takes 60 ms: the interval comes down to one or two transitions.
    const slow: number[] = [];
    for (let t = 1; t <= 40; t++) {
      now += 60;
      if (p.tick()) slow.push(now);
    }
    const gaps = slow.slice(10).map((x, i) => x - slow[9 + i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(120);
  });
});

describe('a budget is seen early in a search of slow transitions', () => {
  const p = program(counters(300));

  it('exhaustive search checks after the first transition, not the 256th', async () => {
    const r = await explore(p, { cancelled: () => true });
    expect(r.cancelled).toBe(true);
    expect(r.transitions).toBeLessThan(8);
  });

  it('random mode checks within a run, with no progress callback', async () => {
    const r = await randomExplore(p, { mode: 'random', runs: 1000, seed: 1, depth: 3, cancelled: () => true });
    expect(r.cancelled).toBe(true);
    expect(r.schedules).toBe(0);
    expect(r.transitions).toBeLessThan(8);
  });

  it('explore --mode random --workers 2 --max-time 1 stops near a second', () => {
    const dir = mkdtempSync(join(tmpdir(), 'futexlab-pacer-'));
    const file = join(dir, 'counters.futex');
    writeFileSync(file, counters(6000));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'futexlab.js'), 'explore', file, '--mode', 'random', '--workers', '2', '--max-time', '1', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).stoppedBy).toBe('max-time');
    expect(Date.now() - t0).toBeLessThan(8_000);
  }, 60_000);

  it('a counterexample is shortened only until --max-time runs out, in a swarm too', () => {
    // A late thread's assert fails once 300 others have run: found at once, and delta debugging of
    // its schedule of hundreds of steps over 1,500 threads took minutes.
    const dir = mkdtempSync(join(tmpdir(), 'futexlab-pacer-'));
    const file = join(dir, 'late.futex');
    writeFileSync(file, counters(1500).replace(/\n}\n$/, '\n  thread late { let v = load w; assert v < 300, "late" }\n}\n'));
    for (const extra of [[], ['--workers', '2']]) {
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'futexlab.js'), 'explore', file, '--mode', 'random', ...extra, '--max-time', '2', '--json'], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).counterexample.result).toBe('assert-failed');
      expect(Date.now() - t0).toBeLessThan(10_000);
    }
  }, 300_000);
});
