// A thread picked to run next (`run THREAD`, futexlab/runThread) belongs to the position where it
// was picked (runner.ts [2]): Step Back, Reverse Continue and gotoStep drop it, so it never runs
// at another step, in a state the user did not pick it in.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, evaluate, fixture, launchAndStop, stepAndStop, threadId } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

async function state(): Promise<{ step: number; view: { tasks: { name: string; state: string }[] } }> {
  return (await dc.customRequest('futexlab/state')).body;
}

const moves: [string, (main: number) => Promise<unknown>][] = [
  ['stepBack', (main) => dc.stepBackRequest({ threadId: main })],
  ['reverseContinue', (main) => dc.reverseContinueRequest({ threadId: main })],
  ['gotoStep', () => dc.customRequest('futexlab/gotoStep', { step: 1 })],
];

for (const [name, move] of moves) {
  test(`a pick made at a position is dropped by ${name}`, async () => {
    await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
    const main = await threadId(dc, 'A/main');
    const helper = await threadId(dc, 'A/helper');
    await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
    await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
    expect((await state()).step).toBe(2);
    if (name === 'stepBack') expect(await evaluate(dc, 'run helper')).toBe('A/helper runs at the next step');
    else expect((await dc.customRequest('futexlab/runThread', { threadId: helper })).body.result).toBe('A/helper runs at the next step');
    await stepAndStop(dc, () => move(main));
    const back = (await state()).step;
    expect(back).toBeLessThan(2);
    // Forward again: main makes its step alone; the pick, had it been kept, would have run helper
    // first (it blocks in futex_wait) and moved two steps.
    await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
    const st = await state();
    expect(st.step).toBe(back + 1);
    expect(st.view.tasks.find((t) => t.name === 'A/helper')!.state).toBe('runnable');
  });
}

// The control: with no move in between, the same pick runs helper first (the tests above would
// also pass if a pick never ran).
test('a pick with no move in between is used at the next step', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  const main = await threadId(dc, 'A/main');
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  expect(await evaluate(dc, 'run helper')).toBe('A/helper runs at the next step');
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  const st = await state();
  expect(st.step).toBe(3);
  expect(st.view.tasks.find((t) => t.name === 'A/helper')!.state).toBe('blocked');
});
