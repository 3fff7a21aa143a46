// The kernel's part of a state's identity as an integer vector (vec.ts), derived from the same
// shape table (kernel/shape.ts) and by the same rules as the string encoding of encode-kernel.ts:
// a field the table encodes is written, a field it skips is not. The string encoding stays the
// reference (the explorer's `exact` mode, and the differential tests that compare the two by
// their counts of distinct states); this one is what the explorer hashes by default (issue #11:
// building string keys was 43% of the explorer's time).
//
// Injective by construction: a list or slots writes its length, then per element 0 (null) or 1
// and the element; a Map its size, then its entries sorted by key (key, value); an opt 0 or 1 and
// the value; a union its case index first; a record its fields in table order.

import type { KernelState, FutexQ } from '../kernel/state';
import type { WordLog } from '../kernel/word-log';
import { KERNEL_STATE, TASK, type Field, type Shape } from '../kernel/shape';
import { J, ShapeCompiler } from './shape-compiler';
import { vec, reserve, P, N, S, SI, K, W, wordsStart } from './vec';
import { FastCompiler } from './encode-vec-fast';

export interface VecContext {
  tids: number[];
  clock: number;
  queues: Map<number, FutexQ>;
  /** Set when a queued futex_q has PI or requeue-PI fields (encode-pi.ts must then be written). */
  pi: boolean;
  /** Set when a value was written relative to the clock (kernel-part.ts: such a part changes at every step). */
  clockRead: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Writer = (x: any, cx: VecContext) => void;

class Compiler extends ShapeCompiler {
  /** `fast`: strings through per-field caches (str below); off: the plain version it is tested against. */
  constructor(private readonly fast: boolean) {
    super(fast ? 'v' : 'p');
  }

  /** A statement writing `e` (a property path, safe to repeat) of shape `s`. */
  value(s: Shape, e: string): string {
    switch (s.k) {
      case 'num': return `N(${e});`;
      case 'bool': return `P(${e} ? 1 : 0);`;
      case 'str': return this.str(e);
      case 'words': return `W(${e});`;
      case 'opt': return `if (${e} == null) P(0); else { P(1); ${this.value(s.of, e)} }`;
      default: return `${this.fn(s)}(${e}, cx);`;
    }
  }

  private sites = 0;

  /**
   * A string field: through a one-entry cache at this field (the last string written here and its
   * intern id), since state strings are a few kinds and names and a field mostly holds the one it
   * held in the last state; the intern table's Map lookup was the hottest part of the kernel
   * part's encoding (~15%). The same ints as S writes (test/explore/encode-fast.test.ts).
   */
  private str(e: string): string {
    if (!this.fast) return `S(${e});`;
    const site = this.sites++;
    this.siteVars.push(`let s${site} = null, i${site} = 0;`);
    return `{ const v = ${e}; if (v === s${site}) P(i${site}); else { const id = SI(v); if (id >= 0) { s${site} = v; i${site} = id; P(id); } else S(v); } }`;
  }

  private readonly siteVars: string[] = [];

  protected body(s: Shape): string {
    switch (s.k) {
      case 'list': case 'slots':
        return `const n = x.length; P(n); for (let i = 0; i < n; i++) { const e = x[i]; if (e == null) P(0); else { P(1); ${this.value(s.of, 'e')} } }`;
      case 'map':
        return `P(x.size); if (x.size === 0) return;` +
          ` if (x.size === 1) { for (const [k, e] of x) { K(k); ${this.value(s.of, 'e')} } return; }` +
          ` const ks = [...x.keys()]; ks.sort(CMP);` +
          ` for (const k of ks) { const e = x.get(k); K(k); ${this.value(s.of, 'e')} }`;
      case 'rec': return this.recordBody(s.fields, []);
      case 'union': {
        const cases = Object.entries(s.cases).map(([tag, f], i) => `case ${J(tag)}: { P(${i}); ${this.recordBody(f, [])} return; }`);
        return `switch (x[${J(s.tag)}]) { ${cases.join(' ')} } throw new Error('shape: unknown ' + ${J(s.name)} + ' ' + x[${J(s.tag)}]);`;
      }
      default: return this.value(s, 'x');
    }
  }

  protected joinFields(parts: string[]): string {
    return parts.join(' ');
  }

  protected clockWhile(x: string, cond: string): string {
    return `if (${cond}) { cx.clockRead = true; P(1); N(${x} - cx.clock); } else P(0);`;
  }

  protected present(x: string): string {
    return `P(${x} >= 0 ? 1 : 0);`;
  }

  protected clock(x: string): string {
    return `{ cx.clockRead = true; N(${x} - cx.clock); }`;
  }

  protected tid(x: string): string {
    return `N(${x} >= 0 ? R(${x}, cx) : ${x});`;
  }

  protected tidSet(x: string): string {
    return `T(${x}, cx);`;
  }

  protected queue(x: string, q: string): string {
    return `Q(${x}, cx, ${q});`;
  }

