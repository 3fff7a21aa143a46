// The Failing Schedules view's model: newest first, one entry per (scenario, strategy).
import { describe, it, expect } from 'vitest';
import { FailingSchedules } from '../../src/extension/schedules-model';

describe('FailingSchedules', () => {
  it('keeps the newest failure per scenario and strategy, and clears on a clean exploration', () => {
    const m = new FailingSchedules();
    m.add({ file: '/w/a.futex', strategy: 'pinned-page', trace: '/t/1', message: 'wrong-wakeup', steps: 7 });
    m.add({ file: '/w/b.futex', strategy: undefined, trace: '/t/2', message: 'deadlock', steps: 39 });
    m.add({ file: '/w/a.futex', strategy: 'pinned-page', trace: '/t/3', message: 'missed-wakeup', steps: 5 });
    expect(m.all.map((s) => s.trace)).toEqual(['/t/3', '/t/2']);
    expect(FailingSchedules.describe(m.all[0])).toMatchObject({ label: 'a.futex under pinned-page', description: '5 steps' });
    expect(FailingSchedules.describe(m.all[1]).label).toBe('b.futex under its own strategy');
    m.add({ file: '/w/c.futex', strategy: undefined, trace: '/t/4', message: 'm', steps: 6, failure: { strategy: 'pinned-page', summary: 'wrong-wakeup at step 4 (P/main)' } });
    // The strategy that ran and the failure, as `futexlab explore` names them.
    expect(FailingSchedules.describe(m.all[0])).toMatchObject({ label: 'c.futex under pinned-page', description: 'wrong-wakeup at step 4 (P/main) · 6 steps' });
    m.clear('/w/a.futex', 'pinned-page');
    expect(m.all.map((s) => s.trace)).toEqual(['/t/4', '/t/2']);
  });
});
