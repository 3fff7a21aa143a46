// A replayed trace's `threads` (names by tid, as explore --out writes them), launched in the
// debugger as a user would: a trace edited to rename or reorder its threads replayed as if the
// names were right, and `threads` of any type was taken (the ninth session's user-path audit).
// The debugger stops where a traced step's thread does not bear its listed name.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { scenarioHash } from '../../src/explore/trace';
import { clientPerTest, EXAMPLE_COW, launchAndStop, stepAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

// explore --strategy pinned-page's counterexample on the example: P forks C, P sleeps, C waits, P wakes.
const trace = (threads: unknown) => ({
  version: 1, scenarioHash: scenarioHash(readFileSync(EXAMPLE_COW, 'utf8')), strategy: 'pinned-page',
  threads, schedule: [0, 0, 1, 0],
});

describe('replay: the trace\'s thread names', () => {
  test('the names explore wrote: the replay reaches the failure', async () => {
    const entry = await launchAndStop(dc, { program: EXAMPLE_COW, replay: trace(['P/main', 'C/main']), stopOnEntry: true });
    const fail = await stepAndStop(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect(fail.body.reason).toBe('exception');
    expect(fail.body.description).toMatch(/^the replayed trace fails here: .*C\/main/);
    // The anomaly is the trace's failure and the anomaly filter's stop: its message was said twice.
    expect(fail.body.description!.split('both keyed').length).toBe(2);
  });

  test('a thread renamed: the replay stops where that thread would run', async () => {
    const entry = await launchAndStop(dc, { program: EXAMPLE_COW, replay: trace(['P/main', 'Q/main']), stopOnEntry: true });
    const stop = await stepAndStop(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect(stop.body.reason).toBe('exception');
    expect(stop.body.description).toBe('the replayed trace diverges at step 3: its threads list has another name for thread 1, which is C/main here');
  });

  test('threads that are not a list of names: a launch error naming the field', async () => {
    await expect(dc.launchRequest({ program: EXAMPLE_COW, replay: trace('P/main C/main') } as never)).rejects.toThrow(/^replay\.threads: must be an array of at most 32768 thread names, by tid$/);
  });
});
