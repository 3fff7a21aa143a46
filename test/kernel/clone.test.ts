// The hand-written state copy (kernel/clone.ts) must equal structuredClone and share nothing.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { cloneState } from '../../src/kernel/clone';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';

const dir = join(__dirname, '..', '..', 'examples');

describe('cloneState', () => {
  it('equals structuredClone at every step of every example, and the copy is independent', () => {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex'))) {
      const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
      if (!r.ok) continue;
      for (const strategy of STRATEGY_IDS) {
        const s = new Session(r.program, { strategy });
        for (let i = 0; i < 200 && s.step(); i++) {
          if (i % 7 !== 0) continue;
          const copy = cloneState(s.k.s);
          expect(copy).toEqual(structuredClone(s.k.s));
        }
        const copy = cloneState(s.k.s);
        const before = JSON.stringify([...copy.futex.buckets]);
        for (const p of s.k.s.pages) if (p) p.data[0] = 12345;
        s.k.s.futex.buckets.forEach((b) => b.push(999));
        expect(JSON.stringify([...copy.futex.buckets])).toBe(before);
        expect(copy.pages.some((p) => p && p.data[0] === 12345)).toBe(false);
      }
    }
  });
});
