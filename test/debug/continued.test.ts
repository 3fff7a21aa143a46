// A move tells the client which threads run again before it reports the stop. VS Code takes a
// step (next, stepIn, stepBack) as running only its own thread, and keeps every other thread's
// last stop reason: in code-server, after the stop on entry of P/t0 and a step of P/t2 (which ran
// every thread here), P/t0 still read "Paused on entry" in the Call Stack while it was blocked in
// futex_wait. A continued event for all threads makes VS Code forget the stale reasons.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { fixture, launchAndStop, clientPerTest, stepAndStop, threadId } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

/** The continued and stopped events `send` causes, in the order they came. */
async function events(send: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const onContinued = (e: DebugProtocol.ContinuedEvent) => seen.push(`continued ${e.body.threadId} all=${e.body.allThreadsContinued}`);
  const onStopped = (e: DebugProtocol.StoppedEvent) => seen.push(`stopped ${e.body.reason}`);
  dc.on('continued', onContinued);
  dc.on('stopped', onStopped);
  try {
    await stepAndStop(dc, send);
  } finally {
    dc.off('continued', onContinued);
    dc.off('stopped', onStopped);
  }
  return seen;
}

test('next, stepBack and continue say that every thread runs, before the stop', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  const main = await threadId(dc, 'A/main');
  const helper = await threadId(dc, 'A/helper');
  expect(await events(() => dc.nextRequest({ threadId: helper }))).toEqual([`continued ${helper} all=true`, 'stopped step']);
  expect(await events(() => dc.stepInRequest({ threadId: main }))).toEqual([`continued ${main} all=true`, 'stopped step']);
  const back = await events(() => dc.stepBackRequest({ threadId: main }));
  expect(back).toHaveLength(2);
  expect(back[0]).toMatch(/^continued \d+ all=true$/);
  expect(back[1]).toBe('stopped step');
  expect(await events(() => dc.continueRequest({ threadId: main }))).toEqual([`continued ${main} all=true`, 'stopped end']);
});

test('a step of one thread alone (singleThread) continues that thread only', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true, singleThread: true });
  const main = await threadId(dc, 'A/main');
  expect(await events(() => dc.nextRequest({ threadId: main }))).toEqual([`continued ${main} all=false`, 'stopped step']);
});
