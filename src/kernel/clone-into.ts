// Restore in place: make a live kernel state equal to a snapshot by writing the snapshot's values
// into the live state's own records, instead of copying the whole snapshot (clone.ts cloneState).
// The explorer restores a state once per backtrack (issue #11: "restores still clone the kernel
// state", 7-13% of its time plus the garbage); most records are unchanged by the steps since, and
// an assignment allocates nothing.
//
// Derived from the same shape table as the copy (shape.ts), field by field, so it cannot forget a
// field either:
// - a record that the table says is copied is kept and its fields are assigned (recursively);
// - a list or slots of the same length is kept and its elements assigned; of another length it is
//   copied (growing an array in place would make it holey);
// - a Map is kept only when both are empty, else copied (its insertion order is kept by the copy);
// - a union (a task's wait, a page's mapping) is kept when it holds the same case and values
//   (unionKeeper), else copied: its cases have optional fields;
// - what the table marks shared (copy-on-write, immutable) is taken from the snapshot as the copy
//   takes it, and the new epoch (below) makes the live state copy it before its first write, as
//   after cloneState.
// - a record with a write stamp (a task) that holds the snapshot's stamp is left as it is, and so
//   are the fields under a write stamp of their record (the memory and processes, vm-stamp.ts);
// - the timer list is copied whole unless both are empty: sched.ts keeps its earliest expiry
//   beside the state, keyed by the list's identity (a list kept in place with other timers in it
//   would keep a stale one; a fresh list costs a WeakMap entry at its first read).
// What it relies on: no two places of one state hold the same record that the table says to copy
// (the copy would separate them; assigning through one would change the other).
// test/explore/restore.test.ts checks that rule on every state it visits, and that a restore in
// place gives what a restore by copy gives, state by state, over random scenarios and every
// example.

import type { KernelState } from './state';
import { KERNEL_STATE, type Field, type Shape } from './shape';
import { CopyCompiler, newEpoch } from './clone';

/** The longest list of numbers compared before it is copied (assignBody). */
const SHORT = 16;

/** Values kept by identity in a cache beside the state: never assigned in place. */
const COPIED_WHOLE = new Set<Shape>([(KERNEL_STATE as Extract<Shape, { k: 'rec' }>).fields.timers.s]);

class AssignCompiler extends CopyCompiler {
  private readonly assigners = new Map<object, string>();

  /** An expression giving the value to store at `d` to make it equal to `x` (a copy of shape `s`). */
  assign(s: Shape, d: string, x: string): string {
    // Both empty: nothing to change, and the cache's entry for the empty list stays true.
    if (COPIED_WHOLE.has(s)) return `(${d}.length === 0 && ${x}.length === 0 ? ${d} : ${this.copy(s, x) ?? x})`;
    switch (s.k) {
      case 'num': case 'bool': case 'str': case 'words':
        return x;
      case 'opt': {
        const inner = this.assign(s.of, d, x);
        if (inner === x) return x;
        const copy = this.copy(s.of, x) ?? x;
        return `(${x} == null ? ${x} : ${d} == null ? ${copy} : ${inner})`;
      }
      case 'rec': case 'list': case 'slots':
        if (s.share) return x;
        return `${this.assigner(s)}(${d}, ${x})`;
      case 'map':
        if (s.share) return x;
        // Kept when it holds the same entries in the same order (numbers or shared values only:
        // the order is the one a copy keeps, and some walks read it).
        if (this.copy(s.of, 'e') === null) return `(sameEntries(${d}, ${x}) ? ${d} : ${this.copy(s, x)})`;
        return `(${d}.size === 0 && ${x}.size === 0 ? ${d} : ${this.copy(s, x)})`;
      case 'union':
        return `${this.unionKeeper(s)}(${d}, ${x})`;
    }
  }

  private readonly keepers = new Map<object, string>();

  /**
   * A union (a task's wait, a page's mapping) is kept when it holds the same case with the same
   * values (its mutable fields, if any, absent in both), else copied: most restores and snapshots
   * find a task's wait unchanged, and the copy was an allocation per task each time.
   */
  private unionKeeper(s: Extract<Shape, { k: 'union' }>): string {
    const known = this.keepers.get(s);
    if (known) return known;
    const name = `u${this.keepers.size}`;
    this.keepers.set(s, name);
    const J = JSON.stringify;
    const copy = this.copy(s, 'x')!;
    const cases = Object.entries(s.cases).map(([tag, fields]) => {
      const same = Object.entries(fields).map(([f, field]) => (this.copy(field.s, 'x') === null ? `d[${J(f)}] === x[${J(f)}]` : `d[${J(f)}] == null && x[${J(f)}] == null`));
      return `case ${J(tag)}: return ${same.join(' && ') || 'true'} ? d : ${copy};`;
    });
    this.defs.push(`function ${name}(d, x) { if (d == null || d[${J(s.tag)}] !== x[${J(s.tag)}]) return ${copy}; switch (x[${J(s.tag)}]) { ${cases.join(' ')} } return ${copy}; }`);
    return name;
  }

