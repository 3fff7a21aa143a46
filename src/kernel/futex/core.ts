// The futex hash table: key -> bucket, queue and unqueue, who a waiter is. Like
// kernel/futex/core.c, the key and the hash live here and nowhere else.
//
// Invariants (checked by invariants.ts): every queued futex_q is in exactly one bucket, the one
// its key hashes to (strategy.hash), at most once; buckets are FIFO lists (list tail / plist
// with equal priority in every era, GROUND-TRUTH.md modelling notes).
//
// Copy-on-write between snapshots (kernel/clone.ts shares what the live state does not change):
// bucket arrays, the `queues` Map and each futex_q carry the epoch that owns them, and may be
// written in place only by that state. Who may write what:
//   - the table of buckets (with its owner slots) and each bucket array: through ownBucket;
//   - the queues Map: set/delete through ownQueues (queueMe, unlinkQ, and the lookups below);
//   - a queued futex_q: only the object futexQ/findQ returned, which they copy first when a
//     snapshot shares it. Kernel code must not keep a futex_q it got any other way (peekQ, a
//     walk of `queues`) and write it: writers call assertOwnedQ, so a miss panics in the tests
//     instead of corrupting a checkpoint;
//   - a woken FUTEX_FD registration (OpenFile.held): through fd.ts ownFile.

import type { Kernel } from '../kernel';
import type { FutexQ, Mm, RefIdentity, Task } from '../state';
import { BUG_ON, FUTEX_BITSET_MATCH_ANY } from '../types';
import { copyKey, keyEquals, keyId, type FutexKey } from './futex';
import { copyQ } from '../clone';
import { blockTask } from '../sched';
import { refIdentity } from './reference';
import type { KeyRequest } from './strategy';
import type { KeyDecision, KeyReason } from './reason';
import type { KernelEventBody, KeyOp } from '../events';
import { futexFast } from './fast';
import { forgetKeyCounts, holdsOtherKey, keyCounts, SCAN_MAX, setKeyCounts } from './bucket-counts';

export { bucketKeyCache } from './bucket-counts';
import { futexEra } from './era';
import { basePrio } from '../prio';
import { taskWritten } from '../task-stamp';

/** A bucket's list, for writing: copied first if a snapshot shares it (kernel/clone.ts). */
export function ownBucket(k: Kernel, i: number): number[] {
  const f = k.s.futex;
  // The table itself first: a snapshot shares it (and its owner slots, which hold only older
  // epochs then, so every list is copied before its first write as well).
  if (f.tableOwner !== k.s.epoch) {
    f.buckets = f.buckets.slice();
    f.owner = f.owner.slice();
    f.tableOwner = k.s.epoch;
  }
  if (f.owner[i] !== k.s.epoch) {
    f.buckets[i] = f.buckets[i].slice();
    f.owner[i] = k.s.epoch;
  }
  forgetKeyCounts(f.buckets[i]);
  return f.buckets[i];
}

/** A queued waiter's key, for the bucket key counts (bucket-counts.ts). */
const keyOfQ = (k: Kernel, id: number): FutexKey => peekQ(k, id).key;

/**
 * Bucket i for writing (ownBucket), its key counts kept with `delta` on key `id` (keyId): the
 * caller then adds or removes one waiter of that key, and nothing else. The counts are those of
 * the list before the change, moved by delta: the same as counting the list after it.
 */
function ownBucketCounted(k: Kernel, i: number, id: string, delta: 1 | -1, known?: Map<string, number>): number[] {
  const f = k.s.futex;
  const before = known ?? keyCounts(k, f.buckets[i], keyOfQ);
  let b = f.buckets[i];
  let counts = before;
  // An owned list keeps its object and its counts entry (no WeakMap delete and set per wait);
  // a shared one is copied (ownBucket), and the snapshot's list keeps its own counts.
  if (f.owner[i] !== k.s.epoch) {
    counts = new Map(before);
    b = ownBucket(k, i);
    setKeyCounts(b, counts);
  }
  const n = (counts.get(id) ?? 0) + delta;
  if (n > 0) counts.set(id, n);
  else counts.delete(id);
  return b;
}

