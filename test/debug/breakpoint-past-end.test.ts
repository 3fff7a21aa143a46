// A line breakpoint on a line the file does not have (kept from a longer version of the file, or
// sent by a client) was verified on the last statement and stopped there, before the thread's
// last line ran (the ninth session's user-path audit). It is unverified and says why; a line
// after the last statement that the file has still moves to that statement, as before.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, EXAMPLE_COW, lineOf } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

describe('line breakpoints at the end of the file', () => {
  test('past the last line: unverified, with the reason; on the last lines: moved to the last statement', async () => {
    const initialized = dc.waitForEvent('initialized');
    await dc.launchRequest({ program: EXAMPLE_COW, stopOnEntry: true } as never);
    await initialized;
    const lines = readFileSync(EXAMPLE_COW, 'utf8').split('\n').length; // ends with a newline: the empty last line counts
    const last = lineOf(EXAMPLE_COW, "print \"P's wake returned\"");
    const r = await dc.setBreakpointsRequest({ source: { path: EXAMPLE_COW }, breakpoints: [{ line: lines }, { line: lines + 1 }, { line: 500 }] });
    expect(r.body.breakpoints.map((b) => [b.verified, b.line, b.message])).toEqual([
      [true, last, undefined],
      [false, lines + 1, `line ${lines + 1} is past the end of the file (${lines} lines)`],
      [false, 500, `line 500 is past the end of the file (${lines} lines)`],
    ]);
  });
});
