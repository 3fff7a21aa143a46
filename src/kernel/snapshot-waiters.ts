// The cached waiter and bucket views of the snapshot (snapshot.ts): a futex_q's WaiterView and a
// bucket's BucketView, built once and given back while everything they show is unchanged. Apart
// from snapshot.ts because the cache and its validity rule (entryValid) are one concept of their
// own, with a differential test against the plain build (kernelView's `fresh`); the rest of the
// snapshot is built anew on every call.

import type { Kernel } from './kernel';
import type { FutexQ } from './state';
import { hex } from './types';
import { keyLabel } from './futex/futex';
import { waiterPiLabel } from './snapshot-pi';
import type { BucketView, WaiterView } from './snapshot';

/**
 * Waiter views are cached per futex_q object: between two stops of a forward run most waiters
 * have not moved, and with 10,000 of them building the strings anew dominated the state request.
 * An entry is reused only while everything it shows is unchanged (the key object is replaced,
 * never mutated, when a waiter is re-keyed).
 */
interface WaiterEntry {
  q: FutexQ;
  view: WaiterView;
  key: FutexQ['key'];
  ref: FutexQ['ref'];
}
const waiterCache = new WeakMap<FutexQ, WaiterEntry>();

/**
 * Bucket views are cached per kernel and bucket index: a bucket whose waiters are the same
 * objects showing the same thing as last time gives back the same BucketView, so an unchanged
 * table of 10,000 waiters costs one identity check per waiter and allocates nothing.
 */
interface BucketEntry {
  entries: WaiterEntry[];
  view: BucketView;
}
const bucketCache = new WeakMap<Kernel, (BucketEntry | undefined)[]>();

/**
 * The fd number of each open file and the process that holds it (the first one, in pid order):
 * one pass over the fd tables into arrays indexed by file id, -1 where no process holds it.
 */
export interface FdNumbers {
  pid: Int32Array;
  fd: Int32Array;
}

export function fdNumbers(k: Kernel): FdNumbers {
  const n = k.s.files.length;
  const out = { pid: new Int32Array(n).fill(-1), fd: new Int32Array(n).fill(-1) };
  for (const proc of k.s.procs) {
    for (const [fd, f] of proc.fds) {
      if (f < n && out.pid[f] < 0) {
        out.pid[f] = proc.pid;
        out.fd[f] = fd;
      }
    }
  }
  return out;
}

/** The fd number a FUTEX_FD waiter shows, -1 for a thread or a file no process holds. */
const fdOf = (q: FutexQ, fds: FdNumbers): number => (q.tid >= 0 || q.file < 0 || q.file >= fds.fd.length ? -1 : fds.fd[q.file]);

/**
 * A signal pending on the waiting thread. It lives on the task, not on the futex_q, so the cache
 * checks it too: signal delivery changes the task and leaves the futex_q object as it was.
 */
const signalPendingOn = (k: Kernel, q: FutexQ): boolean => q.tid >= 0 && !!k.s.tasks[q.tid]?.sigpending;

/**
 * Who a waiter is: its thread, or the first process holding its FUTEX_FD file and that fd. The
 * holder changes without the futex_q changing (the opener closes its fd after a fork handed it on).
 */
function whoOf(k: Kernel, q: FutexQ, fds: FdNumbers, fd: number): string {
  if (q.tid >= 0) return k.s.tasks[q.tid].name;
  return fd >= 0 ? `${k.s.procs[fds.pid[q.file]].name} fd ${fd}` : `${k.s.procs[q.pid].name} futex fd`;
}

const entryValid = (k: Kernel, c: WaiterEntry, q: FutexQ, bucket: number, who: string): boolean =>
  c.q === q && c.key === q.key && c.view.rule === q.reason.rule && c.ref === q.ref && c.view.who === who && c.view.bucket === bucket && c.view.pinned === q.pinned &&
  c.view.identity === (q.ref_identity?.label ?? null) && c.view.signalPending === signalPendingOn(k, q) &&
  // PI and requeue-PI waiters change state in place (few of them): never reused.
  q.pi === undefined && !q.requeuePi;

function waiterEntry(k: Kernel, q: FutexQ, bucket: number, fds: FdNumbers, fresh: boolean): WaiterEntry {
  const who = whoOf(k, q, fds, fdOf(q, fds));
  const c = fresh ? undefined : waiterCache.get(q);
  if (c && entryValid(k, c, q, bucket, who)) return c;
  const ref = q.ref ? `${q.ref.kind}#${q.ref.id}` : '';
  const view: WaiterView = {
    q: q.id, who, tid: q.tid, pid: q.pid, key: keyLabel(q.key), rule: q.reason.rule, bucket, uaddr: hex(q.uaddr), mm: q.mm, since: q.since,
    pinned: q.pinned, identity: q.ref_identity?.label ?? null, ref, signalPending: signalPendingOn(k, q), pi: waiterPiLabel(k, q),
  };
  const e = { q, view, key: q.key, ref: q.ref };
  waiterCache.set(q, e);
  return e;
}

/** The view of bucket `index` (non-empty): the cached one while all its waiters are unchanged. */
export function bucketView(k: Kernel, cache: (BucketEntry | undefined)[], ids: number[], index: number, fds: FdNumbers, fresh: boolean): BucketView {
  const queues = k.s.futex.queues;
  const c = fresh ? undefined : cache[index];
  if (c && c.entries.length === ids.length) {
    let same = true;
    for (let i = 0; i < ids.length && same; i++) {
      const q = queues.get(ids[i])!;
      same = entryValid(k, c.entries[i], q, index, whoOf(k, q, fds, fdOf(q, fds)));
    }
    if (same) return c.view;
  }
  const entries = ids.map((id) => waiterEntry(k, queues.get(id)!, index, fds, fresh));
  const waiters = entries.map((e) => e.view);
  const view = { index, waiters, collision: new Set(waiters.map((w) => w.key)).size > 1 };
  cache[index] = { entries, view };
  return view;
}

/** The bucket views' cache of k (made, or made anew when the table was resized). */
export function bucketCacheOf(k: Kernel): (BucketEntry | undefined)[] {
  let cache = bucketCache.get(k);
  if (!cache || cache.length !== k.s.futex.buckets.length) bucketCache.set(k, (cache = []));
  return cache;
}

/** The view of non-empty bucket `index`, through the same cache as kernelView's. */
export function bucketViewAt(k: Kernel, index: number, fds: FdNumbers): BucketView {
  return bucketView(k, bucketCacheOf(k), k.s.futex.buckets[index], index, fds, false);
}

/** The view of one futex_q in bucket `bucket` (a cached one while it shows the same). */
export function waiterViewOf(k: Kernel, q: FutexQ, fds: FdNumbers): WaiterView {
  return waiterEntry(k, q, q.bucket, fds, false).view;
}
