// What a run says, as DAP output events: program output (through the output gate), anomalies and
// notes as Debug Console lines with the source line they come from. Split from session.ts (one
// concept per file): the runner reports typed lines, anomalies and notes (RunnerHooks), and the
// text is made here, at the edge; session.ts only sends the events.

import { OutputEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Range } from '../lang/ast';
import { printable } from '../session/printable';
import { GATE_CLOSED, type OutputGate } from './output-gate';
import type { RunnerHooks } from './runner';

/** One output event; `where` gives it a source position in the launched `file`. */
export function outputEvent(category: string, text: string, where: Range | undefined, file: string | undefined): DebugProtocol.OutputEvent {
  const e = new OutputEvent(`${text}\n`, category) as DebugProtocol.OutputEvent;
  if (where && file !== undefined) {
    e.body.source = { name: file.split(/[\\/]/).pop(), path: file };
    e.body.line = where.start.line;
    e.body.column = where.start.col;
  }
  return e;
}

/** The runner's hooks: each line it reports goes to `output`; `threads` syncs the thread events. */
export function runOutputHooks(
  output: (category: string, text: string, where: Range | undefined) => void,
  gate: OutputGate,
  threads: () => void,
): RunnerHooks {
  return {
    // The debug console renders ANSI sequences: a scenario's text is escaped as the CLI escapes it.
    output: (line, where) => {
      if (gate.admit()) output('stdout', `${line.thread}: ${printable(line.text)}`, where);
      else if (gate.justClosed) output('console', GATE_CLOSED, undefined);
    },
    anomaly: (a, where) => output('stderr', `anomaly: ${a.kind} at step ${a.step} (${a.thread}${a.others.length ? ' -> ' + a.others.join(', ') : ''}): ${printable(a.message)}`, where),
    note: (n) => output('console', `note: ${n.kind} at step ${n.step}: ${printable(n.message)}`, undefined),
    log: (text) => output('console', text, undefined),
    threads,
  };
}
