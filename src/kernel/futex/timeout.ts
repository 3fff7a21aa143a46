// The timeout argument of the futex calls: how each era reads a `struct timespec`
// (docs/era-argument-checks.md, "Timeouts").
//
// A scenario writes a timeout in one of two ways (LANGUAGE.md, docs/language.md):
//   `timeout T`          T ticks from now, for every op (the language's own form, unchanged);
//   `timeout {S, NS}`    the struct timespec the system call receives, read as that op reads it.
// The simulator has one virtual clock (LANGUAGE.md "Arguments"); a tick is one millisecond of it
// (the native runner's default FUTEXLAB_TICK_MS), so {S, NS} is S * 1000 + NS / 1,000,000 ticks,
// rounded up (a timer never fires early). Every clock the kernel distinguishes reads this one
// clock, with 0 at boot.
//
// How the timespec is read:
//   - FUTEX_WAIT: relative (sys_futex/futex_init_timeout: `t = ktime_add_safe(ktime_get(), t)`);
//   - FUTEX_WAIT_BITSET, FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_WAIT_REQUEUE_PI: absolute;
//   - futex_waitv and futex2's futex_wait: absolute, against `clockid`, which must be
//     CLOCK_MONOTONIC or CLOCK_REALTIME (futex2_setup_timeout), else -EINVAL.
// Which era checks it:
//   - 2.5.40 .. 2.6.0 (pinned-page, vcache, rusty-2003, jamie-2003): sys_futex copies it and
//     converts it unchecked, `timeout = timespec_to_jiffies(&t) + 1` [Molnar 2002, 2.6.0
//     kernel/futex.c]. timespec_to_jiffies takes tv_sec as an unsigned long, so a negative tv_sec
//     is clamped to MAX_SEC_IN_JIFFIES (2,147,483 s at HZ = 1000 on 32 bits); a tv_nsec of 1e9 or
//     more simply adds time. A negative tv_nsec wraps in the u64 arithmetic to a huge value: the
//     simulator takes it as the same clamp (an approximation; either way no scenario outlives it).
//   - gorman-2013 (2.6.31 .. 4.14) and modern: `if (!timespec64_valid(&ts)) return -EINVAL;` in
//     sys_futex, before do_futex (so before the op's own checks; ops the era lacks are not in its
//     futex_cmd_has_timeout list and stay -ENOSYS). timespec64_valid: tv_sec < 0 or
//     (unsigned) tv_nsec >= NSEC_PER_SEC is invalid.

import type { Kernel } from '../kernel';
import { CLOCK_MONOTONIC, CLOCK_REALTIME, EINVAL } from '../types';
import { futexEra } from './era';

/** A timeout as the scenario wrote it. */
export type Timeout =
  | { kind: 'ticks'; ticks: number }
  /** A struct timespec; `clockid` for futex_waitv and futex2_wait (default CLOCK_MONOTONIC). */
  | { kind: 'timespec'; sec: number; nsec: number; clockid?: number };

const NSEC_PER_SEC = 1_000_000_000;
const NSEC_PER_TICK = 1_000_000;
/** MAX_SEC_IN_JIFFIES at HZ = 1000, 32-bit unsigned long: ((2^31 - 1) - 1) * TICK_NSEC / NSEC_PER_SEC. */
export const MAX_SEC_IN_JIFFIES = 2_147_483;

/** How an op reads a timespec: relative to now, or an absolute time on the clock. */
export type TimespecMode = 'relative' | 'absolute';

/** timespec64_valid. */
export function timespecValid(sec: number, nsec: number): boolean {
  return sec >= 0 && nsec >= 0 && nsec < NSEC_PER_SEC;
}

/** A non-negative nanosecond count in ticks, rounded up. */
function nsToTicks(sec: number, nsec: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, sec * 1000 + Math.ceil(nsec / NSEC_PER_TICK));
}

/**
 * The timeout as relative ticks for the op's timer, or the errno the era answers with
 * (sys_futex's futex_init_timeout; futex2_setup_timeout when `clockid` is checked).
 */
export function futexTimeout(k: Kernel, to: Timeout | undefined, mode: TimespecMode, checkClock = false): number | { errno: number } | undefined {
  if (to === undefined) return undefined;
  if (to.kind === 'ticks') {
    if (to.ticks >= 0) return to.ticks;
    // A negative T is what the native runner passes for it, T ticks before now: for an absolute
    // op a time in the past, so the wait times out at once; for FUTEX_WAIT the relative timespec
    // {0, -1 ms} (C's truncating division), invalid where the era checks it (-EINVAL, as Linux
    // 6.18 answers) and clamped where it does not.
    if (mode === 'absolute') return 0;
    const ns = to.ticks * NSEC_PER_TICK;
    return futexTimeout(k, { kind: 'timespec', sec: Math.trunc(ns / NSEC_PER_SEC), nsec: ns % NSEC_PER_SEC }, mode);
  }
  if (checkClock) {
    const clock = to.clockid ?? CLOCK_MONOTONIC;
    if (clock !== CLOCK_MONOTONIC && clock !== CLOCK_REALTIME) return { errno: EINVAL };
  }
  if (!futexEra(k).timespecChecked) {
    // 2.5 / 2.6.0: only FUTEX_WAIT reads a timeout, relative, unchecked.
    // `if (sec >= MAX_SEC_IN_JIFFIES) { sec = MAX_SEC_IN_JIFFIES; nsec = 0; }`, sec unsigned.
    const clamp = to.sec < 0 || to.nsec < 0 || to.sec >= MAX_SEC_IN_JIFFIES;
    return nsToTicks(clamp ? MAX_SEC_IN_JIFFIES : to.sec, clamp ? 0 : to.nsec) + 1; // timespec_to_jiffies(&t) + 1
  }
  if (!timespecValid(to.sec, to.nsec)) return { errno: EINVAL };
  const ticks = nsToTicks(to.sec, to.nsec);
  return mode === 'relative' ? ticks : Math.max(0, ticks - k.s.clock);
}
