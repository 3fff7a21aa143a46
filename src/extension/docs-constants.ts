// Hover documentation of the named constants: errno values, clockids, INT_MAX and the FUTEX_OP_*
// encodings of futex_wake_op. The values are read from lang/constants.ts so that the docs cannot
// drift from the language. Split from docs.ts (one concept per file); docs.ts merges it into
// HOVER_DOCS. Pure data, as docs.ts.

import { CONSTANTS } from '../lang/constants';
import { entry } from './docs-entry';

/** The value the language gives a constant (lang/constants.ts), so the docs cannot drift from it. */
function valueOf(name: string): number {
  const v = CONSTANTS.get(name);
  if (v === undefined) throw new Error(`internal: no constant ${name}`);
  return v;
}

function errno(name: string, meaning: string): string {
  const value = valueOf(name);
  return entry(`${name} = ${value}`, `**${name}** (${value}): ${meaning} System calls return \`-${name}\` on failure.`);
}

/** A non-errno constant: `NAME = value`, then its text. */
function constant(name: string, text: string): string {
  return entry(`${name} = ${valueOf(name)}`, `**${name}**: ${text}`);
}

export const CONSTANT_DOCS: Record<string, string> = {
  EINTR: errno('EINTR', 'interrupted: a `signal` arrived while in `poll`, or in `futex_wait` and the waiter ran before any wake took it off the queue.'),
  EFAULT: errno('EFAULT', 'bad address: no mapping at ADDR, a page past the end of a truncated file, or a read-only anonymous page under a write-mode lookup (`gorman-2013`, `modern`).'),
  EACCES: errno('EACCES', 'permission denied: no read access to the futex word (the 2.6.0 vma check), or a `shared rw` map of a file opened `rdonly`.'),
  EAGAIN: errno('EAGAIN', 'try again: `futex_wait` found the word different from VAL, or `futex_cmp_requeue` found it different from VAL. Same as `EWOULDBLOCK`.'),
  EWOULDBLOCK: errno('EWOULDBLOCK', 'the same number as `EAGAIN`: `futex_wait` found the word different from VAL.'),
  EINVAL: errno('EINVAL', 'invalid argument: an unaligned futex address, an invalid signal number for `futex_fd`.'),
  ENOSYS: errno('ENOSYS', 'not implemented: an op the strategy\'s era did not have (`futex_fd` under `modern`), or an invalid `futex_wake_op` encoding.'),
  ETIMEDOUT: errno('ETIMEDOUT', 'the `timeout` of a `futex_wait` expired.'),
  ENOMEM: errno('ENOMEM', 'out of memory.'),
  EDEADLK: errno('EDEADLK', 'deadlock would occur: `futex_lock_pi` on a word that already holds the caller\'s TID, or a chain of PI owners that leads back to the caller.'),
  CLOCK_REALTIME: constant('CLOCK_REALTIME', 'a clockid for `clock C` of `futex_waitv` and `futex2_wait` (one virtual clock serves both).'),
  CLOCK_MONOTONIC: constant('CLOCK_MONOTONIC', 'the default clockid of `futex_waitv` and `futex2_wait` with a timespec timeout.'),
  INT_MAX: constant('INT_MAX', '"wake everybody", as in `futex_wake(ADDR, INT_MAX)`, or requeue everybody.'),
  FUTEX_OP_SET: constant('FUTEX_OP_SET', '`futex_wake_op` operation `*ADDR2 = OPARG`.'),
  FUTEX_OP_ADD: constant('FUTEX_OP_ADD', '`futex_wake_op` operation `*ADDR2 += OPARG`.'),
  FUTEX_OP_OR: constant('FUTEX_OP_OR', '`futex_wake_op` operation `*ADDR2 |= OPARG`.'),
  FUTEX_OP_ANDN: constant('FUTEX_OP_ANDN', '`futex_wake_op` operation `*ADDR2 &= ~OPARG`.'),
  FUTEX_OP_XOR: constant('FUTEX_OP_XOR', '`futex_wake_op` operation `*ADDR2 ^= OPARG`.'),
  FUTEX_OP_CMP_EQ: constant('FUTEX_OP_CMP_EQ', '`futex_wake_op` wakes ADDR2 too if `old == CMPARG`.'),
  FUTEX_OP_CMP_NE: constant('FUTEX_OP_CMP_NE', '`futex_wake_op` wakes ADDR2 too if `old != CMPARG`.'),
  FUTEX_OP_CMP_LT: constant('FUTEX_OP_CMP_LT', '`futex_wake_op` wakes ADDR2 too if `old < CMPARG`.'),
  FUTEX_OP_CMP_LE: constant('FUTEX_OP_CMP_LE', '`futex_wake_op` wakes ADDR2 too if `old <= CMPARG`.'),
  FUTEX_OP_CMP_GT: constant('FUTEX_OP_CMP_GT', '`futex_wake_op` wakes ADDR2 too if `old > CMPARG` (glibc `pthread_cond_signal` uses `CMP_GT, 1`).'),
  FUTEX_OP_CMP_GE: constant('FUTEX_OP_CMP_GE', '`futex_wake_op` wakes ADDR2 too if `old >= CMPARG`.'),
};
