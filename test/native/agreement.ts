// The differential agreement check (issue #12): every example the native runner carries out, and
// random scenarios restricted to it, under fifo and round-robin, give the same output, result and
// steps under `modern` in the simulator as on this machine's kernel. A difference is allowed only
// when docs/native.md's "Known differences" table lists it with its reason. Shared by
// test/native/agreement.test.ts (npm test) and bench/native-agreement.ts (a longer run).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import { generateC, Unsupported } from '../../src/native/gen';
import { RUNTIME_C } from '../../src/native/runtime';
import { prepareNative } from '../../src/native/run';
import { buildBatch } from '../../src/native/batch';
import { diffOf, simulate, type DiffResult } from '../../src/native/diff';
import { nativeScenarios, scenarioId } from './random-native';
import { run32 } from './run32';

/** The repository (the bench, bundled into out/, passes its working directory). */
let root = join(__dirname, '..', '..');
export function setRoot(dir: string): void {
  root = dir;
}
export const SCHEDULES = ['fifo', 'round-robin'] as const;

export interface Case {
  /** `example:NAME` or `random:HASH` (the first 12 hex digits of the scenario text's sha256). */
  id: string;
  text: string;
  program: Program;
}

/**
 * Whether the native runner carries the program out on this machine: not refused by the
 * generator, and, when it is built 32-bit (robust lists), on a machine that runs a 32-bit program
 * (run32.ts; refused there at its location, as native-examples.test.ts checks).
 */
function supported(program: Program): boolean {
  try {
    const gen = generateC(program.scenario, RUNTIME_C);
    return gen.compat32 === undefined || run32 === 'yes';
  } catch (e) {
    if (e instanceof Unsupported) return false;
    throw e;
  }
}

function load(id: string, text: string): Case {
  const r = loadProgram(text, `${id}.futex`);
  if (!r.ok) throw new Error(`${id} does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return { id, text, program: r.program };
}

export function exampleCases(): Case[] {
  const dir = join(root, 'examples');
  return readdirSync(dir).filter((f) => f.endsWith('.futex')).sort()
    .map((f) => load(`example:${f.replace(/\.futex$/, '')}`, readFileSync(join(dir, f), 'utf8')))
    .filter((c) => supported(c.program));
}

export function randomCases(count: number, seed: number): Case[] {
  return nativeScenarios(count, seed).map((t) => load(`random:${scenarioId(t)}`, t)).filter((c) => supported(c.program));
}

export interface Known {
  id: string;
  schedule: string;
  reason: string;
}

/** The rows of docs/native.md's "Known differences" table: | `ID` | SCHEDULE | what | reason |. */
export function knownDifferences(): Known[] {
  const md = readFileSync(join(root, 'docs', 'native.md'), 'utf8');
  const section = md.split(/^## /m).find((s) => s.startsWith('Known differences')) ?? '';
  const rows: Known[] = [];
  for (const line of section.split('\n')) {
    const m = /^\| `((?:example|random):[\w.-]+)` \| (fifo|round-robin) \| [^|]+ \| ([^|]+) \|$/.exec(line.trim());
    if (m) rows.push({ id: m[1], schedule: m[2], reason: m[3].trim() });
  }
  return rows;
}

export interface Outcome {
  id: string;
  schedule: string;
  diff: DiffResult;
  /** The tick (ms) of a second run, when the first differed (see runCases). */
  rerunTickMs?: number;
}

/** How much longer a tick is in the second run of a differing case. */
export const RERUN_SCALE = 5;

/**
 * Every case under every schedule: the simulator's run and the kernel's, all built in one batch.
 * A run that differs is run once more with ticks RERUN_SCALE times longer: a real timeout that
 * expired before the schedule's steps got there (a loaded machine) agrees then, while a
 * difference of the kernel's or the simulator's stays. The second run's diff is the outcome.
 */
export async function runCases(cases: Case[]): Promise<Outcome[]> {
  const prepared = cases.map((c) => SCHEDULES.map((s) => prepareNative(c.program, s)));
  const batch = buildBatch(prepared.flat());
  const outcomes: Outcome[] = [];
  // One run at a time (each is timed by the real kernel); awaited, so a test worker stays responsive.
  for (const [i, c] of cases.entries()) {
    for (const [j, s] of SCHEDULES.entries()) {
      const p = prepared[i][j];
      const sim = simulate(c.program, c.id, s);
      const diff = diffOf(sim, await batch.runAsync(p));
      if (diff.differences === 0) {
        outcomes.push({ id: c.id, schedule: s, diff });
        continue;
      }
      const tick = Number(process.env.FUTEXLAB_TICK_MS ?? '1');
      const rerunTickMs = Math.min(1000, tick * RERUN_SCALE);
      process.env.FUTEXLAB_TICK_MS = String(rerunTickMs);
      try {
        outcomes.push({ id: c.id, schedule: s, diff: diffOf(sim, await batch.runAsync(p)), rerunTickMs });
      } finally {
        process.env.FUTEXLAB_TICK_MS = String(tick);
      }
    }
  }
  return outcomes;
}

/** What a differing outcome looks like in a failure message: the scenario and its marked rows. */
export function describe(o: Outcome, text: string): string {
  const rows = o.diff.rows.map((r) => `${r.mark === 'differ' ? '!' : ' '} ${r.simulator ?? ''} | ${r.kernel ?? ''}`);
  return `${o.id} under ${o.schedule}:\n${text}\n${rows.join('\n')}`;
}
