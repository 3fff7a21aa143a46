// `futexlab compare`: one scenario under every strategy, one row each.

import type { Program } from '../session/program';
import { STRATEGY_IDS } from '../kernel/futex/variants';
import { Session } from '../session/session';
import { runJson, type RunJson } from '../session/report';
import { JSON_FORMAT_VERSION } from './version';
import { jsonText, printable } from '../session/printable';
import { noun } from '../lang/plural';

export function compareRuns(program: Program, file: string): RunJson[] {
  return compareAll(program, file).runs;
}

/**
 * The scenario run to its end under every strategy, one at a time: each session is reported and
 * dropped before the next starts. Keeping all six alive made `compare` of a scenario that touches
 * ~30,000 pages peak at 1.06 GB (six kernels' page frames), where `run` peaks at 235 MB.
 */
function compareAll(program: Program, file: string): { runs: RunJson[]; lockTicks: number[] } {
  const runs: RunJson[] = [];
  const lockTicks: number[] = [];
  for (const strategy of STRATEGY_IDS) {
    const s = new Session(program, { strategy });
    s.run();
    runs.push(runJson(s, file));
    lockTicks.push(s.k.s.stats.pageLockWaitTicks);
  }
  return { runs, lockTicks };
}

/**
 * The widest output cell. The table is a summary: a scenario that printed up to max_output
 * (4 MB) made every row, the header and its underline that wide (22.8 MB for one loop of prints).
 * The examples' widest cell is ~280 characters; `run --strategy S` prints the whole output.
 */
export const MAX_OUTPUT_CELL = 400;

/** The run's prints, `THREAD: TEXT; ...`, cut after MAX_OUTPUT_CELL characters with a count of the rest. */
function printsCell(r: RunJson): string {
  let text = '';
  let shown = 0;
  for (const o of r.output) {
    const next = (shown === 0 ? '' : `${text}; `) + `${o.thread}: ${printable(o.text)}`;
    if (next.length > MAX_OUTPUT_CELL) {
      if (shown === 0) { text = `${next.slice(0, MAX_OUTPUT_CELL)}…`; shown = 1; }
      break;
    }
    text = next;
    shown++;
  }
  const rest = r.output.length - shown;
  return rest === 0 ? text || '-' : `${text}; … ${rest.toLocaleString('en-US')} more ${noun(rest, 'line')} (run --strategy ${r.strategy} prints them)`;
}

/** One row; `lockTicks` is how long the page-lock waits took (the JSON contract has only their count). */
function cell(r: RunJson, lockTicks: number | undefined): string[] {
  const prints = printsCell(r);
  const anomalies = r.anomalies.map((a) => a.kind).join(', ') || '-';
  const locks = r.stats.pageLockWaits ? `${r.stats.pageLockWaits}${lockTicks === undefined ? '' : ` (${lockTicks} ticks)`}` : '0';
  return [r.strategy, r.result, prints, anomalies, String(r.stats.pinnedPagesMax), locks];
}

export function compareTable(runs: RunJson[], lockTicks: number[] = []): string {
  const head = ['strategy', 'result', 'output', 'anomalies', 'pinned', 'page-lock waits'];
  const rows = [head, ...runs.map((r, i) => cell(r, lockTicks[i]))];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function compareCommand(program: Program, file: string, json: boolean, out: (s: string) => void): number {
  const { runs, lockTicks } = compareAll(program, file);
  if (json) {
    out(jsonText({ version: JSON_FORMAT_VERSION, file, runs }));
    return 0;
  }
  const title = program.scenario.title;
  if (title) out(`${printable(title)}\n`);
  out(compareTable(runs, lockTicks));
  const notes = runs.flatMap((r) => r.anomalies.map((a) => `  ${r.strategy}: ${a.kind} at step ${a.step}: ${printable(a.message)}`));
  if (notes.length) out('\nwhy:\n' + notes.join('\n'));
  return 0;
}
