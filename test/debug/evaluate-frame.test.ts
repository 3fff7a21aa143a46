// evaluate with a frameId the current stop does not have is an error response, as scopes answers
// it: it used the stopped thread's top frame instead, so a stale or wrong frameId read another
// thread's registers (the seventh session's user-path audit).
import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, evaluate, failure, fixture, launchAndStop, topFrame } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('evaluate and completions with an unknown frameId: the error scopes gives; a known frame still answers', async () => {
  const stop = await launchAndStop(dc, { program: fixture('counter.futex'), stopOnEntry: true });
  const frame = await topFrame(dc, stop.body.threadId!);
  expect(await evaluate(dc, '1 + 2', frame.id)).toMatch(/^3\b/);
  const unknown = frame.id + 1000;
  const scopes = await failure(dc.scopesRequest({ frameId: unknown }));
  expect(scopes).toBe(`frame ${unknown} is not part of the current stop`);
  expect(await failure(dc.evaluateRequest({ expression: '1 + 2', frameId: unknown, context: 'repl' }))).toBe(scopes);
  expect(await failure(dc.evaluateRequest({ expression: 'i', frameId: unknown, context: 'watch' }))).toBe(scopes);
  expect(await failure(dc.completionsRequest({ text: 'i', column: 2, frameId: unknown }))).toBe(scopes);
  // Without a frameId: the stopped thread's frame, as before.
  expect(await evaluate(dc, '1 + 2')).toMatch(/^3\b/);
});
