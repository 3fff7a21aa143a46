// Environment commands in the Debug Console (issue 9 item 5): `swap_out heap` changes the state
// without a stop; the client is told (invalidated) and refetches with the handles it holds, which
// stay valid. A handle that names nothing gets a plain error, never "internal error".

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, evaluate, failure, fixture, launchAndStop, lineOf } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('after swap_out, the frames, scopes and variables the client holds still answer, with the new state', async () => {
  const stop = await launchAndStop(dc, { program: COUNTER }, () =>
    dc.setBreakpointsRequest({ source: { path: COUNTER }, breakpoints: [{ line: lineOf(COUNTER, 'MARK:wake') }] }),
  );
  const frame = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames[0];
  const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
  const regs = scopes.find((s) => s.name === 'Registers')!;
  const kernel = scopes.find((s) => s.name === 'Kernel')!;
  const regsBefore = (await dc.variablesRequest({ variablesReference: regs.variablesReference })).body.variables;
  const kernelKids = (await dc.variablesRequest({ variablesReference: kernel.variablesReference })).body.variables;
  const pages = kernelKids.find((v) => v.name === 'pages')!;
  const pagesBefore = (await dc.variablesRequest({ variablesReference: pages.variablesReference })).body.variables;

  const invalidated = dc.waitForEvent('invalidated');
  expect(await evaluate(dc, 'swap_out heap', frame.id)).toMatch(/^swap_out 0x10000000: done at step \d+$/);
  await invalidated;
  // What VS Code does on `invalidated`: refetch with the ids it has.
  const again = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
  expect(again.map((s) => s.name)).toEqual(scopes.map((s) => s.name));
  expect((await dc.variablesRequest({ variablesReference: regs.variablesReference })).body.variables).toEqual(regsBefore);
  const pagesAfter = (await dc.variablesRequest({ variablesReference: pages.variablesReference })).body.variables;
  expect(pagesAfter.length).toBe(pagesBefore.length - 1); // heap's page went to swap
  expect((await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames[0].line).toBe(frame.line);
});

test('a frame id or variables reference that names nothing: a plain error, no stack trace', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  const bad = await failure(dc.scopesRequest({ frameId: 99_999 }));
  expect(bad).toBe('frame 99999 is not part of the current stop');
  const badVar = await failure(dc.variablesRequest({ variablesReference: 99_999 }));
  expect(badVar).toBe('variables reference 99999 is not part of the current stop');
});
