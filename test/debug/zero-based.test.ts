// A client that counts lines and columns from 0 (initialize: linesStartAt1 false, columnsStartAt1
// false; DAP allows it, VS Code does not use it). The adapter ignored the choice and spoke 1-based
// to it, so its breakpoints, frames and output lines were one off (the ninth session's audit).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ADAPTER, EXAMPLE_COW, lineOf, stepAndStop } from './helpers';

let dc: DebugClient;
beforeEach(async () => {
  dc = new DebugClient('node', ADAPTER, 'futex', undefined, true);
  dc.defaultTimeout = 10_000;
  await dc.start();
  await dc.initializeRequest({ adapterID: 'futex', linesStartAt1: false, columnsStartAt1: false, pathFormat: 'path' });
});
afterEach(() => dc.stop());

describe('a 0-based client', () => {
  test('breakpoints, frames and output lines are counted from 0', async () => {
    const wake = lineOf(EXAMPLE_COW, 'futex_wake(word, 1)'); // 1-based
    const print = lineOf(EXAMPLE_COW, "print \"P's wake returned\"");
    const col = readFileSync(EXAMPLE_COW, 'utf8').split('\n')[wake - 1].indexOf('let') + 1; // 1-based
    const initialized = dc.waitForEvent('initialized');
    await dc.launchRequest({ program: EXAMPLE_COW } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    const set = await dc.setBreakpointsRequest({ source: { path: EXAMPLE_COW }, breakpoints: [{ line: wake - 1 }, { line: 0 }] });
    // Line 0 is the file's first line, a comment: moved to the first statement, 0-based too.
    const first = lineOf(EXAMPLE_COW, 'fork C {');
    expect(set.body.breakpoints.map((b) => [b.verified, b.line])).toEqual([[true, wake - 1], [true, first - 1]]);
    const entry = dc.waitForEvent('stopped');
    await dc.configurationDoneRequest();
    await entry; // at the fork, the first statement
    const stop = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stop.body.reason).toBe('breakpoint');
    const frame = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames[0];
    expect([frame.line, frame.column]).toEqual([wake - 1, col - 1]);
    const printed = new Promise<DebugProtocol.OutputEvent>((resolve) => dc.on('output', (e: DebugProtocol.OutputEvent) => e.body.category === 'stdout' && resolve(e)));
    await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect((await printed).body.line).toBe(print - 1);
  });
});
