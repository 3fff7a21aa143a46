// Breakpoints of every kind, forward and backward: line (verified, moved to a statement),
// conditions over registers and memory, hit counts, logpoints, function breakpoints on kernel
// events and system calls, exception filters (anomalies, wakes), data breakpoints on memory words.

import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { EXAMPLE_COW, evaluate, fixture, launchAndStop, lineOf, registers, clientPerTest, stepAndStop, topFrame } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
const restart = clientPerTest((c) => (dc = c));

const setLines = (bps: DebugProtocol.SourceBreakpoint[]) => dc.setBreakpointsRequest({ source: { path: COUNTER }, breakpoints: bps });
const regsOf = async (threadId: number) => registers(dc, (await topFrame(dc, threadId)).id);

describe('line breakpoints', () => {
  test('verified, and moved to the next statement', async () => {
    await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, async () => {
      const r = await setLines([{ line: lineOf(COUNTER, 'MARK:inc') + 1 }, { line: 2 }, { line: lineOf(COUNTER, 'MARK:wait') }]);
      expect(r.body.breakpoints.map((b) => [b.verified, b.line])).toEqual([
        [true, lineOf(COUNTER, 'yield')],
        [true, lineOf(COUNTER, 'let v = load addr')],
        [true, lineOf(COUNTER, 'MARK:wait')],
      ]);
      const other = await dc.setBreakpointsRequest({ source: { path: '/elsewhere/x.futex' }, breakpoints: [{ line: 1 }] });
      expect(other.body.breakpoints[0].verified).toBe(false);
    });
  });

  test('a path to the scenario with . or .. segments names the scenario', async () => {
    await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, async () => {
      const dir = path.dirname(COUNTER);
      for (const p of [`${dir}/./counter.futex`, `${dir}/../${path.basename(dir)}/counter.futex`]) {
        const r = await dc.setBreakpointsRequest({ source: { path: p }, breakpoints: [{ line: lineOf(COUNTER, 'MARK:wait') }] });
        expect(r.body.breakpoints.map((b) => [b.verified, b.line]), p).toEqual([[true, lineOf(COUNTER, 'MARK:wait')]]);
      }
    });
  });

  test('a thread stops when it arrives; each thread at its own breakpoint', async () => {
    const stop = await launchAndStop(dc, { program: COUNTER }, () => setLines([{ line: lineOf(COUNTER, 'MARK:wait') }, { line: lineOf(COUNTER, 'MARK:print') }]));
    // helper's first statement: it is there from the start.
    expect(stop.body.reason).toBe('breakpoint');
    expect((await dc.threadsRequest()).body.threads.find((t) => t.id === stop.body.threadId)!.name).toBe('A/helper');
    expect((await topFrame(dc, stop.body.threadId!)).line).toBe(lineOf(COUNTER, 'MARK:wait'));
    const next = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(next.body.reason).toBe('breakpoint');
    expect(next.body.hitBreakpointIds!.length).toBe(1);
    expect((await topFrame(dc, next.body.threadId!)).line).toBe(lineOf(COUNTER, 'MARK:print'));
    expect((await regsOf(next.body.threadId!)).w).toBe('0');
  });

  test('condition over registers and memory', async () => {
    const stop = await launchAndStop(dc, { program: COUNTER }, () => setLines([{ line: lineOf(COUNTER, 'MARK:inc'), condition: 'i == 1 && load(heap) == 2' }]));
    expect(stop.body.reason).toBe('breakpoint');
    expect((await regsOf(stop.body.threadId!)).i).toBe('1');
    expect(await evaluate(dc, 'load(heap)')).toBe('2');
    const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(end.body.reason).toBe('end');
  });

  test('a condition that does not parse is not verified', async () => {
    await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, async () => {
      const r = await setLines([{ line: lineOf(COUNTER, 'MARK:inc'), condition: 'i ==' }, { line: lineOf(COUNTER, 'MARK:inc'), hitCondition: 'lots' }]);
      expect(r.body.breakpoints[0].verified).toBe(false);
      expect(r.body.breakpoints[0].message).toMatch(/expected an expression/);
      expect(r.body.breakpoints[1].message).toMatch(/hit count 'lots'/);
      // '%0' was verified and never stopped (the ninth session's audit).
      const z = await setLines([{ line: lineOf(COUNTER, 'MARK:inc'), hitCondition: '%0' }]);
      expect([z.body.breakpoints[0].verified, z.body.breakpoints[0].message]).toEqual([false, "hit count '%0' never hits: %N needs N >= 1"]);
    });
  });

  test('hit count', async () => {
    const stop = await launchAndStop(dc, { program: COUNTER }, () => setLines([{ line: lineOf(COUNTER, 'MARK:store'), hitCondition: '>= 3' }]));
    expect(stop.body.reason).toBe('breakpoint');
    expect((await regsOf(stop.body.threadId!)).v).toBe('2');
  });

  test('logpoints print and do not stop', async () => {
    const logs: string[] = [];
    dc.on('output', (e) => e.body.category === 'console' && logs.push(e.body.output));
    const stop = await launchAndStop(dc, { program: COUNTER }, () => setLines([{ line: lineOf(COUNTER, 'MARK:call'), logMessage: 'i is {i}, heap holds {load(heap)}' }]));
    expect(stop.body.reason).toBe('end');
    expect(logs.filter((l) => l.startsWith('i is'))).toEqual(['i is 0, heap holds 0\n', 'i is 1, heap holds 1\n', 'i is 2, heap holds 2\n']);
  });

  test('reverseContinue stops at the breakpoints on the way back, then at the beginning', async () => {
    await launchAndStop(dc, { program: COUNTER }, () => setLines([{ line: lineOf(COUNTER, 'MARK:inc') }]));
    await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect((await regsOf(1)).i).toBe('2');
    const back = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    expect(back.body.reason).toBe('breakpoint');
    expect((await regsOf(1)).i).toBe('1');
    expect(await evaluate(dc, 'load(heap)')).toBe('2');
    await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    expect((await regsOf(1)).i).toBe('0');
    const start = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    expect(start.body.reason).toBe('entry');
    expect((await dc.customRequest('futexlab/state')).body.step).toBe(0);
  });

  test('futexlab/timeline is the run the session recorded, with the current step in it', async () => {
    await launchAndStop(dc, { program: COUNTER }, () => setLines([{ line: lineOf(COUNTER, 'MARK:inc') }]));
    await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    const t = (await dc.customRequest('futexlab/timeline')).body;
    const step = (await dc.customRequest('futexlab/state')).body.step;
    expect(t.step).toBe(step);
    expect(t.threads.map((x: { name: string }) => x.name)).toContain('A/main');
    expect(t.events.length).toBeGreaterThan(0);
    expect(t.events.every((e: { step: number }) => e.step <= step)).toBe(true);
    await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    const back = (await dc.customRequest('futexlab/timeline')).body;
    expect(back.step).toBeLessThan(step);
    // Stepping back keeps the recorded steps ahead (a click on one goes there): the same events.
    expect(back.events).toEqual(t.events);
    expect(back.anomalies).toEqual(t.anomalies);
    // Stepping on from there follows the recorded run (history.ts [4]): the future is kept.
    await stepAndStop(dc, () => dc.nextRequest({ threadId: 1 }));
    expect((await dc.customRequest('futexlab/timeline')).body.events).toEqual(t.events);
    // Something new there (an environment action) records a new future: the old one is forgotten.
    await dc.evaluateRequest({ expression: 'reclaim', context: 'repl' });
    const again = (await dc.customRequest('futexlab/timeline')).body;
    expect(again.events.length).toBeLessThan(t.events.length);
    expect(again.events.every((e: { step: number }) => e.step <= again.step)).toBe(true);
  });
});

