// The switch of the futex wait/wake fast paths (issue #11: round-robin mutex3 spends most of a
// futex call in bookkeeping). Each one gives the same events, results and kernel state as the
// plain code beside it; `futexFast.enabled = false` runs the plain code everywhere, and
// test/kernel/futex-fast.test.ts compares the two over random scenarios, strategies, schedules
// and every example. What it covers:
//   - the hot events (queue, unqueue, wake, wakeup) built with their `step` and `by`
//     (Kernel.emitStamped) instead of emit adding them;
//   - hashModern's 4-word jhash2 without an array (futex.ts jhash2Lookup3x4);
//   - FUTEX_WAIT and FUTEX_WAKE dispatched before do_futex's tables (syscalls.ts);
//   - the last (mm, address) reference identity and the last private key kept at hand
//     (reference.ts, strategies/gorman-2013.ts);
//   - the last bucket, key string and bucket key counts kept at hand (core.ts bucketOf,
//     bucket-counts.ts keyCounts, futex.ts keyId), checked by the key's words or the list's identity;
//   - one bucket key-count lookup per queue_me, a wake's bitset test without a closure and
//     without a second lookup of an owned futex_q, the quiet event types by comparison
//     (events.ts isQuietType), shared SysResult objects for `block` and small return values
//     (core.ts, waitwake.ts, kernel.ts).
// Not switched, plain refactors: futex_wait looks its task's mm up once, describeWoken builds
// its list in a loop, keyFromPage's inode-key functions are made once per strategy.

export const futexFast = { enabled: true };

/**
 * The last answer of a function of an mm's id and life and an address alone (the private key,
 * the (mm, address) identity): kept by those numbers, so no Mm is held past its session, and
 * used only while the fast paths are on.
 */
export class LastByMmAddr<T> {
  private mm = -1;
  private life = -1;
  private addr = -1;
  private value: T | null = null;

  get(m: { id: number; life: number }, uaddr: number): T | null {
    return futexFast.enabled && this.value !== null && this.addr === uaddr && this.mm === m.id && this.life === m.life ? this.value : null;
  }

  set(m: { id: number; life: number }, uaddr: number, value: T): T {
    if (futexFast.enabled) {
      this.mm = m.id;
      this.life = m.life;
      this.addr = uaddr;
      this.value = value;
    }
    return value;
  }
}
