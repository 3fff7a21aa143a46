// `futexlab diff`: the simulator's `modern` run and the real kernel's run of one scenario under
// one schedule, line against line (issue #12). Typed rows; the text is made by cli/diff.ts.
//
// Compared: what both runs produce (print lines in order, the result, the number of steps).
// Shown but not compared: the simulator's `anomaly:` and `note:` lines (the oracle's judgement
// exists only in the simulator) and the kernel's `left:`, `assert:` and `note:` lines (the
// simulator says the same in its result; a note is what this machine did not carry out). A `modern` result of `anomaly` is compared as `ok`: the kernel has no oracle, and the
// run it judged still ran to its end.

import type { Program } from '../session/program';
import { Session } from '../session/session';
import { runJson, type RunJson } from '../session/report';
import { runNative, type NativeResult } from './run';
import { plural } from '../lang/plural';

/** same: both sides agree; differ: a difference; simulator-only / kernel-only: shown, not compared. */
export type DiffMark = 'same' | 'differ' | 'simulator-only' | 'kernel-only';

export interface DiffRow {
  mark: DiffMark;
  /** The simulator's line, absent where only the kernel has one. */
  simulator?: string;
  kernel?: string;
}

export interface DiffResult {
  schedule: string;
  simulator: RunJson;
  kernel: NativeResult;
  rows: DiffRow[];
  /** Rows marked `differ`. */
  differences: number;
}

/** `THREAD: TEXT`, the lines of `run` and `native`. */
const outputLine = (o: { thread: string; text: string }) => `${o.thread}: ${o.text}`;

/**
 * The most cells of the LCS table (~32 MB). The table is (n+1)(m+1): `diff` of a scenario that
 * prints 33,000 lines built 1.1e9 cells and V8 aborted out of memory after 20 s (4.2 GB).
 */
export const MAX_LCS_CELLS = 1 << 22;

/**
 * Rows for two line lists: their common first lines as `same` (as alignByLcs, which matches equal
 * heads first, would pair them), the rest aligned by alignByLcs, or, when its table would pass
 * MAX_LCS_CELLS, paired up row by row. Outputs that agree cost no table at all. (Common last lines
 * are not trimmed: alignByLcs may pair a repeated last line differently.)
 */
export function alignLines(a: string[], b: string[]): DiffRow[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  const restA = a.slice(pre);
  const restB = b.slice(pre);
  const rows: DiffRow[] = [];
  for (let k = 0; k < pre; k++) rows.push({ mark: 'same', simulator: a[k], kernel: b[k] });
  const rest = (restA.length + 1) * (restB.length + 1) <= MAX_LCS_CELLS ? alignByLcs(restA, restB) : alignByRow(restA, restB);
  for (const r of rest) rows.push(r);
  return rows;
}

/** Line k against line k: for a middle too long for the LCS table. */
function alignByRow(a: string[], b: string[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let k = 0; k < Math.max(a.length, b.length); k++) rows.push({ mark: a[k] !== undefined && a[k] === b[k] ? 'same' : 'differ', simulator: a[k], kernel: b[k] });
  return rows;
}

/** Rows for two line lists aligned by their longest common subsequence (the plain version,
 * O(n m)); between two common lines, the lines only one side has are paired up row by row. */
export function alignByLcs(a: string[], b: string[]): DiffRow[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const rows: DiffRow[] = [];
  let onlyA: string[] = [];
  let onlyB: string[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(onlyA.length, onlyB.length); k++) rows.push({ mark: 'differ', simulator: onlyA[k], kernel: onlyB[k] });
    onlyA = [];
    onlyB = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      rows.push({ mark: 'same', simulator: a[i++], kernel: b[j++] });
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) onlyB.push(b[j++]);
    else onlyA.push(a[i++]);
  }
  flush();
  return rows;
}

/** The result both sides are compared by: `anomaly` is the oracle's word for a run that ended. */
export function comparableResult(r: string): string {
  return r === 'anomaly' ? 'ok' : r;
}

export function diffRows(sim: RunJson, nat: NativeResult): DiffRow[] {
  const rows = alignLines(sim.output.map(outputLine), nat.output.map(outputLine));
  for (const a of sim.anomalies) rows.push({ mark: 'simulator-only', simulator: `anomaly: ${a.kind} at step ${a.step} (${a.thread}): ${a.message}` });
  for (const n of sim.notes) rows.push({ mark: 'simulator-only', simulator: `note: ${n.kind} at step ${n.step}: ${n.message}` });
  for (const e of nat.errors) rows.push({ mark: 'differ', kernel: `native: ${e}` });
  // A failed assert is compared by the result (assert-failed on both sides); what the machine did
  // not carry out (swap_out with no swap, sched fifo without root) is said, not compared.
  for (const a of nat.asserts) rows.push({ mark: 'kernel-only', kernel: `assert: ${a.thread}: ${a.message}` });
  for (const n of nat.notes) rows.push({ mark: 'kernel-only', kernel: `note: ${n.message}` });
  for (const l of nat.left) rows.push({ mark: 'kernel-only', kernel: `left: ${l.thread}: ${l.state}` });
  const same = comparableResult(sim.result) === nat.result && sim.steps === nat.steps;
  rows.push({ mark: same ? 'same' : 'differ', simulator: `result: ${sim.result} (${plural(sim.steps, 'step')})`, kernel: `result: ${nat.result} (${plural(nat.steps, 'step')})` });
  return rows;
}

/** The simulator's run under `modern` and the schedule policy given (the scenario's own if none). */
export function simulate(program: Program, file: string, schedule: string | undefined): RunJson {
  const s = new Session(program, { strategy: 'modern', schedule, options: {} });
  s.run();
  return runJson(s, file);
}

export function diffOf(simulator: RunJson, kernel: NativeResult): DiffResult {
  const rows = diffRows(simulator, kernel);
  return { schedule: simulator.schedule, simulator, kernel, rows, differences: rows.filter((r) => r.mark === 'differ').length };
}

/** The simulator under `modern` and the kernel, one schedule; throws what runNative throws. */
export function diffScenario(program: Program, file: string, schedule: string | undefined): DiffResult {
  const kernel = runNative(program, schedule);
  return diffOf(simulate(program, file, schedule), kernel);
}
