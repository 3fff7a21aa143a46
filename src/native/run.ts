// Build the generated C with the system compiler (cached by content hash) and run it on this
// machine's kernel, driven by the recorded schedule. Output comes only from the native process.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Program } from '../session/program';
import { generateC } from './gen';
import { RUNTIME_C } from './runtime';
import { recordSchedule } from './schedule';

export interface NativeResult {
  output: { thread: string; text: string }[];
  /** Threads seen asleep in a futex in the kernel after their step, in order. */
  asleep: string[];
  /** Threads that had not ended when the schedule ran out, with what they were doing. */
  left: { thread: string; state: string }[];
  /** A reason the native run could not follow the schedule or carry out a statement. */
  errors: string[];
  result: 'ok' | 'deadlock' | 'error';
  steps: number;
}

export class NativeUnavailable extends Error {}

function cacheDir(): string {
  const d = join(tmpdir(), 'futexlab-native');
  mkdirSync(d, { recursive: true, mode: 0o700 });
  return d;
}

/** The binary for this C source, built once per content hash. */
export function buildC(source: string): string {
  if (process.platform !== 'linux') throw new NativeUnavailable(`futexlab native: runs only on Linux (this is ${process.platform})`);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 24);
  const dir = cacheDir();
  const bin = join(dir, `s-${hash}`);
  if (existsSync(bin)) return bin;
  const src = join(dir, `s-${hash}.c`);
  writeFileSync(src, source);
  const cc = process.env.CC || 'cc';
  const r = spawnSync(cc, ['-O1', '-pthread', '-o', `${bin}.tmp${process.pid}`, src], { encoding: 'utf8' });
  if (r.error) throw new NativeUnavailable(`futexlab native: no C compiler ('${cc}' not found); install one, e.g. apt-get install build-essential`);
  if (r.status !== 0) throw new NativeUnavailable(`futexlab native: the C compiler failed on the generated program:\n${r.stderr}`);
  renameSync(`${bin}.tmp${process.pid}`, bin);
  return bin;
}

/** Real time per simulator tick: FUTEXLAB_TICK_MS (default 1 ms; a larger scale for loaded machines). */
export function tickNs(env = process.env): number {
  const ms = Number(env.FUTEXLAB_TICK_MS ?? '1');
  if (!(ms > 0 && ms <= 1000)) throw new NativeUnavailable(`futexlab native: FUTEXLAB_TICK_MS wants a number of milliseconds in (0, 1000], got '${env.FUTEXLAB_TICK_MS}'`);
  return Math.round(ms * 1_000_000);
}

/** The generated program and the schedule it is to follow, before anything is built. */
export interface PreparedNative {
  source: string;
  input: string;
}

export function prepareNative(program: Program, schedule: string | undefined): PreparedNative {
  const gen = generateC(program.scenario, RUNTIME_C);
  const steps = recordSchedule(program, schedule, gen.threads);
  return { source: gen.source, input: steps.map((s) => `${s.thread} ${s.stmt}\n`).join('') };
}

export function runNative(program: Program, schedule: string | undefined): NativeResult {
  const p = prepareNative(program, schedule);
  return runBinary(buildC(p.source), [], p.input);
}

/** Run a built program (args select the scenario of a batch, batch.ts) and read its protocol lines. */
export function runBinary(bin: string, args: string[], input: string): NativeResult {
  const r = spawnSync(bin, args, { input, encoding: 'utf8', timeout: 120_000, env: { ...process.env, FUTEXLAB_TICK_NS: String(tickNs()) } });
  const res: NativeResult = { output: [], asleep: [], left: [], errors: [], result: 'ok', steps: 0 };
  for (const line of (r.stdout ?? '').split('\n')) {
    const [kind, a = '', b = ''] = line.split('\t');
    if (kind === 'print') res.output.push({ thread: a, text: b });
    else if (kind === 'asleep') res.asleep.push(a);
    else if (kind === 'left') res.left.push({ thread: a, state: b });
    else if (kind === 'error') res.errors.push(a);
    else if (kind === 'end') res.steps = Number(a);
  }
  if (r.signal) res.errors.push(`the native program was killed by ${r.signal}`);
  res.result = res.errors.length > 0 ? 'error' : res.left.length > 0 ? 'deadlock' : 'ok';
  return res;
}
