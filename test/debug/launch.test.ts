// Launch arguments and protocol order: every wrong argument gets an error response naming the
// field, requests out of order get an error saying what to do, and the adapter keeps answering.

import { describe, expect, test } from 'vitest';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { prepareLaunch } from '../../src/debug/launch';
import { EXAMPLE_COW, failure, fixture, launchAndStop, lineOf, clientPerTest, stepAndStop } from './helpers';
import { scenarioHash } from '../../src/explore/trace';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

const COUNTER_HASH = scenarioHash(readFileSync(fixture('counter.futex'), 'utf8'));
/** A file that is neither a scenario nor a trace: its contents must never appear in an error. */
const SECRET = path.join(mkdtempSync(path.join(tmpdir(), 'futexlab-')), 'secret.txt');
writeFileSync(SECRET, 'hunter2 not for the debug console\n');
/** A FIFO with no writer: opening it blocked the adapter, which answered nothing again. */
const FIFO = path.join(path.dirname(SECRET), 'fifo.futex');
execFileSync('mkfifo', [FIFO]);

/** The adapter still answers: threads works and a good launch still succeeds. */
async function stillAnswers(): Promise<void> {
  const t = await dc.threadsRequest();
  expect(t.success).toBe(true);
}

describe('bad launch arguments', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['missing program', {}, /^program: is required/],
    ['program not a string', { program: 42 }, /^program: must be a string/],
    ['unreadable program', { program: fixture('nope.futex') }, /^program: cannot read .*ENOENT/],
    ['unknown strategy', { program: fixture('counter.futex'), strategy: 'linus-1999' }, /^strategy: .*'linus-1999' is not a strategy/],
    ['bad schedule', { program: fixture('counter.futex'), schedule: 'lottery' }, /^schedule: .*'lottery' is not a schedule/],
    ['options not an object', { program: fixture('counter.futex'), options: 'buckets=3' }, /^options: must be an object/],
    ['bad option value', { program: fixture('counter.futex'), options: { buckets: 3 } }, /^options.buckets: .*not a power of two/],
    ['unknown option', { program: fixture('counter.futex'), options: { colour: 'blue' } }, /^options.colour: unknown option/],
    ['option over its ceiling', { program: fixture('counter.futex'), options: { max_frames: '131073' } }, /^options.max_frames: option 'max_frames' is at most 131072 \(a ceiling that keeps memory bounded\), not '131073'$/],
    ['stopOnEntry not boolean', { program: fixture('counter.futex'), stopOnEntry: 'yes' }, /^stopOnEntry: must be true or false/],
    ['replay schedule not a list', { program: fixture('counter.futex'), replay: { schedule: 'all' } }, /^replay.schedule: must be an array/],
    ['replay bad thread id', { program: fixture('counter.futex'), replay: { schedule: [0, -1] } }, /^replay.schedule: entry 1/],
    ['replay for another file', { program: fixture('counter.futex'), replay: { scenarioHash: 'deadbeefdeadbeef', schedule: [0] } }, /^replay.scenarioHash: the trace was recorded for another scenario/],
    // Issue #14: the hash is required and whole; the trace's fields are checked; files are named, never echoed.
    ['replay without a hash', { program: fixture('counter.futex'), replay: { schedule: [0] } }, /^replay.scenarioHash: is required/],
    ['replay with a prefix of the hash', { program: fixture('counter.futex'), replay: { scenarioHash: COUNTER_HASH.slice(0, 8), schedule: [0] } }, /^replay.scenarioHash: the trace was recorded for another scenario/],
    ['replay of another version', { program: fixture('counter.futex'), replay: { version: 2, scenarioHash: COUNTER_HASH, schedule: [0] } }, /^replay.version: must be 1/],
    ['replay with a bad option', { program: fixture('counter.futex'), replay: { scenarioHash: COUNTER_HASH, schedule: [0], options: { buckets: 4 } } }, /^replay.options: /],
    ['replay of a file that is not JSON', { program: fixture('counter.futex'), replay: SECRET }, /^replay: '.*secret.txt' is not a trace: it is not JSON$/],
    ['program that is not a scenario', { program: SECRET }, /^program: '.*secret.txt' is not a .futex scenario$/],
    ['option __proto__', { program: fixture('counter.futex'), options: JSON.parse('{"__proto__": "1"}') }, /^options.__proto__: unknown option/],
    ['program that is a FIFO', { program: FIFO }, /^program: cannot read '.*fifo.futex': not a regular file$/],
    ['replay of a FIFO', { program: fixture('counter.futex'), replay: FIFO }, /^replay: cannot read '.*fifo.futex': not a regular file$/],
    // The field is named once ("strategy: strategy: ..." named it twice), and a value that came
    // from the replayed trace is the trace's field, not the launch's (the ninth session's audit).
    ['unknown strategy, the field named once', { program: fixture('counter.futex'), strategy: 'linus-1999' }, /^strategy: 'linus-1999' is not a strategy/],
    ['bad schedule, the field named once', { program: fixture('counter.futex'), schedule: 'lottery' }, /^schedule: 'lottery' is not a schedule/],
    ['negative option, the field named once', { program: fixture('counter.futex'), options: { max_steps: -1 } }, /^options.max_steps: '-1' is not an integer >= 0$/],
    ['replay with an unknown strategy', { program: fixture('counter.futex'), replay: { scenarioHash: COUNTER_HASH, schedule: [0], strategy: 'linus-1999' } }, /^replay.strategy: 'linus-1999' is not a strategy/],
    ['replay with an option out of range', { program: fixture('counter.futex'), replay: { scenarioHash: COUNTER_HASH, schedule: [0], options: { max_steps: '-1' } } }, /^replay.options.max_steps: '-1' is not an integer >= 0$/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      expect(await failure(dc.launchRequest(args as never))).toMatch(message);
      await stillAnswers();
    });
  }

  test('a scenario with errors reports them all, with positions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'futexlab-'));
    const file = path.join(dir, 'broken.futex');
    writeFileSync(file, 'process A {\n  thread main {\n    let x = y + 1\n    let z = load\n  }\n}\n');
    const m = await failure(dc.launchRequest({ program: file } as never));
    expect(m).toMatch(/^program: the scenario has 2 error\(s\)/);
    expect(m).toContain('broken.futex:3:');
    await stillAnswers();
  });

  test('a good launch after bad ones works', async () => {
    await failure(dc.launchRequest({} as never));
    const stop = await launchAndStop(dc, { program: fixture('counter.futex'), stopOnEntry: true });
    expect(stop.body.reason).toBe('entry');
  });
});