  link(entries: string[]): Writer[] {
    const src = `${this.siteVars.join('\n')}\n${this.defs.join('\n')}\nreturn [${entries.join(', ')}];`;
    return new Function('P', 'N', 'S', 'SI', 'K', 'W', 'CMP', 'Q', 'T', 'R', src)(P, N, S, SI, K, W, cmp, queue, tidSet, rename) as Writer[];
  }
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Tids the kernel part names one by one (a futex_q's waiter, a timer's task), marked for
 * twinsOf (encode-hash.ts): a twin named there is not interchangeable with its twin in this state.
 * A set of tids (a process's threads) is left unmarked: it holds all twins of a class or none.
 */
export const named = { stamp: 1, at: new Int32Array(64) };

export function markNamed(tid: number): void {
  if (tid >= named.at.length) {
    const b = new Int32Array(Math.max(tid + 1, named.at.length * 2));
    b.set(named.at);
    named.at = b;
  }
  named.at[tid] = named.stamp;
}

function rename(tid: number, cx: VecContext): number {
  markNamed(tid);
  return cx.tids[tid];
}

/** A list of tids is a set once renamed (encode-kernel.ts 'tid'): written sorted. */
function tidSet(list: number[], cx: VecContext): void {
  const n = list.length;
  P(n);
  if (n === 1) return N(list[0] >= 0 ? cx.tids[list[0]] : list[0]);
  if (n > 32) {
    for (const t of list.map((x) => (x >= 0 ? cx.tids[x] : x)).sort((x, y) => x - y)) N(t);
    return;
  }
  // Few: renamed, then sorted by insertion in a reused buffer (no allocation per state).
  if (scratch.length < n) scratch = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const t = list[i];
    const r = t >= 0 ? cx.tids[t] : t;
    let j = i - 1;
    while (j >= 0 && scratch[j] > r) {
      scratch[j + 1] = scratch[j];
      j--;
    }
    scratch[j + 1] = r;
  }
  for (let i = 0; i < n; i++) N(scratch[i]);
}

let scratch = new Float64Array(64);

/** futex.buckets: each non-empty bucket's index and its futex_qs in queue order; -1 ends. */
function queue(buckets: number[][], cx: VecContext, q: Writer): void {
  const nb = nonEmptyBuckets(buckets, cx.queues);
  if (nb < 0) {
    for (let b = 0; b < buckets.length; b++) if (buckets[b].length > 0) writeBucket(b, buckets[b], cx, q);
  } else {
    for (let i = 0; i < nb; i++) writeBucket(found[i], buckets[found[i]], cx, q);
  }
  P(-1);
}

function writeBucket(b: number, list: number[], cx: VecContext, q: Writer): void {
  P(b);
  P(list.length);
  for (let i = 0; i < list.length; i++) {
    const fq = cx.queues.get(list[i])!;
    if (fq.pi !== undefined || fq.requeuePi) cx.pi = true;
    q(fq, cx);
  }
}

let found = new Int32Array(64);

/**
 * The non-empty buckets, ascending, into `found` (their count), found from the queued futex_qs'
 * own bucket numbers instead of a walk of every bucket (256 by default, nearly all empty); -1
 * when that cannot be trusted, and the caller walks them all. Every id in a bucket names a
 * futex_q of `queues`, once (queue above reads them so): when the buckets the futex_qs name hold
 * `queues.size` ids together, no other bucket holds any.
 */
function nonEmptyBuckets(buckets: number[][], queues: Map<number, FutexQ>): number {
  if (!bucketFastPath.enabled) return -1;
  if (queues.size === 0) return 0;
  if (found.length < queues.size) found = new Int32Array(queues.size * 2);
  let n = 0;
  for (const fq of queues.values()) {
    const b = fq.bucket;
    if (!(b >= 0 && b < buckets.length)) return -1;
    // Insertion into the sorted, duplicate-free prefix.
    let j = n - 1;
    while (j >= 0 && found[j] > b) j--;
    if (j >= 0 && found[j] === b) continue;
    for (let m = n - 1; m > j; m--) found[m + 1] = found[m];
    found[j + 1] = b;
    n++;
  }
  let held = 0;
  for (let i = 0; i < n; i++) held += buckets[found[i]].length;
  return held === queues.size ? n : -1;
}

/** `enabled = false`: walk every bucket (the plain version, test/explore/encode-fast.test.ts). */
export const bucketFastPath = { enabled: true };

const taskFields = (TASK as Extract<Shape, { k: 'rec' }>).fields;
const kernelFields = (KERNEL_STATE as Extract<Shape, { k: 'rec' }>).fields;
const order = Object.keys(kernelFields);
/**
 * The write stamps of the kernel state's groups of fields (kernel/vm-stamp.ts), in table order,
 * and each group's fields; REST: the fields under none.
 */
export const KERNEL_GROUPS: string[] = [...new Set(order.flatMap((f) => (kernelFields[f].stamp === undefined ? [] : [kernelFields[f].stamp!])))];
const GROUP_FIELDS = KERNEL_GROUPS.map((st) => order.filter((f) => kernelFields[f].stamp === st));
const REST = order.filter((f) => kernelFields[f].stamp === undefined);

/** Whether a value of shape `s` names a tid one by one (a tid, or futex_qs with theirs): markNamed. */
function namesTids(s: Shape, seen = new Set<Shape>()): boolean {
  if (seen.has(s)) return false;
  seen.add(s);
  const names = (f: Field): boolean => (f.e === 'tid' && f.s.k === 'num') || f.e === 'queue' || namesTids(f.s, seen);
  switch (s.k) {
    case 'rec': return Object.values(s.fields).some(names);
    case 'union': return Object.values(s.cases).some((c) => Object.values(c).some(names));
    case 'list': case 'slots': case 'map': case 'opt': return namesTids(s.of, seen);
    default: return false;
  }
}
// A kept group marks no tids (encode-hash.ts): it must name none.
for (const fields of GROUP_FIELDS) {
  if (fields.some((f) => namesTids({ k: 'rec', name: 'group', fields: { [f]: kernelFields[f] } }))) throw new Error(`shape: ${fields.join(', ')} name a tid one by one`);
}

/** The kernel state's fields other than `keep` (a writer of `keep` only omits them). */
const omitting = (keep: string[]): string[] => order.filter((f) => !keep.includes(f));

function writers(fast: boolean): Writer[] {
  if (fast) {
    // Ints written straight into the vector (encode-vec-fast.ts), the same ints as below.
    const f = new FastCompiler();
    return f.link(
      [f.fn(TASK), f.record(taskFields, ['retval']), f.record(kernelFields, omitting(REST)), ...GROUP_FIELDS.map((g) => f.record(kernelFields, omitting(g)))],
      { vec, reserve, N, S, SI, W, CMP: cmp, Q: queue as never, T: tidSet as never, R: rename as never },
    );
  }
  const compiler = new Compiler(fast);
  return compiler.link([
    compiler.fn(TASK),
    compiler.record(taskFields, ['retval']),
    compiler.record(kernelFields, omitting(REST)),
    ...GROUP_FIELDS.map((g) => compiler.record(kernelFields, omitting(g))),
  ]);
}

const fastWriters = writers(true);
const plainWriters = writers(false);
let [task, taskDeadRetval, kernelRest, ...kernelGroups] = fastWriters;

/**
 * `enabled = false`: the plain writers, every string through the intern table's lookup (the
 * plain version the per-field string caches are tested against, test/explore/encode-fast.test.ts).
 */
export function useFastWriters(enabled: boolean): void {
  [task, taskDeadRetval, kernelRest, ...kernelGroups] = enabled ? fastWriters : plainWriters;
}

const cx: VecContext = { tids: [], clock: 0, queues: new Map(), pi: false, clockRead: false };

/** Start writing the kernel part of `s`, tids renamed by `tids`, page data through `words` (vec.ts W). */
export function startKernelState(s: KernelState, tids: number[], words: WordLog | null): void {
  cx.tids = tids;
  cx.clock = s.clock;
  cx.queues = s.futex.queues;
  cx.pi = false;
  cx.clockRead = false;
  named.stamp++;
  wordsStart(words === null ? 0 : words.version(), words);
}

/**
 * Write the kernel's part of state `s`, tids renamed by `tids`: its groups in order, then the rest
 * (what the explorer hashes in pieces, kernel-groups.ts); returns whether a queued futex_q has PI
 * fields. `words`: the kernel's undo log of word stores, if it has one (vec.ts W).
 */
export function writeKernelState(s: KernelState, tids: number[], words: WordLog | null = null): boolean {
  startKernelState(s, tids, words);
  let clock = false;
  for (let g = 0; g < kernelGroups.length; g++) if (writeKernelGroup(s, g)) clock = true;
  const pi = writeKernelRest(s);
  cx.clockRead ||= clock;
  return pi;
}

/**
 * The kernel part in pieces, which encode-hash.ts hashes apart (after startKernelState): each
 * group under a write stamp (KERNEL_GROUPS: the memory and processes) in order, then the rest,
 * as writeKernelState writes them. No group names a tid one by one (a process's threads are
 * a set), so a kept one marks none (named). Returns whether group `g` has a value relative to the
 * clock.
 */
export function writeKernelGroup(s: KernelState, g: number): boolean {
  cx.clockRead = false;
  kernelGroups[g](s, cx);
  return cx.clockRead;
}

/** The rest of the kernel part (after its groups, written or kept); returns whether a queued futex_q has PI fields. */
export function writeKernelRest(s: KernelState): boolean {
  cx.clockRead = false;
  kernelRest(s, cx);
  return cx.pi;
}

/** Whether the kernel part or task last written (writeKernelState, writeTask) has a value relative to the clock. */
export const kernelReadClock = (): boolean => cx.clockRead;

/** Write a task's part of its thread's local state (encode-kernel.ts encodeTask). */
export function writeTask(s: KernelState, tid: number, retvalDead: boolean): void {
  cx.tids = IDENTITY;
  cx.clock = s.clock;
  cx.queues = s.futex.queues;
  cx.clockRead = false;
  (retvalDead ? taskDeadRetval : task)(s.tasks[tid], cx);
}

const IDENTITY: number[] = [];

