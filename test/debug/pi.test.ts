// The debugger on PI futexes (issue #16), over DAP with DebugClient: the anomaly filters of the PI
// oracle, the "lock handed off" and "priority boosted" event breakpoints, and the PI section of
// the futexlab/state snapshot (owner, top waiter, boosted priority, table row, boost chain).
import { describe, expect, test } from 'vitest';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, launchAndStop, ROOT, stepAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

const TOWELROOT = path.join(ROOT, 'examples/towelroot.futex');
const INVERSION_PI = path.join(ROOT, 'examples/priority-inversion-pi.futex');

describe('PI anomalies and event breakpoints', () => {
  test('towelroot under gorman-2013: the table anomaly, then the dangling rt_waiter, with exceptionInfo', async () => {
    const first = await launchAndStop(dc, { program: TOWELROOT, strategy: 'gorman-2013' });
    expect(first.body.reason).toBe('exception');
    expect(first.body.description).toMatch(/^anomaly pi-state-inconsistent: .*row \[9\]/);
    const state = (await dc.customRequest('futexlab/state')).body;
    expect(state.view.pi).toHaveLength(1);
    expect(state.view.pi[0]).toMatchObject({ owner: 'P/t1', topWaiter: 'P/t2', row: 9, valid: false, word: '0x0' });
    const second = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(second.body.description).toMatch(/^anomaly dangling-rt-waiter: P\/t2 returned to user space/);
    const info = await dc.exceptionInfoRequest({ threadId: second.body.threadId! });
    expect(info.body.exceptionId).toBe('dangling-rt-waiter');
    expect(info.body.description).toContain('CVE-2014-3153');
    const after = (await dc.customRequest('futexlab/state')).body;
    expect(after.view.pi[0].waiters).toEqual([{ who: 'P/t2', prio: 0, dangling: true }]);
  });

  test('a function breakpoint and an event filter on one event: the event is described once', async () => {
    const stop = await launchAndStop(dc, { program: INVERSION_PI }, async () => {
      await dc.setExceptionBreakpointsRequest({ filters: ['pi-boost'] });
      await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'pi_boost' }] });
    });
    expect(stop.body.reason).toBe('function breakpoint');
    expect(stop.body.description).toBe("pi_boost: P/low's effective priority 10 -> 30 (boosted by a PI waiter)");
  });

  test('priority boosted, then lock handed off; the snapshot shows the boost and its chain', async () => {
    const boost = await launchAndStop(dc, { program: INVERSION_PI, strategy: 'modern' }, () =>
      dc.setExceptionBreakpointsRequest({ filters: ['pi-boost', 'pi-handoff'] }));
    expect(boost.body.reason).toBe('exception');
    expect(boost.body.description).toBe("P/low's effective priority 10 -> 30 (boosted by a PI waiter)");
    const state = (await dc.customRequest('futexlab/state')).body;
    const names = (await dc.threadsRequest()).body.threads.map((t) => t.name);
    expect(names).toContain('P/low [fifo 10, boosted to 30]');
    expect(names).toContain('P/high [fifo 30]');
    const low = state.view.tasks.find((t: { name: string }) => t.name === 'P/low');
    expect(low).toMatchObject({ sched: 'fifo 10', prio: 10, effectivePrio: 30 });
    expect(state.view.pi[0]).toMatchObject({ owner: 'P/low', ownerPrio: 30, topWaiter: 'P/high', row: 8, valid: true, chain: ['P/low (30)'] });
    const waiter = state.view.buckets.flatMap((b: { waiters: { who: string; pi: string }[] }) => b.waiters).find((w: { who: string }) => w.who === 'P/high');
    expect(waiter.pi).toMatch(/^PI lock waiter/);
    const handoff = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(handoff.body.description).toMatch(/^P\/low handed the PI lock at 0x[0-9a-f]+ .* to P\/high/);
  });
});
