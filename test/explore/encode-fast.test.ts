// The integer vector's fast paths against their plain versions (issue #11), on states of random
// walks over every example and random scenarios:
// - the futex hash's non-empty buckets found from the queued futex_qs (encode-vec.ts) against the
//   walk of every bucket: the same vector, int for int;
// - page data written once per array (vec.ts W, one pass eight words at a time into a scratch
//   buffer) against its definition: length, count of non-zero words, their (index, value) pairs;
//   on the pages of those states, and on random arrays of every length up to 40 (the words left
//   after the last group of eight);
// - the fast writers of the kernel part (encode-vec-fast.ts: ints stored straight into the vector,
//   room made once per record, strings through a one-entry cache per field) against the plain
//   ones (a call per int, the intern table's lookup at every string), and likewise a thread's
//   frames (encode-local.ts framesFast); the fast ones run on a
//   vector grown to exactly the room asked for, so that an int written past the room made would
//   be lost and show.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { Session } from '../../src/session/session';
import { symmetryOf } from '../../src/explore/encode';
import { hashState } from '../../src/explore/encode-hash';
import { framesFast } from '../../src/explore/encode-local';
import { bucketFastPath, useFastWriters } from '../../src/explore/encode-vec';
import { vec, W, exactGrowth } from '../../src/explore/vec';
import { scenario, thread } from '../kernel/random-scenario';
import { mutexModel } from '../../bench/explore-models';

const dir = join(__dirname, '..', '..', 'examples');

function programs(): [string, Program][] {
  const out: [string, Program][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
    const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
    if (r.ok) out.push([f, r.program]);
  }
  for (const [i, [a, b, c]] of fc.sample(fc.tuple(thread, thread, thread), { numRuns: 40, seed: 23 }).entries()) {
    const r = loadProgram(scenario(a, b, c), `random-${i}.futex`);
    if (r.ok) out.push([`random scenario ${i}:\n${scenario(a, b, c)}`, r.program]);
  }
  const m = loadProgram(mutexModel('mutex3', 5), 'mutex3.futex');
  if (m.ok) out.push(['mutex3 N=5', m.program]);
  return out;
}

function vectorOf(s: Session, sym: ReturnType<typeof symmetryOf>, fast: boolean): { ints: number[]; hash: number[] } {
  bucketFastPath.enabled = fast;
  useFastWriters(fast);
  framesFast.enabled = fast;
  exactGrowth.enabled = fast;
  if (fast) vec.a = new Int32Array(0);
  try {
    const out = new Int32Array(2);
    hashState(s, sym, out);
    return { ints: Array.from(vec.a.subarray(0, vec.n)), hash: [out[0], out[1]] };
  } finally {
    bucketFastPath.enabled = true;
    useFastWriters(true);
    framesFast.enabled = true;
    exactGrowth.enabled = false;
  }
}

function wordsOf(d: Int32Array): number[] {
  const o = [d.length, 0];
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) o.push(i, d[i]);
  o[1] = (o.length - 2) / 2;
  return o;
}

describe('the integer vector\'s fast paths = their plain versions', () => {
  it('page data: W on random sparse arrays of every length up to 40 = the definition', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 40 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: -2147483648, max: 2147483647 })), { maxLength: 12 }), (len, writes) => {
      const d = new Int32Array(len);
      for (const [i, w] of writes) if (len > 0) d[i % len] = w;
      vec.n = 0;
      W(d);
      expect(Array.from(vec.a.subarray(0, vec.n))).toEqual(wordsOf(d));
    }), { numRuns: 2000, seed: 5 });
  });

  it('on random walks over every example, random scenarios and mutex3', async () => {
    let states = 0;
    let queued = 0;
    let pages = 0;
    for (const [where, p] of programs()) {
      await new Promise((r) => setImmediate(r)); // a turn for vitest's RPC between programs
      const sym = symmetryOf(p, true);
      for (const seed of [1, 2]) {
        const s = new Session(p, { schedule: 'fifo' });
        let rng = seed;
        for (let i = 0; i < 80 && s.result === null; i++) {
          const run = s.runnable();
          if (run.length === 0) { s.idle(); if (s.runnable().length === 0) break; continue; }
          rng = (Math.imul(rng, 1103515245) + 12345) & 0x7fffffff;
          s.step(run[rng % run.length]);
          s.k.snapshot(); // a new epoch, as the explorer gives every state it encodes (page data is then never written in place)
          const fast = vectorOf(s, sym, true);
          const plain = vectorOf(s, sym, false);
          expect(fast.ints, `${where} step ${i}: same vector`).toEqual(plain.ints);
          expect(fast.hash).toEqual(plain.hash);
          states++;
          if (s.k.s.futex.queues.size > 0) queued++;
          for (const pg of s.k.s.pages) {
            if (!pg) continue;
            vec.n = 0;
            W(pg.data);
            expect(Array.from(vec.a.subarray(0, vec.n)), `${where} step ${i}: page ${pg.pfn}`).toEqual(wordsOf(pg.data));
            pages++;
          }
        }
      }
    }
    expect(states).toBeGreaterThan(2000);
    expect(queued).toBeGreaterThan(300);
    expect(pages).toBeGreaterThan(2000);
  }, 600_000);
});
