// PI futexes and requeue-PI on the real kernel (issues #12, #16): the C for
// futex_lock_pi, futex_lock_pi2, futex_trylock_pi, futex_unlock_pi, futex_wait_requeue_pi,
// futex_cmp_requeue_pi. gen-rhs.ts asks here for what it does not know itself (cPiRhs returns
// undefined for anything else); runtime.ts puts PI_RUNTIME_C at the end of the runtime. A
// thread's `sched fifo P` / `nice N` is runtime-ctl.ts's fl_sched.
//
// Timeouts (Linux kernel/futex/syscalls.c, futex_init_timeout): FUTEX_LOCK_PI takes an absolute
// CLOCK_REALTIME time whatever the flags say; FUTEX_LOCK_PI2 and FUTEX_WAIT_REQUEUE_PI an absolute
// CLOCK_MONOTONIC time (no FUTEX_CLOCK_REALTIME). The scenario's are relative ticks.

import type { Expr, Rhs } from '../lang/ast';

type CExpr = (e: Expr) => string;

/** The C call for a PI operation, or undefined when `v` is not one (gen.ts refuses it then). */
export function cPiRhs(v: Rhs, cExpr: CExpr): string | undefined {
  const priv = (f: { private: boolean }) => (f.private ? 1 : 0);
  const ticks = (e: Expr | undefined) => (e ? cExpr(e) : 'FL_NO_TIMEOUT');
  switch (v.kind) {
    case 'futex_lock_pi':
      return `fl_futex_lock_pi(${cExpr(v.addr)}, FUTEX_LOCK_PI, ${ticks(v.flags.timeout)}, ${priv(v.flags)})`;
    case 'futex_lock_pi2':
      return `fl_futex_lock_pi(${cExpr(v.addr)}, 13 /* FUTEX_LOCK_PI2, Linux 5.14 */, ${ticks(v.flags.timeout)}, ${priv(v.flags)})`;
    case 'futex_trylock_pi':
      return `fl_futex_pi_op(${cExpr(v.addr)}, FUTEX_TRYLOCK_PI, ${priv(v.flags)})`;
    case 'futex_unlock_pi':
      return `fl_futex_pi_op(${cExpr(v.addr)}, FUTEX_UNLOCK_PI, ${priv(v.flags)})`;
    case 'futex_wait_requeue_pi':
      return `fl_futex_wait_requeue_pi(${cExpr(v.addr)}, ${cExpr(v.val)}, ${cExpr(v.addr2)}, ${ticks(v.flags.timeout)}, ${priv(v.flags)})`;
    case 'futex_cmp_requeue_pi':
      return `fl_futex_cmp_requeue_pi(${cExpr(v.addr)}, ${cExpr(v.nwake)}, ${cExpr(v.nrequeue)}, ${cExpr(v.addr2)}, ${cExpr(v.val)}, ${priv(v.flags)})`;
    default:
      return undefined;
  }
}

export const PI_RUNTIME_C = String.raw`
/* PI futexes (src/native/gen-pi.ts). */
static int64_t fl_futex_lock_pi(int64_t a, int op, int64_t ticks, int priv) {
  struct timespec ts;
  /* FUTEX_LOCK_PI: absolute CLOCK_REALTIME; FUTEX_LOCK_PI2: absolute CLOCK_MONOTONIC. */
  struct timespec *tp = fl_deadline_on(op == FUTEX_LOCK_PI ? CLOCK_REALTIME : CLOCK_MONOTONIC, ticks, &ts);
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, op | (priv ? FUTEX_PRIVATE_FLAG : 0), 0, tp, 0, 0));
}
static int64_t fl_futex_pi_op(int64_t a, int op, int priv) {
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, op | (priv ? FUTEX_PRIVATE_FLAG : 0), 0, 0, 0, 0));
}
static int64_t fl_futex_wait_requeue_pi(int64_t a, int64_t val, int64_t a2, int64_t ticks, int priv) {
  struct timespec ts;
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, FUTEX_WAIT_REQUEUE_PI | (priv ? FUTEX_PRIVATE_FLAG : 0), (uint32_t)val,
    fl_deadline_on(CLOCK_MONOTONIC, ticks, &ts), (void *)(uintptr_t)a2, 0));
}
static int64_t fl_futex_cmp_requeue_pi(int64_t a, int64_t nwake, int64_t nrequeue, int64_t a2, int64_t val, int priv) {
  /* nr_requeue travels in the timeout argument's place (futex(2)). */
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, FUTEX_CMP_REQUEUE_PI | (priv ? FUTEX_PRIVATE_FLAG : 0), (uint32_t)nwake,
    (void *)(uintptr_t)(uint32_t)nrequeue, (void *)(uintptr_t)a2, (uint32_t)val));
}
`;