describe('requests out of order', () => {
  test('stepping, inspecting and breakpoints before launch', async () => {
    expect(await failure(dc.nextRequest({ threadId: 1 }))).toMatch(/launch first/);
    expect(await failure(dc.stackTraceRequest({ threadId: 1 }))).toMatch(/launch first/);
    expect(await failure(dc.evaluateRequest({ expression: '1 + 1' }))).toMatch(/launch first/);
    expect(await failure(dc.setBreakpointsRequest({ source: { path: fixture('counter.futex') }, breakpoints: [{ line: 3 }] }))).toMatch(/launch first/);
    expect(await failure(dc.customRequest('futexlab/state'))).toMatch(/launch first/);
    expect(await failure(dc.configurationDoneRequest())).toMatch(/launch first/);
    expect((await dc.threadsRequest()).body.threads).toEqual([]);
  });

  test('stepping before configurationDone, a second launch, an unknown request', async () => {
    await dc.launchRequest({ program: fixture('counter.futex'), stopOnEntry: true } as never);
    expect(await failure(dc.continueRequest({ threadId: 1 }))).toMatch(/configurationDone/);
    expect(await failure(dc.stackTraceRequest({ threadId: 1 }))).toMatch(/not stopped yet/);
    expect(await failure(dc.launchRequest({ program: fixture('counter.futex') } as never))).toMatch(/already launched/);
    expect(await failure(dc.customRequest('futexlab/teleport'))).toMatch(/not supported/);
    expect(await failure(dc.attachRequest({} as never))).toMatch(/attach is not supported/);
    const stopped = dc.waitForEvent('stopped');
    await dc.configurationDoneRequest();
    expect((await stopped).body.reason).toBe('entry');
    expect(await failure(dc.configurationDoneRequest())).toMatch(/already sent/);
  });

  test('a second initialize is an error and changes nothing: lines stay counted from 1', async () => {
    const program = fixture('counter.futex');
    expect(await failure(dc.initializeRequest({ adapterID: 'futex', linesStartAt1: false, columnsStartAt1: false }))).toMatch(/initialize was already sent/);
    await launchAndStop(dc, { program, stopOnEntry: true });
    const line = lineOf(program, 'MARK:wait');
    const r = await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] });
    expect(r.body.breakpoints.map((b) => [b.verified, b.line])).toEqual([[true, line]]);
  });

  test('inspecting while running, stepping while running, and pause', async () => {
    await launchAndStop(dc, { program: fixture('spin.futex'), stopOnEntry: true });
    const stopped = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: 1 });
    expect(await failure(dc.stackTraceRequest({ threadId: 1 }))).toMatch(/running: pause it first/);
    expect(await failure(dc.nextRequest({ threadId: 1 }))).toMatch(/already running/);
    expect((await dc.threadsRequest()).body.threads.map((t) => t.name)).toEqual(['A/main']);
    await dc.pauseRequest({ threadId: 1 });
    const e = await stopped;
    expect(e.body.reason).toBe('pause');
    const st = await dc.customRequest('futexlab/state');
    expect(st.body.step).toBeGreaterThan(0);
    expect((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].name).toBe('A/main');
  });

  test('bad arguments to requests: unknown thread, unknown frame, bad step', async () => {
    await launchAndStop(dc, { program: fixture('counter.futex'), stopOnEntry: true });
    expect(await failure(dc.nextRequest({ threadId: 99 }))).toMatch(/no thread 99/);
    expect(await failure(dc.scopesRequest({ frameId: 12345 }))).toMatch(/not part of the current stop/);
    expect(await failure(dc.variablesRequest({ variablesReference: 777777 }))).toMatch(/not part of the current stop/);
    expect(await failure(dc.customRequest('futexlab/gotoStep', { step: 50 }))).toMatch(/step must be an integer from 0 to 0/);
    expect(await failure(dc.evaluateRequest({ expression: 'nosuchname + 1', context: 'repl' }))).toMatch(/'nosuchname' is not a register/);
    expect(await failure(dc.evaluateRequest({ expression: '1 +', context: 'repl' }))).toMatch(/expected an expression/);
    expect(await failure(dc.exceptionInfoRequest({ threadId: 1 }))).toMatch(/not an exception/);
    expect((await dc.threadsRequest()).body.threads.length).toBe(2);
  });
});

