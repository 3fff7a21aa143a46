// The controller half of the C runtime (runtime.ts has the system-call wrappers): thread slots in
// a control page shared by every process of the run, the per-thread gate, thread and process
// creation (pthread_create, fork(2)), and the controller that follows the schedule.
//
// One statement per grant: a thread waits at its gate (a futex word in the shared control page,
// so shared futex ops: the gates of several processes live there) until the controller grants
// the statement the schedule names (by its source offset). After a grant the controller waits
// until every live thread is quiet: at a gate, asleep in the kernel (/proc/PID/task/TID/stat
// state 'S' with a futex wchan), or gone (exited: stat missing or 'Z'/'X'). Only then does the
// next step go. Protocol lines on stdout, tab-separated, read by run.ts:
//   print THREAD TEXT | asleep THREAD | assert THREAD TEXT | left THREAD STATE | error TEXT | note TEXT | end STEPS
export const RUNTIME_CTL_C = String.raw`
#include <stdarg.h>
#include <setjmp.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <sys/prctl.h>
#include <sched.h>
#include <sys/resource.h>

#define FL_MAX 1024
/* A thread's full name PROCESS/THREAD, and a process's name: identifiers have no length bound in
   the language, and a 96-byte name cut a long one (gen.ts refuses a name that does not fit). */
#define FL_NAME 512
/* The threads created so far: fl_new counts one more before it finds the table full. */
#define FL_N() (fl_ctl->n < FL_MAX ? fl_ctl->n : FL_MAX)
#define FL_RUNNING (-1)
#define FL_EXITING (-2) /* left its code; the kernel is ending it (clear-tid, mm teardown) */
#define FL_GONE (-3)    /* seen exited in /proc */
#define FL_EXECING (-4) /* in execve: its ids in /proc may change (a non-leader takes the PID) */
#define FL_END 0x7ffffffe /* the gate after a thread's last statement: it exits when the simulator's thread ends */

struct fl_thread {
  int pid;          /* in the run's PID namespace: what the scenario sees (gettid, kill) */
  volatile int tid;
  int gpid;         /* in the controller's namespace: for /proc, tgkill and the final kill */
  volatile int gtid;
  uint32_t grant;   /* futex word: grants given by the controller */
  uint32_t used;    /* grants consumed by the thread */
  int at;           /* source offset of the statement the thread waits at, or FL_* */
  int killed;       /* ended by a fault (SIGSEGV/SIGBUS) */
  int sigpending;   /* a signal THREAD to send before the thread's next step (runtime-ops.ts fl_signal) */
  char name[FL_NAME];
};
struct fl_ctl {
  int n;
  int setup_done;
  struct fl_thread t[FL_MAX];
};
static struct fl_ctl *fl_ctl;
static char fl_proc_name[FL_NAME];
static __thread struct fl_thread *fl_self;
static pid_t fl_ns_init;
static int fl_ctl_fd = -1;

/* One line in one write(2): lines of several processes never interleave. */
static void fl_out(const char *fmt, ...) {
  char b[4200];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b, sizeof b, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof b - 1) n = sizeof b - 1;
  ssize_t w = write(1, b, (size_t)n);
  (void)w;
}

/* A print line, built on the heap: the simulator's line has no length bound but max_output (a
   4096-byte buffer cut longer ones). The protocol is one line of tab-separated fields, so a
   backslash, tab or line end in the text travels escaped (run.ts unescapes it): a string's "\n"
   or "\t" cut the line there. The arguments are joined by single spaces, an empty one included
   (print "", "b" is " b", as in the simulator). */
struct fl_pbuf { char *b; size_t n, cap; int args; };
static void fl_pbuf_add(struct fl_pbuf *p, char c) {
  if (p->n + 2 > p->cap) {
    size_t nc = p->cap ? p->cap * 2 : 256;
    char *nb = realloc(p->b, nc);
    if (!nb) fl_fatal("out of memory for a print line");
    p->b = nb;
    p->cap = nc;
  }
  p->b[p->n++] = c;
  p->b[p->n] = 0;
}
static void fl_pbuf_esc(struct fl_pbuf *p, const char *s) {
  for (; *s; s++) {
    char c = *s;
    if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
      fl_pbuf_add(p, '\\');
      fl_pbuf_add(p, c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\');
    } else fl_pbuf_add(p, c);
  }
}
static void fl_print_put(struct fl_pbuf *p, const char *s) {
  if (p->args++) fl_pbuf_add(p, ' ');
  fl_pbuf_esc(p, s);
}
static void fl_print_str(struct fl_pbuf *p, const char *s) { fl_print_put(p, s); }
static void fl_print_int(struct fl_pbuf *p, int64_t v) { char t[32]; snprintf(t, sizeof t, "%lld", (long long)v); fl_print_put(p, t); }
/* "KIND\tTHREAD\tTEXT\n" in one write(2) where the pipe allows (PIPE_BUF), the rest after it. */
static void fl_line3(const char *kind, const char *name, struct fl_pbuf *p) {
  struct fl_pbuf l = {0};
  for (const char *s = kind; *s; s++) fl_pbuf_add(&l, *s);
  fl_pbuf_add(&l, '\t');
  for (const char *s = name; *s; s++) fl_pbuf_add(&l, *s);
  fl_pbuf_add(&l, '\t');
  for (size_t i = 0; i < p->n; i++) fl_pbuf_add(&l, p->b[i]);
  fl_pbuf_add(&l, '\n');
  for (size_t off = 0; off < l.n;) {
    ssize_t w = write(1, l.b + off, l.n - off);
    if (w <= 0) break;
    off += (size_t)w;
  }
  free(l.b);
  free(p->b);
  p->b = 0;
}
static void fl_print_end(struct fl_thread *self, struct fl_pbuf *p) { fl_line3("print", self->name, p); }

static void fl_assert(struct fl_thread *self, int64_t cond, const char *msg) {
  if (cond) return;
  struct fl_pbuf p = {0};
  fl_pbuf_esc(&p, msg);
  fl_line3("assert", self->name, &p);
}

static struct fl_thread *fl_new(const char *name) {
  int i = __atomic_fetch_add(&fl_ctl->n, 1, __ATOMIC_SEQ_CST);
  if (i >= FL_MAX) fl_fatal("too many threads for the native runner (it counts every thread created, ended ones too: at most 1024)");
  struct fl_thread *t = &fl_ctl->t[i];
  t->at = FL_RUNNING;
  snprintf(t->name, sizeof t->name, "%s", name);
  return t;
}

/* A fault ends the thread, not its process, as in the simulator (the thread is killed). In a
   process's setup (no thread yet) the faulting store is skipped and the setup goes on, as the
   simulator reports a failed initial store and goes on (session/setup.ts). */
static sigjmp_buf fl_setup_jmp;
static int fl_in_setup;
static void fl_fault(int sig) {
  (void)sig;
  if (!fl_self && fl_in_setup) siglongjmp(fl_setup_jmp, 1);
  if (fl_self) { fl_self->killed = 1; __atomic_store_n(&fl_self->at, FL_EXITING, __ATOMIC_SEQ_CST); }
  syscall(SYS_exit, 0);
}
/* Each setup item runs as: if (!sigsetjmp(fl_setup_jmp, 1)) ITEM; with fl_in_setup set. */

/* A map name with no mapping in this process: the thread is killed (the simulator's RuntimeFault). */
static int64_t fl_name(void *m) {
  if (!m) fl_fault(SIGSEGV);
  return (int64_t)(uintptr_t)m;
}

static void fl_start(struct fl_thread *self) {
  fl_self = self;
  /* glibc registers a robust list for every thread (and again in a fork child); a scenario thread
     starts with none, as in the simulator (get_robust_list is 0 until set_robust_list). */
  syscall(SYS_set_robust_list, (void *)0, sizeof(struct robust_list_head));
  self->pid = getpid();
  self->tid = (int)syscall(SYS_gettid);
  /* /proc is the controller's namespace's: /proc/thread-self names this thread by its ids there. */
  char b[64];
  ssize_t n = readlink("/proc/thread-self", b, sizeof b - 1);
  int gp = self->pid, gt = self->tid;
  if (n > 0) { b[n] = 0; sscanf(b, "%d/task/%d", &gp, &gt); }
  self->gpid = gp;
  __atomic_store_n(&self->gtid, gt, __ATOMIC_SEQ_CST);
}

static void fl_gate(struct fl_thread *self, int j) {
  __atomic_store_n(&self->at, j, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&self->grant, __ATOMIC_SEQ_CST) == self->used)
    fl_futex(&self->grant, FUTEX_WAIT, self->used, 0);
  self->used++;
}

/* sched fifo P / nice N (LANGUAGE.md "Priorities") on this thread: sched_setscheduler and
   setpriority act on one thread by its TID. The order of statements is the controller's; what
   the policy changes on the kernel is the order of its futex queues (RT waiters first, by
   priority: the plist of futex_q). Refused by the kernel (not root): said on a note line. */
static void fl_sched(struct fl_thread *self, int fifo, int v) {
  if (fifo) {
    struct sched_param sp = { .sched_priority = v };
    if (sched_setscheduler(self->tid, SCHED_FIFO, &sp)) fl_out("note\t%s: sched fifo %d: sched_setscheduler failed (errno %d): the thread runs SCHED_OTHER\n", self->name, v, errno);
  } else if (setpriority(PRIO_PROCESS, (id_t)self->tid, v)) {
    fl_out("note\t%s: nice %d: setpriority failed (errno %d)\n", self->name, v, errno);
  }
}

/* The thread leaves its code; pthread_exit runs the kernel's exit (clear-tid, robust list). */
static void fl_exit_thread(struct fl_thread *self) {
  __atomic_store_n(&self->at, FL_EXITING, __ATOMIC_SEQ_CST);
  pthread_exit(0);
}

struct fl_sp { struct fl_thread *t; int64_t r[]; };

/* spawn NAME: a thread PROCESS/NAME of the caller's process, with a copy of the caller's registers. */
static void fl_spawn(const char *name, void *(*fn)(void *), const int64_t *r, int nr) {
  char full[FL_NAME];
  snprintf(full, sizeof full, "%s/%s", fl_proc_name, name);
  struct fl_sp *a = malloc(sizeof *a + (size_t)nr * sizeof(int64_t));
  a->t = fl_new(full);
  memcpy(a->r, r, (size_t)nr * sizeof(int64_t));
  pthread_t pt;
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&pt, &at, fn, a)) fl_fatal("pthread_create failed");
  pthread_attr_destroy(&at);
}

/* fork NAME: a real fork(2); 1 in the child (whose one thread NAME/main runs the block), 0 in the caller. */
static int fl_fork(struct fl_thread **self, const char *name) {
  char full[FL_NAME];
  snprintf(full, sizeof full, "%s/main", name);
  struct fl_thread *c = fl_new(full);
  pid_t p = fork();
  if (p < 0) { c->at = FL_GONE; return 0; }
  if (p > 0) return 0;
  snprintf(fl_proc_name, sizeof fl_proc_name, "%s", name);
  *self = c;
  fl_start(c);
  return 1;
}

static void fl_handler(int sig) { (void)sig; }

static void fl_process_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fl_fault;
  sigaction(SIGSEGV, &sa, 0);
  sigaction(SIGBUS, &sa, 0);
  sigaction(SIGFPE, &sa, 0);
  /* Only the controller stops the whole run on SIGTERM (fl_stop). */
  sa.sa_handler = SIG_DFL;
  sigaction(SIGTERM, &sa, 0);
  /* The language's signal: a handler without SA_RESTART (LANGUAGE.md "signal THREAD"). */
  sa.sa_handler = fl_handler;
  sigaction(SIGUSR1, &sa, 0);
}

/* A declared process: fork from the controller, run the setup, create its threads (slots
   first..first+n-1, reserved by the controller in declaration order), and let them run. */
static void fl_process(const char *name, void (*setup)(void), int first, int n, void *(*const fns[])(void *)) {
  pid_t p = fork();
  if (p < 0) fl_fatal("fork failed");
  if (p > 0) {
    while (!__atomic_load_n(&fl_ctl->setup_done, __ATOMIC_SEQ_CST)) { struct timespec ts = {0, 50000}; nanosleep(&ts, 0); }
    fl_ctl->setup_done = 0;
    return;
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  snprintf(fl_proc_name, sizeof fl_proc_name, "%s", name);
  fl_process_signals();
  fl_in_setup = 1;
  setup();
  fl_in_setup = 0;
  /* The process's first thread is its leader (its TID is the PID, as in the simulator); the
     others are created now, in order, so their TIDs follow before the next process forks. */
  for (int i = 1; i < n; i++) {
    pthread_t pt;
    if (pthread_create(&pt, 0, fns[i], &fl_ctl->t[first + i])) fl_fatal("pthread_create failed");
    pthread_detach(pt);
  }
  __atomic_store_n(&fl_ctl->setup_done, 1, __ATOMIC_SEQ_CST);
  if (n > 0) fns[0](&fl_ctl->t[first]);
  pthread_exit(0);
}

/* Kernel state of a thread from /proc: 'S' asleep in futex or poll code, 'G' gone (exited), 'R' else. */
static char fl_kstate(struct fl_thread *t) {
  char path[96], buf[512];
  snprintf(path, sizeof path, "/proc/%d/task/%d/stat", t->gpid, t->gtid);
  FILE *f = fopen(path, "r");
  if (!f) return 'G';
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *rp = strrchr(buf, ')');
  if (!rp || rp[1] != ' ') return 'R';
  if (rp[2] == 'Z' || rp[2] == 'X' || rp[2] == 'x') return 'G';
  if (rp[2] != 'S') return 'R';
  snprintf(path, sizeof path, "/proc/%d/task/%d/wchan", t->gpid, t->gtid);
  f = fopen(path, "r");
  if (!f) return 'R';
  n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  /* futex code, or poll(2) (the language's poll blocks there); a PI waiter (futex_lock_pi, a
     requeued wait_requeue_pi) sleeps in rt_mutex code (wchan rt_mutex_schedule on 6.x). */
  return strstr(buf, "futex") || strstr(buf, "poll") || strstr(buf, "rt_mutex") ? 'S' : 'R';
}

static void fl_pause(void) { struct timespec ts = {0, 20000}; nanosleep(&ts, 0); }

/* Is thread t quiet: at a gate (1), asleep in the kernel (2), gone (3); 0 while it runs. */
static int fl_quiet(struct fl_thread *t) {
  int at = __atomic_load_n(&t->at, __ATOMIC_SEQ_CST);
  if (at >= 0) return 1;
  if (at == FL_GONE) return 3;
  if (at == FL_EXECING) return 0;
  if (__atomic_load_n(&t->gtid, __ATOMIC_SEQ_CST) == 0) return 0; /* not started yet */
  char k = fl_kstate(t);
  if (k == 'G') { t->at = FL_GONE; return 3; }
  if (at == FL_RUNNING && k == 'S' && __atomic_load_n(&t->at, __ATOMIC_SEQ_CST) == FL_RUNNING) return 2;
  return 0;
}

/* Wait (up to 5 s of real time) until every live thread is quiet. */
static void fl_quiesce(void) {
  for (long i = 0; i < 250000; i++) {
    int all = 1;
    for (int k = 0; k < FL_N() && all; k++) if (!fl_quiet(&fl_ctl->t[k])) all = 0;
    if (all) return;
    fl_pause();
  }
  fl_fatal("a thread neither reached its next statement nor slept in the kernel within 5 s");
}

/* Wait (up to 5 s) until the thread is at a gate; 1 if it is. */
static int fl_wait_gate(struct fl_thread *t) {
  for (long i = 0; i < 250000; i++) {
    if (__atomic_load_n(&t->at, __ATOMIC_SEQ_CST) >= 0) return 1;
    if (fl_quiet(t) == 3) return 0;
    fl_pause();
  }
  return 0;
}

static void fl_grant(struct fl_thread *t) {
  /* The controller leaves the gate state itself, before the grant, so fl_quiet cannot see the
     thread still "at" the gate it has not left yet. */
  __atomic_store_n(&t->at, FL_RUNNING, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&t->grant, 1, __ATOMIC_SEQ_CST);
  fl_futex(&t->grant, FUTEX_WAKE, 1, 0);
}

/* The run's processes live in a new PID namespace (root only) whose init sets ns_last_pid to
   100: the first scenario thread is then TID 101 and the rest follow in creation order, the
   simulator's TIDs (LANGUAGE.md "TIDs"). Without it (not root) TIDs are the machine's. */
static void fl_pid_namespace(void) {
  if (getenv("FUTEXLAB_NATIVE_NO_PIDNS") || unshare(CLONE_NEWPID)) return;
  pid_t p = fork();
  if (p < 0) fl_fatal("fork of the namespace's init failed");
  if (p > 0) {
    fl_ns_init = p;
    while (!__atomic_load_n(&fl_ctl->setup_done, __ATOMIC_SEQ_CST)) { struct timespec ts = {0, 50000}; nanosleep(&ts, 0); }
    fl_ctl->setup_done = 0;
    return;
  }
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
  if (fd < 0 || write(fd, "100", 3) != 3) fl_out("note\tTIDs are not the simulator's: ns_last_pid could not be set (errno %d)\n", errno);
  if (fd >= 0) close(fd);
  __atomic_store_n(&fl_ctl->setup_done, 1, __ATOMIC_SEQ_CST);
  for (;;) if (wait(0) < 0) pause();
}

/* The run stopped from outside: the runner's timeout sends SIGTERM, and so does the kernel when
   the runner itself dies (PR_SET_PDEATHSIG, fl_init). Every process of the run goes with the
   controller: they are its process group (fl_init), forked ones and their orphans too, which the
   controller's own end kills by slot (fl_cleanup) but a stop from outside did not: processes a
   scenario forked outlived a timed-out futexlab diff, spinning (seventeenth session). */
static void fl_stop(int sig) {
  (void)sig;
  kill(0, SIGKILL);
  _exit(128 + SIGTERM);
}

static void fl_init(void) {
  setpgid(0, 0);
  struct sigaction st;
  memset(&st, 0, sizeof st);
  st.sa_handler = fl_stop;
  sigaction(SIGTERM, &st, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  const char *scale = getenv("FUTEXLAB_TICK_NS");
  if (scale) fl_tick_ns = atol(scale);
  /* A memfd, not MAP_ANONYMOUS: after an exec the new image maps it again (fl_resume). */
  fl_ctl_fd = (int)syscall(SYS_memfd_create, "futexlab-control", 0);
  if (fl_ctl_fd < 0 || ftruncate(fl_ctl_fd, sizeof *fl_ctl)) fl_fatal("memfd_create of the control page failed");
  fl_ctl = mmap(0, sizeof *fl_ctl, PROT_READ | PROT_WRITE, MAP_SHARED, fl_ctl_fd, 0);
  if (fl_ctl == MAP_FAILED) fl_fatal("mmap of the control page failed");
  fl_pid_namespace();
  /* Orphaned grandchildren (a fork inside a forked process) come back to the controller. */
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  setvbuf(stdout, 0, _IONBF, 0);
}

static void fl_cleanup(void);

static int fl_controller(void) {
  fl_quiesce();
  long steps = 0;
  int ti, j;
  /* The schedule: one "THREAD OFFSET" pair per step; OFFSET -1 for a step that only resumes a
     woken thread (the simulator's return from futex_waitv or from a signalled wait). */
  while (scanf("%d %d", &ti, &j) == 2) {
    if (ti < 0 || ti >= FL_N()) { fl_out("error\tthe schedule runs thread %d, which the native run has not created\n", ti + 101); break; }
    struct fl_thread *t = &fl_ctl->t[ti];
    if (j == -2) { fl_wait_gate(t); continue; }  /* TIMER_FIRED: the real timeout lets it go (or it is gone) */
    if (j == -3) {                                /* THREAD_ENDED: it exits now */
      if (fl_wait_gate(t)) {
        if (t->at != FL_END) { fl_out("error\tthread %s ends in the simulator but is at offset %d natively\n", t->name, t->at); break; }
        fl_grant(t);
        fl_quiesce();
      }
      continue;
    }
    steps++;
    if (__atomic_exchange_n(&t->sigpending, 0, __ATOMIC_SEQ_CST) && fl_quiet(t) != 3) syscall(SYS_tgkill, t->gpid, t->gtid, SIGUSR1);
    if (!fl_wait_gate(t)) { fl_out("error\tthread %s still asleep in the kernel when the schedule runs it\n", t->name); break; }
    if (j < 0) continue;
    if (t->at != j) { fl_out("error\tthread %s is at offset %d, the schedule runs the statement at offset %d\n", t->name, t->at, j); break; }
    fl_grant(t);
    fl_quiesce();
    if (fl_quiet(t) == 2) fl_out("asleep\t%s\n", t->name);
  }
  int left = 0;
  for (int i = 0; i < FL_N(); i++) {
    struct fl_thread *t = &fl_ctl->t[i];
    int q = fl_quiet(t);
    if (q == 3) continue;
    left++;
    fl_out("left\t%s\t%s\n", t->name, q == 1 ? "at-gate" : q == 2 ? "asleep-in-futex" : "running");
  }
  fl_out("end\t%ld\n", steps);
  fl_cleanup();
  return left ? 1 : 0;
}

/* Every process of the run is killed and reaped (the controller is their subreaper). */
static void fl_reap(void) {
  for (int i = 0; i < FL_N(); i++) if (fl_ctl->t[i].gpid > 0 && fl_quiet(&fl_ctl->t[i]) != 3) kill(fl_ctl->t[i].gpid, SIGKILL);
  if (fl_ns_init > 0) kill(fl_ns_init, SIGKILL); /* and with it every process left in the namespace */
  while (waitpid(-1, 0, 0) > 0 || errno == EINTR) {}
}
`;
