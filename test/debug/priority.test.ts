// Coinciding stop reasons (issue 9 items 2 and 3, src/debug/stops.ts): in the step where P's wake
// wakes C under pinned-page (the wrong process), the anomaly, a function breakpoint, the "Any wake"
// filter and line breakpoints of both threads all fire. The anomaly wins (an exception stop with
// exceptionInfo), the description names every reason, the thread shows the statement that caused
// it; the line breakpoints follow on the next continues, in order. Plus the ordering on its own, and
// one anomaly described once where two in the same words are both described (by index, not text).

import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { EXCEPTION_FILTERS } from '../../src/debug/breakpoints';
import { orderStops, STOP_PRIORITY, type Cause } from '../../src/debug/stops';
import { scenarioHash } from '../../src/explore/trace';
import { EXAMPLE_COW, clientPerTest, fixture, launchAndStop, lineOf, stepAndStop, threadId, topFrame } from './helpers';

const WAKE = lineOf(EXAMPLE_COW, 'futex_wake(word, 1)');
const P_PRINT = lineOf(EXAMPLE_COW, `print "P's wake returned"`);
const C_PRINT = lineOf(EXAMPLE_COW, 'print "C woken:"');
const DEFAULT_FILTERS = EXCEPTION_FILTERS.filter((f) => f.default).map((f) => f.filter);
const SAME_NAME = fixture('same-name-wakeups.futex');

describe('over the adapter', () => {
  let dc: DebugClient;
  clientPerTest((c) => (dc = c));

  test('anomaly + function breakpoint + wake filter + line breakpoints in one step: the anomaly first, then the lines', async () => {
    let fnId = 0;
    const lineIds: number[] = [];
    const stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page' }, async () => {
      const lines = await dc.setBreakpointsRequest({ source: { path: EXAMPLE_COW }, breakpoints: [{ line: P_PRINT }, { line: C_PRINT }] });
      lineIds.push(...lines.body.breakpoints.map((b) => b.id!));
      fnId = (await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'futex_wake' }] })).body.breakpoints[0].id!;
      await dc.setExceptionBreakpointsRequest({ filters: [...DEFAULT_FILTERS, 'wake'] });
    });
    const p = await threadId(dc, 'P/main');
    const c = await threadId(dc, 'C/main');
    expect(stop.body.reason).toBe('exception');
    expect(stop.body.threadId).toBe(p);
    const d = stop.body.description!;
    expect(d).toMatch(/^anomaly wrong-wakeup: /);
    expect(d).toContain('futex_wake: P/main futex_wake(0x10000000): key (pfn 1, +0x0)');
    expect(d).toMatch(/P\/main futex_wake on .* woke C\/main/);
    expect(d).toContain(`also in this step: P/main reached line ${P_PRINT}; C/main reached line ${C_PRINT}`);
    expect(stop.body.hitBreakpointIds).toEqual([fnId]);
    const info = await dc.exceptionInfoRequest({ threadId: p });
    expect(info.body.exceptionId).toBe('wrong-wakeup');
    expect(info.body.description).toMatch(/C\/main/);
    // Item 3: the thread is shown on the statement that caused the stop, not on the next line.
    expect((await topFrame(dc, p)).line).toBe(WAKE);

    const second = await stepAndStop(dc, () => dc.continueRequest({ threadId: p }));
    expect([second.body.reason, second.body.threadId, second.body.hitBreakpointIds]).toEqual(['breakpoint', p, [lineIds[0]]]);
    expect((await topFrame(dc, p)).line).toBe(P_PRINT);
    const third = await stepAndStop(dc, () => dc.continueRequest({ threadId: p }));
    expect([third.body.reason, third.body.threadId, third.body.hitBreakpointIds]).toEqual(['breakpoint', c, [lineIds[1]]]);
    expect((await topFrame(dc, c)).line).toBe(C_PRINT);
    const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: p }));
    expect(end.body.reason).toBe('end');
  });

  test('an event stop alone (function breakpoint, wake filter) shows the line of the statement that made it', async () => {
    const printed: string[] = [];
    dc.on('output', (e) => e.body.category === 'stdout' && printed.push(e.body.output.trim()));
    const fn = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'modern' }, () =>
      dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'futex_wake' }] }),
    );
    expect(fn.body.reason).toBe('function breakpoint');
    const frame = await topFrame(dc, fn.body.threadId!);
    expect(frame.line).toBe(WAKE);
    // The registers are those after the statement: its result is there.
    const regs = (await dc.variablesRequest({ variablesReference: (await dc.scopesRequest({ frameId: frame.id })).body.scopes.find((s) => s.name === 'Registers')!.variablesReference })).body.variables;
    expect(regs.find((v) => v.name === 'n')?.value).toBe('0');
    // Stepping from there goes on from the position the thread really has: the next step is the print.
    expect(printed).toEqual([]);
    const next = await stepAndStop(dc, () => dc.nextRequest({ threadId: fn.body.threadId! }));
    expect(next.body.reason).toBe('step');
    expect(printed).toEqual(["P/main: P's wake returned 0"]);

    const wake = await stepAndStop(dc, async () => {
      await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
      await dc.setExceptionBreakpointsRequest({ filters: ['wake'] });
      return dc.reverseContinueRequest({ threadId: fn.body.threadId! });
    });
    expect(wake.body.reason).toBe('exception');
    expect((await dc.exceptionInfoRequest({ threadId: wake.body.threadId! })).body.exceptionId).toBe('wake');
    expect((await topFrame(dc, wake.body.threadId!)).line).toBe(WAKE);
  });

  // One anomaly is described once (the trace's failure and the anomaly filter's cause), by its
  // index in the session's anomalies: two anomalies in the same words are two. In the fixture one
  // wake wakes both C/w threads wrongly, and the two wrong-wakeup messages are equal.
  const WORDS = /P\/main woke C\/w under pinned-page: both keyed/g;

  test('two anomalies of one step in the same words: the stop names both', async () => {
    const stop = await launchAndStop(dc, { program: SAME_NAME, strategy: 'pinned-page' });
    expect(stop.body.reason).toBe('exception');
    const d = stop.body.description!;
    expect(d).toMatch(/^anomaly wrong-wakeup: P\/main woke C\/w /);
    expect(d.match(WORDS)).toHaveLength(2);
    expect(d).toContain('; anomaly wrong-wakeup: P/main woke C/w ');
  });

  test('a replayed trace failing on the second of them: its failure and the first anomaly, each once', async () => {
    // explore --strategy pinned-page's counterexample on the fixture.
    const replay = {
      version: 1, scenarioHash: scenarioHash(readFileSync(SAME_NAME, 'utf8')), strategy: 'pinned-page',
      threads: ['P/main', 'C/main', 'C/w', 'C/w'], schedule: [0, 0, 1, 1, 2, 3, 0],
    };
    const entry = await launchAndStop(dc, { program: SAME_NAME, replay, stopOnEntry: true });
    const fail = await stepAndStop(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect(fail.body.reason).toBe('exception');
    const d = fail.body.description!;
    expect(d).toMatch(/^the replayed trace fails here: P\/main woke C\/w /);
    expect(d.match(WORDS)).toHaveLength(2);
    expect(d).toContain('; anomaly wrong-wakeup: P/main woke C/w ');
  });
});

