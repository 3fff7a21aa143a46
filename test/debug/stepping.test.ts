// Stepping threads forward and backward over DAP. Going back restores the whole kernel and every
// thread (registers, memory, queues), not just the line.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { evaluate, fixture, launchAndStop, lineOf, registers, clientPerTest, stepAndStop, threadId, topFrame } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

async function state(): Promise<{ step: number; view: { waiterCount: number; tasks: { name: string; state: string }[] }; result: string | null; output: { text: string; step: number }[]; outputDropped: number }> {
  return (await dc.customRequest('futexlab/state')).body;
}

test('threads, frames, next, stepIn, stepOut, and a kernel frame for a blocked thread', async () => {
  const entry = await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  expect(entry.body.reason).toBe('entry');
  expect((await dc.threadsRequest()).body.threads.map((t) => t.name)).toEqual(['A/main', 'A/helper']);
  const main = await threadId(dc, 'A/main');
  expect(entry.body.threadId).toBe(main);
  expect((await topFrame(dc, main)).line).toBe(lineOf(COUNTER, 'let i = 0'));

  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  expect((await topFrame(dc, main)).line).toBe(lineOf(COUNTER, 'MARK:call'));

  await stepAndStop(dc, () => dc.stepInRequest({ threadId: main }));
  let stack = (await dc.stackTraceRequest({ threadId: main })).body.stackFrames;
  expect(stack.map((f) => f.name)).toEqual(['bump', 'A/main']);
  expect(stack[0].line).toBe(lineOf(COUNTER, 'let v = load addr'));
  expect(stack[1].line).toBe(lineOf(COUNTER, 'MARK:call'));
  expect(await registers(dc, stack[0].id)).toEqual({ addr: '268435456 (0x10000000)', by: '1', v: '0' });

  await stepAndStop(dc, () => dc.stepOutRequest({ threadId: main }));
  stack = (await dc.stackTraceRequest({ threadId: main })).body.stackFrames;
  expect(stack.map((f) => f.name)).toEqual(['A/main']);
  expect(stack[0].line).toBe(lineOf(COUNTER, 'MARK:inc'));
  expect(await evaluate(dc, 'load(heap)', stack[0].id)).toBe('1');

  // i = i + 1, yield: the yield hands the CPU to helper, which blocks in futex_wait; `next` on
  // main lets the schedule run helper first and stops when main has made its step.
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  const helper = await threadId(dc, 'A/helper');
  const hs = (await dc.stackTraceRequest({ threadId: helper })).body.stackFrames;
  expect(hs[0].name).toMatch(/^futex_wait on \(mm#1, 0x10000004.*\), bucket \d+$/);
  expect(hs[0].line).toBe(lineOf(COUNTER, 'MARK:wait'));
  expect(hs[1].name).toBe('A/helper');
  const wait = (await dc.scopesRequest({ frameId: hs[0].id })).body.scopes.find((s) => s.name === 'Wait')!;
  const wv = (await dc.variablesRequest({ variablesReference: wait.variablesReference })).body.variables;
  expect(wv.find((v) => v.name === 'state')!.value).toBe('blocked');
});

test('stepBack restores registers, memory, queues and threads; forward again replays the same run', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  const main = await threadId(dc, 'A/main');
  const seen = new Map<number, { regs: Record<string, string>; heap: string; flag: string; waiters: number; line: number }>();
  const record = async () => {
    const f = await topFrame(dc, main);
    const st = await state();
    seen.set(st.step, { regs: await registers(dc, f.id), heap: await evaluate(dc, 'load(heap)'), flag: await evaluate(dc, 'load(heap + 4)'), waiters: st.view.waiterCount, line: f.line });
  };
  await record();
  for (let i = 0; i < 14; i++) {
    await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
    await record();
  }
  const end = await state();
  expect(end.view.waiterCount).toBe(1); // helper is queued by now
  let matched = 0;
  let helperGone = false;
  for (let i = 0; i < 30 && (await state()).step > 0; i++) {
    const back = await stepAndStop(dc, () => dc.stepBackRequest({ threadId: main }));
    expect(back.body.reason).toBe('step');
    const st = await state();
    const want = seen.get(st.step);
    if (want) {
      const f = await topFrame(dc, main);
      expect({ regs: await registers(dc, f.id), heap: await evaluate(dc, 'load(heap)'), flag: await evaluate(dc, 'load(heap + 4)'), waiters: st.view.waiterCount, line: f.line }).toEqual(want);
      matched++;
    }
    if (st.view.tasks.find((t) => t.name === 'A/helper')!.state === 'runnable') helperGone = true;
  }
  expect(matched).toBeGreaterThan(5);
  expect(helperGone).toBe(true);
  expect((await state()).step).toBe(0);
  // The beginning: stepping back further says so.
  const first = await stepAndStop(dc, () => dc.stepBackRequest({ threadId: main }));
  expect(first.body.reason).toBe('entry');
  // Forward again to the end: the same output as a straight run.
  const done = await stepAndStop(dc, () => dc.continueRequest({ threadId: main }));
  expect(done.body.reason).toBe('end');
  expect((await state()).output.map((o) => o.text)).toEqual(['main woke 1', 'helper woken 0']);
});

test('gotoStep moves anywhere in the history; the end can be continued into termination', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
  expect(end.body.reason).toBe('end');
  expect(end.body.description).toMatch(/the run is over: ok/);
  const total = (await state()).step;
  const g = await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: 3 }));
  expect(g.body.reason).toBe('goto');
  expect((await state()).step).toBe(3);
  expect((await state()).result).toBe(null);
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: total }));
  expect((await state()).result).toBe('ok');
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: 1 });
  expect((await exited).body.exitCode).toBe(0);
  await terminated;
});

