// Argument parsing per command: only the options the command table (commands.ts) lists for the
// command are accepted; anything else is a usage error that says which commands take it.

import { parseArgs } from 'node:util';
import { COMMANDS, type CommandSpec } from './commands';
import { CliExit } from './errors';

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface ParsedCommand {
  spec: CommandSpec;
  positionals: string[];
  values: Values;
}

function reminder(spec: CommandSpec): string {
  return `run 'futexlab help ${spec.name}' for its options`;
}

function checkNames(spec: CommandSpec, argv: string[]): void {
  for (const a of argv) {
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') continue;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0] : a.slice(1);
    if (name === 'help' || name === 'h' || spec.options.some((o) => o.name === name)) continue;
    const others = COMMANDS.filter((c) => c.options.some((o) => o.name === name)).map((c) => c.name);
    const why = others.length ? `; it is an option of ${others.join(', ')}` : '';
    throw new CliExit(2, `futexlab ${spec.name}: ${a.split('=')[0]} does not apply to ${spec.name}${why}`, undefined, reminder(spec));
  }
}

export function parseCommand(spec: CommandSpec, argv: string[]): ParsedCommand {
  checkNames(spec, argv);
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const o of spec.options) options[o.name] = o.multiple ? { type: 'string', multiple: true } : { type: o.arg ? 'string' : 'boolean' };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new CliExit(2, `futexlab ${spec.name}: ${(e as Error).message.split('. ')[0]}`, undefined, reminder(spec));
  }
  const values = parsed.values as Values;
  const positionals = parsed.positionals;
  if (values.help) return { spec, positionals, values };
  if (positionals.length < spec.args.length) {
    throw new CliExit(2, `futexlab ${spec.name}: missing ${spec.args[positionals.length]}`, undefined, reminder(spec));
  }
  if (positionals.length > spec.args.length) {
    throw new CliExit(2, `futexlab ${spec.name}: unexpected argument '${positionals[spec.args.length]}'`, undefined, reminder(spec));
  }
  return { spec, positionals, values };
}

/** Whether the user asked for JSON, looked up before parsing so that parse errors honour it. */
export function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}
