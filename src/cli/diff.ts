// `futexlab diff FILE`: the simulator (`modern`) and this machine's kernel side by side, the
// differences marked (src/native/diff.ts compares; this file only lays the rows out).

import { release } from 'node:os';
import type { Program } from '../session/program';
import { Unsupported } from '../native/gen';
import { NativeUnavailable } from '../native/run';
import { diffScenario, type DiffMark, type DiffResult } from '../native/diff';
import { CliExit } from './errors';
import { JSON_FORMAT_VERSION } from './version';
import { jsonText, printable } from '../session/printable';

/** The gutter: `!` a difference, `~` a line one side has by its nature (not compared). */
const GUTTER: Record<DiffMark, string> = { same: ' ', differ: '!', 'simulator-only': '~', 'kernel-only': '~' };

export function diffText(d: DiffResult, kernel: string): string[] {
  const head = { simulator: `simulator: modern, ${d.schedule}`, kernel: `kernel: Linux ${kernel}` };
  const rows = d.rows.map((r) => ({ g: GUTTER[r.mark], s: printable(r.simulator ?? ''), k: printable(r.kernel ?? '') }));
  const width = Math.max(head.simulator.length, ...rows.map((r) => r.s.length));
  const line = (g: string, s: string, k: string) => `${g} ${s.padEnd(width)} | ${k}`.trimEnd();
  const out = [line(' ', head.simulator, head.kernel), line(' ', '-'.repeat(width), '-'.repeat(Math.max(head.kernel.length, ...rows.map((r) => r.k.length))))];
  for (const r of rows) out.push(line(r.g, r.s, r.k));
  out.push('');
  out.push(d.differences === 0 ? 'same output, result and steps' : `${d.differences} difference${d.differences === 1 ? '' : 's'} (marked !)`);
  if (d.rows.some((r) => r.mark === 'simulator-only' || r.mark === 'kernel-only')) {
    out.push("~ not compared: anomaly: and note: are the simulator's judgement (the kernel has no oracle), left: is how the kernel run ended");
  }
  return out;
}

export function diffCommand(program: Program, file: string, schedule: string | undefined, json: boolean, out: (s: string) => void): number {
  let d: DiffResult;
  try {
    d = diffScenario(program, file, schedule);
  } catch (e) {
    if (e instanceof Unsupported) throw new CliExit(2, `${file}:${e.range.start.line}:${e.range.start.col}: error: ${e.message}`);
    if (e instanceof NativeUnavailable) throw new CliExit(2, e.message.replace(/^futexlab native:/, 'futexlab diff:'));
    throw e;
  }
  if (json) out(jsonText({ version: JSON_FORMAT_VERSION, file, kernelRelease: release(), ...d }));
  else for (const l of diffText(d, release())) out(l);
  return d.differences === 0 ? 0 : 1;
}
