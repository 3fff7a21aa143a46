// The shape of the kernel state has one owner (kernel/shape.ts; ARCHITECTURE.md). These tests
// walk live states of every example under every strategy, and of random scenarios, and fail when
// - a record holds a property the table does not list (a field added to the state and not to the
//   table: neither the copy nor the encoding would know it);
// - the copy (kernel/clone.ts) shares what the table says to copy, or copies what it says to share;
// - changing a field the table says is encoded leaves the explorer's encoding unchanged, or
//   changing a field it says is left out changes it.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import type { KernelState } from '../../src/kernel/state';
import { cloneState } from '../../src/kernel/clone';
import { KERNEL_STATE, FUTEX_Q, type Field, type Shape } from '../../src/kernel/shape';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { encodeKernelState, encodeTask } from '../../src/explore/encode-kernel';
import { writeKernelState, writeTask } from '../../src/explore/encode-vec';
import { vec } from '../../src/explore/vec';
import { scenario, thread } from './random-scenario';

const dir = join(__dirname, '..', '..', 'examples');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type Path = (string | number)[];

/** States of every example under every strategy (every 12th step, up to 150 steps), computed once. */
let examples: [string, KernelState][] | undefined;
const exampleStates = () => (examples ??= [...exampleRuns()]);
let randoms: [string, KernelState][] | undefined;
const randomStates = () => (randoms ??= [...randomRuns(40)]);

function* exampleRuns(): Generator<[string, KernelState]> {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.futex'))) {
    const r = loadProgram(readFileSync(join(dir, f), 'utf8'), f);
    if (!r.ok) continue;
    for (const strategy of STRATEGY_IDS) {
      const s = new Session(r.program, { strategy });
      for (let i = 0; i < 150 && s.step(); i++) if (i % 12 === 0) yield [`${f} (${strategy}) step ${i}`, s.k.snapshot()];
      yield [`${f} (${strategy}) end`, s.k.snapshot()];
    }
  }
}

/**
 * Every state of one run that reaches what the examples' sampled steps do not: a task waiting on
 * a page lock, a nonlinear vma, a FUTEX_FD registration kept by its open file after its wake.
 */
const RARE = `file db pages 2
process P {
  map fs = file db shared rw pages 2
  thread holder {
    lock_page fs, ticks 30
    let x = futex_fd(fs + 8)
    let w = futex_wake(fs + 8, 1)
    sleep 3
    close(x)
  }
  thread rt {
    sleep 2
    let a = futex_wake(fs, 1)
    remap_file_pages fs, page 0, file_page 1
  }
}
`;

function* rareRun(): Generator<[string, KernelState]> {
  for (const strategy of STRATEGY_IDS) {
    const r = loadProgram(RARE, 'rare.futex');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    const s = new Session(r.program, { strategy });
    for (let i = 0; i < 100 && s.step(); i++) yield [`rare.futex (${strategy}) step ${i}`, s.k.snapshot()];
  }
}

function* randomRuns(runs: number): Generator<[string, KernelState]> {
  const samples = fc.sample(fc.tuple(thread, thread, thread), { numRuns: runs, seed: 11 });
  for (const [a, b, c] of samples) {
    const r = loadProgram(scenario(a, b, c), 'random.futex');
    if (!r.ok) continue;
    const s = new Session(r.program, { strategy: STRATEGY_IDS[(a.length + b.length) % STRATEGY_IDS.length] });
    for (let i = 0; i < 80 && s.step(); i++) if (i % 5 === 0) yield [`random scenario step ${i}`, s.k.snapshot()];
  }
}

type Visit = (fields: Record<string, Field>, x: Any, path: Path, name: string, r: { tag?: string; shared: boolean }) => void;

/**
 * Calls `visit` for every record value in `x` (of shape `s`) with its path and field table, the
 * tag field of a union case, and whether it lies inside something the copy shares.
 */
