// The extension against the real debug adapter (src/debug/session.ts), over DAP messages as the
// inline adapter exchanges them: at each `stopped` event the views fetch `futexlab/state`, build
// their models, and a waiter's thread resolves to a DAP thread and a source line. This pins the
// contract between the two sides (src/extension/protocol.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FutexDebugSession } from '../../src/debug/session';
import { Client } from './dap-client';
import { dapThreadId, extractKernelView, frameSelection, GOTO_STEP_REQUEST, STATE_REQUEST } from '../../src/extension/protocol';
import { resolveLaunchConfig } from '../../src/extension/config';
import { WaitersModel } from '../../src/extension/views/waiters';
import { HashTableModel } from '../../src/extension/views/hash';

const program = join(__dirname, '..', '..', 'examples', 'cow-fork-wrong-wakeup.futex');

async function launched(): Promise<Client> {
  const c = new Client(new FutexDebugSession());
  const r = resolveLaunchConfig({}, { path: program, languageId: 'futex' });
  if (r.kind !== 'ok') throw new Error(r.message);
  await c.launch({ ...r.config, strategy: 'pinned-page' });
  return c;
}

describe('the views against the real adapter', () => {
  it('get the state at the entry stop (F5 stops on entry) and after going to a step', async () => {
    const c = await launched();
    const entry = extractKernelView(await c.request(STATE_REQUEST));
    expect(entry).toBeDefined();
    expect(entry!.step).toBe(0);
    expect(new WaitersModel(entry!).roots().map((n) => n.label)).toEqual(['no waiters']);

    // Run to the end (stopAtEnd), then go back to where C waits: a stop, a new state, changes marked.
    let stop = c.nextStop();
    await c.request('continue', { threadId: 1 });
    await stop;
    stop = c.nextStop();
    await c.request(GOTO_STEP_REQUEST, { step: 3 });
    await stop;
    const waiting = extractKernelView(await c.request(STATE_REQUEST))!;
    expect(waiting.step).toBe(3);
    const waiters = new WaitersModel(waiting, new WaitersModel(entry!));
    const [row] = waiters.roots();
    expect(row!.label).toBe('C/main');
    expect(row!.changed).toBe(true);
    expect(new HashTableModel(waiting).summary()).toBe('1 waiter in 1/256 buckets');

    // Selecting the waiter selects its thread's frame: DAP thread, top frame, source line.
    const { threads } = await c.request('threads');
    const threadId = dapThreadId(threads, row!.thread!);
    expect(threads.find((t: { id: number }) => t.id === threadId).name).toMatch(/^C\/main/);
    const trace = await c.request('stackTrace', { threadId, startFrame: 0, levels: 1 });
    const sel = frameSelection(trace.stackFrames[0]);
    expect(sel!.path).toBe(program);
    // C is blocked in `let r = futex_wait(word, 0, timeout 50)`.
    expect(readFileSync(program, 'utf8').split('\n')[sel!.start.line]).toContain('futex_wait(word');
  });
});