/** The queues Map, for set/delete: copied first if a snapshot shares it. */
export function ownQueues(k: Kernel): Map<number, FutexQ> {
  const f = k.s.futex;
  if (f.queuesOwner !== k.s.epoch) {
    f.queues = new Map(f.queues);
    f.queuesOwner = k.s.epoch;
  }
  return f.queues;
}

/** A futex_q this state may write: q itself when it owns it, else a copy of it. */
export function ownCopyQ(k: Kernel, q: FutexQ): FutexQ {
  return q.owner === k.s.epoch ? q : { ...copyQ(q), owner: k.s.epoch };
}

/** Panic if q may be shared with a snapshot (it did not come from futexQ/findQ/newQ/ownFile). */
export function assertOwnedQ(k: Kernel, q: FutexQ): void {
  if (q.owner !== k.s.epoch) BUG_ON(true, `futex_q ${q.id} written without owning it (epoch ${q.owner}, state ${k.s.epoch})`);
}

export function bucketOf(k: Kernel, key: FutexKey): number {
  const size = k.s.futex.buckets.length;
  const hash = k.strategy.hash;
  if (!futexFast.enabled) return hash(key, size);
  // The last answer, for the same hash function, table size and key words (fast.ts): a wait and
  // the wake that ends it hash the same key.
  const l = lastBucket;
  if (l.hash === hash && l.size === size && keyEquals(l, key)) return l.bucket;
  const bucket = hash(key, size);
  l.hash = hash;
  l.size = size;
  copyKey(l, key);
  l.bucket = bucket;
  return bucket;
}

const lastBucket: FutexKey & { hash: ((key: FutexKey, size: number) => number) | null; size: number; bucket: number } = {
  hash: null, size: 0, kind: 'page', ptr: 0, word: 0, off: 0, bucket: 0,
};

/** The queued futex_q `id`, for writing (copied first if a snapshot shares it); panics if absent. */
export function futexQ(k: Kernel, id: number): FutexQ {
  const q = findQ(k, id);
  if (!q) BUG_ON(true, `futex_q ${id} is not queued`);
  return q!;
}

/** The queued futex_q `id` for writing, or undefined when it is not queued. */
export function findQ(k: Kernel, id: number): FutexQ | undefined {
  const q = k.s.futex.queues.get(id);
  if (!q || q.owner === k.s.epoch) return q;
  const own = ownCopyQ(k, q);
  ownQueues(k).set(id, own);
  return own;
}

/** The queued futex_q `id`, read-only (it may be shared with a snapshot); panics if absent. */
export function peekQ(k: Kernel, id: number): Readonly<FutexQ> {
  const q = k.s.futex.queues.get(id);
  if (!q) BUG_ON(true, `futex_q ${id} is not queued`);
  return q!;
}

/** The name of a waiter: its thread, or `fd N of PROC` for a FUTEX_FD registration. */
export function waiterName(k: Kernel, q: Readonly<FutexQ>): string {
  if (q.tid >= 0) return k.s.tasks[q.tid].name;
  const proc = k.s.procs[q.pid];
  // The file remembers its fd: a scan of the fd table here made a futex_fd loop quadratic (#14).
  const f = k.s.files[q.file];
  if (f && proc.fds.get(f.fd) === q.file) return `${proc.name} fd ${f.fd}`;
  return `${proc.name} futex fd`;
}

/** Allocate a futex_q for a waiter (not queued yet). */
export function newQ(
  k: Kernel,
  init: { key: FutexKey; reason: KeyReason; tid: number; pid: number; file: number; mm: number; uaddr: number; identity: RefIdentity | null },
): FutexQ {
  const m = k.s.mms[init.mm]!;
  const q: FutexQ = {
    id: k.s.futex.nextQ++, key: init.key, reason: init.reason, bucket: bucketOf(k, init.key), tid: init.tid, pid: init.pid,
    file: init.file, mm: init.mm, mmLife: m.life, uaddr: init.uaddr, pinned: -1, ref: null, vcache: null,
    ref_identity: init.identity, since: k.s.step, unchecked: false, owner: k.s.epoch,
    bitset: FUTEX_BITSET_MATCH_ANY, vindex: -1,
  };
  // plist_node_init(&q->list, min(normal_prio, MAX_RT_PRIO)): SCHED_OTHER waiters are all equal.
  const prio = init.tid >= 0 ? basePrio(k.s.tasks[init.tid]) : 0;
  if (prio !== 0) q.prio = prio;
  return q;
}

