// Stepping to the end of a run and back, as a user does with F10 and Shift+F10 (the ninth
// session's user-path audit, over the protocol):
// - F10 after the last thread's last line stopped where every thread had ended but the run was
//   not yet over (the session sees that at the next step); the next F10 was refused with
//   "C/main has ended: pick another thread", and there was no other thread to pick.
// - Shift+F10 back to before a thread's fork named it in the stop's description as
//   "undefined has ended".
import { describe, expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { clientPerTest, EXAMPLE_COW, launchAndStop, stepAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

/** F10 on the stopped thread until the run's end stop; every stop of the way. */
async function nextToEnd(first: DebugProtocol.StoppedEvent): Promise<DebugProtocol.StoppedEvent[]> {
  const stops = [first];
  for (let i = 0; i < 20 && stops[stops.length - 1].body.reason !== 'end'; i++) {
    stops.push(await stepAndStop(dc, () => dc.nextRequest({ threadId: stops[stops.length - 1].body.threadId! })));
  }
  return stops;
}

describe('stepping at the end of the run', () => {
  test('F10 after every thread has ended goes to the end of the run, then ends the session', async () => {
    const stops = await nextToEnd(await launchAndStop(dc, { program: EXAMPLE_COW, stopOnEntry: true }));
    const last = stops[stops.length - 1];
    expect(last.body.reason).toBe('end');
    expect(last.body.description).toMatch(/^the run is over: ok/);
    // The stop before it was the one where both threads had ended.
    const before = (await dc.threadsRequest()).body.threads.map((t) => t.name);
    expect(before).toEqual(['P/main (ended)', 'C/main (ended)']);
    // F10 again: the run is over, the session ends as with Continue.
    const terminated = dc.waitForEvent('terminated');
    await dc.nextRequest({ threadId: last.body.threadId! });
    await terminated;
  });

  test('stepping back then forward again gives the same stops and the same timeline', async () => {
    const forward = await nextToEnd(await launchAndStop(dc, { program: EXAMPLE_COW, stopOnEntry: true }));
    const timeline = (await dc.customRequest('futexlab/timeline')).body;
    const back = await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: 0 }));
    const again = await nextToEnd(back);
    const where = (s: DebugProtocol.StoppedEvent[]) => s.slice(1).map((e) => `${e.body.reason}:${e.body.threadId}`);
    expect(where(again)).toEqual(where(forward));
    expect((await dc.customRequest('futexlab/timeline')).body).toEqual(timeline);
  });

  test('Shift+F10 to before a fork: the description names the thread that does not exist yet', async () => {
    const stops = await nextToEnd(await launchAndStop(dc, { program: EXAMPLE_COW, stopOnEntry: true }));
    let stop = stops[stops.length - 1];
    const descriptions: string[] = [];
    for (let i = 0; i < 10 && !/beginning of the run/.test(stop.body.description ?? ''); i++) {
      stop = await stepAndStop(dc, () => dc.stepBackRequest({ threadId: stop.body.threadId! }));
      descriptions.push(stop.body.description ?? '');
    }
    expect(descriptions.join('\n')).not.toMatch(/undefined/);
    expect(descriptions).toContain('stepped back to step 0 (C/main does not exist yet at step 0)');
  });
});
