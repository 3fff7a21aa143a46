// The bucket key counts: a cache beside the futex hash table (core.ts), not in the state.

import type { Kernel } from '../kernel';
import { keyEquals, keyId, type FutexKey } from './futex';
import { futexFast } from './fast';

/**
 * A cache beside the state, not in it: for a bucket list (by identity), how many of its waiters
 * have each key (keyId). queue_me counts a hash collision when the bucket holds another key;
 * scanning the bucket for that made n waiters on one futex cost n^2 (issue #14), and a scan of a
 * bucket shared by many keys made each queue_me cost the waiters of the other keys (issue #11).
 * Every write of a list goes through core.ts ownBucket, which forgets it; queueMe, unlinkQ and
 * moveToBucketTail carry it over with their own change (ownBucketCounted), except on a list of
 * at most SCAN_MAX waiters (below), which keeps none and is scanned. A list shared with a
 * snapshot is never written in place, and its waiters' keys change only with a write of their list.
 */
const bucketCounts = new WeakMap<number[], Map<string, number>>();

/** Off: every queue_me scans its bucket, the plain version (the differential test in test/kernel). */
export const bucketKeyCache = { enabled: true };

/**
 * The list keyCounts answered last and its counts, what bucketCounts holds for it (fast.ts): a
 * wait and the wake after it count in the same bucket. forgetKeyCounts forgets both.
 */
let lastCounted: number[] | null = null;
let lastCounts: Map<string, number> | null = null;

export function keyCounts(k: Kernel, b: number[], keyOf: (k: Kernel, id: number) => FutexKey): Map<string, number> {
  if (futexFast.enabled && bucketKeyCache.enabled && b === lastCounted) return lastCounts!;
  const c = countKeys(k, b, keyOf);
  lastCounted = b;
  lastCounts = c;
  return c;
}

function countKeys(k: Kernel, b: number[], keyOf: (k: Kernel, id: number) => FutexKey): Map<string, number> {
  const known = bucketKeyCache.enabled ? bucketCounts.get(b) : undefined;
  if (known !== undefined) return known;
  const c = new Map<string, number>();
  for (const id of b) {
    const s = keyId(keyOf(k, id));
    c.set(s, (c.get(s) ?? 0) + 1);
  }
  bucketCounts.set(b, c);
  return c;
}

/** A list about to be written (core.ts ownBucket): its counts are not known any more. */
export function forgetKeyCounts(b: number[]): void {
  bucketCounts.delete(b);
  if (lastCounted === b) lastCounted = null;
}

/** The counts of a new list (a copy made for writing), carried over by its writer. */
export function setKeyCounts(b: number[], counts: Map<string, number>): void {
  bucketCounts.set(b, counts);
}

/**
 * A bucket list at most this long is scanned for another key at queue_me, and keeps no key counts
 * (core.ts ownBucket forgets them): scanning a few waiters costs less than what the
 * counts cost at the first write of a list after a snapshot, a copy of their Map and a WeakMap
 * entry for it, and the explorer snapshots before nearly every futex call (issue #11: ~3% of its
 * time). A longer list keeps its counts (issue #14: n waiters on one futex must not cost n^2).
 */
export const SCAN_MAX = 8;

/** Whether `list` holds a waiter whose key is not `key` (a hash collision at queue_me). */
export function holdsOtherKey(k: Kernel, list: number[], key: FutexKey, keyOf: (k: Kernel, id: number) => FutexKey): boolean {
  for (let i = 0; i < list.length; i++) if (!keyEquals(keyOf(k, list[i]), key)) return true;
  return false;
}
