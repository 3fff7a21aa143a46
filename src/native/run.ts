// Build the generated C with the system compiler (cached by content hash) and run it on this
// machine's kernel, driven by the recorded schedule. Output comes only from the native process.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Range } from '../lang/ast';
import type { Program } from '../session/program';
import { generateC } from './gen';
import { noCompat32 } from './gen-compat';
import { RUNTIME_C } from './runtime';
import { recordRun } from './schedule';
import { DEFAULTS, resolveOptions } from '../session/options';
import { ensureSwap, usesSwap } from './swap';

export interface NativeResult {
  output: { thread: string; text: string }[];
  /** Threads seen asleep in a futex in the kernel after their step, in order. */
  asleep: string[];
  /** Threads that had not ended when the schedule ran out, with what they were doing. */
  left: { thread: string; state: string }[];
  /** A reason the native run could not follow the schedule or carry out a statement. */
  errors: string[];
  /** What the kernel of this machine did not carry out as asked (swap_out with no swap, ...). */
  notes: { kind: 'not-on-this-machine'; message: string }[];
  /** Failed asserts: thread and message. */
  asserts: { thread: string; message: string }[];
  /** step-limit, output-limit: the simulator's run of the schedule was cut by that budget, and the
   * native run stopped at the same step with threads still running. */
  result: 'ok' | 'deadlock' | 'assert-failed' | 'error' | 'step-limit' | 'output-limit';
  steps: number;
}

/**
 * This machine cannot run the scenario natively. `detail` is said after the command's name
 * (`futexlab native: ...`, `futexlab diff: ...`); the message is native's.
 */
export class NativeUnavailable extends Error {
  constructor(readonly detail: string) {
    super(`futexlab native: ${detail}`);
  }
}
/**
 * No 32-bit program here: `cc -m32` failed (no 32-bit toolchain), or this kernel does not execute
 * 32-bit programs (built without IA32 emulation, or with it off: some virtual machines' kernels).
 * The scenario's robust-list use is refused at its location, saying which.
 */
class No32BitBuild extends Error {
  constructor(readonly why: 'toolchain' | 'kernel') {
    super(why);
  }
}

/** Per compiler: whether this machine builds and runs a 32-bit program, or why not (probed once). */
const run32 = new Map<string, 'yes' | 'toolchain' | 'kernel'>();

/**
 * Build and run a 32-bit program that returns 0. A kernel without IA32 emulation refuses its exec
 * (ENOEXEC), which a spawn here reports as a non-zero exit status, not an error: the program never
 * ran. Asked before every 32-bit build, cached binaries included: a cache filled on another kernel
 * (a shared TMPDIR) is not trusted.
 */
function probe32(cc: string): 'yes' | 'toolchain' | 'kernel' {
  const known = run32.get(cc);
  if (known !== undefined) return known;
  const bin = join(cacheDir(), `probe32-${process.pid}`);
  const built = spawnSync(cc, ['-m32', '-x', 'c', '-o', bin, '-'], { input: 'int main(void){return 0;}', encoding: 'utf8' });
  if (built.error) throw new NativeUnavailable(noCompiler(cc));
  let why: 'yes' | 'toolchain' | 'kernel' = 'toolchain';
  if (built.status === 0) {
    const ran = spawnSync(bin, [], { timeout: 10_000 });
    rmSync(bin, { force: true });
    why = ran.error === undefined && ran.status === 0 ? 'yes' : 'kernel';
  }
  run32.set(cc, why);
  return why;
}

const noCompiler = (cc: string): string => `no C compiler ('${cc}' not found); install one, e.g. apt-get install build-essential`;

function cacheDir(): string {
  const d = join(tmpdir(), 'futexlab-native');
  mkdirSync(d, { recursive: true, mode: 0o700 });
  return d;
}

