// A stopped event names a thread that the next threads response lists: a stop after `next` past
// a thread's last line, or after a singleThread continue of a thread that ends, named the ended
// thread, which the thread events had just removed (the seventh session's user-path audit); the
// client then showed a stop on a thread it no longer has.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, launchAndStop, stepAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

const FILE = path.join(mkdtempSync(path.join(tmpdir(), 'futexlab-stop-')), 'short.futex');
writeFileSync(FILE, `scenario "a short thread and a long one"
process A {
  map m = anon private rw pages 1
  thread short {
    store m, 1
  }
  thread long {
    let i = 0
    while i < 50 {
      i = i + 1
    }
  }
}
`);

/** The stop names a thread of the threads list, and that thread can be inspected. */
async function namesListed(stop: DebugProtocol.StoppedEvent): Promise<void> {
  const threads = (await dc.threadsRequest()).body.threads;
  expect(threads.map((t) => t.id)).toContain(stop.body.threadId);
  const st = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
  expect(st.body.stackFrames.length).toBeGreaterThan(0);
}

describe('the thread a stop names', () => {
  test('next past the last line of a thread: the stop names a listed thread', async () => {
    const entry = await launchAndStop(dc, { program: FILE, stopOnEntry: true });
    expect(entry.body.threadId).toBe(1);
    let stop = entry;
    for (let i = 0; i < 3; i++) {
      stop = await stepAndStop(dc, () => dc.nextRequest({ threadId: 1 }));
      await namesListed(stop);
      if (stop.body.threadId !== 1) break;
    }
    expect(stop.body.threadId).toBe(2);
    expect(stop.body.description).toMatch(/A\/short has ended\)?$/);
    expect((await dc.threadsRequest()).body.threads.map((t) => t.name)).toEqual(['A/long']);
  });

  test('singleThread continue of a thread that ends: the stop names a listed thread', async () => {
    await launchAndStop(dc, { program: FILE, stopOnEntry: true });
    const stop = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1, singleThread: true }));
    await namesListed(stop);
    expect(stop.body.threadId).toBe(2);
  });
});
