// The hand-written state copy (kernel/clone.ts) must equal structuredClone, and stay equal to it
// while the live state runs on (page data, bucket arrays, the queues Map, futex_qs, open files and
// fd tables are copy-on-write between the two), and while states restored from it run on.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session, type SessionSnapshot } from '../../src/session/session';
import type { KernelState } from '../../src/kernel/state';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';

const dir = join(__dirname, '..', '..', 'examples');

/** The state without the copy-on-write bookkeeping (epoch and owners). */
function plain(s: KernelState): unknown {
  const c = structuredClone(s) as KernelState;
  c.epoch = 0;
  for (const p of c.pages) if (p) p.owner = 0;
  c.futex.owner = [];
  c.futex.tableOwner = 0;
  c.futex.queuesOwner = 0;
  c.filesOwner = 0;
  for (const q of c.futex.queues.values()) q.owner = 0;
  for (const f of c.files) {
    if (!f) continue;
    f.owner = 0;
    if (f.held) f.held.owner = 0;
  }
  for (const p of c.procs) p.fdsOwner = 0;
  return c;
}

const examples = readdirSync(dir).filter((x) => x.endsWith('.futex')).sort();

// One test per example (each with its own time budget): the whole set takes about half a minute.
describe('cloneState equals structuredClone at steps of every example, and stays so while the original runs on', () => {
  it.each(examples)('%s', (f) => {
      const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
      expect(r.ok, f).toBe(true);
      if (!r.ok) return;
      for (const strategy of STRATEGY_IDS) {
        const s = new Session(r.program, { strategy });
        const kept: { copy: KernelState; expected: unknown }[] = [];
        const sessions: SessionSnapshot[] = [];
        // The session's threads and oracle records are shared copy-on-write with its snapshots too.
        const sessionKept: { snap: SessionSnapshot; threads: unknown; waiters: unknown }[] = [];
        for (let i = 0; i < 200 && s.step(); i++) {
          if (i % 7 !== 0) continue;
          const copy = s.k.snapshot();
          const expected = plain(s.k.s);
          expect(plain(copy)).toEqual(expected);
          kept.push({ copy, expected });
          if (i % 21 === 0) {
            const snap = s.snapshot();
            sessions.push(snap, s.snapshot());
            kept.push({ copy: snap.kernel, expected });
            sessionKept.push({ snap, threads: structuredClone(s.threads), waiters: structuredClone(s.oracle.waiters) });
          }
        }
        s.run();
        for (const { copy, expected } of kept) expect(plain(copy)).toEqual(expected);
        // Restored states write what they share with their checkpoint, and with each other.
        // Each kept session snapshot comes with a twin that is restored by adoption (consumed).
        for (let j = 0; j < sessions.length; j += 2) {
          s.restore(sessions[j]);
          for (let i = 0; i < 100 && s.step(); i++) if (i % 10 === 0) s.snapshot();
          s.restore(sessions[j + 1], true);
          s.run();
        }
        for (const { copy, expected } of kept) expect(plain(copy)).toEqual(expected);
        for (const { snap, threads, waiters } of sessionKept) {
          expect(snap.threads).toEqual(threads);
          expect(snap.oracle.waiters).toEqual(waiters);
        }
      }
  });
});
