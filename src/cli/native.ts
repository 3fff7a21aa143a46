// `futexlab native FILE`: the scenario on this machine's kernel (src/native, docs/native.md).

import type { Program } from '../session/program';
import { Unsupported } from '../native/gen';
import { NativeUnavailable, runNative, type NativeResult } from '../native/run';
import { CliExit } from './errors';
import { JSON_FORMAT_VERSION } from './version';
import { jsonText, printable } from '../session/printable';
import { plural } from '../lang/plural';

export function nativeCommand(program: Program, file: string, schedule: string | undefined, json: boolean, out: (s: string) => void): number {
  let r;
  try {
    r = runNative(program, schedule);
  } catch (e) {
    if (e instanceof Unsupported) throw new CliExit(2, `${file}:${e.range.start.line}:${e.range.start.col}: error: ${e.message}`);
    if (e instanceof NativeUnavailable) throw new CliExit(2, e.message);
    throw e;
  }
  if (json) {
    out(jsonText({ version: JSON_FORMAT_VERSION, ...nativeRunJson(program, file, schedule, r) }));
  } else {
    for (const line of r.output) out(`${line.thread}: ${printable(line.text)}`);
    for (const n of r.notes) out(`note: ${printable(n.message)}`);
    for (const a of r.asserts) out(`assert: ${a.thread}: ${printable(a.message)}`);
    for (const e of r.errors) out(`native: ${printable(e)}`);
    for (const l of r.left) out(`left: ${l.thread}: ${l.state}`);
    out(`result: ${r.result} (${plural(r.steps, 'step')})`);
  }
  return r.result === 'ok' ? 0 : 1;
}

/**
 * The RUN object of SEMANTICS.md for the real kernel: `"strategy": "native"`, no anomalies (the
 * kernel has no oracle), what it could not carry out in `notes` (kind `not-on-this-machine`). The
 * kernel gives no step number per print line, so output lines have none; `threads` are the
 * declared threads and any thread left when the schedule ended. What only a native run has
 * (threads seen asleep, left, failed asserts, the controller's errors) comes as extra fields.
 */
export function nativeRunJson(program: Program, file: string, schedule: string | undefined, r: NativeResult) {
  const left = new Map(r.left.map((l) => [l.thread, l.state]));
  const names = program.scenario.processes.flatMap((p) => p.threads.map((t) => `${p.name}/${t.name}`));
  for (const l of r.left) if (!names.includes(l.thread)) names.push(l.thread);
  const state = (n: string) => {
    const l = left.get(n);
    return l === undefined ? 'ended' : l === 'asleep-in-futex' ? 'blocked' : 'runnable';
  };
  return {
    file,
    scenario: program.scenario.title ?? null,
    strategy: 'native',
    schedule: schedule ?? 'fifo',
    result: r.result,
    steps: r.steps,
    output: r.output.map((o) => ({ thread: o.thread, text: o.text })),
    threads: names.map((name) => ({ name, state: state(name) })),
    anomalies: [],
    notes: r.notes,
    asleep: r.asleep, left: r.left, asserts: r.asserts, errors: r.errors,
  };
}