/** queue_me: add q at the tail of its bucket and let the strategy take what it holds. */
export function queueMe(k: Kernel, q: FutexQ, pfn: number): void {
  assertOwnedQ(k, q);
  // A collision: the bucket holds a waiter with another key.
  const list = k.s.futex.buckets[q.bucket];
  let b: number[];
  if (list.length <= SCAN_MAX) {
    if (holdsOtherKey(k, list, q.key, keyOfQ)) k.s.stats.hashCollisions++;
    b = ownBucket(k, q.bucket);
  } else {
    const id = keyId(q.key);
    const counts = keyCounts(k, list, keyOfQ);
    if (list.length > (counts.get(id) ?? 0)) k.s.stats.hashCollisions++;
    // The counts just read are the list's: not looked up again (fast.ts).
    b = ownBucketCounted(k, q.bucket, id, 1, futexFast.enabled ? counts : undefined);
  }
  const at = plistPos(k, b, q);
  if (at === b.length) b.push(q.id); // the tail: every waiter without a priority
  else b.splice(at, 0, q.id);
  ownQueues(k).set(q.id, q);
  k.strategy.attach(k, q, pfn);
  // Where FUTEX_PRIVATE_FLAG exists, only a private op gives a `private` key (shared ops on
  // private mappings are MMSHARED), so the key says how the waiter waited.
  const privateOp = futexEra(k).privateFlag && q.key.kind === 'private';
  if (futexFast.enabled && q.bitset === FUTEX_BITSET_MATCH_ANY && q.vindex < 0) {
    // A plain wait: the event in its final shape, fields in emit's order (Kernel.emitStamped).
    k.emitStamped(privateOp
      ? {
        type: 'queue', q: q.id, tid: q.tid, who: waiterName(k, q), pid: q.pid, key: q.key, reason: q.reason, bucket: q.bucket,
        identity: q.ref_identity, mm: q.mm, mmLife: q.mmLife, uaddr: q.uaddr, privateOp: true, step: k.s.step, by: k.currentTid,
      }
      : {
        type: 'queue', q: q.id, tid: q.tid, who: waiterName(k, q), pid: q.pid, key: q.key, reason: q.reason, bucket: q.bucket,
        identity: q.ref_identity, mm: q.mm, mmLife: q.mmLife, uaddr: q.uaddr, step: k.s.step, by: k.currentTid,
      });
    return;
  }
  const e: Extract<KernelEventBody, { type: 'queue' }> = {
    type: 'queue', q: q.id, tid: q.tid, who: waiterName(k, q), pid: q.pid, key: q.key, reason: q.reason,
    bucket: q.bucket, identity: q.ref_identity, mm: q.mm, mmLife: q.mmLife, uaddr: q.uaddr,
  };
  // Set one by one, in this order, rather than spread from object literals (garbage on every wait).
  if (q.bitset !== FUTEX_BITSET_MATCH_ANY) e.bitset = q.bitset;
  if (q.vindex >= 0) e.vindex = q.vindex;
  if (privateOp) e.privateOp = true;
  k.emit(e);
}

/** Take q off its bucket's list, keeping what the strategy holds (FUTEX_FD keeps pins until close). */
export function unlinkQ(k: Kernel, q: FutexQ): void {
  const b = k.s.futex.buckets[q.bucket].length <= SCAN_MAX + 1 ? ownBucket(k, q.bucket) : ownBucketCounted(k, q.bucket, keyId(q.key), -1);
  if (b[0] === q.id) b.shift(); // the woken waiter is nearly always the head (FIFO): no move of the others
  else {
    const i = b.indexOf(q.id);
    if (i < 0) BUG_ON(true, `futex_q ${q.id} not in bucket ${q.bucket}`);
    b.splice(i, 1);
  }
  ownQueues(k).delete(q.id);
}

