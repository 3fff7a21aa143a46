// futexlab: the headless runner (SEMANTICS.md "Command-line contract").
//   futexlab run FILE [--strategy S] [--schedule fifo|round-robin|random:SEED] [--option K=V]... [--json] [--trace]
//   futexlab compare FILE [--json]
//   futexlab explore FILE [--strategy S] [--max-states N] [--max-depth D] [--preemptions K] [--out TRACE] [--json]
//                         [--mode exhaustive|random|pct] [--seed S] [--runs N] [--depth D]
//   futexlab replay FILE TRACE [--json]
// Exit status: run: 0 ok, 1 anomaly/deadlock/assert-failed/step-limit/output-limit, 2 usage or language error;
// explore: 0 no failure, 1 counterexample, 2 errors, 3 budget ran out (or cancelled) first.

import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../lang/ast';
import { loadProgram } from '../session/load';
import { UsageError } from '../session/options';
import { runCommand } from './run';
import { compareCommand } from './compare';
import { exploreCommand, replayCommand } from './explore';
import { CliExit } from './errors';
import { nativeCommand } from './native';
import { readBounded, SCENARIO_BYTES } from './read';
import { printable } from '../session/printable';

const USAGE = `usage:
  futexlab run FILE [--strategy S] [--schedule fifo|round-robin|random:SEED] [--option K=V]... [--json] [--trace]
  futexlab compare FILE [--json]
  futexlab explore FILE [--strategy S] [--option K=V]... [--max-states N] [--max-depth D] [--preemptions K]
                        [--out TRACE] [--json] [--mode exhaustive|random|pct] [--seed S] [--runs N] [--depth D]
  futexlab replay FILE TRACE [--json]
  futexlab native FILE [--schedule fifo|round-robin|random:SEED] [--json]`;

export { CliExit };

/**
 * `--seed -1` as `--seed=-1`: parseArgs takes a value that starts with '-' for an option and
 * says "argument is ambiguous"; a negative number is a value, and count() then says what is wrong
 * with it (issue #14).
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (/^--[a-z-]+$/.test(a) && STRING_OPTIONS.has(a.slice(2)) && next !== undefined && /^-[0-9.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

const STRING_OPTIONS = new Set(['strategy', 'schedule', 'option', 'max-states', 'max-depth', 'preemptions', 'out', 'mode', 'seed', 'runs', 'depth']);

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      options: {
        strategy: { type: 'string' },
        schedule: { type: 'string' },
        option: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        trace: { type: 'boolean' },
        'max-states': { type: 'string' },
        'max-depth': { type: 'string' },
        preemptions: { type: 'string' },
        out: { type: 'string' },
        mode: { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        depth: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new CliExit(2, `futexlab: ${printable((e as Error).message)}\n${USAGE}`);
  }
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

export function loadFile(file: string) {
  const text = readBounded(file, SCENARIO_BYTES, `futexlab: cannot read ${printable(file)}`);
  const r = loadProgram(text, file);
  if (!r.ok) throw new CliExit(2, r.diagnostics.map((d) => printable(formatDiagnostic(d))).join('\n'));
  return { program: r.program, text };
}

export async function main(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parse(argv);
  const [cmd, file, ...more] = positionals;
  const rest = cmd === 'replay' ? more.slice(1) : more;
  if (cmd === 'replay' && more.length === 0) throw new CliExit(2, `futexlab replay: missing TRACE\n${USAGE}`);
  if (values.help || !cmd) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  if (!file) throw new CliExit(2, `futexlab ${printable(cmd)}: missing FILE\n${USAGE}`);
  if (rest.length > 0) throw new CliExit(2, `futexlab ${printable(cmd)}: unexpected argument '${printable(rest[0])}'\n${USAGE}`);
  if (!['run', 'compare', 'explore', 'replay', 'native'].includes(cmd)) throw new CliExit(2, `futexlab: unknown command '${printable(cmd)}'\n${USAGE}`);
  const { program, text } = loadFile(file);
  const opts = { strategy: values.strategy, schedule: values.schedule, options: optionPairs(values.option) };
  switch (cmd) {
    case 'run':
      return runCommand(program, file, opts, !!values.json, !!values.trace, out);
    case 'native':
      return nativeCommand(program, file, values.schedule, !!values.json, out);
    case 'compare':
      return compareCommand(program, file, !!values.json, out);
    case 'replay':
      return replayCommand(program, file, text, more[0], !!values.json, out);
    case 'explore': {
      const mode = values.mode ?? 'exhaustive';
      if (mode !== 'exhaustive' && mode !== 'random' && mode !== 'pct') throw new CliExit(2, `futexlab explore: --mode is exhaustive, random or pct, not '${printable(mode)}'`);
      return exploreCommand(program, file, text, {
        strategy: values.strategy, options: opts.options, json: !!values.json, out: values.out, mode,
        maxStates: count('max-states', values['max-states']), maxDepth: count('max-depth', values['max-depth']),
        preemptions: count('preemptions', values.preemptions), seed: count('seed', values.seed, 1)!,
        runs: count('runs', values.runs, 1000)!, depth: count('depth', values.depth, 3)!,
      }, out);
    }
    default:
      throw new CliExit(2, `futexlab: unknown command '${cmd}'\n${USAGE}`);
  }
}

/** The process entry point: bin/futexlab.js calls it by name, whatever name its `.bin` link has. */
export async function cli(): Promise<void> {
  // A reader that goes away (`| head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await runMain(process.argv.slice(2), (s) => process.stdout.write(s + '\n'), (s) => process.stderr.write(s + '\n'));
}

/** main() with its failures turned into stderr text and an exit status (the fuzz suite calls it in-process). */
export async function runMain(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  try {
    return await main(argv, out);
  } catch (e) {
    if (e instanceof CliExit) {
      err(e.message);
      return e.code;
    }
    if (e instanceof UsageError) {
      err(`futexlab: ${printable(e.message)}`);
      return 2;
    }
    err(`futexlab: internal error: ${(e as Error).stack ?? e}`);
    return 70;
  }
}

// `node out/cli.js ...` runs it directly; the bin requires the bundle and calls cli() itself.
if (require.main === module) void cli();