/** The binary for this C source, built once per content hash. */
export function buildC(source: string, m32 = false): string {
  if (process.platform !== 'linux') throw new NativeUnavailable(`runs only on Linux (this is ${process.platform})`);
  const cc = process.env.CC || 'cc';
  if (m32) {
    const why = probe32(cc);
    if (why !== 'yes') throw new No32BitBuild(why);
  }
  const hash = createHash('sha256').update(m32 ? `-m32\n${source}` : source).digest('hex').slice(0, 24);
  const dir = cacheDir();
  const bin = join(dir, `s-${hash}`);
  if (existsSync(bin)) return bin;
  const src = join(dir, `s-${hash}.c`);
  writeFileSync(src, source);
  const r = spawnSync(cc, [...(m32 ? ['-m32'] : []), '-O1', '-pthread', '-o', `${bin}.tmp${process.pid}`, src], { encoding: 'utf8' });
  if (r.error) throw new NativeUnavailable(noCompiler(cc));
  if (r.status !== 0) throw new NativeUnavailable(compilerFailed(cc, r.status, r.signal, r.stderr));
  renameSync(`${bin}.tmp${process.pid}`, bin);
  return bin;
}

/**
 * The compiler's failure: its messages, or (a compiler that printed nothing: killed, out of
 * memory, a CC that is not a compiler) how it ended; before, 'failed on the generated program:'
 * was followed by an empty line.
 */
function compilerFailed(cc: string, status: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal ? `killed by ${signal}` : `exit status ${status}`;
  const said = stderr.trimEnd();
  return `the C compiler ('${cc}') failed on the generated program (${how})${said ? `:\n${said}` : ', with no message'}`;
}

/** Real time per simulator tick: FUTEXLAB_TICK_MS (default 1 ms; a larger scale for loaded machines). */
export function tickNs(env = process.env): number {
  const ms = Number(env.FUTEXLAB_TICK_MS ?? '1');
  if (!(ms > 0 && ms <= 1000)) throw new NativeUnavailable(`FUTEXLAB_TICK_MS wants a number of milliseconds in (0, 1000], got '${env.FUTEXLAB_TICK_MS}'`);
  return Math.round(ms * 1_000_000);
}

/** The generated program and the schedule it is to follow, before anything is built. */
export interface PreparedNative {
  source: string;
  input: string;
  /** Where the scenario first uses a robust list: built 32-bit (gen-compat.ts). */
  compat32?: Range;
  /** The scenario pages out (swap.ts): a swap area is made for the run if there is none. */
  swap: boolean;
  /** The simulator's run was cut by this budget (schedule.ts recordRun); null: it ended. */
  cut?: 'step-limit' | 'output-limit' | null;
  /** The scenario's max_output (characters, a newline counted per line), for an output-limit cut. */
  maxOutput?: number;
  /** What the machine cannot carry out of the scenario's options (not-on-this-machine notes). */
  optionNotes?: string[];
}

/**
 * The scenario's options the kernel cannot follow. `buckets`: the kernel sizes its own hash table
 * (and per process since 6.16), so keys that share a bucket in the simulator need not share one
 * here, and a requeue between keys of one bucket, done in place, can order waiters differently.
 */
function optionNotes(program: Program): string[] {
  const b = program.scenario.options.find((o) => o.name === 'buckets');
  return b && Number(b.value) !== DEFAULTS.buckets
    ? [`option buckets = ${b.value}: the kernel's futex hash table keeps its own size, so keys that share a bucket in the simulator need not share one here`]
    : [];
}

/** Threads left when the schedule was cut by a budget are the cut, not a deadlock. */
function budgetResult(res: NativeResult, p: PreparedNative): NativeResult {
  if (res.result === 'deadlock' && p.cut) res.result = p.cut;
  // The simulator's print that passes max_output is not printed (session.ts print), but its step
  // is in the schedule, so the native run printed it: drop what the simulator's budget drops.
  if (p.cut === 'output-limit' && p.maxOutput !== undefined) {
    let used = 0;
    const kept = res.output.findIndex((o) => (used += o.text.length + 1) > p.maxOutput!);
    if (kept >= 0) res.output = res.output.slice(0, kept);
  }
  return res;
}