function walk(s: Shape, x: Any, path: Path, visit: Visit, shared = false): void {
  if (x === null || x === undefined) return;
  const inShared = shared || ('share' in s && s.share !== undefined);
  switch (s.k) {
    case 'opt': return walk(s.of, x, path, visit, inShared);
    case 'list': case 'slots': x.forEach((e: Any, i: number) => walk(s.of, e, [...path, i], visit, inShared)); return;
    case 'map': for (const [k, e] of x) walk(s.of, e, [...path, k], visit, inShared); return;
    case 'rec':
      visit(s.fields, x, path, s.name, { shared: inShared });
      for (const [name, f] of Object.entries(s.fields)) walk(f.s, x[name], [...path, name], visit, inShared);
      return;
    case 'union': {
      const fields = s.cases[x[s.tag]];
      expect(fields, `${path.join('.')}: ${s.name} case ${x[s.tag]} is not in the table`).toBeDefined();
      visit(fields, x, path, `${s.name}.${x[s.tag]}`, { tag: s.tag, shared: inShared });
      for (const [name, f] of Object.entries(fields)) walk(f.s, x[name], [...path, name], visit, inShared);
      return;
    }
  }
}

function at(root: Any, path: Path): Any {
  let x = root;
  for (const k of path) x = x instanceof Map ? x.get(k) : x[k];
  return x;
}

/** The explorer's encoding of a kernel state alone (tids not renamed). */
function encoding(s: KernelState): string {
  const ids = s.tasks.map((_, i) => i);
  return encodeKernelState(s, ids) + s.tasks.map((_, t) => encodeTask(s, t, ids, false)).join('|');
}

/** The explorer's integer-vector encoding of the same (explore/encode-vec.ts), as text. */
function vectorEncoding(s: KernelState): string {
  const ids = s.tasks.map((_, i) => i);
  vec.n = 0;
  writeKernelState(s, ids);
  for (let t = 0; t < s.tasks.length; t++) writeTask(s, t, false);
  return vec.a.subarray(0, vec.n).join(',');
}

/** A different value of the same kind, or undefined when there is none to make. */
function changed(s: Shape, x: Any): { value: Any } | undefined {
  switch (s.k) {
    case 'num': return { value: x + 1 };
    case 'bool': return { value: !x };
    case 'str': return { value: x + 'x' };
    case 'words': { const d = new Int32Array(x); d[0] += 1; return { value: d }; }
    case 'opt': return x === null || x === undefined ? undefined : { value: null };
    case 'list': case 'slots': return x.length ? { value: x.slice(0, -1) } : undefined;
    case 'map': { if (x.size === 0) return undefined; const m = new Map(x); m.delete([...m.keys()].pop()); return { value: m }; }
    default: return undefined;
  }
}