/** unqueue_me and drop what the strategy holds for it. */
export function unqueueMe(k: Kernel, q: FutexQ, why: 'woken' | 'timeout' | 'signal' | 'close' | 'mismatch' | 'exit'): void {
  unlinkQ(k, q);
  k.strategy.detach(k, q);
  if (futexFast.enabled) k.emitStamped({ type: 'unqueue', q: q.id, tid: q.tid, why, step: k.s.step, by: k.currentTid });
  else k.emit({ type: 'unqueue', q: q.id, tid: q.tid, why });
}

/** Move q to the tail of another bucket (or of its own), as list_move_tail / plist_add. */
export function moveToBucketTail(k: Kernel, q: FutexQ, bucket: number): void {
  assertOwnedQ(k, q);
  // q.key may already be the new key (rekey, requeue): the counts follow the bucket's own
  // waiters, so they are dropped for the source list and rebuilt on the next look.
  const from = ownBucket(k, q.bucket);
  from.splice(from.indexOf(q.id), 1);
  q.bucket = bucket;
  const to = ownBucket(k, bucket);
  to.splice(plistPos(k, to, q), 0, q.id);
}

/**
 * Where q goes in a bucket list: the tail (list_add_tail), or from 2.6.22 on (plist_add) after
 * the last waiter of equal or higher priority, so higher priorities come first and equal ones
 * in FIFO order (GROUND-TRUTH.md §8.1, §8.2). Without priorities every q.prio is 0: the tail.
 */
function plistPos(k: Kernel, b: number[], q: FutexQ): number {
  if (!futexEra(k).plist) return b.length;
  const prio = q.prio ?? 0;
  let i = b.length;
  while (i > 0 && (peekQ(k, b[i - 1]).prio ?? 0) < prio) i--;
  return i;
}

/**
 * The first `limit` queued waiters whose key equals `key` and that `pred` accepts, in bucket
 * order, for writing (futexQ): the walk stops there (futex_wake's loop breaks at nr_wake), so a
 * wake does not pay for the waiters queued behind the ones it takes.
 */
export function firstMatching(k: Kernel, key: FutexKey, limit: number, pred: (q: Readonly<FutexQ>) => boolean): FutexQ[] {
  const out: FutexQ[] = [];
  if (limit <= 0) return out;
  for (const id of k.s.futex.buckets[bucketOf(k, key)]) {
    const q = peekQ(k, id);
    if (!keyEquals(q.key, key) || !pred(q)) continue;
    out.push(futexQ(k, id));
    if (out.length >= limit) break;
  }
  return out;
}

/** firstMatching with the predicate `q.bitset & mask` (futex_wake's), without a closure per wake (fast.ts). */
export function firstMatchingMask(k: Kernel, key: FutexKey, limit: number, mask: number): FutexQ[] {
  const out: FutexQ[] = [];
  if (limit <= 0) return out;
  const b = k.s.futex.buckets[bucketOf(k, key)];
  for (let i = 0; i < b.length; i++) {
    const q = peekQ(k, b[i]);
    if (!keyEquals(q.key, key) || (q.bitset & mask) === 0) continue;
    // futexQ's answer without a second lookup when this state owns q (findQ).
    out.push(q.owner === k.s.epoch ? (q as FutexQ) : futexQ(k, b[i]));
    if (out.length >= limit) break;
  }
  return out;
}

/** The queued waiters whose key equals `key`, in bucket order, for writing (futexQ). */
export function matching(k: Kernel, key: FutexKey): FutexQ[] {
  const out: FutexQ[] = [];
  for (const id of k.s.futex.buckets[bucketOf(k, key)]) {
    if (keyEquals(peekQ(k, id).key, key)) out.push(futexQ(k, id));
  }
  return out;
}

/**
 * The ids of the queued waiters that `pred` accepts, in the order a walk of the whole table meets
 * them: bucket 0 to the last, each list from its head, as futex_rehash scans it (seed 001, 2 Sep
 * 2003: `for (i = 0; i < 1 << FUTEX_HASHBITS; i++) list_for_each_safe(l, next, &futex_queues[i])`).
 * Within one key that is its queue order, which a re-key must keep (FIFO within a key in every
 * era, GROUND-TRUTH.md modelling notes); the order the futex_qs were made in is not it once a
 * requeue has put an older waiter behind a newer one.
 */
