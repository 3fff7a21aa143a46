// The protocol boundary (issue 9 item 7): a bad frame gets an error and the adapter goes on
// reading; dispatch cannot reach Object.prototype; every request's arguments are checked where
// they enter, and a bad one gets a plain message naming the field, never "internal error" or a
// stack trace; nothing steps after terminate or disconnect.

import { describe, expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, fixture, launchAndStop, lineOf } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

/** The raw stdin of the adapter process, to write frames DebugClient would never send. */
function raw(text: string): void {
  (dc as unknown as { outputStream: NodeJS.WritableStream }).outputStream.write(text, 'utf8');
}

async function answer(command: string, args: unknown): Promise<DebugProtocol.Response> {
  try {
    return await dc.customRequest(command, args);
  } catch (e) {
    return { success: false, message: (e as Error).message } as DebugProtocol.Response;
  }
}

/** Stopped at the wake in main of counter.futex. */
async function stopped(): Promise<number> {
  const stop = await launchAndStop(dc, { program: COUNTER }, () =>
    dc.setBreakpointsRequest({ source: { path: COUNTER }, breakpoints: [{ line: lineOf(COUNTER, 'MARK:wake') }] }),
  );
  return stop.body.threadId!;
}

describe('bad arguments', () => {
  const CASES: [string, unknown, RegExp][] = [
    ['stackTrace', {}, /threadId/],
    ['stackTrace', { threadId: 'x' }, /threadId/],
    ['stackTrace', { threadId: -1 }, /threadId/],
    ['stackTrace', { threadId: 1.5 }, /threadId/],
    ['stackTrace', { threadId: 1, startFrame: -2 }, /startFrame/],
    ['stackTrace', { threadId: 1, levels: 'all' }, /levels/],
    ['stackTrace', { threadId: 999 }, /thread/],
    ['scopes', {}, /frameId/],
    ['scopes', { frameId: 'a' }, /frameId/],
    ['scopes', { frameId: -5 }, /frameId/],
    ['variables', {}, /variablesReference/],
    ['variables', { variablesReference: null }, /variablesReference/],
    ['variables', { variablesReference: 1000, start: -1 }, /start/],
    ['variables', { variablesReference: 1000, count: 'x' }, /count/],
    ['variables', { variablesReference: 1000, filter: 'weird' }, /filter/],
    ['evaluate', {}, /expression/],
    ['evaluate', { expression: 42 }, /expression/],
    ['evaluate', { expression: 'i', frameId: 'x' }, /frameId/],
    ['completions', { text: 5, column: 1 }, /text/],
    ['completions', { text: 'sw', column: 'x' }, /column/],
    ['continue', {}, /threadId/],
    ['continue', { threadId: '1' }, /threadId/],
    ['continue', { threadId: 1, singleThread: 'yes' }, /singleThread/],
    ['next', { threadId: 0 }, /threadId/],
    ['stepIn', { threadId: {} }, /threadId/],
    ['stepOut', { threadId: [] }, /threadId/],
    ['stepBack', { threadId: -3 }, /threadId/],
    ['reverseContinue', {}, /threadId/],
    ['exceptionInfo', { threadId: 'x' }, /threadId/],
    ['setBreakpoints', { source: 'x.futex' }, /source/],
    ['setBreakpoints', { source: { path: COUNTER }, breakpoints: 'all' }, /breakpoints/],
    ['setBreakpoints', { source: { path: COUNTER }, breakpoints: [{ line: 'x' }] }, /breakpoints\[0\]\.line/],
    ['setBreakpoints', { source: { path: COUNTER }, breakpoints: [null] }, /breakpoints\[0\]/],
    ['setBreakpoints', { source: { path: COUNTER }, breakpoints: [{ line: 3, condition: 7 }] }, /breakpoints\[0\]\.condition/],
    ['setFunctionBreakpoints', { breakpoints: [{}] }, /breakpoints\[0\]\.name/],
    ['setFunctionBreakpoints', { breakpoints: {} }, /breakpoints/],
    ['setExceptionBreakpoints', { filters: 'wake' }, /filters/],
    ['setExceptionBreakpoints', { filters: [1] }, /filters\[0\]/],
    ['setExceptionBreakpoints', { filters: [], filterOptions: [{ condition: 'x' }] }, /filterOptions\[0\]\.filterId/],
    ['dataBreakpointInfo', { name: 3 }, /name/],
    ['dataBreakpointInfo', { name: 'heap', variablesReference: 'x' }, /variablesReference/],
    ['setDataBreakpoints', { breakpoints: [{ dataId: 5 }] }, /breakpoints\[0\]\.dataId/],
    ['futexlab/runThread', { threadId: 'x' }, /threadId/],
    ['futexlab/runThread', { thread: 5 }, /thread/],
    ['futexlab/runThread', { threadId: 99 }, /^there is no thread 99$/],
    ['futexlab/gotoStep', { step: -1 }, /step/],
  ];

  test('every bad argument gets a plain error naming its field, and the adapter goes on', async () => {
    const tid = await stopped();
    const problems: string[] = [];
    for (const [command, args, field] of CASES) {
      const r = await answer(command, args);
      const said = `${command} ${JSON.stringify(args)}: ${r.success ? 'succeeded' : r.message}`;
      if (r.success || !field.test(r.message ?? '') || /internal error|\n\s+at /.test(r.message ?? '')) problems.push(said);
    }
    expect(problems).toEqual([]);
    // Still stopped where it was, and answering.
    expect((await dc.stackTraceRequest({ threadId: tid })).body.stackFrames[0].line).toBe(lineOf(COUNTER, 'MARK:wake'));
  });
});

