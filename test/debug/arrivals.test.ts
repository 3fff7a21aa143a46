// One rule for arriving at a line (arrivals.ts): every thread whose position moved is checked,
// whatever moved it (the stepping thread, fork/spawn children, wakes, timer expiry, signals,
// requeued waiters). Over the adapter (the COW example) and as a property over random scenarios,
// where the reference comes from the run's own trace, not from the breakpoint code: every step a
// thread executes was preceded by its arrival at that statement, and a thread may have arrived at
// one last statement it never ran (the run ended first).

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { loadProgram } from '../../src/session/load';
import { Session, type SessionConfig } from '../../src/session/session';
import { Breakpoints } from '../../src/debug/breakpoints';
import { History } from '../../src/debug/history';
import { Runner } from '../../src/debug/runner';
import { registerNames } from '../../src/debug/frames';
import { scenario, thread } from '../kernel/random-scenario';
import { EXAMPLE_COW, launchAndStop, clientPerTest, stepAndStop, topFrame, lineOf } from './helpers';

describe('over the adapter', () => {
  let dc: DebugClient;
  clientPerTest((c) => (dc = c));

  test('COW example under pinned-page: the fork child, the timer expiry and the anomaly all stop', async () => {
    const wait = lineOf(EXAMPLE_COW, 'futex_wait(word, 0');
    const wake = lineOf(EXAMPLE_COW, 'futex_wake(word, 1)');
    const seen: string[] = [];
    let stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page' }, () =>
      dc.setBreakpointsRequest({ source: { path: EXAMPLE_COW }, breakpoints: [{ line: wait }, { line: wake }] }),
    );
    const names = async (): Promise<Map<number, string>> => new Map((await dc.threadsRequest()).body.threads.map((t) => [t.id, t.name]));
    for (let i = 0; i < 10 && stop.body.reason !== 'end' && stop.body.reason !== 'terminated'; i++) {
      const f = await topFrame(dc, stop.body.threadId!);
      seen.push(`${stop.body.reason} ${(await names()).get(stop.body.threadId!)} ${f.line}`);
      stop = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    }
    expect(seen.slice(0, 2)).toEqual([`breakpoint C/main ${wait}`, `breakpoint P/main ${wake}`]);
    expect(seen[2]).toMatch(/^exception P\/main/);
  });
});

/** Per thread, the (unit:pc) of every step it executed, from a plain run of the session. */
function traceSteps(text: string, config: SessionConfig): Map<number, string[]> {
  const r = loadProgram(text, 'rand.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, config);
  const out = new Map<number, string[]>();
  while (s.step()) push(out, s.lastStep.tid, `${s.lastStep.unit}:${s.lastStep.pc}`);
  // The last step of a run that ended also ran (Session.step returns false after it).
  if (s.lastStep.tid >= 0 && s.steps > [...out.values()].reduce((n, l) => n + l.length, 0)) push(out, s.lastStep.tid, `${s.lastStep.unit}:${s.lastStep.pc}`);
  return out;
}

function push(m: Map<number, string[]>, k: number, v: string): void {
  const l = m.get(k) ?? [];
  l.push(v);
  m.set(k, l);
}

/** Per thread, where the debugger stopped it with a breakpoint on every line. */
async function breakpointStops(text: string, config: SessionConfig): Promise<Map<number, string[]>> {
  const r = loadProgram(text, 'rand.futex');
  if (!r.ok) throw new Error('does not load');
  const s = new Session(r.program, config);
  const bps = new Breakpoints(s, '/rand.futex', registerNames(r.program));
  const lines = text.split('\n').map((_, i) => ({ line: i + 1 }));
  bps.setLines('/rand.futex', lines);
  const history = new History(s, () => undefined);
  const quiet = { output: () => undefined, anomaly: () => undefined, note: () => undefined, log: () => undefined, threads: () => undefined };
  const runner = new Runner(s, history, bps, quiet, null, false);
  const out = new Map<number, string[]>();
  for (let guard = 0; guard < 100_000; guard++) {
    const stop = await runner.run('continue', 0, false);
    if (stop.reason === 'terminated') return out;
    if (stop.reason !== 'breakpoint') continue; // anomalies, deadlock: go on
    const th = s.threads[stop.tid];
    const f = th.frames[th.frames.length - 1];
    push(out, stop.tid, `${f.unit}:${f.pc}`);
  }
  throw new Error('the debugger never reached the end');
}

describe('property: breakpoint stops are the arrivals of the trace', () => {
  test('random scenarios, a breakpoint on every line', async () => {
    await fc.assert(
      fc.asyncProperty(thread, thread, thread, fc.constantFrom('fifo', 'round-robin', 'random(5)'), fc.constantFrom('modern', 'pinned-page'), async (a, b, c, schedule, strategy) => {
        const text = scenario(a, b, c);
        const config: SessionConfig = { strategy, schedule, options: { max_steps: '400' } };
        const ran = traceSteps(text, config);
        const stops = await breakpointStops(text, config);
        for (const tid of new Set([...ran.keys(), ...stops.keys()])) {
          const exec = ran.get(tid) ?? [];
          const st = stops.get(tid) ?? [];
          // Every executed step was arrived at first, in order; at most one arrival more (never run).
          expect(st.slice(0, exec.length), `thread ${tid}\n${text}`).toEqual(exec);
          expect(st.length - exec.length, `thread ${tid}\n${text}`).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 60, seed: 20261201 },
    );
  }, 120_000);
});
