// Every example on this machine's kernel against `modern` in the simulator, under fifo and
// round-robin (issue #12): the same output lines, result and step count. An example the native
// runner refuses must be refused for the reason listed here (docs/native.md lists them too); a
// difference fails the test unless docs/native.md's table lists it.
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { generateC, Unsupported } from '../../src/native/gen';
import { RUNTIME_C } from '../../src/native/runtime';
import { runNativeAsync } from '../../src/native/run';
import type { Program } from '../../src/session/program';
import { run32, refusal32 } from './run32';

const root = join(__dirname, '..', '..');

/** Examples refused, and the construct that refuses them. */
const REFUSED: Record<string, string> = {
  'page-lock-latency-pre-rfc.futex': "'lock_page'",
  'page-lock-latency.futex': "'lock_page'",
};

/** Examples with robust lists: built 32-bit (gen-compat.ts), refused at their location where no 32-bit program runs (run32.ts). */
const ROBUST = ['robust-mutex-not-recoverable.futex', 'robust-mutex-owner-killed.futex', 'robust-pending-early-clear.futex', 'robust-pending.futex', 'robust-private-waiter.futex'];

function load(ex: string): Program {
  const r = loadProgram(readFileSync(join(root, 'examples', ex), 'utf8'), ex);
  if (!r.ok) throw new Error(`${ex} does not load`);
  return r.program;
}

function refusal(p: Program): string | null {
  try {
    generateC(p.scenario, RUNTIME_C);
    return null;
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    throw e;
  }
}

beforeAll(() => {
  // 10 ms per tick: timeouts stay far from the controller's real-time overhead on a loaded machine.
  process.env.FUTEXLAB_TICK_MS = '10';
});

describe.runIf(process.platform === 'linux')('futexlab native: every example against modern', () => {
  const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.futex')).sort();

  it('refuses exactly the listed examples, each for its listed construct', () => {
    const refused: Record<string, string> = {};
    for (const ex of examples) {
      const why = refusal(load(ex));
      if (why !== null) refused[ex] = why;
    }
    expect(Object.keys(refused).sort()).toEqual(Object.keys(REFUSED).sort());
    for (const [ex, what] of Object.entries(REFUSED)) expect(refused[ex]).toContain(what);
  });

  for (const ex of examples.filter((e) => !(e in REFUSED))) {
    for (const schedule of ['fifo', 'round-robin']) {
      it(`${ex} under ${schedule}: same output, result and steps as modern`, async () => {
        const p = load(ex);
        if (ROBUST.includes(ex) && run32 !== 'yes') {
          await expect(runNativeAsync(p, schedule)).rejects.toThrow(refusal32);
          return;
        }
        const sim = new Session(p, { strategy: 'modern', schedule, options: {} });
        sim.run();
        const nat = await runNativeAsync(p, schedule);
        expect(nat.errors).toEqual([]);
        expect(nat.output.map((o) => `${o.thread}: ${o.text}`)).toEqual(sim.output.map((o) => `${o.thread}: ${o.text}`));
        // The real kernel has no oracle: a run the simulator judges `anomaly` ends `ok` natively
        // (docs/native.md "Differences").
        expect(nat.result).toBe(sim.result === 'anomaly' ? 'ok' : sim.result);
        expect(nat.steps).toBe(sim.steps);
      }, 60_000);
    }
  }
});
