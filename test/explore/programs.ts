// Programs the explorer's differential tests run over: every example, and scenarios from the
// random-scenario generator (test/kernel/random-scenario.ts). Shared by restore, word-log and
// kernel-part tests.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import type { Program } from '../../src/session/program';
import type { Shape } from '../../src/kernel/shape';
import { scenario, thread } from '../kernel/random-scenario';

const dir = join(__dirname, '..', '..', 'examples');

/** Every example that loads, by file name, in name order. */
export function examplePrograms(): [string, Program][] {
  const out: [string, Program][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex')).sort()) {
    const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
    if (r.ok) out.push([f, r.program]);
  }
  return out;
}

/** n random three-thread scenarios from `seed`, each named by its text. */
export function randomPrograms(n: number, seed: number): [string, Program][] {
  const out: [string, Program][] = [];
  for (const [i, [a, b, c]] of fc.sample(fc.tuple(thread, thread, thread), { numRuns: n, seed }).entries()) {
    const text = scenario(a, b, c);
    const r = loadProgram(text, `random-${i}.futex`);
    if (r.ok) out.push([`random scenario ${i}:\n${text}`, r.program]);
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Every object of `x` (shape `s`) that the shape table says to copy (not shared), in walk order. */
export function owned(s: Shape, x: Any, out: object[]): void {
  if (x == null) return;
  switch (s.k) {
    case 'opt': return owned(s.of, x, out);
    case 'rec':
      if (s.share) return;
      out.push(x);
      for (const [name, f] of Object.entries(s.fields)) owned(f.s, x[name], out);
      return;
    case 'list': case 'slots':
      if (s.share) return;
      out.push(x);
      for (const e of x) owned(s.of, e, out);
      return;
    case 'map':
      if (s.share) return;
      out.push(x);
      for (const e of x.values()) owned(s.of, e, out);
      return;
    case 'union': {
      out.push(x);
      for (const [name, f] of Object.entries(s.cases[x[s.tag]])) owned(f.s, x[name], out);
      return;
    }
    default:
  }
}