describe('the ordering', () => {
  const cause = (kind: Cause['kind'], tid: number, description: string): Cause =>
    ({ kind, tid, description, reason: kind === 'line' ? 'breakpoint' : kind === 'data' ? 'data breakpoint' : kind === 'event' ? 'function breakpoint' : 'exception' });

  test('anomaly, then data, then event, then line, whatever order they were found in', () => {
    expect(STOP_PRIORITY).toEqual(['anomaly', 'data', 'event', 'line']);
    const found = [cause('line', 2, 'L2'), cause('event', 3, 'E3'), cause('line', 1, 'L1'), cause('data', 4, 'D4'), cause('anomaly', 5, 'A5')];
    const stops = orderStops(found, null);
    expect(stops.map((s) => [s.reason, s.tid])).toEqual([['exception', 5], ['data breakpoint', 4], ['function breakpoint', 3], ['breakpoint', 2], ['breakpoint', 1]]);
    expect(stops[0].description).toBe('A5 (also in this step: D4; E3; L2; L1)');
  });

  test('one thread: its statement causes are one stop (on the statement), its line breakpoint another', () => {
    const stops = orderStops([cause('line', 0, 'L'), cause('event', 0, 'E'), cause('anomaly', 0, 'A'), cause('data', 0, 'D')], { tid: 0, unit: 2, pc: 7 });
    expect(stops).toHaveLength(2);
    expect(stops[0]).toMatchObject({ reason: 'exception', tid: 0, statement: { unit: 2, pc: 7 }, description: 'A; D; E (also in this step: L)' });
    expect(stops[1]).toMatchObject({ reason: 'breakpoint', tid: 0, description: 'L' });
    expect(stops[1].statement).toBeUndefined();
    // Another thread's event (a woken thread) is not shown on the stepping thread's statement.
    expect(orderStops([cause('event', 1, 'E1')], { tid: 0, unit: 2, pc: 7 })[0].statement).toBeUndefined();
  });

  test('one anomaly found twice is described once; two anomalies in the same words, twice', () => {
    // By the anomaly's index (Cause.anomaly), never by the words of the exception.
    const said = (anomaly: number | undefined, description: string): Cause =>
      ({ ...cause('anomaly', 0, description), exception: { id: 'wrong-wakeup', message: 'M' }, ...(anomaly === undefined ? {} : { anomaly }) });
    const replay = said(4, 'the replayed trace fails here: M');
    expect(orderStops([replay, said(4, 'anomaly wrong-wakeup: M')], null)[0].description).toBe('the replayed trace fails here: M');
    expect(orderStops([said(3, 'anomaly wrong-wakeup: M'), said(4, 'anomaly wrong-wakeup: M')], null)[0].description)
      .toBe('anomaly wrong-wakeup: M; anomaly wrong-wakeup: M');
    expect(orderStops([replay, said(3, 'anomaly wrong-wakeup: M'), said(4, 'anomaly wrong-wakeup: M')], null)[0].description)
      .toBe('the replayed trace fails here: M; anomaly wrong-wakeup: M');
    // Causes of no one anomaly (hung threads together, a deadlock) are never merged, whatever their words.
    expect(orderStops([said(undefined, 'X'), said(undefined, 'X')], null)[0].description).toBe('X; X');
  });
});
