// `futexlab native FILE`: the scenario on this machine's kernel (src/native, docs/native.md).

import type { Program } from '../session/program';
import { Unsupported } from '../native/gen';
import { NativeUnavailable, runNative } from '../native/run';
import { CliExit } from './errors';
import { JSON_FORMAT_VERSION } from './version';
import { jsonText, printable } from '../session/printable';

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
    out(jsonText({ version: JSON_FORMAT_VERSION, file, kernel: 'native', ...r }));
  } else {
    for (const line of r.output) out(`${line.thread}: ${printable(line.text)}`);
    for (const n of r.notes) out(`note: ${printable(n.message)}`);
    for (const a of r.asserts) out(`assert: ${a.thread}: ${printable(a.message)}`);
    for (const e of r.errors) out(`native: ${printable(e)}`);
    for (const l of r.left) out(`left: ${l.thread}: ${l.state}`);
    out(`result: ${r.result} (${r.steps} steps)`);
  }
  return r.result === 'ok' ? 0 : 1;
}
