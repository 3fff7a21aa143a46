// Going forward from the past replays the recorded future (history.ts [4], runner.ts [5]): after
// Step Back or gotoStep, stepping or continuing without doing anything new follows the recorded
// steps, a thread picked then included, re-applies the Debug Console actions recorded on the way,
// and keeps the history. Only something new (a new action, a pick or a singleThread step the
// recorded step did not make) forgets what followed.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, evaluate, fixture, launchAndStop, stepAndStop, threadId } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

interface State {
  step: number;
  historyLength: number;
  view: { stats: { swapOuts: number } };
  output: { text: string }[];
}

async function state(): Promise<State> {
  return (await dc.customRequest('futexlab/state')).body;
}

/** The kernel view at the current stop, as text to compare whole. */
const viewOf = (s: State): string => JSON.stringify(s.view);

/**
 * The recorded run: main steps, helper picked at position 2 (`run helper`), `swap_out heap` at
 * the next stop, main steps on, then continue to the end. The view at every stop, by position.
 */
async function recordRun(): Promise<{ main: number; helper: number; views: Map<number, string>; mid: number; end: State }> {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  const main = await threadId(dc, 'A/main');
  const helper = await threadId(dc, 'A/helper');
  const views = new Map<number, string>();
  const next = async () => {
    await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
    const s = await state();
    views.set(s.step, viewOf(s));
  };
  await next();
  await next();
  expect((await state()).step).toBe(2);
  expect(await evaluate(dc, 'run helper')).toBe('A/helper runs at the next step');
  await next();
  expect(await evaluate(dc, 'swap_out heap')).toMatch(/^swap_out 0x10000000: done at step \d+$/);
  const swapped = await state();
  expect(swapped.view.stats.swapOuts).toBe(1);
  views.set(swapped.step, viewOf(swapped));
  await next();
  await next();
  const mid = (await state()).step;
  expect((await stepAndStop(dc, () => dc.continueRequest({ threadId: main }))).body.reason).toBe('end');
  const end = await state();
  expect(end.historyLength).toBe(end.step);
  return { main, helper, views, mid, end };
}

test('stepping back N steps and forward again returns to the recorded states, history kept', async () => {
  const { main, views, mid, end } = await recordRun();
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: mid }));
  expect(viewOf(await state())).toBe(views.get(mid));
  let backs = 0;
  while ((await state()).step > 1) {
    await stepAndStop(dc, () => dc.stepBackRequest({ threadId: main }));
    backs++;
  }
  expect(backs).toBeGreaterThan(4); // back over the swap_out and the pick
  expect((await state()).view.stats.swapOuts).toBe(0);
  let compared = 0;
  for (let i = 0; i < backs && (await state()).step < mid; i++) {
    await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
    const s = await state();
    expect(s.historyLength).toBe(end.historyLength);
    const want = views.get(s.step);
    if (want !== undefined) {
      expect(viewOf(s), `step ${s.step}`).toBe(want);
      compared++;
    }
  }
  expect((await state()).step).toBe(mid);
  expect(compared).toBe(4); // every stop of the recorded run after position 1, the swap_out's included
  const done = await stepAndStop(dc, () => dc.continueRequest({ threadId: main }));
  expect(done.body.reason).toBe('end');
  const again = await state();
  expect([again.step, again.historyLength, viewOf(again), again.output]).toEqual([end.step, end.historyLength, viewOf(end), end.output]);
});

test('a continue from an earlier position ends as the recorded run did', async () => {
  const { main, end } = await recordRun();
  const timeline = JSON.stringify((await dc.customRequest('futexlab/timeline')).body);
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: 1 }));
  expect((await stepAndStop(dc, () => dc.continueRequest({ threadId: main }))).body.reason).toBe('end');
  const again = await state();
  expect([again.step, again.historyLength, viewOf(again), again.output]).toEqual([end.step, end.historyLength, viewOf(end), end.output]);
  expect(again.view.stats.swapOuts).toBe(1);
  expect(JSON.stringify((await dc.customRequest('futexlab/timeline')).body)).toBe(timeline);
});

test('a new Debug Console action in the past forgets the recorded future', async () => {
  const { main, end } = await recordRun();
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: 1 }));
  expect((await state()).historyLength).toBe(end.historyLength);
  await evaluate(dc, 'reclaim');
  expect((await state()).historyLength).toBe(1);
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  expect((await state()).historyLength).toBe(2);
});

test('a pick or a singleThread step the recorded step did not make forgets the future; the same one keeps it', async () => {
  const { main, helper, end } = await recordRun();
  const length = async () => (await state()).historyLength;
  // Position 2's recorded step forced helper (the pick): picking it again is no change.
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: 2 }));
  await dc.customRequest('futexlab/runThread', { threadId: helper });
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  expect(await length()).toBe(end.historyLength);
  // Position 1's recorded step is main's: main alone is no change either.
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: 1 }));
  await stepAndStop(dc, () => dc.stepInRequest({ threadId: main, singleThread: true }));
  expect([(await state()).step, await length()]).toEqual([2, end.historyLength]);
  // Position 2, main alone: the recorded step ran helper.
  await stepAndStop(dc, () => dc.stepInRequest({ threadId: main, singleThread: true }));
  expect([(await state()).step, await length()]).toEqual([3, 3]);
  // Position 1 again, helper picked where the schedule had run main.
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: 1 }));
  expect(await evaluate(dc, 'run helper')).toBe('A/helper runs at the next step');
  await stepAndStop(dc, () => dc.stepInRequest({ threadId: helper }));
  expect([(await state()).step, await length()]).toEqual([2, 2]);
});

test('an action typed at a stop is no step: neither a followed run nor a reverse search stops at it', async () => {
  const { main } = await recordRun();
  // The swap_out typed by hand emits a swap-out event, after the check of its position's step.
  expect((await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'swap_out' }] })).body.breakpoints[0].verified).toBe(true);
  const back = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: main }));
  expect([back.body.reason, (await state()).step]).toEqual(['entry', 0]);
  const fwd = await stepAndStop(dc, () => dc.continueRequest({ threadId: main }));
  expect(fwd.body.reason).toBe('end');
  expect((await state()).view.stats.swapOuts).toBe(1);
});
