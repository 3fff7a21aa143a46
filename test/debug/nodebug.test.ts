// noDebug (Ctrl+F5, "Run Scenario"; issue 9 item 6): the run goes to the end without stopping,
// whatever breakpoints, filters or stopOnEntry say, sends its output and ends the session. Every
// run that ends prints one summary line in the Debug Console: result, strategy, steps, anomalies.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXAMPLE_COW, clientPerTest, fixture, launchAndStop, lineOf } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

function record(): { stops: string[]; out: { category: string; text: string }[] } {
  const r = { stops: [] as string[], out: [] as { category: string; text: string }[] };
  dc.on('stopped', (e: DebugProtocol.StoppedEvent) => r.stops.push(e.body.reason));
  dc.on('output', (e: DebugProtocol.OutputEvent) => r.out.push({ category: e.body.category ?? 'console', text: e.body.output.trim() }));
  return r;
}

const SUMMARY = /^the run is over: /;

test('noDebug: no stop on entry, at breakpoints, at the anomaly or at the end; output, one summary line, exited, terminated', async () => {
  const seen = record();
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ program: EXAMPLE_COW, strategy: 'pinned-page', noDebug: true, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  await dc.setBreakpointsRequest({ source: { path: EXAMPLE_COW }, breakpoints: [{ line: lineOf(EXAMPLE_COW, 'futex_wake(word, 1)') }] });
  await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'futex_wake' }] });
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.configurationDoneRequest();
  expect((await exited).body.exitCode).toBe(1);
  await terminated;
  expect(seen.stops).toEqual([]);
  expect(seen.out.filter((o) => o.category === 'stdout').map((o) => o.text)).toEqual(["P/main: P's wake returned 1", 'C/main: C woken: 0']);
  const summaries = seen.out.filter((o) => SUMMARY.test(o.text));
  expect(summaries).toEqual([{ category: 'console', text: 'the run is over: anomaly · strategy pinned-page · 6 steps · 1 anomaly (wrong-wakeup)' }]);
});

test('debugging: the end stop prints the summary once; continuing from it ends the session', async () => {
  const seen = record();
  const COUNTER = fixture('counter.futex');
  const end = await launchAndStop(dc, { program: COUNTER });
  expect(end.body.reason).toBe('end');
  expect(end.body.description).toMatch(/^the run is over: ok · strategy modern · \d+ steps · no anomalies$/);
  const exited = dc.waitForEvent('exited');
  await dc.continueRequest({ threadId: 1 });
  expect((await exited).body.exitCode).toBe(0);
  expect(seen.out.filter((o) => SUMMARY.test(o.text)).map((o) => o.category)).toEqual(['console']);
});

test('a run that ends on an exception stop (hung) prints its summary when continued to the end', async () => {
  const seen = record();
  const stop = await launchAndStop(dc, { program: fixture('lost-wakeup.futex') });
  expect(stop.body.reason).toBe('exception');
  expect(seen.out.filter((o) => SUMMARY.test(o.text))).toEqual([]);
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: 1 });
  await terminated;
  expect(seen.out.filter((o) => SUMMARY.test(o.text)).map((o) => o.text)).toEqual([
    'the run is over: deadlock: threads blocked forever: P/waiter · strategy modern · 3 steps · 1 anomaly (hung)',
  ]);
});

test('a runaway scenario run without debugging ends at the step budget, and says so in its summary', async () => {
  const seen = record();
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ program: fixture('runaway.futex'), noDebug: true } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  const exited = dc.waitForEvent('exited');
  await dc.configurationDoneRequest();
  expect((await exited).body.exitCode).toBe(1);
  expect(seen.stops).toEqual([]);
  expect(seen.out.filter((o) => SUMMARY.test(o.text)).map((o) => o.text)).toEqual([
    'the run is over: step-limit: the step budget (max_steps 100000) is spent · strategy modern · 100000 steps · no anomalies',
  ]);
});
