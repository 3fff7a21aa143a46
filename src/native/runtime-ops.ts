// The rest of the operations for the native run (C runtime, fourth part): atomics, the requeue
// ops, FUTEX_WAKE_OP, FUTEX_FD (gone since 2.6.26: the kernel's -ENOSYS is the result), poll and
// close, set_tid_address, and the statements that end threads or processes.
export const RUNTIME_OPS_C = String.raw`
#include <poll.h>

static int64_t fl_cas(int64_t a, int64_t old, int64_t nw) {
  fl_aligned(a);
  int32_t exp = (int32_t)old;
  __atomic_compare_exchange_n((int32_t *)(uintptr_t)a, &exp, (int32_t)nw, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return exp; /* the previous value either way */
}
static int64_t fl_xchg(int64_t a, int64_t v) { fl_aligned(a); return __atomic_exchange_n((int32_t *)(uintptr_t)a, (int32_t)v, __ATOMIC_SEQ_CST); }
/* Through uint32_t: the word wraps at 32 bits, as the simulator's Int32Array does. */
static int64_t fl_fetch_add(int64_t a, int64_t v) {
  fl_aligned(a);
  return (int32_t)__atomic_fetch_add((uint32_t *)(uintptr_t)a, (uint32_t)v, __ATOMIC_SEQ_CST);
}

static int64_t fl_futex_requeue(int64_t a, int64_t nwake, int64_t nrequeue, int64_t a2, int cmp, int64_t val, int priv) {
  int op = (cmp ? FUTEX_CMP_REQUEUE : FUTEX_REQUEUE) | (priv ? FUTEX_PRIVATE_FLAG : 0);
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, op, (uint32_t)nwake, (void *)(uintptr_t)(uint32_t)nrequeue, (void *)(uintptr_t)a2, (uint32_t)val));
}

/* FUTEX_OP(op, oparg, cmp, cmparg) of linux/futex.h: 4 bits of op (FUTEX_OP_OPARG_SHIFT is its
   bit 3), 4 of cmp, 12 of oparg and cmparg (the kernel sign-extends those two). An op past 4
   bits cannot be encoded: 7 stands for it, an op the kernel does not know (-ENOSYS). */
static int64_t fl_futex_wake_op(int64_t a, int64_t nwake, int64_t nwake2, int64_t a2, int64_t op, int64_t oparg, int64_t cmp, int64_t cmparg, int priv) {
  uint32_t eop = (op & ~(int64_t)15) ? 7u : (uint32_t)op;
  uint32_t enc = ((eop & 15u) << 28) | (((uint32_t)cmp & 15u) << 24) | (((uint32_t)oparg & 0xfffu) << 12) | ((uint32_t)cmparg & 0xfffu);
  return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, FUTEX_WAKE_OP | (priv ? FUTEX_PRIVATE_FLAG : 0), (uint32_t)nwake, (void *)(uintptr_t)(uint32_t)nwake2, (void *)(uintptr_t)a2, enc));
}

/* FUTEX_FD is op 2; removed in 2.6.26, so today's kernel answers -ENOSYS. */
static int64_t fl_futex_fd(int64_t a, int64_t sig) { return fl_ret(syscall(SYS_futex, (void *)(uintptr_t)a, 2, (uint32_t)sig, 0, 0, 0)); }

/* poll(fd [, timeout T]): 1 readable (or POLLNVAL: a descriptor that is not open), 0 timeout; a
   negative fd is ignored, a negative timeout (FL_NO_TIMEOUT included) waits for good. */
static int64_t fl_poll(int64_t fd, int64_t ticks) {
  struct pollfd p = { (int)fd, POLLIN, 0 };
  int ms = ticks < 0 ? -1 : (int)(ticks * fl_tick_ns / 1000000);
  int r = poll(&p, 1, ms);
  return r < 0 ? -errno : r;
}
static void fl_close(int64_t fd) { if (fd >= 0 && fd < 1024) close((int)fd); }

/* set_tid_address ADDR: the kernel's CLONE_CHILD_CLEARTID address for this thread; at exit the
   kernel stores 0 there and does a shared FUTEX_WAKE of 1 (mm_release). It replaces glibc's own
   (which pthread_join and stack reuse rely on: these threads are detached and never joined). */
static void fl_set_tid_address(int64_t a) { syscall(SYS_set_tid_address, (void *)(uintptr_t)a); }

/* signal THREAD: SIGUSR1, whose handler has no SA_RESTART (fl_process_signals), so a futex wait
   it interrupts returns -EINTR. The simulator has one CPU: a signalled waiter stays queued until
   it runs, and a wake in between takes it off first (its wait returns 0; S35 in docs/sources.md,
   checked on 6.18 with one CPU). Here the target would run at once on the other CPU, so the
   signal is marked pending and the controller sends it (tgkill) right before the target's next
   step: what one CPU does. THREAD is a full name or, within the caller's process, a short one;
   the newest thread of that name, as in the simulator. */
static struct fl_thread *fl_find(const char *name) {
  char full[FL_NAME];
  if (strchr(name, '/')) snprintf(full, sizeof full, "%s", name);
  else snprintf(full, sizeof full, "%s/%s", fl_proc_name, name);
  for (int i = FL_N() - 1; i >= 0; i--) if (strcmp(fl_ctl->t[i].name, full) == 0) return &fl_ctl->t[i];
  return 0;
}
static void fl_signal(const char *name) {
  struct fl_thread *t = fl_find(name);
  if (t) __atomic_store_n(&t->sigpending, 1, __ATOMIC_SEQ_CST);
}

/* Threads of process pid are going: the controller waits until /proc shows them gone. */
static void fl_mark_exiting(int pid) {
  for (int i = 0; i < FL_N(); i++)
    if (fl_ctl->t[i].pid == pid && __atomic_load_n(&fl_ctl->t[i].at, __ATOMIC_SEQ_CST) != FL_GONE)
      __atomic_store_n(&fl_ctl->t[i].at, FL_EXITING, __ATOMIC_SEQ_CST);
}

/* exit_group: every thread of the caller's process ends now. */
static void fl_exit_group(void) {
  fl_mark_exiting(getpid());
  syscall(SYS_exit_group, 0);
}

/* kill PROCESS: SIGKILL to the newest process of that name that has threads. */
static void fl_kill_process(const char *name) {
  size_t n = strlen(name);
  for (int i = FL_N() - 1; i >= 0; i--) {
    struct fl_thread *t = &fl_ctl->t[i];
    if (t->pid > 0 && strncmp(t->name, name, n) == 0 && t->name[n] == '/') {
      int pid = t->pid;
      fl_mark_exiting(pid);
      kill(pid, SIGKILL);
      return;
    }
  }
}

static void fl_cleanup(void) {
  fl_reap();
  fl_remove_files();
}

/* gettid() and gettid(THREAD) (a full or, within the caller's process, short name; the newest of
   that name): the kernel's TID; -ESRCH for a thread not created yet. */
static int64_t fl_gettid(struct fl_thread *self) { return self->tid; }
static int64_t fl_gettid_of(const char *name) {
  struct fl_thread *t = fl_find(name);
  return t && t->tid > 0 ? t->tid : -ESRCH;
}
/* set_robust_list(HEAD, LEN): in the 32-bit build this is compat_sys_set_robust_list (LEN 12). */
static int64_t fl_set_robust_list(int64_t head, int64_t len) {
  return fl_ret(syscall(SYS_set_robust_list, (void *)(uintptr_t)head, (size_t)len));
}
static int64_t fl_get_robust_list(struct fl_thread *self, const char *name) {
  int tid = 0;
  if (name) {
    struct fl_thread *t = fl_find(name);
    if (!t || t->tid <= 0) return -ESRCH;
    tid = t->tid;
  }
  (void)self;
  void *head = 0;
  size_t len = 0;
  long r = syscall(SYS_get_robust_list, tid, &head, &len);
  return r ? -errno : (int64_t)(uintptr_t)head;
}

/* exec: execve of this very program, which gives the process a fresh mm (the scenario's maps
   are gone, and with them every map name). The other threads of the process end in de_thread.
   argv carries what the new image needs: the control page's memfd, the thread's slot, which
   continuation runs (gen-stmt.ts cExec), the process name, the shm memfds and the registers.
   The other threads are marked gone at once: execve returns only after de_thread has ended
   them, and a non-leader that execs takes the leader's PID, so /proc could not tell them apart. */
static void fl_exec(struct fl_thread *self, int id, int64_t *r, int n) {
  char a[8][FL_NAME];
  /* Every register of the frame (a frame of more than 256 slots lost the rest, and the new
     image's continuation wrote past a 256-slot array). */
  static char shm[FL_NFILES * 12];
  size_t rcap = (size_t)(n > 0 ? n : 1) * 24 + 1;
  char *regs = malloc(rcap);
  if (!regs) fl_fatal("out of memory for the registers of an exec");
  regs[0] = 0;
  int me = getpid();
  for (int i = 0; i < FL_N(); i++)
    if (&fl_ctl->t[i] != self && fl_ctl->t[i].pid == me && __atomic_load_n(&fl_ctl->t[i].at, __ATOMIC_SEQ_CST) != FL_GONE)
      __atomic_store_n(&fl_ctl->t[i].at, FL_GONE, __ATOMIC_SEQ_CST);
  size_t k = 0;
  for (int i = 0; i < FL_NFILES; i++) k += (size_t)snprintf(shm + k, sizeof shm - k, "%d,", fl_shm_fd[i]);
  k = 0;
  for (int i = 0; i < n; i++) k += (size_t)snprintf(regs + k, rcap - k, "%lld,", (long long)r[i]);
  snprintf(a[0], FL_NAME, "futexlab-exec");
  snprintf(a[1], FL_NAME, "%d", fl_ctl_fd);
  snprintf(a[2], FL_NAME, "%d", (int)(self - fl_ctl->t));
  snprintf(a[3], FL_NAME, "%d", id);
  snprintf(a[4], FL_NAME, "%s", fl_proc_name);
  char *argv[] = { a[0], a[1], a[2], a[3], a[4], shm, regs, 0 };
  __atomic_store_n(&self->at, FL_EXECING, __ATOMIC_SEQ_CST);
  execv("/proc/self/exe", argv);
  fl_fatal("execve of the scenario program failed");
}

/* The new image after an exec: back on the control page, the continuation runs. */
static void fl_resume(int argc, char **argv, void (*const conts[])(struct fl_thread *, int64_t *)) {
  if (argc != 7) fl_fatal("bad arguments");
  const char *scale = getenv("FUTEXLAB_TICK_NS");
  if (scale) fl_tick_ns = atol(scale);
  setvbuf(stdout, 0, _IONBF, 0);
  fl_ctl_fd = atoi(argv[1]);
  fl_ctl = mmap(0, sizeof *fl_ctl, PROT_READ | PROT_WRITE, MAP_SHARED, fl_ctl_fd, 0);
  if (fl_ctl == MAP_FAILED) fl_fatal("mmap of the control page after exec failed");
  struct fl_thread *self = &fl_ctl->t[atoi(argv[2])];
  int id = atoi(argv[3]);
  snprintf(fl_proc_name, sizeof fl_proc_name, "%s", argv[4]);
  char *p = argv[5];
  for (int i = 0; i < FL_NFILES; i++) { fl_shm_fd[i] = (int)strtol(p, &p, 10); if (*p == ',') p++; }
  p = argv[6];
  size_t nr = 1;
  for (const char *q = p; *q; q++) nr += *q == ',';
  int64_t *r = calloc(nr, sizeof *r);
  if (!r) fl_fatal("out of memory for the registers after an exec");
  for (size_t i = 0; i < nr && *p; i++) { r[i] = strtoll(p, &p, 10); if (*p == ',') p++; }
  fl_process_signals();
  fl_start(self);
  conts[id](self, r);
  exit(0);
}
`;
