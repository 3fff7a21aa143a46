// An error response that echoes a long input (a 100,000-character expression, name or thread)
// keeps the start and end of its message: each used to be as long as the input.
import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { MAX_MESSAGE } from '../../src/lang/diagnostic-list';
import { clientPerTest, failure, fixture, launchAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('evaluate of 100,000-character input: a short error, and the adapter goes on', async () => {
  await launchAndStop(dc, { program: fixture('counter.futex'), stopOnEntry: true });
  const name = await failure(dc.evaluateRequest({ expression: 'x'.repeat(100_000), context: 'repl' }));
  expect(name.length).toBeLessThan(MAX_MESSAGE + 40);
  expect(name).toMatch(/^'x+…\[99,\d{3} characters left out\]…x+' is not a register/);
  const thread = await failure(dc.evaluateRequest({ expression: `run ${'q'.repeat(50_000)}`, context: 'repl' }));
  expect(thread).toMatch(/^no thread 'q+…\[49,\d{3} characters left out\]…q+/);
  expect(thread.length).toBeLessThan(MAX_MESSAGE + 40);
  const number = await failure(dc.evaluateRequest({ expression: '9'.repeat(100_000), context: 'repl' }));
  expect(number).toMatch(/^integer 9+…\[99,\d{3} characters left out\]…9+ does not fit in 64 bits/);
  expect((await dc.evaluateRequest({ expression: 'heap', context: 'repl' })).body.result).toMatch(/^\d+ \(0x[0-9a-f]+\)$/);
});
