// The PI Locks view model (issue #16) on the towelroot example under gorman-2013: the row [9]
// word after the user-space store, then the dangling rt_waiter after the self-requeue.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { kernelView } from '../../src/kernel/snapshot';
import { PiLocksModel } from '../../src/extension/views/pi';
import { renderTree } from '../../src/extension/views/node';

function session(): Session {
  const file = join(__dirname, '..', '..', 'examples', 'towelroot.futex');
  const r = loadProgram(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error('towelroot does not load');
  return new Session(r.program, { strategy: 'gorman-2013' });
}

describe('PI Locks view', () => {
  it('shows the invalid row, then the dangling waiter, marking what changed', () => {
    const s = session();
    const empty = new PiLocksModel(kernelView(s.k));
    expect(empty.roots()[0].label).toBe('no contended PI lock');
    while (s.anomalies.length === 0 && s.step());
    const inconsistent = new PiLocksModel(kernelView(s.k), empty);
    expect(inconsistent.summary()).toBe('1 PI lock, 1 inconsistent');
    const text = renderTree(inconsistent.roots());
    expect(text).toContain('owner P/t1 (prio 0) · top waiter P/t2 · row [9]');
    expect(text).toContain('[warning]');
    expect(inconsistent.roots()[0].changed).toBe(true);
    while (s.anomalies.length === 1 && s.step());
    const dangling = new PiLocksModel(kernelView(s.k), inconsistent);
    const after = renderTree(dangling.roots());
    expect(after).toContain('P/t2  prio 0 · DANGLING rt_waiter (dead stack)');
    expect(after).toContain('owner P/t2');
  });
});
