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
import { threadState } from '../../src/session/inspect';
import { scenario } from '../kernel/random-scenario';

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

// Seen while shrinking the arrivals property (test/debug/arrivals.test.ts, seed 601584061): t1's
// last futex_wait blocks, C's signal makes t1 runnable while still queued, and until its return
// from the wait runs (a step at the pc past its block) its frame showed no statement (line 0).
it('a signalled waiter whose wait was its last statement shows that wait until its return runs', () => {
  const text = scenario(
    'let x = futex_fd(pa)\n let y = poll(x, timeout 0)\n close(x)', // poll of fd -38 (no futex_fd under modern): ignored, 0 at once
    'let x = futex_wait(pa, 0, timeout 0)\n    let x = futex_wait(pa, 0, timeout 2)',
    'signal A/t1\n    let x = futex_wake_op(pa, 1, 1, pa, 0, 1, 0, 0)',
  );
  const r = loadProgram(text, 'signalled.futex');
  if (!r.ok) throw new Error('scenario does not load');
  const wait = text.split('\n').findIndex((l) => l.includes('futex_wait(pa, 0, timeout 2)')) + 1;
  const s = new Session(r.program, { strategy: 'modern', schedule: 'fifo' });
  const seen: string[] = [];
  while (s.step()) {
    const th = s.threads[1]!;
    const f = th.frames[th.frames.length - 1];
    // An ended thread's Call Stack is one label (debug/variables.ts), not its frames.
    if (!f || f.pc < r.program.units[f.unit].code.length || threadState(s, 1) === 'ended') continue;
    seen.push(`${threadState(s, 1)} ${frameInstr(s, th, th.frames.length - 1)?.range.start.line}`);
  }
  expect(seen).toEqual([`blocked ${wait}`, `runnable ${wait}`, `runnable ${wait}`]);
});
