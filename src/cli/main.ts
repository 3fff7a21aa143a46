// futexlab: the headless runner. Commands, options, defaults and exit codes are listed once, in
// commands.ts (`futexlab help COMMAND` prints them); the JSON output is described in docs/cli.md.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDiagnostic } from '../lang/ast';
import { listDiagnostics, omittedText } from '../lang/diagnostic-list';
import { MAX_SEED } from '../lang/options';
import { RUNS_PER_SEED } from '../explore/swarm';
import { loadProgram } from '../session/load';
import { UsageError } from '../session/options';
import { runCommand } from './run';
import { compareCommand } from './compare';
import { exploreCommand, replayCommand } from './explore';
import { CliExit } from './errors';
import { nativeCommand } from './native';
import { diffCommand } from './diff';
import { commandSpec, DEFAULT_MAX_MEMORY, DEFAULT_MAX_STATES, DEFAULT_MAX_TIME, MAX_PCT_DEPTH, MAX_SWARM_RUNS, MAX_WORKERS, STDIN_NAME } from './commands';
import { readBounded, readBoundedFd, SCENARIO_BYTES } from './read';
import { printable } from '../session/printable';

export { STDIN_NAME };
import { commandHelp, usage } from './help';
import { parseCommand, wantsJson, type Values } from './args';
import { JSON_FORMAT_VERSION, VERSION } from './version';
import { progressLine, type ProgressStream } from './progress';

export { CliExit };

/** Where a command writes: stdout lines, and stderr for progress. */
export interface CliIO {
  out: (s: string) => void;
  err?: ProgressStream;
  /** The scenario text for FILE '-'. */
  stdin?: () => string;
}

export function optionPairs(list: string[] | undefined): Record<string, string> {
  // No prototype: `--option __proto__=1` is an option named __proto__ (refused as unknown), not a
  // write to Object.prototype that silently vanished (issue #14).
  const out: Record<string, string> = Object.create(null);
  for (const kv of list ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new CliExit(2, `futexlab: --option wants NAME=VALUE, got '${printable(kv)}'`);
    out[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
  }
  return out;
}

function count(name: string, v: string | undefined, dflt?: number): number | undefined {
  if (v === undefined) return dflt;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0 || v.trim() === '') throw new CliExit(2, `futexlab: --${name} wants a whole number, got '${printable(v)}'`);
  return n;
}

/**
 * explore --out must not name the scenario (by its path, a link or another path to the same
 * file): the trace silently replaced the scenario it was made from.
 */
function checkOut(out: string | undefined, file: string): void {
  if (out === undefined || file === '-') return;
  let same = resolve(out) === resolve(file);
  try {
    const a = statSync(file);
    const b = statSync(out);
    same ||= a.dev === b.dev && a.ino === b.ino;
  } catch {
    // --out does not exist yet: it is a new file, not the scenario.
  }
  if (same) throw new CliExit(2, `futexlab explore: --out ${printable(out)} is the scenario itself: the trace would replace it`);
}

/** explore --seed: the random generator's seed, 32 bits (lang/options.ts MAX_SEED). */
function seedCount(v: string | undefined): number {
  const n = count('seed', v, 1)!;
  if (n > MAX_SEED) throw new CliExit(2, `futexlab explore: --seed is at most ${MAX_SEED} (32 bits, the generator's state), got ${n}`);
  return n;
}

