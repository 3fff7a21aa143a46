// The text of a diff (native/diff.ts): two columns, the simulator's lines and the kernel's, a
// gutter mark per row. Pure (no Node API): `futexlab diff` prints it, and the extension shows it
// from the command's JSON output.

import type { DiffMark, DiffResult, DiffRow } from './diff';
import { printable } from '../session/printable';
import { plural } from '../lang/plural';

/** The gutter: `!` a difference, `~` a line one side has by its nature (not compared). */
const GUTTER: Record<DiffMark, string> = { same: ' ', differ: '!', 'simulator-only': '~', 'kernel-only': '~' };

export function diffText(d: Pick<DiffResult, 'schedule' | 'rows' | 'differences'>, kernel: string): string[] {
  const head = { simulator: `simulator: modern, ${d.schedule}`, kernel: `kernel: Linux ${kernel}` };
  const rows = d.rows.map((r) => ({ g: GUTTER[r.mark], s: printable(r.simulator ?? ''), k: printable(r.kernel ?? '') }));
  // A simulator-only line (an anomaly's explanation can be long) is printed whole, on its own,
  // and does not widen the simulator's column.
  const own = (r: DiffRow) => r.mark === 'simulator-only';
  const width = Math.max(head.simulator.length, ...d.rows.map((r, i) => (own(r) ? 0 : rows[i].s.length)));
  const line = (g: string, s: string, k: string) => `${g} ${s.padEnd(width)} | ${k}`.trimEnd();
  const out = [line(' ', head.simulator, head.kernel), line(' ', '-'.repeat(width), '-'.repeat(Math.max(head.kernel.length, ...rows.map((r) => r.k.length))))];
  d.rows.forEach((r, i) => out.push(own(r) ? `${rows[i].g} ${rows[i].s}` : line(rows[i].g, rows[i].s, rows[i].k)));
  out.push('');
  out.push(d.differences === 0 ? 'same output, result and steps' : `${plural(d.differences, 'difference')} (marked !)`);
  if (d.rows.some((r) => r.mark === 'simulator-only' || r.mark === 'kernel-only')) {
    out.push("~ not compared: anomaly: and note: are the simulator's judgement (the kernel has no oracle), left: and assert: are how the kernel run ended, the kernel's note: what this machine did not carry out");
  }
  return out;
}

