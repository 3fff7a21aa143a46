// The named constants of expressions (LANGUAGE.md, "Lexical"): the errno values (Linux x86
// numbers; system calls return -ERRNO), INT_MAX, and the futex_wake_op operations and
// comparisons of futex(2). Names are not reserved words, but a register or map may not take one.

export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['EINTR', 4],
  ['EFAULT', 14],
  ['EACCES', 13],
  ['EAGAIN', 11],
  ['EWOULDBLOCK', 11],
  ['EINVAL', 22],
  ['ENOSYS', 38],
  ['ETIMEDOUT', 110],
  ['ENOMEM', 12],
  ['EDEADLK', 35],
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
]);