describe('function breakpoints: kernel events and system calls', () => {
  test('futex_wake stops the waker; unknown names are not verified', async () => {
    const stop = await launchAndStop(dc, { program: COUNTER }, async () => {
      const r = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'futex_wake' }, { name: 'frobnicate' }] });
      expect(r.body.breakpoints.map((b) => b.verified)).toEqual([true, false]);
    });
    expect(stop.body.reason).toBe('function breakpoint');
    expect(stop.body.description).toMatch(/^futex_wake: A\/main futex_wake/);
    expect((await regsOf(stop.body.threadId!)).n).toBe('1');
  });

  test('cow and fork in the wrong-wakeup example, with a condition', async () => {
    const stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page' }, () =>
      dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'fork' }, { name: 'cow', condition: 'n == 12345' }] }),
    );
    expect(stop.body.reason).toBe('function breakpoint');
    expect(stop.body.description).toMatch(/^fork: P\/main forks C\/main/);
  });

  test('a condition that cannot run stops and says why, for a function breakpoint too', async () => {
    const said = dc.waitForEvent('output').then(function next(e): Promise<DebugProtocol.OutputEvent> | DebugProtocol.OutputEvent {
      return /condition 'nosuch == 1'/.test((e as DebugProtocol.OutputEvent).body.output) ? (e as DebugProtocol.OutputEvent) : dc.waitForEvent('output').then(next);
    });
    const stop = await launchAndStop(dc, { program: COUNTER }, () =>
      dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'futex_wake', condition: 'nosuch == 1' }] }),
    );
    expect(stop.body.reason).toBe('function breakpoint');
    expect((await said).body.output).toMatch(/condition 'nosuch == 1': .*nosuch/);
  });
});

