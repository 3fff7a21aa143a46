// The named constants of expressions (LANGUAGE.md, "Lexical"): the errno values (Linux x86
// numbers; system calls return -ERRNO), INT_MAX, and the futex_wake_op operations and
// comparisons of futex(2). Names are not reserved words, but a register or map may not take one.

import {
  EACCES, EAGAIN, EDEADLK, EFAULT, EINTR, EINVAL, ENOMEM, ENOSYS, ENOTRECOVERABLE, EOWNERDEAD, EPERM, ESRCH, ETIMEDOUT,
  FUTEX_BITSET_MATCH_ANY, FUTEX_OWNER_DIED, FUTEX_TID_MASK, FUTEX_WAITERS,
  CLOCK_MONOTONIC, CLOCK_REALTIME,
} from '../kernel/types';

// The errno numbers are the kernel's own (kernel/types.ts), so a scenario compares a call's
// return value against exactly what the simulator returns.
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['EINTR', EINTR],
  ['EFAULT', EFAULT],
  ['EACCES', EACCES],
  ['EAGAIN', EAGAIN],
  ['EWOULDBLOCK', EAGAIN],
  ['EINVAL', EINVAL],
  ['ENOSYS', ENOSYS],
  ['ETIMEDOUT', ETIMEDOUT],
  ['ENOMEM', ENOMEM],
  ['EDEADLK', EDEADLK],
  ['EPERM', EPERM],
  ['ESRCH', ESRCH],
  ['EOWNERDEAD', EOWNERDEAD],
  ['ENOTRECOVERABLE', ENOTRECOVERABLE],
  // Loads sign-extend a 32-bit word, so FUTEX_WAITERS has the value `load` returns for that bit.
  ['FUTEX_WAITERS', FUTEX_WAITERS | 0],
  ['FUTEX_OWNER_DIED', FUTEX_OWNER_DIED],
  ['FUTEX_TID_MASK', FUTEX_TID_MASK],
  ['FUTEX_BITSET_MATCH_ANY', FUTEX_BITSET_MATCH_ANY],
  ['INT_MAX', 2147483647],
  ['FUTEX_OP_SET', 0],
  ['FUTEX_OP_ADD', 1],
  ['FUTEX_OP_OR', 2],
  ['FUTEX_OP_ANDN', 3],
  ['FUTEX_OP_XOR', 4],
  ['FUTEX_OP_CMP_EQ', 0],
  ['FUTEX_OP_CMP_NE', 1],
  ['FUTEX_OP_CMP_LT', 2],
  ['FUTEX_OP_CMP_LE', 3],
  ['FUTEX_OP_CMP_GT', 4],
  ['FUTEX_OP_CMP_GE', 5],
  // futex_waitv's and futex2_wait's `clock C` (the only two clockids they accept).
  ['CLOCK_REALTIME', CLOCK_REALTIME],
  ['CLOCK_MONOTONIC', CLOCK_MONOTONIC],
]);