describe('dispatch', () => {
  test('commands named after Object.prototype members are unknown commands, answered', async () => {
    for (const command of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf']) {
      const r = await answer(command, {});
      expect([command, r.success, r.message]).toEqual([command, false, `'${command}' is not supported by the Futex Lab debugger`]);
    }
  });
});

describe('frames', () => {
  async function stderrLines(): Promise<string[]> {
    const lines: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => e.body.category === 'stderr' && lines.push(e.body.output.trim()));
    return lines;
  }

  test('a body that is not JSON, a malformed Content-Length, garbage between frames: each reported, and the next request is answered', async () => {
    const errors = await stderrLines();
    raw('Content-Length: 9\r\n\r\n{not json');
    expect((await dc.threadsRequest()).success).toBe(true);
    raw('Content-Length: abc\r\n\r\n{"seq":1,"type":"request","command":"threads"}');
    expect((await dc.threadsRequest()).success).toBe(true);
    raw('hello\r\n');
    expect((await dc.threadsRequest()).success).toBe(true);
    raw('Content-Length: 5\r\n\r\n[1,2]');
    raw('Content-Length: 16\r\n\r\n{"type":"event"}');
    expect((await dc.threadsRequest()).success).toBe(true);
    expect(errors).toEqual([
      expect.stringMatching(/a frame whose body is not JSON was skipped/),
      expect.stringMatching(/a frame with a malformed Content-Length \("abc"\) was skipped/),
      expect.stringMatching(/bytes outside a frame were skipped/), // that frame's body
      expect.stringMatching(/bytes outside a frame were skipped/), // hello
      expect.stringMatching(/a message that is not an object was ignored/),
      expect.stringMatching(/a message of type "event" was ignored/),
    ]);
  });

  test('a Content-Length longer than its body: the frame it swallowed is still read', async () => {
    const errors = await stderrLines();
    const body = '{"seq":50,"type":"request","command":"threads"}';
    const seen = new Promise<DebugProtocol.Response>((resolve) => {
      const orig = (dc as unknown as { dispatch(body: string): void }).dispatch.bind(dc);
      (dc as unknown as { dispatch(body: string): void }).dispatch = (text: string) => {
        const msg = JSON.parse(text) as DebugProtocol.Response;
        if (msg.type === 'response' && msg.request_seq === 50) resolve(msg);
        else orig(text);
      };
    });
    raw(`Content-Length: 40\r\n\r\n{"seq":4Content-Length: ${body.length}\r\n\r\n${body}`);
    expect((await seen).success).toBe(true);
    expect(errors[0]).toMatch(/not JSON/);
  });

  test('requests with a bad shape: a non-string command, arguments that are not an object', async () => {
    const got: DebugProtocol.Response[] = [];
    const orig = (dc as unknown as { dispatch(body: string): void }).dispatch.bind(dc);
    (dc as unknown as { dispatch(body: string): void }).dispatch = (text: string) => {
      const msg = JSON.parse(text) as DebugProtocol.Response;
      if (msg.type === 'response' && msg.request_seq >= 900) got.push(msg);
      else orig(text);
    };
    const frame = (o: unknown) => {
      const j = JSON.stringify(o);
      raw(`Content-Length: ${Buffer.byteLength(j)}\r\n\r\n${j}`);
    };
    frame({ seq: 900, type: 'request', command: 7 });
    frame({ seq: 901, type: 'request', command: 'threads', arguments: [1] });
    await dc.threadsRequest();
    expect(got.map((r) => [r.request_seq, r.success, r.message])).toEqual([
      [900, false, 'command must be a string, not 7'],
      [901, false, 'threads: the arguments must be an object, not [1]'],
    ]);
  });
});

describe('after terminate', () => {
  test('next and continue do not run; no stopped event follows', async () => {
    const tid = await stopped();
    const step = (await dc.customRequest('futexlab/state')).body.step;
    const stops: string[] = [];
    dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e.body.reason));
    let ends = 0;
    dc.on('terminated', () => ends++);
    const terminated = dc.waitForEvent('terminated');
    await dc.terminateRequest({});
    await terminated;
    // A second terminate is answered, with no second terminated event.
    expect((await dc.terminateRequest({})).success).toBe(true);
    expect(await answer('next', { threadId: tid })).toMatchObject({ success: false, message: expect.stringMatching(/nothing runs after terminate/) });
    expect(await answer('continue', { threadId: tid })).toMatchObject({ success: false, message: expect.stringMatching(/nothing runs after terminate/) });
    expect((await dc.customRequest('futexlab/state')).body.step).toBe(step);
    expect(stops).toEqual([]);
    expect(ends).toBe(1);
  });
});