export function prepareNative(program: Program, schedule: string | undefined): PreparedNative {
  const gen = generateC(program.scenario, RUNTIME_C);
  const { steps, cut } = recordRun(program, schedule);
  const input = steps.map((s) => `${s.thread} ${s.stmt}\n`).join('');
  const maxOutput = resolveOptions(program.scenario, { strategy: 'modern', schedule }).maxOutput;
  return { source: gen.source, input, compat32: gen.compat32, swap: usesSwap(program.scenario), cut, maxOutput, optionNotes: optionNotes(program) };
}

/** The binary of a prepared program (built once per content hash). */
export function buildPrepared(p: PreparedNative): string {
  try {
    return buildC(p.source, p.compat32 !== undefined);
  } catch (e) {
    if (e instanceof No32BitBuild && p.compat32) throw noCompat32(p.compat32, e.why);
    throw e;
  }
}

/** A run's private folder for the scenario's files (and swap, if needed), and its environment. */
interface RunEnv {
  env: NodeJS.ProcessEnv;
  release(): void;
}

function runEnv(p: PreparedNative): RunEnv {
  // The scenario's files live in a private folder, removed afterwards (the program removes the
  // files; the folder goes here whatever happened).
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-native-files-'));
  const swap = p.swap ? ensureSwap(dir) : undefined;
  const env = { ...process.env, FUTEXLAB_TICK_NS: String(tickNs()), FUTEXLAB_NATIVE_DIR: dir, FUTEXLAB_SWAP: swap?.state ?? 'not needed' };
  return {
    env,
    release: () => {
      swap?.release();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How a program ended: the signal that killed it, or its exit status. */
interface Ending {
  signal: string | null;
  status: number | null;
}

/**
 * The program's protocol lines (runtime-ctl.ts) as a result; `how` it ended (null: the runner
 * stopped it, and the caller gives the reason). The controller prints `end` when the schedule is
 * done, whatever the scenario's processes did (exec, exit_group and kill happen in processes it
 * forked); its own failures print an `error` line first (fl_fatal). A program that exits with
 * neither ended before its run did: what it printed is not the run's whole output (before, such a
 * run read as `ok`, or as a deadlock when it had printed `left` lines).
 */
/** A print or assert text as runtime-ctl.ts fl_pbuf_esc escaped it: \\, \t, \n, \r. */
function unescapeField(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([\\tnr])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}

function parse(stdout: string, how: Ending | null): NativeResult {
  const res: NativeResult = { output: [], asleep: [], left: [], errors: [], notes: [], asserts: [], result: 'ok', steps: 0 };
  let ended = false;
  for (const line of stdout.split('\n')) {
    const [kind, a = '', b = ''] = line.split('\t');
    if (kind === 'print') res.output.push({ thread: a, text: unescapeField(b) });
    else if (kind === 'asleep') res.asleep.push(a);
    else if (kind === 'left') res.left.push({ thread: a, state: b });
    else if (kind === 'error') res.errors.push(a);
    else if (kind === 'note') res.notes.push({ kind: 'not-on-this-machine', message: a });
    else if (kind === 'assert') res.asserts.push({ thread: a, message: unescapeField(b) });
    else if (kind === 'end') {
      res.steps = Number(a);
      ended = true;
    }
  }
  if (how?.signal) res.errors.push(`the native program was killed by ${how.signal}`);
  else if (how !== null && !ended && res.errors.length === 0) res.errors.push(`the native program exited (status ${how.status ?? '?'}) before the end of its run, without saying why`);
  // After a failed assert the simulator stops: the threads still there are not a deadlock.
  res.result = res.errors.length > 0 ? 'error' : res.asserts.length > 0 ? 'assert-failed' : res.left.length > 0 ? 'deadlock' : 'ok';
  return res;
}

const RUN_TIMEOUT_MS = 120_000;
/**
 * The most protocol output read from the program. spawnSync's default (1 MB) killed a scenario
 * that prints in a loop with SIGTERM after ~17,000 lines, where the simulator's max_output is 4M
 * characters; its protocol lines (print, thread, text) fit many times in this.
 */
const MAX_STDOUT = 64 << 20;

/** Why the runner stopped the program, when it did (then its signal is the runner's, not the program's). */
const TOO_MUCH = `the native program wrote more than ${MAX_STDOUT >> 20} MB and was stopped`;
const TOO_LONG = `the native program ran longer than ${RUN_TIMEOUT_MS / 1000} s and was stopped`;

/**
 * A run's result from what it printed and how it ended, the same for runBinary and
 * runBinaryAsync: `stopped`, the runner's reason for stopping it, or null.
 */
function finish(stdout: string, signal: string | null, status: number | null, stopped: string | null, p: PreparedNative): NativeResult {
  const res = budgetResult(parse(stdout, stopped === null ? { signal, status } : null), p);
  for (const message of p.optionNotes ?? []) res.notes.push({ kind: 'not-on-this-machine', message });
  if (stopped !== null) {
    res.errors.push(stopped);
    res.result = 'error';
  }
  return res;
}

export function runNative(program: Program, schedule: string | undefined): NativeResult {
  const p = prepareNative(program, schedule);
  return runBinary(buildPrepared(p), [], p);
}

/** Run a built program (args select the scenario of a batch, batch.ts) and read its protocol lines. */
export function runBinary(bin: string, args: string[], p: PreparedNative): NativeResult {
  const e = runEnv(p);
  try {
    const r = spawnSync(bin, args, { input: p.input, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, maxBuffer: MAX_STDOUT, env: e.env });
    const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
    return finish(r.stdout ?? '', r.signal, r.status, code === 'ENOBUFS' ? TOO_MUCH : code === 'ETIMEDOUT' ? TOO_LONG : r.error ? notRun(r.error) : null, p);
  } finally {
    e.release();
  }
}

/** Why a built program did not run at all (the exec failed): before, its empty output read as a run that printed nothing. */
const notRun = (err: Error): string => `the native program could not be started: ${(err as NodeJS.ErrnoException).code ?? err.message}`;

/** runNative without blocking the event loop while the program runs (the same result). */
export async function runNativeAsync(program: Program, schedule: string | undefined): Promise<NativeResult> {
  const p = prepareNative(program, schedule);
  return runBinaryAsync(buildPrepared(p), [], p);
}

/** runBinary without blocking the event loop while the program runs. */
export async function runBinaryAsync(bin: string, args: string[], p: PreparedNative): Promise<NativeResult> {
  const e = runEnv(p);
  try {
    // The same bounds as runBinary's spawnSync (maxBuffer, timeout), and the same reasons given.
    const r = await new Promise<{ stdout: string; signal: string | null; status: number | null; stopped: string | null }>((resolve) => {
      const child = spawn(bin, args, { env: e.env, stdio: ['pipe', 'pipe', 'ignore'] });
      let out = '';
      let stopped: string | null = null;
      const stop = (why: string) => {
        stopped ??= why;
        child.kill('SIGTERM');
      };
      const timer = setTimeout(() => stop(TOO_LONG), RUN_TIMEOUT_MS);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        if (stopped !== null) return;
        if (out.length + d.length > MAX_STDOUT) stop(TOO_MUCH);
        else out += d;
      });
      // The program could not be started (ENOENT, EACCES...): an error result, not an empty run.
      child.on('error', (err) => {
        clearTimeout(timer);
        resolve({ stdout: out, signal: null, status: null, stopped: notRun(err) });
      });
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        resolve({ stdout: out, signal, status, stopped });
      });
      child.stdin.end(p.input);
    });
    return finish(r.stdout, r.signal, r.status, r.stopped, p);
  } finally {
    e.release();
  }
}
