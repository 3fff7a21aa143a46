// A native run stopped from outside (the runner's timeout sends the controller SIGTERM) takes
// every process of the run with it: processes a scenario forked were left spinning after a
// timed-out `futexlab diff` (seventeenth session), reparented to init. The controller makes the
// run one process group and kills it on SIGTERM (runtime-ctl.ts fl_stop).
import { it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { buildPrepared, prepareNative } from '../../src/native/run';

/** Processes running the binary `bin`. */
function running(bin: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/exe`) === bin) out.push(Number(d));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const pidns of [false, true]) {
  it(`SIGTERM to the controller ends the processes the scenario forked too (${pidns ? 'in' : 'without'} a PID namespace)`, async () => {
    // Two threads counting for millions of steps, each granted by the controller: still running
    // when it is stopped.
    const text = 'option max_steps = 3000000\nprocess P {\n  thread main {\n    fork C {\n      let i = 0\n      while 1 {\n        i = i + 1\n      }\n    }\n' +
      '    let j = 0\n    while 1 {\n      j = j + 1\n    }\n  }\n}\n';
    const r = loadProgram(text, 'stopped.futex');
    if (!r.ok) throw new Error('does not load');
    const p = prepareNative(r.program, undefined);
    const bin = buildPrepared(p);
    const dir = mkdtempSync(join(tmpdir(), 'futexlab-native-stopped-'));
    const env: NodeJS.ProcessEnv = { ...process.env, FUTEXLAB_TICK_NS: '1000000', FUTEXLAB_NATIVE_DIR: dir };
    if (!pidns) env.FUTEXLAB_NATIVE_NO_PIDNS = '1';
    const child = spawn(bin, [], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.on('error', () => {}); // EPIPE once it is stopped, with the schedule still being written
    child.stdin.end(p.input);
    try {
      // The controller, P and C (and the namespace's init) are up.
      for (let i = 0; i < 100 && running(bin).length < 3; i++) await sleep(50);
      expect(running(bin).length).toBeGreaterThanOrEqual(3);
      child.kill('SIGTERM');
      for (let i = 0; i < 40 && running(bin).length > 0; i++) await sleep(50);
      expect(running(bin)).toEqual([]);
    } finally {
      for (const pid of running(bin)) process.kill(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
}
