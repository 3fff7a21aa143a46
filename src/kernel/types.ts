// Constants and small shared types of the simulated kernel.
//
// Everything in kernel/ is deterministic plain TypeScript: no Node APIs, no clocks, no
// randomness but the seeded generator in sched.ts (ARCHITECTURE.md, rules of the house).

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const WORDS_PER_PAGE = PAGE_SIZE / 4;
/** Where each mm places mappings without `at`, bottom-up (LANGUAGE.md "Mappings"). */
export const MMAP_BASE = 0x10000000;
/** TASK_SIZE of a 32-bit x86 kernel with the 3G/1G split: user mappings end below 0xc0000000. */
export const TASK_SIZE = 0xc0000000;

/** Linux x86 errno numbers; system calls return their negation, as the kernel does. */
export const EPERM = 1;
export const ESRCH = 3;
export const EINTR = 4;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EINVAL = 22;
export const ENFILE = 23;
export const EDEADLK = 35;
export const ENOSYS = 38;
export const ETIMEDOUT = 110;
export const EBADF = 9;
export const EMFILE = 24;
/** Not returned by the kernel: glibc's robust-mutex protocol (LANGUAGE.md "Version 2 additions"). */
export const EOWNERDEAD = 130;
export const ENOTRECOVERABLE = 131;

/**
 * The futex word's bits for PI and robust futexes (include/uapi/linux/futex.h): the owner's TID
 * in the low 30 bits, a waiters flag and an owner-died flag.
 */
export const FUTEX_WAITERS = 0x80000000;
export const FUTEX_OWNER_DIED = 0x40000000;
export const FUTEX_TID_MASK = 0x3fffffff;
export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;

/**
 * TIDs are given in creation order from 101 and never reused (LANGUAGE.md "Version 2
 * additions", TIDs): a task's TID is TID_BASE + its index in the task table.
 */
export const TID_BASE = 101;

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}

export const pageOf = (addr: number): number => Math.floor(addr / PAGE_SIZE);
export const pageBase = (addr: number): number => addr - (addr % PAGE_SIZE);

/**
 * A simulator invariant broke: a bug in Futex Lab, never in the scenario (STYLE.md, two error
 * tiers). Scenario mistakes become errno values or a killed thread instead.
 */
export class KernelPanic extends Error {
  constructor(message: string, readonly dump?: unknown) {
    super(`kernel panic: ${message}`);
  }
}

export function BUG_ON(cond: boolean, message: string, dump?: unknown): void {
  if (cond) throw new KernelPanic(message, dump);
}

/** The clockids futex_waitv and futex2's futex_wait accept (futex2_setup_timeout). */
export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
