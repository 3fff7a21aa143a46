// `futexlab diff FILE`: the simulator (`modern`) and this machine's kernel side by side, the
// differences marked (src/native/diff.ts compares; this file only lays the rows out).

import { release } from 'node:os';
import type { Program } from '../session/program';
import { Unsupported } from '../native/gen';
import { NativeUnavailable } from '../native/run';
import { diffScenario, type DiffResult } from '../native/diff';
import { diffText } from '../native/diff-text';
import { CliExit } from './errors';
import { JSON_FORMAT_VERSION } from './version';
import { jsonText } from '../session/printable';

export function diffCommand(program: Program, file: string, schedule: string | undefined, json: boolean, out: (s: string) => void): number {
  let d: DiffResult;
  try {
    d = diffScenario(program, file, schedule);
  } catch (e) {
    if (e instanceof Unsupported) throw new CliExit(2, `${file}:${e.range.start.line}:${e.range.start.col}: error: ${e.message}`);
    if (e instanceof NativeUnavailable) throw new CliExit(2, `futexlab diff: ${e.detail}`);
    throw e;
  }
  if (json) out(jsonText({ version: JSON_FORMAT_VERSION, file, kernelRelease: release(), ...d }));
  else for (const l of diffText(d, release())) out(l);
  return d.differences === 0 ? 0 : 1;
}
