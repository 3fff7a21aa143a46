// keyId's interned strings (kernel/futex/futex.ts keyIdCache, issue #11) against the plain
// template string: the same string for every key, through hash collisions and the cache's
// clearing, and the same runs (events, hash-collision counts) with the cache on and off.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keyId, keyIdCache, type FutexKey, type FutexKeyKind } from '../../src/kernel/futex/futex';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { scenario, thread } from './random-scenario';

const KINDS: FutexKeyKind[] = ['page', 'mapping', 'private', 'mmshared', 'inode', 'iseq'];

function plain(k: FutexKey): string {
  keyIdCache.enabled = false;
  try {
    return keyId(k);
  } finally {
    keyIdCache.enabled = true;
  }
}

const key = fc.record({
  kind: fc.constantFrom(...KINDS),
  ptr: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.integer()),
  word: fc.oneof(fc.integer({ min: 0, max: 8 }).map((i) => 0x10000000 + i * 4096), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer()),
  off: fc.integer({ min: 0, max: 1023 }).map((i) => i * 4),
});

describe('keyId with interned strings', () => {
  it('gives the plain string for every key, asked in any order and again', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 200 }), (keys) => {
        for (const k of [...keys, ...keys.slice().reverse()]) expect(keyId({ ...k })).toBe(plain(k));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('keys whose words collide in the hash still get their own strings', () => {
    // Words that differ only above bit 31 hash alike (Math.imul reads 32 bits): the entry's
    // words must be compared, not trusted.
    const a: FutexKey = { kind: 'private', ptr: 1, word: 0x10000000, off: 8 };
    const b: FutexKey = { ...a, word: 0x10000000 + 2 ** 32 };
    for (let i = 0; i < 3; i++) {
      expect(keyId(a)).toBe('private:1:268435456:8');
      expect(keyId(b)).toBe(`private:1:${0x10000000 + 2 ** 32}:8`);
    }
  });

  it('past its size the cache starts again, with the same strings', () => {
    const keys: FutexKey[] = Array.from({ length: 70_000 }, (_, i) => ({ kind: KINDS[i % 6]!, ptr: i % 97, word: i * 4096, off: (i % 7) * 4 }));
    for (const k of keys) expect(keyId(k)).toBe(plain(k));
    for (const k of keys.slice(0, 1000)) expect(keyId(k)).toBe(plain(k));
  });

  it('runs the same with the cache on and off: events and hash collisions', () => {
    fc.assert(
      fc.property(thread, thread, thread, fc.constantFrom(...STRATEGY_IDS), fc.constantFrom('1', '16'), (a, b, c, strategy, buckets) => {
        const run = (cache: boolean) => {
          keyIdCache.enabled = cache;
          try {
            const r = loadProgram(scenario(a, b, c), 't.futex');
            if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
            const s = new Session(r.program, { strategy, options: { max_steps: '300', buckets } });
            s.run();
            return { result: s.result, collisions: s.k.s.stats.hashCollisions, events: JSON.stringify(s.events), anomalies: s.anomalies };
          } finally {
            keyIdCache.enabled = true;
          }
        };
        expect(run(true)).toEqual(run(false));
      }),
      { numRuns: 40, seed: 17 },
    );
  });
});