export function loadFile(file: string, stdin: () => string = () => readBoundedFd(0, SCENARIO_BYTES, `futexlab: cannot read ${STDIN_NAME}`)) {
  const name = file === '-' ? STDIN_NAME : file;
  let text: string;
  if (file === '-') {
    try {
      text = stdin();
    } catch (e) {
      if (e instanceof CliExit) throw e;
      throw new CliExit(2, `futexlab: cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else text = readBounded(file, SCENARIO_BYTES, `futexlab: cannot read ${printable(file)}`);
  const r = loadProgram(text, name);
  if (!r.ok) {
    const l = listDiagnostics(r.diagnostics, undefined, r.omittedErrors);
    const lines = l.shown.map((d) => printable(formatDiagnostic(d)));
    const more = omittedText(l);
    if (more !== '') lines.push(`futexlab: ${printable(name)}: ${more} not shown`);
    throw new CliExit(2, lines.join('\n'), l.shown, undefined, l.omittedErrors + l.omittedWarnings);
  }
  return { program: r.program, text, name };
}

/** Options that only some explore modes use are refused under the others. */
const MODE_OPTIONS: Record<string, string[]> = {
  'max-states': ['exhaustive'], exact: ['exhaustive'], preemptions: ['exhaustive'], reduction: ['exhaustive'], seed: ['random', 'pct'], runs: ['random', 'pct'], depth: ['pct'], workers: ['random', 'pct'],
};

function checkExploreMode(mode: string, v: Values): void {
  for (const [name, modes] of Object.entries(MODE_OPTIONS)) {
    if (v[name] !== undefined && !modes.includes(mode)) throw new CliExit(2, `futexlab explore: --${name} does not apply to --mode ${mode} (only to ${modes.join(', ')})`);
  }
}

export async function main(argv: string[], io: CliIO | ((s: string) => void)): Promise<number> {
  const { out, err, stdin } = typeof io === 'function' ? { out: io, err: undefined, stdin: undefined } : io;
  const [first, ...args] = argv;
  if (first === undefined) throw new CliExit(2, usage());
  if (first === '--version' || first === '-V') {
    const extra = args.find((x) => x !== '--json');
    if (extra !== undefined) throw new CliExit(2, `futexlab --version: unexpected argument '${extra}'`);
    out(wantsJson(args) ? JSON.stringify({ version: JSON_FORMAT_VERSION, futexlab: VERSION }) : `futexlab ${VERSION}`);
    return 0;
  }
  if (first === '--help' || first === '-h') {
    if (args.length > 0) throw new CliExit(2, `futexlab ${first}: unexpected argument '${args[0]}' (for one command's help: futexlab help COMMAND)`);
    out(usage());
    return 0;
  }
  if (first === 'help') {
    // `futexlab help --help` asks for what `futexlab help` prints.
    if (args.length === 0 || (args.length === 1 && (args[0] === '--help' || args[0] === '-h'))) { out(usage()); return 0; }
    const spec = commandSpec(args[0]);
    if (!spec || args.length > 1) throw new CliExit(2, `futexlab help: ${spec ? `unexpected argument '${args[1]}'` : `unknown command '${args[0]}'`}`, undefined, usage());
    out(commandHelp(spec));
    return 0;
  }
  const spec = commandSpec(first);
  if (!spec) throw new CliExit(2, `futexlab: unknown ${first.startsWith('-') ? 'option' : 'command'} '${first}'`, undefined, usage());
  const { positionals, values } = parseCommand(spec, args);
  if (values.help) {
    out(commandHelp(spec));
    return 0;
  }
  const [file, traceFile] = positionals;
  const { program, text, name } = loadFile(file, stdin);
  const json = !!values.json;
  const str = (k: string) => values[k] as string | undefined;
  switch (spec.name) {
    case 'run':
      return runCommand(program, name, { strategy: str('strategy'), schedule: str('schedule'), options: optionPairs(values.option as string[]) }, json, !!values.trace, out);
    case 'native':
      tickScale(str('tick-ms'));
      return nativeCommand(program, name, str('schedule'), json, out);
    case 'diff':
      tickScale(str('tick-ms'));
      return diffCommand(program, name, str('schedule'), json, out);
    case 'compare':
      return compareCommand(program, name, json, out);
    case 'replay':
      return replayCommand(program, name, text, traceFile, json, out);
    case 'explore': {
      const mode = str('mode') ?? 'exhaustive';
      if (mode !== 'exhaustive' && mode !== 'random' && mode !== 'pct') throw new CliExit(2, `futexlab explore: --mode is exhaustive, random or pct, not '${mode}'`);
      checkExploreMode(mode, values);
      const reduction = str('reduction') ?? 'default';
      if (reduction !== 'default' && reduction !== 'dpor' && reduction !== 'none') throw new CliExit(2, `futexlab explore: --reduction is default, dpor or none, not '${printable(reduction)}'`);
      const workers = count('workers', str('workers'));
      if (workers !== undefined && (workers < 1 || workers > MAX_WORKERS)) throw new CliExit(2, `futexlab explore: --workers wants a number from 1 to ${MAX_WORKERS}, got ${workers}`);
      const runs = count('runs', str('runs'), 1000)!;
      if (workers !== undefined && runs > MAX_SWARM_RUNS) throw new CliExit(2, `futexlab explore: --runs with --workers is at most ${MAX_SWARM_RUNS.toLocaleString('en-US')}, got ${runs}`);
      const seed = seedCount(str('seed'));
      // The swarm's job i runs seed + i (explore/swarm.ts): past 2^32 - 1 it would run the
      // schedules of seed + i - 2^32 and name a seed --seed refuses.
      const lastSeed = workers === undefined ? seed : seed + Math.ceil(runs / RUNS_PER_SEED) - 1;
      if (lastSeed > MAX_SEED) throw new CliExit(2, `futexlab explore: with --workers the swarm runs seeds ${seed} to ${lastSeed}, past ${MAX_SEED} (32 bits, the generator's state): a lower --seed or fewer --runs`);
      checkOut(str('out'), file);
      const depth = count('depth', str('depth'), 3)!;
      if (depth < 1 || depth > MAX_PCT_DEPTH) throw new CliExit(2, `futexlab explore: --depth wants a number from 1 to ${MAX_PCT_DEPTH.toLocaleString('en-US')}, got ${depth}`);
      return exploreCommand(program, name, text, {
        strategy: str('strategy'), options: optionPairs(values.option as string[]), json, out: str('out'), mode,
        maxStates: count('max-states', str('max-states'), DEFAULT_MAX_STATES), maxDepth: count('max-depth', str('max-depth')),
        maxTime: count('max-time', str('max-time'), DEFAULT_MAX_TIME)!,
        maxMemory: count('max-memory', str('max-memory'), DEFAULT_MAX_MEMORY)!, exact: !!values.exact,
        preemptions: count('preemptions', str('preemptions')), seed,
        runs, depth, reduction, workers,
        progress: err ? progressLine(err) : undefined,
      }, out);
    }
  }
  throw new CliExit(70, `futexlab: internal error: no handler for '${spec.name}'`);
}

/** The JSON form of a failure (docs/cli.md, "Errors"). */
export function errorJson(e: CliExit): string {
  const diagnostics = (e.diagnostics ?? []).map((d) => ({ file: d.file, line: d.range.start.line, col: d.range.start.col, severity: d.severity, message: d.message }));
  const omitted = e.omittedDiagnostics > 0 ? { omitted: e.omittedDiagnostics } : {};
  return JSON.stringify({ version: JSON_FORMAT_VERSION, error: { exit: e.code, message: e.message, diagnostics, ...omitted } }, null, 2);
}

/** The process entry point: bin/futexlab.js calls it by name, whatever name its `.bin` link has. */
export async function cli(): Promise<void> {
  // A reader that goes away (`| head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await runMain(process.argv.slice(2), (s) => process.stdout.write(s + '\n'), (s) => process.stderr.write(s + '\n'), process.stderr);
}

/**
 * main() with its failures turned into stderr text, JSON on stdout when --json was given, and an
 * exit status: the bin calls it, and the fuzz suite calls it in-process.
 */
export async function runMain(argv: string[], out: (s: string) => void, err: (s: string) => void, progress?: ProgressStream): Promise<number> {
  try {
    return await main(argv, { out, err: progress });
  } catch (e) {
    const failure = e instanceof CliExit ? e
      : e instanceof UsageError ? new CliExit(2, `futexlab: ${printable(e.message)}`)
        : new CliExit(70, `futexlab: internal error: ${(e as Error).stack ?? e}`);
    err(failure.message + (failure.hint ? '\n' + failure.hint : ''));
    if (wantsJson(argv) && !failure.jsonPrinted) out(errorJson(failure));
    return failure.code;
  }
}

// `node out/cli.js ...` runs it directly; the bin requires the bundle and calls cli() itself.
if (require.main === module) void cli();

/** `--tick-ms MS` (native, diff): the scale the native runner reads (native/run.ts tickNs). */
function tickScale(ms: string | undefined): void {
  if (ms === undefined) return;
  const n = Number(ms);
  if (!(/^\d+(\.\d+)?$/.test(ms) && n > 0 && n <= 1000)) throw new CliExit(2, `futexlab: --tick-ms wants a number of milliseconds, more than 0 and at most 1000, not '${printable(ms)}'`);
  process.env.FUTEXLAB_TICK_MS = ms;
}
