// futexlab: the headless runner (SEMANTICS.md "Command-line contract").
//   futexlab run FILE [--strategy S] [--schedule fifo|round-robin|random:SEED] [--option K=V]... [--json] [--trace]
//   futexlab compare FILE [--json]
// Exit status: run: 0 ok, 1 anomaly/deadlock/assert-failed/step-limit, 2 usage or language error.

import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { formatDiagnostic } from '../lang/ast';
import { loadProgram } from '../session/load';
import { UsageError } from '../session/options';
import { runCommand } from './run';
import { compareCommand } from './compare';

const USAGE = `usage:
  futexlab run FILE [--strategy S] [--schedule fifo|round-robin|random:SEED] [--option K=V]... [--json] [--trace]
  futexlab compare FILE [--json]`;

export class CliExit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        strategy: { type: 'string' },
        schedule: { type: 'string' },
        option: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        trace: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new CliExit(2, `futexlab: ${(e as Error).message}\n${USAGE}`);
  }
}

export function optionPairs(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new CliExit(2, `futexlab: --option wants NAME=VALUE, got '${kv}'`);
    out[kv.slice(0, i).trim()] = kv.slice(i + 1).trim();
  }
  return out;
}

export function loadFile(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliExit(2, `futexlab: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const r = loadProgram(text, file);
  if (!r.ok) throw new CliExit(2, r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.program;
}

export function main(argv: string[], out: (s: string) => void): number {
  const { values, positionals } = parse(argv);
  const [cmd, file, ...rest] = positionals;
  if (values.help || !cmd) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  if (!file) throw new CliExit(2, `futexlab ${cmd}: missing FILE\n${USAGE}`);
  if (rest.length > 0) throw new CliExit(2, `futexlab ${cmd}: unexpected argument '${rest[0]}'\n${USAGE}`);
  const program = loadFile(file);
  const opts = { strategy: values.strategy, schedule: values.schedule, options: optionPairs(values.option) };
  switch (cmd) {
    case 'run':
      return runCommand(program, file, opts, !!values.json, !!values.trace, out);
    case 'compare':
      return compareCommand(program, file, !!values.json, out);
    default:
      throw new CliExit(2, `futexlab: unknown command '${cmd}'\n${USAGE}`);
  }
}

if (require.main === module || process.argv[1]?.endsWith('futexlab.js') || process.argv[1]?.endsWith('cli.js')) {
  let code: number;
  try {
    code = main(process.argv.slice(2), (s) => process.stdout.write(s + '\n'));
  } catch (e) {
    if (e instanceof CliExit) {
      process.stderr.write(e.message + '\n');
      code = e.code;
    } else if (e instanceof UsageError) {
      process.stderr.write(`futexlab: ${e.message}\n`);
      code = 2;
    } else {
      process.stderr.write(`futexlab: internal error: ${(e as Error).stack ?? e}\n`);
      code = 70;
    }
  }
  process.exitCode = code;
}
