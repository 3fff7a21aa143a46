// `futexlab compare`: one scenario under every strategy, one row each.

import type { Program } from '../session/program';
import { STRATEGY_IDS } from '../kernel/futex/variants';
import { Session } from '../session/session';
import { runJson, type RunJson } from '../session/report';
import { JSON_FORMAT_VERSION } from './version';

export function compareRuns(program: Program, file: string): RunJson[] {
  return compareSessions(program).map((s) => runJson(s, file));
}

/** The scenario run to its end under every strategy. */
export function compareSessions(program: Program): Session[] {
  return STRATEGY_IDS.map((strategy) => {
    const s = new Session(program, { strategy });
    s.run();
    return s;
  });
}

/** One row; `lockTicks` is how long the page-lock waits took (the JSON contract has only their count). */
function cell(r: RunJson, lockTicks: number | undefined): string[] {
  const prints = r.output.map((o) => `${o.thread}: ${o.text}`).join('; ') || '-';
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
  const sessions = compareSessions(program);
  const runs = sessions.map((s) => runJson(s, file));
  if (json) {
    out(JSON.stringify({ version: JSON_FORMAT_VERSION, file, runs }, null, 2));
    return 0;
  }
  const title = program.scenario.title;
  if (title) out(`${title}\n`);
  out(compareTable(runs, sessions.map((s) => s.k.s.stats.pageLockWaitTicks)));
  const notes = runs.flatMap((r) => r.anomalies.map((a) => `  ${r.strategy}: ${a.kind} at step ${a.step}: ${a.message}`));
  if (notes.length) out('\nwhy:\n' + notes.join('\n'));
  return 0;
}
