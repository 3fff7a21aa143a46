// random(SEED) and explore --seed: the generator's state is one 32-bit word (kernel/sched.ts
// seededRandom). A larger SEED used to be taken mod 2^32 (random(4294967296) ran random(0)'s
// schedule) or, past 2^53, rounded and shown as 'random(1e+23)', a name no parser accepts.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../src/lang/index';
import { parseSchedule } from '../../src/session/options';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const MUTEX = 'examples/mutex1.futex';

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a SEED past 32 bits', () => {
  it('--schedule random(4294967296) and random:99999999999999999999999 are usage errors', () => {
    for (const s of ['random(4294967296)', 'random:99999999999999999999999']) {
      const r = run(['run', MUTEX, '--schedule', s]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`futexlab: schedule: the SEED of '${s}' is at most 4294967295 (32 bits, the generator's state)\n`);
    }
  });

  it('the largest seed runs and is named as given', () => {
    const r = run(['run', MUTEX, '--schedule', 'random(4294967295)', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).schedule).toBe('random(4294967295)');
    expect(parseSchedule('random:0')).toEqual({ kind: 'random', seed: 0 });
  });

  it('option schedule = random(4294967296) is a located error', () => {
    const d = parseScenario('option schedule = random(4294967296)\nprocess P { thread t { } }\n', 's.futex').diagnostics;
    expect(d.map((x) => `${x.range.start.line}:${x.range.start.col}: ${x.severity}: ${x.message}`)).toEqual([
      "1:19: error: option 'schedule': the SEED of random(SEED) is at most 4294967295 (32 bits), not 4294967296",
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'futexlab-seed-'));
    writeFileSync(join(dir, 's.futex'), 'option schedule = random(4294967296)\nprocess P { thread t { } }\n');
    const r = run(['run', 's.futex'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("s.futex:1:19: error: option 'schedule': the SEED of random(SEED) is at most 4294967295 (32 bits), not 4294967296\n");
  });

  it('explore --seed 4294967296 is a usage error', () => {
    const r = run(['explore', MUTEX, '--mode', 'random', '--runs', '2', '--seed', '4294967296']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("futexlab explore: --seed is at most 4294967295 (32 bits, the generator's state), got 4294967296\n");
  });
});

// The swarm (explore --workers) runs job i with seed + i (explore/swarm.ts): from --seed
// 4294967295 its second job ran seed 4294967296, the generator's seed 0, and a failure found
// there was named by a seed --seed refuses.
describe('the swarm\'s seeds stay within 32 bits', () => {
  it('--seed 4294967295 --runs 128 --workers 1: a usage error naming the last seed', () => {
    const r = run(['explore', MUTEX, '--mode', 'random', '--seed', '4294967295', '--runs', '128', '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("futexlab explore: with --workers the swarm runs seeds 4294967295 to 4294967296, past 4294967295 (32 bits, the generator's state): a lower --seed or fewer --runs\n");
  });

  it('seeds that end at 4294967295 run; without --workers one seed runs them all', () => {
    expect(run(['explore', MUTEX, '--mode', 'random', '--seed', '4294967294', '--runs', '128', '--workers', '1']).code).toBe(0);
    expect(run(['explore', MUTEX, '--mode', 'random', '--seed', '4294967295', '--runs', '128']).code).toBe(0);
  });
});
