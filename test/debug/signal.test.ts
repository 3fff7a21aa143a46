// A signalled waiter over the real protocol (issue 15): stopped between `signal t3` and main's
// futex_wake, futexlab/state shows t3 runnable with its signal pending and its futex_q still
// queued; the wake that comes before t3 runs finds it (returns 1) and t3's wait returns 0.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { KernelView } from '../../src/kernel/snapshot';
import { clientPerTest, fixture, launchAndStop, lineOf, stepAndStop, threadId, topFrame } from './helpers';

const SIGNAL = fixture('signal-wake.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('a signalled-but-queued waiter shows the pending signal; a wake before it runs makes its wait return 0', async () => {
  const output: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => e.body.category === 'stdout' && output.push(e.body.output.trim()));
  const wake = lineOf(SIGNAL, 'MARK:wake');
  const before = await launchAndStop(dc, { program: SIGNAL, strategy: 'modern' }, () =>
    dc.setBreakpointsRequest({ source: { path: SIGNAL }, breakpoints: [{ line: lineOf(SIGNAL, 'MARK:signal') }, { line: wake }] }),
  );
  // Before the signal: t3 waits, nothing pending (this state request also fills the view caches,
  // which must not keep showing this after the signal changes only the task).
  const queued = (await dc.customRequest('futexlab/state')).body.view as KernelView;
  expect(queued.buckets.flatMap((b) => b.waiters).map((w) => [w.who, w.signalPending])).toEqual([['P/t3', false]]);
  const stop = await stepAndStop(dc, () => dc.continueRequest({ threadId: before.body.threadId! }));
  expect(stop.body.reason).toBe('breakpoint');
  expect(stop.body.threadId).toBe(await threadId(dc, 'P/main'));
  expect((await topFrame(dc, stop.body.threadId!)).line).toBe(wake);

  const view = (await dc.customRequest('futexlab/state')).body.view as KernelView;
  const t3 = view.tasks.find((t) => t.name === 'P/t3')!;
  expect(t3).toMatchObject({ state: 'runnable', sigpending: true });
  const waiters = view.buckets.flatMap((b) => b.waiters);
  expect(waiters.map((w) => [w.who, w.signalPending])).toEqual([['P/t3', true]]);
  expect(t3.wait).toBe(`futex q${waiters[0]!.q}`);

  const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: stop.body.threadId! }));
  expect(end.body.reason).toBe('end');
  const done = (await dc.customRequest('futexlab/state')).body;
  expect(done.result).toBe('ok');
  expect(done.output.map((o: { thread: string; text: string }) => `${o.thread}: ${o.text}`)).toEqual(['P/main: wake 1', 'P/t3: t3 0']);
  expect(output).toEqual(['P/main: wake 1', 'P/t3: t3 0']);
  expect((done.view as KernelView).waiterCount).toBe(0);
});