describe('Run Without Debugging', () => {
  test('noDebug runs to the end: no stop on entry, none at the end', () => {
    const run = prepareLaunch({ program: EXAMPLE_COW, noDebug: true, stopOnEntry: true, stopAtEnd: true });
    expect([run.stopOnEntry, run.stopAtEnd]).toEqual([false, false]);
    const debug = prepareLaunch({ program: EXAMPLE_COW, stopOnEntry: true });
    expect([debug.stopOnEntry, debug.stopAtEnd]).toEqual([true, true]);
  });
});

describe('a scenario with nothing to run', () => {
  test('a scenario without a thread ends the session at once, saying why, with no stop naming a thread it has not got', async () => {
    const file = path.join(path.dirname(SECRET), 'no-threads.futex');
    writeFileSync(file, 'scenario "x"\nprocess P {\n  map m = anon private rw pages 1\n}\n');
    const initialized = dc.waitForEvent('initialized');
    await dc.launchRequest({ program: file, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    const outputs: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    let stopped = false;
    dc.on('stopped', () => (stopped = true));
    const ended = dc.waitForEvent('terminated');
    await dc.configurationDoneRequest();
    await ended;
    expect(stopped).toBe(false);
    expect(outputs.join('')).toMatch(/no thread: its run is over before its first step/);
  });
});

describe('the stop\'s place', () => {
  test('a statement with a block is placed on its first line only, a one-line statement whole', async () => {
    await launchAndStop(dc, { program: EXAMPLE_COW, stopOnEntry: true });
    const [top] = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    // P/main starts at `fork C {` (lines 14 to 17): selecting the whole block hid where P is.
    expect(top).toMatchObject({ line: 14, column: 5 });
    expect(top!.endLine).toBeUndefined();
    await stepAndStop(dc, () => dc.nextRequest({ threadId: 1 }));
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(frames[0]).toMatchObject({ line: 18, endLine: 18 });
  });
});
