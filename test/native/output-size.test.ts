// `futexlab native` reads all the program's output: spawnSync's default 1 MB buffer killed a
// scenario that prints in a loop with SIGTERM after ~17,000 lines ('the native program was killed
// by SIGTERM', result error), although the simulator runs it to its end. The async runner (batch.ts)
// reads with the same bound and gives the same result.
import { it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', 'bin', 'futexlab.js');

it('a scenario that prints 1.5 MB runs to the same output natively as under modern', () => {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-native-out-'));
  const f = join(dir, 'prints.futex');
  // 25,000 prints of 60 characters (75,000 steps): past 1 MB of protocol lines, inside max_output.
  writeFileSync(f, `process P {\n  thread t {\n    let i = 0\n    while i < 25000 {\n      print "${'x'.repeat(60)}"\n      i = i + 1\n    }\n  }\n}\n`);
  const run = (cmd: string[]) => JSON.parse(spawnSync(process.execPath, [cli, ...cmd, f, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, FUTEXLAB_TICK_MS: '10' } }).stdout);
  const sim = run(['run', '--strategy', 'modern']);
  const nat = run(['native']);
  expect(nat.errors).toEqual([]);
  expect(nat.result).toBe('ok');
  expect(sim.result).toBe('ok');
  expect(nat.output.length).toBe(25_000);
  expect(nat.output.map((o: { text: string }) => o.text)).toEqual(sim.output.map((o: { text: string }) => o.text));
}, 120_000);

it('diff of the same scenario agrees line for line, in bounded memory', () => {
  // alignLines built an LCS table of (25,001)^2 cells: V8 aborted out of memory.
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-native-diff-'));
  const f = join(dir, 'prints.futex');
  writeFileSync(f, `process P {\n  thread t {\n    let i = 0\n    while i < 25000 {\n      print "${'x'.repeat(60)}"\n      i = i + 1\n    }\n  }\n}\n`);
  const r = spawnSync(process.execPath, [cli, 'diff', f, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, FUTEXLAB_TICK_MS: '10' } });
  expect(r.signal).toBeNull();
  expect(r.status).toBe(0);
  const d = JSON.parse(r.stdout);
  expect(d.differences).toBe(0);
  expect(d.rows.filter((x: { mark: string }) => x.mark === 'same')).toHaveLength(25_001);
}, 120_000);

it('the async runner (batch.ts) gives the same result as the blocking one on that scenario', async () => {
  const { loadProgram } = await import('../../src/session/load');
  const { runNative, runNativeAsync } = await import('../../src/native/run');
  const r = loadProgram(`process P {\n  thread t {\n    let i = 0\n    while i < 25000 {\n      print "${'x'.repeat(60)}"\n      i = i + 1\n    }\n  }\n}\n`, 'prints.futex');
  if (!r.ok) throw new Error('load');
  process.env.FUTEXLAB_TICK_MS ??= '10';
  const sync = runNative(r.program, undefined);
  const async = await runNativeAsync(r.program, undefined);
  expect(sync.result).toBe('ok');
  expect(sync.output).toHaveLength(25_000);
  expect(async).toEqual(sync);
}, 120_000);