export function queuedInTableOrder(k: Kernel, pred: (q: Readonly<FutexQ>) => boolean): number[] {
  const out: number[] = [];
  if (k.s.futex.queues.size === 0) return out;
  for (const b of k.s.futex.buckets) for (const id of b) if (pred(peekQ(k, id))) out.push(id);
  return out;
}

/** Re-key q (a strategy's rehash callback), moving it to its new bucket. */
export function rekey(k: Kernel, q: FutexQ, key: FutexKey, reason: KeyReason): void {
  assertOwnedQ(k, q);
  const from = q.key;
  q.key = key;
  q.reason = reason;
  const b = bucketOf(k, key);
  moveToBucketTail(k, q, b);
  k.emit({ type: 'rehash', q: q.id, from, to: key, reason });
}

// --- get_futex_key ------------------------------------------------------------------------------

/** What a futex call did to the calling task. */
export type SysResult =
  | { readonly kind: 'ret'; readonly value: number }
  /** The task sleeps; the call's value is `task.retval` when it runs again. */
  | { readonly kind: 'block' }
  /** Run the same statement again when the task runs next (page lock wait, 2.6.0 phase 2). */
  | { readonly kind: 'retry' };

/**
 * Results are never written (readonly), so the common ones are shared (fast.ts): `block`, and
 * the values -4095..64 (every errno, the counts of most wakes), made once instead of per call.
 */
const BLOCK: SysResult = { kind: 'block' };
const SMALL_RETS: readonly SysResult[] = Array.from({ length: 4096 + 65 }, (_, i) => ({ kind: 'ret', value: i - 4096 }));

export const ret = (value: number): SysResult =>
  futexFast.enabled && (value | 0) === value && value >= -4096 && value <= 64 && !Object.is(value, -0)
    ? SMALL_RETS[value + 4096]!
    : { kind: 'ret', value };

/** The task sleeps (a shared result: see ret). */
export const block = (): SysResult => (futexFast.enabled ? BLOCK : { kind: 'block' });

export function taskMm(k: Kernel, t: Task): Mm {
  return k.s.mms[k.s.procs[t.pid].mm]!;
}

/** The flag the op really runs with: before 2.6.22 FUTEX_PRIVATE_FLAG does not exist. */
export function effectivePrivate(k: Kernel, priv: boolean): boolean {
  return priv && futexEra(k).privateFlag;
}

/** A key lookup's result: the key, its rule, and the page it resolved (-1 if none was looked up). */
export interface FoundKey extends KeyDecision {
  pfn: number;
}

/**
 * get_futex_key through the strategy. On a locked page the task waits for the page lock and the
 * statement runs again (seed 002: "any other task trying to lock that page will have to wait").
 */
export function lookupKey(
  k: Kernel, t: Task, uaddr: number, access: 'read' | 'write', priv: boolean, op: KeyOp, m: Mm = taskMm(k, t),
): FoundKey | SysResult {
  const req: KeyRequest = { task: t, mm: m, uaddr, access, private: effectivePrivate(k, priv) };
  const r = k.strategy.getKey(k, req);
  if (r.ok) {
    if (!k.quiet('key')) k.emit({
      type: 'key', tid: t.tid, uaddr, key: r.key, reason: r.reason, bucket: bucketOf(k, r.key),
      identity: refIdentity(k, m, uaddr, req.private), op,
    });
    return r; // the strategy's own result: a key, its rule and the page (no copy per futex call)
  }
  if ('errno' in r) return ret(-r.errno);
  waitOnPageLock(k, t, r.lockedPfn);
  return { kind: 'retry' };
}

function waitOnPageLock(k: Kernel, t: Task, pfn: number): void {
  k.s.stats.pageLockWaits++;
  t.wait = { kind: 'page-lock', pfn, since: k.s.clock };
  taskWritten(t);
  k.emit({ type: 'page-lock', tid: t.tid, pfn, op: 'wait', ticks: 0 });
  blockTask(k, t, 'blocked', `lock_page(pfn ${pfn})`);
}

/** lookupKey gave a result for the caller (an errno, or the page-lock retry) instead of a key. */
export const isSysResult = (x: unknown): x is SysResult => typeof x === 'object' && x !== null && 'kind' in x;