describe('exception filters', () => {
  test('a wrong wake-up under pinned-page stops at the wake, with exceptionInfo', async () => {
    const stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page' });
    expect(stop.body.reason).toBe('exception');
    expect(stop.body.description).toMatch(/^anomaly wrong-wakeup: /);
    const names = (await dc.threadsRequest()).body.threads;
    expect(names.find((t) => t.id === stop.body.threadId)!.name).toBe('P/main');
    const frame = await topFrame(dc, stop.body.threadId!);
    // On the futex_wake that raised it, not the line after.
    expect(frame.line).toBe(lineOf(EXAMPLE_COW, 'futex_wake(word, 1)'));
    const info = await dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
    expect(info.body.exceptionId).toBe('wrong-wakeup');
    expect(info.body.description).toMatch(/C\/main/);
    // And backwards: from the end, reverseContinue stops at the same anomaly.
    const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(end.body.reason).toBe('end');
    const back = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    expect(back.body.reason).toBe('exception');
    expect(back.body.description).toBe(stop.body.description);
    expect((await topFrame(dc, back.body.threadId!)).line).toBe(frame.line);
  });

  test('no anomaly under modern: the run ends', async () => {
    const stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'modern' });
    expect(stop.body.reason).toBe('end');
  });

  test('a wake that woke nobody, and a blocking thread, with a condition', async () => {
    const stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'modern' }, () =>
      dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'wake-nobody' }, { filterId: 'block', condition: 'r == 999' }] }),
    );
    expect(stop.body.reason).toBe('exception');
    expect(stop.body.description).toMatch(/P\/main futex_wake on .* woke nobody/);
    const blocked = await launchOther(EXAMPLE_COW, [{ filterId: 'block' }]);
    expect(blocked.body.description).toBe('P/main blocks: sleep 10');
    const next = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(next.body.description).toMatch(/^C\/main blocks: futex_wait/);
  });
});

async function launchOther(program: string, filterOptions: DebugProtocol.ExceptionFilterOptions[]): Promise<DebugProtocol.StoppedEvent> {
  await restart();
  return launchAndStop(dc, { program, strategy: 'modern' }, () => dc.setExceptionBreakpointsRequest({ filters: [], filterOptions }));
}

describe('data breakpoints', () => {
  test('stop when the word at heap+0 changes, forward and backward', async () => {
    await launchAndStop(dc, { program: COUNTER, stopOnEntry: true }, async () => undefined);
    const frame = await topFrame(dc, 1);
    const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const memory = scopes.find((s) => s.name === 'Memory')!;
    const vmas = (await dc.variablesRequest({ variablesReference: memory.variablesReference })).body.variables;
    expect(vmas[0].name).toBe('heap');
    expect(vmas[0].indexedVariables).toBe(1024);
    const words = (await dc.variablesRequest({ variablesReference: vmas[0].variablesReference, filter: 'indexed', start: 0, count: 2 })).body.variables;
    expect(words.map((w) => w.name)).toEqual(['0x10000000', '0x10000004']);
    // A mapping's words are all indexed children: none is named.
    expect((await dc.variablesRequest({ variablesReference: vmas[0].variablesReference, filter: 'named' })).body.variables).toEqual([]);
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: vmas[0].variablesReference, name: words[0].name });
    expect(info.body.dataId).toBe('mem:1:268435456');
    const viaExpr = await dc.dataBreakpointInfoRequest({ name: 'heap + 4' });
    expect(viaExpr.body.dataId).toBe('mem:1:268435460');
    // What cannot be watched gets no data id, with the reason (a probe was handed ids that
    // setDataBreakpoints then refused); a read, or a word of an mm that does not exist, is refused.
    expect((await dc.dataBreakpointInfoRequest({ name: 'heap + 2' })).body).toMatchObject({ dataId: null, description: '0x10000002 is not word-aligned (a word is 4 bytes, 4-aligned)' });
    expect((await dc.dataBreakpointInfoRequest({ name: '-4' })).body).toMatchObject({ dataId: null, description: '-4 is not an address' });
    const refused = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'read' }, { dataId: 'mem:99:0' }] });
    expect(refused.body.breakpoints.map((b) => [b.verified, b.message])).toEqual([
      [false, "only writes can be watched, not 'read'"], [false, 'there is no mm#99 at this point of the run'],
    ]);
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    expect(set.body.breakpoints[0].verified).toBe(true);
    const first = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(first.body.reason).toBe('data breakpoint');
    expect(first.body.description).toBe('word 0x10000000 of mm#1 changed: 0 -> 1');
    expect((await topFrame(dc, 1)).name).toBe('bump');
    const second = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(second.body.description).toBe('word 0x10000000 of mm#1 changed: 1 -> 2');
    const back = await stepAndStop(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    expect(back.body.reason).toBe('data breakpoint');
    expect(await evaluate(dc, 'load(heap)')).toBe('1');
  });
});

describe('exception filters: the answer', () => {
  test('lists filters, then filterOptions, as the request does; a filter in both keeps its condition', async () => {
    await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'modern' }, async () => {
      const r = await dc.setExceptionBreakpointsRequest({ filters: ['wake'], filterOptions: [{ filterId: 'block', condition: 'r ==' }, { filterId: 'nope' }] });
      expect(r.body!.breakpoints!.map((b) => b.verified)).toEqual([true, false, false]);
      expect(r.body!.breakpoints![1].message).toMatch(/expected an expression/);
      expect(r.body!.breakpoints![2].message).toMatch(/unknown filter 'nope'/);
      // 'wake' plainly and with a condition that never holds: the condition is kept, so no stop.
      await dc.setExceptionBreakpointsRequest({ filters: ['wake'], filterOptions: [{ filterId: 'wake', condition: 'n == 999' }] });
    }).then((stop) => expect(stop.body.reason).toBe('end'));
  });
});
