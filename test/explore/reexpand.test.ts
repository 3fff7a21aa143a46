// Issue #11, "no re-expansion on shorter paths": without a depth bound the search expands every
// distinct state once (a state met again on a shorter path is not explored again; the
// counterexample is shortened afterwards, shorten.ts), with hashed and exact state identities.
// Under --max-depth a state reached again closer to the root is expanded again (it may reach
// deeper from there), and the count says so.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { explore } from '../../src/explore/search';
import { mutexModel } from '../../bench/explore-models';

const dir = join(__dirname, '..', '..', 'examples');

describe('no re-expansion on shorter paths', () => {
  it('every example and mutex3: each distinct state is expanded once without a depth bound', async () => {
    const programs = readdirSync(dir).filter((x) => x.endsWith('.futex')).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
    programs.push(['mutex3 N=4', mutexModel('mutex3', 4)]);
    let boundedAgain = 0;
    for (const [f, text] of programs) {
      const r = loadProgram(text, f);
      if (!r.ok) continue;
      for (const o of [{}, { symmetry: false, partialOrder: false }, { exact: true }]) {
        const e = await explore(r.program, { maxStates: 1000, shorten: false, ...o });
        expect(e.reexpanded, `${f} ${JSON.stringify(o)}`).toBe(0);
      }
      const d = await explore(r.program, { maxStates: 1000, shorten: false, maxDepth: 40 });
      expect(d.reexpanded).toBeGreaterThanOrEqual(0);
      boundedAgain += d.reexpanded!;
    }
    // The count is real: under a depth bound, some states are expanded again.
    expect(boundedAgain).toBeGreaterThan(0);
  }, 600_000);
});
