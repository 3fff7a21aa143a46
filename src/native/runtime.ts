// The C runtime the generated program (gen.ts) is built with, first part: headers and the
// system-call wrappers of the futex ops. The controller and the gates are in runtime-ctl.ts,
// memory and the other ops in runtime-mm.ts and runtime-ops.ts; RUNTIME_C is all of them.
import { RUNTIME_CTL_C } from './runtime-ctl';
import { RUNTIME_MM_C } from './runtime-mm';
import { RUNTIME_OPS_C } from './runtime-ops';
import { PI_RUNTIME_C } from './gen-pi';

const RUNTIME_SYSCALLS_C = String.raw`#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/futex.h>

static long fl_tick_ns = 1000000;
/* A call without a timeout (a scenario's T may be negative, so not -1). */
#define FL_NO_TIMEOUT INT64_MIN
/* An absolute time T ticks from now on clk (T < 0: in the past), tv_nsec kept in 0..999,999,999;
   0 for no timeout. */
static struct timespec *fl_deadline_on(clockid_t clk, int64_t ticks, struct timespec *ts) {
  if (ticks == FL_NO_TIMEOUT) return 0;
  clock_gettime(clk, ts);
  long long ns = (long long)ts->tv_nsec + (long long)ticks * fl_tick_ns;
  long long sec = (long long)ts->tv_sec + ns / 1000000000LL;
  ns %= 1000000000LL;
  if (ns < 0) { ns += 1000000000LL; sec--; }
  ts->tv_sec = sec;
  ts->tv_nsec = ns;
  return ts;
}

static long fl_futex(void *a, int op, uint32_t v, const struct timespec *ts) {
  return syscall(SYS_futex, a, op, v, ts, 0, 0);
}

static void fl_fatal(const char *what) {
  printf("error\t%s\n", what);
  fflush(stdout);
  _exit(3);
}

static void fl_fault(int sig);
static int64_t fl_div(int64_t a, int64_t b, char op) {
  if (b == 0) fl_fault(8); /* SIGFPE: the thread is killed, as in the simulator (runtime-ctl.ts) */
  if (b == -1) return op == '/' ? (int64_t)(0 - (uint64_t)a) : 0;
  return op == '/' ? a / b : a % b;
}

/* An unaligned word is a fault in the language (docs/language.md "Faults"; kernel/fault.ts
   loadWord, writablePage: SIGBUS, the thread is killed). x86 does not trap on one, so every
   access of a word checks it here, before touching memory, as the simulator does. */
static void fl_aligned(int64_t a) { if (a & 3) fl_fault(7 /* SIGBUS */); }
static int64_t fl_load(int64_t a) { fl_aligned(a); return __atomic_load_n((int32_t *)(uintptr_t)a, __ATOMIC_SEQ_CST); }
static void fl_store(int64_t a, int64_t v) { fl_aligned(a); __atomic_store_n((int32_t *)(uintptr_t)a, (int32_t)v, __ATOMIC_SEQ_CST); }
/* swap_in ADDR faults the page in and nothing else: the simulator's handleFault checks no alignment. */
static void fl_touch(int64_t a) { (void)__atomic_load_n((volatile char *)(uintptr_t)a, __ATOMIC_SEQ_CST); }

static int64_t fl_futex_wait(int64_t a, int64_t val, int64_t ticks, int priv) {
  struct timespec ts, *tp = 0;
  if (ticks != FL_NO_TIMEOUT) { /* a negative T gives a negative tv_nsec: -EINVAL, as the simulator says */
    long long ns = (long long)ticks * fl_tick_ns;
    ts.tv_sec = ns / 1000000000LL;
    ts.tv_nsec = ns % 1000000000LL;
    tp = &ts;
  }
  long r = fl_futex((void *)(uintptr_t)a, FUTEX_WAIT | (priv ? FUTEX_PRIVATE_FLAG : 0), (uint32_t)val, tp);
  return r == -1 ? -errno : r;
}

static int64_t fl_futex_wake(int64_t a, int64_t n, int priv) {
  long r = fl_futex((void *)(uintptr_t)a, FUTEX_WAKE | (priv ? FUTEX_PRIVATE_FLAG : 0), (uint32_t)n, 0);
  return r == -1 ? -errno : r;
}

/* Version 2 (issue #17): bitset ops, futex_waitv and the futex2 calls. Their timeouts are
 * absolute CLOCK_MONOTONIC times (FUTEX_WAIT_BITSET without FUTEX_CLOCK_REALTIME, futex_waitv,
 * futex_wait); the scenario's are relative ticks. Sizes are FUTEX2_SIZE_U8..U64 = 0..3. */
struct fl_waitv { uint64_t val; uint64_t uaddr; uint32_t flags; uint32_t reserved; };
static struct timespec *fl_deadline(int64_t ticks, struct timespec *ts) {
  return fl_deadline_on(CLOCK_MONOTONIC, ticks, ts);
}
static uint32_t fl_f2(int priv, int64_t bits) {
  uint32_t size = bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : bits == 64 ? 3 : 0x10000000u;
  return size | (priv ? 128u : 0u);
}
static int64_t fl_ret(long r) { return r == -1 ? -errno : r; }

static int64_t fl_futex_wait_bitset(int64_t a, int64_t val, int64_t mask, int64_t ticks, int priv) {
  struct timespec ts;
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, FUTEX_WAIT_BITSET | (priv ? FUTEX_PRIVATE_FLAG : 0), (uint32_t)val, fl_deadline(ticks, &ts), 0, (uint32_t)mask));
}
static int64_t fl_futex_wake_bitset(int64_t a, int64_t n, int64_t mask, int priv) {
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, FUTEX_WAKE_BITSET | (priv ? FUTEX_PRIVATE_FLAG : 0), (uint32_t)n, 0, 0, (uint32_t)mask));
}
/* e: ADDR, VAL, PRIVATE, SIZE per entry */
static int64_t fl_futex_waitv(int n, const int64_t *e, int64_t ticks) {
  struct fl_waitv w[130];
  struct timespec ts;
  if (n > 130) n = 130;
  for (int i = 0; i < n; i++) { w[i].uaddr = (uint64_t)e[4 * i]; w[i].val = (uint64_t)e[4 * i + 1]; w[i].flags = fl_f2((int)e[4 * i + 2], e[4 * i + 3]); w[i].reserved = 0; }
  return fl_ret(syscall(449, n ? w : 0, (unsigned)n, 0u, fl_deadline(ticks, &ts), CLOCK_MONOTONIC));
}
static int64_t fl_futex2_wait(int64_t a, int64_t val, int64_t mask, int priv, int64_t bits, int64_t ticks) {
  struct timespec ts;
  return fl_ret(syscall(455, (void *)(uintptr_t)a, (unsigned long)val, (unsigned long)mask, fl_f2(priv, bits), fl_deadline(ticks, &ts), CLOCK_MONOTONIC));
}
static int64_t fl_futex2_wake(int64_t a, int64_t mask, int64_t n, int priv, int64_t bits) {
  return fl_ret(syscall(454, (void *)(uintptr_t)a, (unsigned long)mask, (int)n, fl_f2(priv, bits)));
}
static int64_t fl_futex2_requeue(const int64_t *e, int64_t nwake, int64_t nrequeue) {
  struct fl_waitv w[2];
  for (int i = 0; i < 2; i++) { w[i].uaddr = (uint64_t)e[4 * i]; w[i].val = (uint64_t)e[4 * i + 1]; w[i].flags = fl_f2((int)e[4 * i + 2], e[4 * i + 3]); w[i].reserved = 0; }
  return fl_ret(syscall(456, w, 0u, (int)nwake, (int)nrequeue));
}

`;

export const RUNTIME_C = RUNTIME_SYSCALLS_C + RUNTIME_CTL_C + RUNTIME_MM_C + RUNTIME_OPS_C + PI_RUNTIME_C;
