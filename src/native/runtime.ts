// The C runtime the generated program (gen.ts) is built with: the controller and the per-thread
// gate. One statement per grant: a thread waits at its gate (its own futex word) for the
// controller; after a grant the controller waits until the thread reaches its next gate or is
// seen asleep in the kernel (/proc/self/task/TID/stat state 'S' and a wchan in futex code), and
// only then lets the next thread go. Protocol lines on stdout, tab-separated, read by run.ts:
//   print THREAD TEXT | asleep THREAD | left THREAD STATE | error TEXT | end STEPS
export const RUNTIME_C = String.raw`#define _GNU_SOURCE
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

struct fl_thread {
  int idx;
  const char *name;
  int nstmts;
  volatile int tid;
  uint32_t grant;   /* futex word: grants given by the controller */
  uint32_t used;    /* grants consumed by the thread */
  int at;           /* statement index the thread waits at; -1 while it runs one */
  int granted;      /* highest statement index granted */
  pthread_t pt;
};

static long fl_tick_ns = 1000000;
static struct fl_thread *fl_threads;

static long fl_futex(void *a, int op, uint32_t v, const struct timespec *ts) {
  return syscall(SYS_futex, a, op, v, ts, 0, 0);
}

static void fl_fatal(const char *what) {
  printf("error\t%s\n", what);
  fflush(stdout);
  _exit(3);
}

static int64_t fl_div(int64_t a, int64_t b, char op) {
  if (b == 0) fl_fatal("division by zero");
  if (b == -1) return op == '/' ? (int64_t)(0 - (uint64_t)a) : 0;
  return op == '/' ? a / b : a % b;
}

static void *fl_map_anon(int64_t pages, int shared) {
  void *p = mmap(0, (size_t)pages * 4096, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | (shared ? MAP_SHARED : MAP_PRIVATE), -1, 0);
  if (p == MAP_FAILED) fl_fatal("mmap failed");
  return p;
}

static int64_t fl_load(int64_t a) { return __atomic_load_n((int32_t *)(uintptr_t)a, __ATOMIC_SEQ_CST); }
static void fl_store(int64_t a, int64_t v) { __atomic_store_n((int32_t *)(uintptr_t)a, (int32_t)v, __ATOMIC_SEQ_CST); }

static int64_t fl_futex_wait(int64_t a, int64_t val, int64_t ticks, int priv) {
  struct timespec ts, *tp = 0;
  if (ticks >= 0) {
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
  if (ticks < 0) return 0;
  clock_gettime(CLOCK_MONOTONIC, ts);
  long long ns = (long long)ts->tv_nsec + (long long)ticks * fl_tick_ns;
  ts->tv_sec += ns / 1000000000LL;
  ts->tv_nsec = ns % 1000000000LL;
  return ts;
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

struct fl_pbuf { char b[4096]; size_t n; };
static void fl_print_put(struct fl_pbuf *p, const char *s) {
  if (p->n && p->n < sizeof p->b - 1) p->b[p->n++] = ' ';
  while (*s && p->n < sizeof p->b - 1) p->b[p->n++] = *s++;
  p->b[p->n] = 0;
}
static void fl_print_str(struct fl_pbuf *p, const char *s) { fl_print_put(p, s); }
static void fl_print_int(struct fl_pbuf *p, int64_t v) { char t[32]; snprintf(t, sizeof t, "%lld", (long long)v); fl_print_put(p, t); }
static void fl_print_end(struct fl_thread *self, struct fl_pbuf *p) { printf("print\t%s\t%s\n", self->name, p->b); fflush(stdout); }

static void fl_start(struct fl_thread *self) { self->tid = (int)syscall(SYS_gettid); }

static void fl_gate(struct fl_thread *self, int j) {
  __atomic_store_n(&self->at, j, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&self->grant, __ATOMIC_SEQ_CST) == self->used)
    fl_futex(&self->grant, FUTEX_WAIT_PRIVATE, self->used, 0);
  self->used++;
}

/* Is the thread asleep in the kernel in futex code? State 'S' in stat, wchan names a futex or rt_mutex function. */
static int fl_asleep_in_futex(int tid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *rp = strrchr(buf, ')');
  if (!rp || rp[1] != ' ' || rp[2] != 'S') return 0;
  snprintf(path, sizeof path, "/proc/self/task/%d/wchan", tid);
  f = fopen(path, "r");
  if (!f) return 0;
  n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  /* A PI waiter (futex_lock_pi, a requeued wait_requeue_pi) sleeps in rt_mutex code: wchan
     rt_mutex_schedule on 6.x. */
  return strstr(buf, "futex") != 0 || strstr(buf, "rt_mutex") != 0;
}

static void fl_pause(void) { struct timespec ts = {0, 20000}; nanosleep(&ts, 0); }

/* Wait (up to 5 s of real time) until the thread reaches a gate; 1 if it did. */
static int fl_wait_gate(struct fl_thread *t) {
  for (long i = 0; i < 250000; i++) {
    if (__atomic_load_n(&t->at, __ATOMIC_SEQ_CST) >= 0) return 1;
    fl_pause();
  }
  return 0;
}

static void fl_grant(struct fl_thread *t, int j) {
  t->granted = j;
  /* The controller leaves the gate state itself, before the grant, so fl_settle cannot see the
     thread still "at" the gate it has not left yet. */
  __atomic_store_n(&t->at, -1, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&t->grant, 1, __ATOMIC_SEQ_CST);
  fl_futex(&t->grant, FUTEX_WAKE_PRIVATE, 1, 0);
}

/* After a grant: the thread reaches its next gate (1) or is seen asleep in a futex (0). */
static int fl_settle(struct fl_thread *t) {
  for (long i = 0; i < 250000; i++) {
    if (__atomic_load_n(&t->at, __ATOMIC_SEQ_CST) >= 0) return 1;
    if (fl_asleep_in_futex(t->tid) && __atomic_load_n(&t->at, __ATOMIC_SEQ_CST) < 0) return 0;
    fl_pause();
  }
  fl_fatal("a thread neither finished its statement nor slept in the kernel within 5 s");
  return 0;
}

/* A thread ends where the simulator's thread ends (a -3 line), not when the schedule is over:
   its exit (futex_exit_release: robust list, the PI states it owns) happens at that point.
   pthread_join returns after the kernel's clear-tid wake, which follows that release. */
static void fl_end(struct fl_thread *t) {
  fl_grant(t, t->nstmts);
  pthread_join(t->pt, 0);
  __atomic_store_n(&t->at, -2, __ATOMIC_SEQ_CST);
}

static int fl_controller(int n, void *(*const fns[])(void *), const char *const names[], const int nstmts[]) {
  const char *scale = getenv("FUTEXLAB_TICK_NS");
  if (scale) fl_tick_ns = atol(scale);
  fl_threads = calloc((size_t)n, sizeof *fl_threads);
  for (int i = 0; i < n; i++) {
    struct fl_thread *t = &fl_threads[i];
    t->idx = i; t->name = names[i]; t->nstmts = nstmts[i]; t->at = -1; t->granted = -1;
    if (pthread_create(&t->pt, 0, fns[i], t)) fl_fatal("pthread_create failed");
  }
  for (int i = 0; i < n; i++) if (!fl_wait_gate(&fl_threads[i])) fl_fatal("a thread did not start");
  long steps = 0;
  int ti, j;
  /* The schedule: one "THREAD STATEMENT" pair per step; STATEMENT -1 for a step that only resumes, -2 a timer, -3 the thread's end. */
  while (scanf("%d %d", &ti, &j) == 2) {
    if (ti < 0 || ti >= n) fl_fatal("bad schedule");
    struct fl_thread *t = &fl_threads[ti];
    /* -2: the simulator's timer of this thread fired here (schedule.ts TIMER_FIRED): not a step. */
    if (j == -2) { if (!fl_wait_gate(t)) { printf("error\tthread %s still asleep in the kernel after its timer fired in the simulator\n", t->name); fflush(stdout); _exit(3); } continue; }
    /* -3: the simulator's thread ended here (schedule.ts THREAD_ENDED): not a step. */
    if (j == -3) {
      if (!fl_wait_gate(t) || t->at != t->nstmts) { printf("error\tthread %s ends in the simulator before its last statement ran natively\n", t->name); fflush(stdout); _exit(3); }
      fl_end(t);
      continue;
    }
    steps++;
    if (j < 0 || j <= t->granted) {
      if (!fl_wait_gate(t)) { printf("error\tthread %s still asleep in the kernel when the schedule runs it\n", t->name); fflush(stdout); _exit(3); }
      continue;
    }
    if (!fl_wait_gate(t)) { printf("error\tthread %s still asleep in the kernel when the schedule runs it\n", t->name); fflush(stdout); _exit(3); }
    if (t->at != j) { printf("error\tthread %s is at statement %d, the schedule runs statement %d\n", t->name, t->at, j); fflush(stdout); _exit(3); }
    fl_grant(t, j);
    if (!fl_settle(t)) { printf("asleep\t%s\n", t->name); fflush(stdout); }
  }
  int left = 0;
  for (int i = 0; i < n; i++) {
    struct fl_thread *t = &fl_threads[i];
    int at = __atomic_load_n(&t->at, __ATOMIC_SEQ_CST);
    if (at == -2) continue; /* ended during the schedule */
    if (at == t->nstmts) { fl_grant(t, at); pthread_join(t->pt, 0); }
    else { left++; printf("left\t%s\t%s\n", t->name, at < 0 ? (fl_asleep_in_futex(t->tid) ? "asleep-in-futex" : "running") : "at-gate"); }
  }
  printf("end\t%ld\n", steps);
  fflush(stdout);
  _exit(left ? 1 : 0);
}
`;
