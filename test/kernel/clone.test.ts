// The hand-written state copy (kernel/clone.ts) must equal structuredClone, and stay equal to it
// while the live state runs on (page data is copy-on-write between the two).
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { cloneState } from '../../src/kernel/clone';
import type { KernelState } from '../../src/kernel/state';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';

const dir = join(__dirname, '..', '..', 'examples');

/** The state without the copy-on-write bookkeeping (epoch, page owners). */
function plain(s: KernelState): unknown {
  const c = structuredClone(s) as KernelState;
  c.epoch = 0;
  for (const p of c.pages) if (p) p.owner = 0;
  c.futex.owner = [];
  return c;
}

describe('cloneState', () => {
  it('equals structuredClone at steps of every example, and stays so while the original runs on', () => {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex'))) {
      const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
      if (!r.ok) continue;
      for (const strategy of STRATEGY_IDS) {
        const s = new Session(r.program, { strategy });
        const kept: { copy: KernelState; expected: unknown }[] = [];
        for (let i = 0; i < 200 && s.step(); i++) {
          if (i % 7 !== 0) continue;
          const copy = s.k.snapshot();
          const expected = plain(s.k.s);
          expect(plain(copy)).toEqual(expected);
          kept.push({ copy, expected });
        }
        s.run();
        for (const { copy, expected } of kept) expect(plain(copy)).toEqual(expected);
      }
    }
  });
});