describe('the kernel state has one owner of its shape (kernel/shape.ts)', () => {
  it('every property of every record of live states is listed in the table', () => {
    let records = 0;
    for (const [where, st] of [...exampleStates(), ...randomStates()]) {
      walk(KERNEL_STATE, st, [], (fields, x, path, name) => {
        records++;
        for (const key of Object.keys(x)) expect(fields[key], `${where}: ${name} at ${path.join('.')} has '${key}', which kernel/shape.ts does not list`).toBeDefined();
      });
    }
    expect(records).toBeGreaterThan(10_000);
  }, 120_000);

  it('the copy copies what the table says to copy and shares what it says to share', () => {
    // Collected, not asserted one by one: expect() per field of thousands of states is slow.
    const wrong: string[] = [];
    for (const [where, st] of exampleStates()) {
      const copy = cloneState(st);
      walk(KERNEL_STATE, st, [], (fields, x, path, _name, { shared: inShared }) => {
        if (inShared) return;
        const y = at(copy, path);
        if (y === x) wrong.push(`${where}: the record at ${path.join('.')} is shared`);
        for (const [name, f] of Object.entries(fields)) {
          const a = x[name];
          if (a === null || a === undefined || typeof a !== 'object') continue;
          const s = f.s.k === 'opt' ? f.s.of : f.s;
          const shared = s.k === 'words' || ('share' in s && s.share !== undefined);
          if (shared !== (y[name] === a)) wrong.push(`${where}: ${path.join('.')}.${name} should be ${shared ? 'shared' : 'copied'}`);
        }
      });
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('changing an encoded field changes the encoding; changing a field left out does not', () => {
    // Each (record, field) is checked where it first holds something that can be changed.
    const done = new Set<string>();
    let checked = 0;
    for (const [where, st] of [...exampleStates(), ...randomStates(), ...rareRun()]) {
      const base = structuredClone(st);
      const baseEnc = encoding(base);
      const baseVec = vectorEncoding(base);
      const fieldsOf: Visit = (fields, x, path, name, { tag }) => {
        for (const [field, f] of Object.entries(fields)) {
          const id = `${name}.${field}`;
          // A union's tag picks the case (checked by the case's other fields); tasks and buckets have their own checks.
          if (done.has(id) || field === tag || f.e === 'thread' || f.e === 'queue') continue;
          // The futex_qs of the queues Map are encoded through the buckets (walked below), not the Map.
          if (id === 'FutexHash.queues') continue;
          const c = f.e === 'present' ? { value: x[field] >= 0 ? -1 : 0 } : changed(f.s, x[field]);
          if (!c) continue;
          const e = f.e;
          if (typeof e === 'object' && 'clockWhile' in e && !x[e.clockWhile]) continue; // stale while unset
          const mutated = structuredClone(base);
          at(mutated, path)[field] = c.value;
          const differs = encoding(mutated) !== baseEnc;
          const skipped = typeof e === 'object' && 'skip' in e;
          // The vector encoding is derived from the same table: it changes exactly when the string one does.
          if ((vectorEncoding(mutated) !== baseVec) !== differs) expect.fail(`${where}: ${id} at ${path.join('.')}: the vector encoding ${differs ? 'does not change' : 'changes'} where the string encoding ${differs ? 'does' : 'does not'}`);
          expect(differs, `${where}: ${id} at ${path.join('.')} is ${skipped ? `left out (${e.skip}) but changes` : 'encoded but does not change'} the encoding`).toBe(!skipped);
          done.add(id);
          checked++;
        }
      };
      walk(KERNEL_STATE, base, [], fieldsOf);
      // Queued futex_qs are encoded through their buckets (the `queues` Map itself is left out).
      for (const [id, q] of base.futex.queues) walk(FUTEX_Q, q, ['futex', 'queues', id], fieldsOf);
    }
    // Every encoded field of the table that the examples and random scenarios reach was checked.
    const encoded: string[] = [];
    const seen = new Set<Shape>();
    const collect = (s: Shape, name = ''): void => {
      if (seen.has(s)) return;
      seen.add(s);
      if (s.k === 'rec' || s.k === 'union') {
        const cases = s.k === 'rec' ? { '': s.fields } : s.cases;
        for (const [tag, fields] of Object.entries(cases)) {
          for (const [field, f] of Object.entries(fields)) {
            // Records are checked by their own fields, a union's tag by its cases' fields.
            const leaf = f.s.k !== 'rec' && f.s.k !== 'union' && (s.k !== 'union' || field !== s.tag);
            if (leaf && (f.e === 'value' || f.e === 'clock' || f.e === 'tid' || f.e === 'present')) encoded.push(`${s.name}${tag ? '.' + tag : ''}.${field}`);
            collect(f.s);
          }
        }
      } else if ('of' in s) collect(s.of, name);
    };
    collect(KERNEL_STATE);
    const missed = encoded.filter((id) => !done.has(id));
    expect(checked).toBeGreaterThan(60);
    // Fields never holding a changeable value in these runs (recorded so that the list stays honest).
    expect(missed.sort()).toEqual(NEVER_REACHED);
  }, 300_000);
});

/**
 * Encoded fields that no state of these runs gives a value the check can change: no sampled task
 * was waiting on a page lock, and no sampled vma had a nonlinear page. Not checked yet; a run that
 * reaches them makes this test fail until they are taken off the list.
 */
const NEVER_REACHED: string[] = ['TaskWait.page-lock.pfn']; // Vma.nonlinearMap is reached by examples/nonlinear-file-wake.futex