test('the user picks the next thread: futexlab/runThread and `run THREAD`; singleThread', async () => {
  await launchAndStop(dc, { program: COUNTER, stopOnEntry: true });
  const main = await threadId(dc, 'A/main');
  const helper = await threadId(dc, 'A/helper');
  const r = await dc.customRequest('futexlab/runThread', { threadId: helper });
  expect(r.body.result).toBe('A/helper runs at the next step');
  // helper runs first (and blocks), then main makes its step.
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main }));
  let st = await state();
  expect(st.step).toBe(2);
  expect(st.view.tasks.find((t) => t.name === 'A/helper')!.state).toBe('blocked');
  // singleThread on a blocked thread: it cannot move, and says why.
  const stuck = await stepAndStop(dc, () => dc.nextRequest({ threadId: helper, singleThread: true }));
  expect(stuck.body.reason).toBe('pause');
  expect(stuck.body.description).toMatch(/A\/helper cannot run \(blocked\)/);
  expect(await evaluate(dc, 'run helper').catch((e) => (e as Error).message)).toMatch(/A\/helper cannot run: it is blocked in futex_wait/);
  // A thread by the TID gettid() returns (from 101); a table slot is no TID.
  expect(await evaluate(dc, 'run 102').catch((e) => (e as Error).message)).toMatch(/A\/helper cannot run/);
  expect(await evaluate(dc, 'run 0').catch((e) => (e as Error).message)).toMatch(/^no thread '0' \(threads: A\/main 101, A\/helper 102\)/);
  expect(await evaluate(dc, 'run A/main')).toBe('A/main runs at the next step');
  await stepAndStop(dc, () => dc.nextRequest({ threadId: main, singleThread: true }));
  st = await state();
  expect(st.step).toBe(3);
});

test('pause stops a run that never ends, and it can be stepped back', async () => {
  await launchAndStop(dc, { program: fixture('spin.futex'), stopOnEntry: true });
  const stopped = dc.waitForEvent('stopped');
  await dc.continueRequest({ threadId: 1 });
  await new Promise((r) => setTimeout(r, 200));
  await dc.pauseRequest({ threadId: 1 });
  expect((await stopped).body.reason).toBe('pause');
  const at = (await state()).step;
  expect(at).toBeGreaterThan(10_000);
  const x = Number((await evaluate(dc, 'x')).split(' ')[0]);
  await stepAndStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
  await stepAndStop(dc, () => dc.stepBackRequest({ threadId: 1 }));
  expect((await state()).step).toBe(at - 2);
  expect(Number((await evaluate(dc, 'x')).split(' ')[0])).toBe(x - 1);
});

test('thread events as threads are created and end; print output carries its source line', async () => {
  const started: number[] = [];
  const exited: number[] = [];
  const outputs: { output: string; line?: number }[] = [];
  dc.on('thread', (e) => (e.body.reason === 'started' ? started : exited).push(e.body.threadId));
  dc.on('output', (e) => outputs.push(e.body));
  await launchAndStop(dc, { program: COUNTER });
  expect(started.sort()).toEqual([1, 2]);
  expect(exited.sort()).toEqual([1, 2]);
  const woke = outputs.find((o) => o.output === 'A/main: main woke 1\n')!;
  expect(woke.line).toBe(lineOf(COUNTER, 'print "main woke"'));
  const threads = (await dc.threadsRequest()).body.threads.map((t) => t.name);
  expect(threads).toEqual(['A/main (ended)', 'A/helper (ended)']);
});

test('a gotoStep forward from before the output was printed shows the lines printed up to there', async () => {
  // Restoring a checkpoint ahead of the live output said its lines were dropped (output [],
  // outputDropped 2 at step 265 of this run after a goto to 0).
  const program = `${__dirname}/../../examples/barrier-glibc.futex`;
  await launchAndStop(dc, { program, stopOnEntry: true });
  const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
  expect(end.body.reason).toBe('end');
  const atEnd = await state();
  expect(atEnd.output.length).toBeGreaterThan(1);
  const goto = (step: number) => stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step }));
  const lastPrint = atEnd.output[atEnd.output.length - 1].step;
  const before = await (async () => (await goto(lastPrint - 1), await state()))();
  const expected = atEnd.output.filter((o) => o.step <= lastPrint - 1);
  expect([before.output, before.outputDropped]).toEqual([expected, 0]);
  for (const from of [0, 1, atEnd.output[0].step - 1]) {
    await goto(from);
    expect((await state()).output).toEqual([]);
    await goto(lastPrint - 1);
    expect([(await state()).output, (await state()).outputDropped], `from ${from}`).toEqual([expected, 0]);
    await goto(atEnd.step);
    expect([(await state()).output, (await state()).outputDropped], `from ${from} to the end`).toEqual([atEnd.output, 0]);
  }
});