  /** The name of a generated function (d, x) => the value to store, memoized per shape. */
  assigner(s: Shape): string {
    const known = this.assigners.get(s);
    if (known) return known;
    const name = `a${this.assigners.size}`;
    this.assigners.set(s, name);
    this.defs.push(`function ${name}(d, x) { ${this.assignBody(s)} }`);
    return name;
  }

  private assignBody(s: Shape): string {
    switch (s.k) {
      // A record with a write stamp (a task: task-stamp.ts) holding the snapshot's stamp holds
      // what the snapshot's holds: every write gives a new stamp, and copies carry it along.
      case 'rec': return `${'stamp' in s.fields ? 'if (d.stamp === x.stamp) return d; ' : ''}${this.fieldsBody(s.fields)} return d;`;
      case 'list': case 'slots': {
        const whole = this.copy(s, 'x')!;
        const el = this.assign(s.of, 'o', 'e');
        const copy = this.copy(s.of, 'e');
        // Compared before written: most elements are unchanged, and a store of an object costs a
        // write barrier that a load does not.
        // A list of numbers or shared values is copied whole, as the copy does: a slice is a
        // memcpy, faster than comparing element by element (the 256 buckets of the futex hash).
        // A short one (a slab's free list, the run queue, a process's tids) is kept when it holds
        // the same elements: comparing a few is cheaper than the allocation and its collection.
        if (el === 'e') return `const n = x.length; if (n <= ${SHORT} && d.length === n) { let i = 0; while (i < n && d[i] === x[i]) i++; if (i === n) return d; } return ${whole};`;
        const put = el === 'e' ? 'if (d[i] !== e) d[i] = e;' : `if (e == null) { if (d[i] != null) d[i] = e; } else { const o = d[i]; const v = o == null ? ${copy ?? 'e'} : ${el}; if (v !== o) d[i] = v; }`;
        return `const n = x.length; if (d.length !== n) return ${whole}; for (let i = 0; i < n; i++) { const e = x[i]; ${put} } return d;`;
      }
      default: throw new Error(`shape: no assigner for ${s.k}`);
    }
  }

  private fieldsBody(fields: Record<string, Field>): string {
    const J = JSON.stringify;
    // Fields under a write stamp (vm-stamp.ts) are left alone when both hold the same stamp: the
    // stamps are compared before any field (the stamp itself among them) is assigned.
    const stamps = [...new Set(Object.values(fields).flatMap((f) => (f.stamp === undefined ? [] : [f.stamp])))];
    const same = (stamp: string): string => `same${stamps.indexOf(stamp)}`;
    const head = stamps.map((st) => `const ${same(st)} = d[${J(st)}] === x[${J(st)}];`).join(' ');
    return head + ' ' + Object.keys(fields).map((name) => {
      const d = `d[${J(name)}]`;
      const x = `x[${J(name)}]`;
      const v = this.assign(fields[name].s, d, x);
      const put = v === x ? `if (${d} !== ${x}) ${d} = ${x};` : `${d} = ${v};`;
      const stamp = fields[name].stamp;
      return stamp === undefined ? put : `if (!${same(stamp)}) { ${put} }`;
    }).join(' ');
  }
}

/** Two Maps with the same entries (by ===) in the same insertion order. */
function sameEntries(d: Map<unknown, unknown>, x: Map<unknown, unknown>): boolean {
  if (d.size !== x.size) return false;
  if (d.size === 0) return true;
  const it = d.entries();
  for (const [k, v] of x) {
    const e = it.next().value!;
    if (e[0] !== k || e[1] !== v) return false;
  }
  return true;
}

const compiler = new AssignCompiler(['sameEntries'], [sameEntries]);
const [assignKernel] = compiler.link([compiler.assigner(KERNEL_STATE)]) as unknown as ((d: KernelState, x: KernelState) => KernelState)[];

/**
 * Make `live` equal to `snap` (as cloneState(snap) would be), in place, under a new epoch: the
 * live state then writes nothing it now shares with `snap` without copying it first. `snap` is
 * only read.
 */
export function restoreInto(live: KernelState, snap: KernelState): KernelState {
  assignKernel(live, snap);
  live.epoch = newEpoch();
  return live;
}
