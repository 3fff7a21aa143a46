// A thread blocked in a futex call shows that call: the statement its top frame is at (what the
// Call Stack and the editor show, debug/frames.ts) is the call the kernel's futex_q says it is in
// (session/describe.ts: q->pi_state, q->requeue_pi_key, the futex_waitv entry). Two derivations,
// one from the program, one from the kernel, over every example that blocks in a futex call. A
// thread in futex_lock_pi showed the statement after the call, and its frame read "futex_wait".

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { frameInstr } from '../../src/debug/frames';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const MAX_STEPS = 400;

/** The futex call a statement makes (`let r = futex_lock_pi(m)`), else its op. */
function callOf(ins: ReturnType<typeof frameInstr>): string {
  if (!ins) return 'none';
  return ins.op === 'set' ? ins.rhs.kind : ins.op;
}

describe('the frame of a thread blocked in a futex call', () => {
  const seen = new Set<string>();
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.futex'))) {
    it(file, () => {
      const r = loadProgram(readFileSync(join(EXAMPLES, file), 'utf8'), file);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      for (const strategy of STRATEGY_IDS) {
        const s = new Session(r.program, { strategy });
        for (let i = 0; i < MAX_STEPS && s.step(); i++) {
          for (const t of s.tasks) {
            if (t.state !== 'blocked' || t.wait.kind !== 'futex') continue;
            const th = s.threads[t.tid]!;
            const call = callOf(frameInstr(s, th, th.frames.length - 1));
            const described = s.waitDescription(t).split(' ')[0]!;
            // futex_lock_pi2 queues as futex_lock_pi does; futex2_wait and futex_wait_bitset as futex_wait.
            const same: Record<string, string> = { futex_lock_pi2: 'futex_lock_pi', futex2_wait: 'futex_wait', futex_wait_bitset: 'futex_wait' };
            expect(same[call] ?? call, `${file} ${strategy} step ${s.steps}: ${t.name} in ${s.waitDescription(t)}`).toBe(described);
            seen.add(described);
          }
        }
      }
    });
  }
  it('covers futex_wait, futex_lock_pi and futex_wait_requeue_pi', () => {
    expect([...seen]).toEqual(expect.arrayContaining(['futex_wait', 'futex_lock_pi', 'futex_wait_requeue_pi']));
  });
});
