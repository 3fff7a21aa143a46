// The last futex call of the views (src/kernel/last-futex-op.ts) against a plain reference that
// reads the whole event log with no scan bound: equal at every step of every example under every
// strategy, and the wrong wake-up of the COW example as the hash table shows it.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { lastFutexOp, type FutexOpView } from '../../src/kernel/last-futex-op';
import type { Kernel } from '../../src/kernel/kernel';
import { hex } from '../../src/kernel/types';
import { keyLabel } from '../../src/kernel/futex/futex';

const dir = join(__dirname, '..', '..', 'examples');

/** The plain version: every event of the step of the last key lookup, by the same task. */
function reference(k: Kernel): FutexOpView | null {
  const keys = k.events.filter((e) => e.type === 'key');
  const e = keys[keys.length - 1];
  if (!e || e.type !== 'key') return null;
  const after = k.events.slice(k.events.indexOf(e) + 1);
  const same: typeof after = [];
  for (const f of after) {
    if (f.step !== e.step || f.by !== e.by) break;
    same.push(f);
  }
  const wakes = same.filter((f) => f.type === 'wake');
  const queued = same.filter((f) => f.type === 'queue' && f.tid === e.tid);
  const mismatch = same.filter((f) => f.type === 'unqueue' && f.why === 'mismatch');
  const requeued = same.filter((f) => f.type === 'requeue').length;
  // The last of each kind wins, in log order, as in the single pass.
  const lastOf = [...wakes, ...queued, ...mismatch].sort((a, b) => same.indexOf(a) - same.indexOf(b)).pop();
  let outcome = '';
  if (lastOf?.type === 'wake') outcome = `woke ${lastOf.ret}${lastOf.woken.length ? ` (${lastOf.woken.map((w) => w.who).join(', ')})` : ''}`;
  else if (lastOf?.type === 'queue') outcome = `queued q${lastOf.q}`;
  else if (lastOf?.type === 'unqueue') outcome = 'the word changed: -EAGAIN';
  if (requeued) outcome = `${outcome ? `${outcome}, ` : ''}requeued ${requeued}`;
  return { step: e.step, thread: k.s.tasks[e.tid]?.name ?? `tid ${e.tid}`, op: e.op, uaddr: hex(e.uaddr), key: keyLabel(e.key), bucket: e.bucket, outcome };
}

describe('lastFutexOp', () => {
  it('equals the plain full scan at every step of every example under every strategy', () => {
    let compared = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex'))) {
      const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
      if (!r.ok) continue;
      for (const strategy of STRATEGY_IDS) {
        const s = new Session(r.program, { strategy });
        for (let i = 0; i < 2000 && !s.result && s.step(); i++) {
          expect(lastFutexOp(s.k), `${f} ${strategy} step ${s.steps}`).toEqual(reference(s.k));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('shows P\'s wake reaching C under pinned-page', () => {
    const r = loadProgram(readFileSync(join(dir, 'cow-fork-wrong-wakeup.futex'), 'utf8'), 'cow.futex');
    if (!r.ok) throw new Error('example does not load');
    const s = new Session(r.program, { strategy: 'pinned-page' });
    while (!s.result && lastFutexOp(s.k)?.op !== 'futex_wake') s.step();
    expect(lastFutexOp(s.k)).toMatchObject({ thread: 'P/main', op: 'futex_wake', key: '(pfn 1, +0x0)', outcome: 'woke 1 (C/main)' });
  });
});
