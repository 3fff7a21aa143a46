// stackTrace paged as VS Code pages it: the top frame first (startFrame 0, levels 1), then the
// rest (startFrame 1). The pages put together must be the unpaged answer. An ended thread has one
// label frame ("P/main: ended"); it was returned for every startFrame, so the Call Stack showed
// it twice under each ended thread once the run was over.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { EXAMPLE_COW, clientPerTest, launchAndStop, stepAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

async function pagedEqualsPlain(threadId: number): Promise<string[]> {
  const plain = (await dc.stackTraceRequest({ threadId })).body;
  const first = (await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 1 })).body;
  const rest = (await dc.stackTraceRequest({ threadId, startFrame: 1, levels: 19 })).body;
  const names = (fs: { name: string; line: number }[]) => fs.map((f) => `${f.name}@${f.line}`);
  expect(names([...first.stackFrames, ...rest.stackFrames])).toEqual(names(plain.stackFrames));
  expect(first.totalFrames).toBe(plain.totalFrames);
  return plain.stackFrames.map((f) => f.name);
}

test('a blocked thread and a running one page as they read whole', async () => {
  await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page', stopOnEntry: true });
  // Three steps of P: fork, then the sleep (C queues on the word meanwhile).
  let stop;
  for (let i = 0; i < 2; i++) stop = await stepAndStop(dc, () => dc.nextRequest({ threadId: 1 }));
  const threads = (await dc.threadsRequest()).body.threads;
  expect(threads.map((t) => t.name)).toEqual(['P/main', 'C/main']);
  for (const t of threads) expect((await pagedEqualsPlain(t.id)).length).toBeGreaterThanOrEqual(1);
  expect(stop).toBeDefined();
});

test('an ended thread has its one label frame once, however it is paged', async () => {
  const end = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'modern' });
  expect(end.body.reason).not.toBe('entry');
  const threads = (await dc.threadsRequest()).body.threads;
  expect(threads.length).toBeGreaterThanOrEqual(1);
  for (const t of threads) {
    const names = await pagedEqualsPlain(t.id);
    expect(names).toEqual([expect.stringMatching(/: ended$/)]);
  }
});
