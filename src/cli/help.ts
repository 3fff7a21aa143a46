// Usage and per-command help, printed from the command table (commands.ts).

import { COMMANDS, type CommandSpec, type OptionSpec } from './commands';
import { VERSION } from './version';

const WIDTH = 100;

/** Words joined into lines of at most WIDTH columns; lines after the first start with `indent`. */
function wrap(words: string[], first: string, indent: number): string[] {
  const lines = [first];
  for (const w of words) {
    const cur = lines[lines.length - 1];
    if (cur.trim() && cur.length + 1 + w.length > WIDTH) lines.push(' '.repeat(indent) + w);
    else lines[lines.length - 1] = cur + (cur.trim() ? ' ' : '') + w;
  }
  return lines;
}

function synopsis(c: CommandSpec): string[] {
  const opts = c.options.map((o) => `[--${o.name}${o.arg ? ` ${o.arg}` : ''}]${o.multiple ? '...' : ''}`);
  const head = `usage: futexlab ${c.name} ${c.args.join(' ')}`;
  return wrap(opts, head, head.length + 1);
}

/** The short usage: one line per command. */
export function usage(): string {
  return [
    `usage: futexlab COMMAND FILE [options]   (FILE '-' reads the scenario from stdin)`,
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
    '',
    `  futexlab help COMMAND   or   futexlab COMMAND --help   the command's options and exit codes`,
    `  futexlab --version      futexlab ${VERSION}`,
  ].join('\n');
}

function optionLine(o: OptionSpec): string[] {
  const head = `  --${o.name}${o.arg ? ` ${o.arg}` : ''}`;
  const words = (o.meaning + (o.default ? `; default: ${o.default}` : '')).split(' ');
  return head.length < 23 ? wrap(words, head.padEnd(23), 24) : [head, ...wrap(words, ' '.repeat(24), 24)];
}

export function commandHelp(c: CommandSpec): string {
  return [
    ...synopsis(c),
    '',
    `${c.summary}. FILE '-' reads the scenario from stdin.`,
    '',
    'options:',
    ...c.options.flatMap(optionLine),
    `  ${'--help'.padEnd(22)}this text`,
    '',
    'exit status:',
    ...c.exits.map(([code, what]) => `  ${code}  ${what}`),
  ].join('\n');
}
