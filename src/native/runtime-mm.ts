// Memory for the native run (C runtime, third part): the scenario's files and shm objects, its
// mappings and the kernel events on them, carried out with their real system calls.
//
// Placement follows the simulator (kernel/mm.ts unmappedArea: bottom-up from 0x10000000, one
// guard page between mappings) with MAP_FIXED_NOREPLACE, so map addresses, and anything printed
// from them, are the simulator's. The table of the scenario's mappings is a static array: fork
// copies it, as it copies the mm. Files live in a private temporary folder (FUTEXLAB_NATIVE_DIR,
// made and removed by run.ts); a shm object is a memfd (a tmpfs inode, as shmem is).
export const RUNTIME_MM_C = String.raw`
#include <sys/stat.h>
#include <sched.h>

#define FL_PAGE 4096
#define FL_MMAP_BASE 0x10000000UL
struct fl_vma { uintptr_t start, end; };
/* The process's mappings, as many as the simulator's max_map_count allows: a table of 256 left
   the 257th out, and the next map was placed over it (MAP_FIXED_NOREPLACE failed). */
static struct fl_vma *fl_vmas;
static int fl_nvmas, fl_cap_vmas;
static void fl_vma_room(int n) {
  if (n <= fl_cap_vmas) return;
  int nc = fl_cap_vmas ? fl_cap_vmas : 64;
  while (nc < n) nc *= 2;
  struct fl_vma *nv = realloc(fl_vmas, sizeof *nv * (size_t)nc);
  if (!nv) fl_fatal("out of memory for the mappings");
  fl_vmas = nv;
  fl_cap_vmas = nc;
}

static void fl_vma_remove(uintptr_t s, uintptr_t e) {
  /* Each mapping gives at most two pieces: split in place, from the end. */
  fl_vma_room(fl_nvmas * 2 + 1);
  struct fl_vma *out = malloc(sizeof *out * (size_t)(fl_nvmas * 2 + 1));
  if (!out) fl_fatal("out of memory for the mappings");
  int n = 0;
  for (int i = 0; i < fl_nvmas; i++) {
    struct fl_vma v = fl_vmas[i];
    if (v.end <= s || v.start >= e) { out[n++] = v; continue; }
    if (v.start < s) out[n++] = (struct fl_vma){ v.start, s };
    if (v.end > e) out[n++] = (struct fl_vma){ e, v.end };
  }
  if (n) memcpy(fl_vmas, out, sizeof(struct fl_vma) * (size_t)n);
  free(out);
  fl_nvmas = n;
}
static void fl_vma_add(uintptr_t s, uintptr_t e) {
  fl_vma_remove(s, e);
  fl_vma_room(fl_nvmas + 1);
  int i = fl_nvmas++;
  while (i > 0 && fl_vmas[i - 1].start > s) { fl_vmas[i] = fl_vmas[i - 1]; i--; }
  fl_vmas[i] = (struct fl_vma){ s, e };
}
static struct fl_vma *fl_vma_at(uintptr_t s) {
  for (int i = 0; i < fl_nvmas; i++) if (fl_vmas[i].start == s) return &fl_vmas[i];
  return 0;
}
/* kernel/mm.ts unmappedArea, skipping the mapping at 'skip' (mremap's unmappedAreaExcluding). */
static uintptr_t fl_unmapped(size_t len, uintptr_t skip) {
  uintptr_t c = FL_MMAP_BASE;
  for (int i = 0; i < fl_nvmas; i++) {
    struct fl_vma v = fl_vmas[i];
    if (v.start == skip) continue;
    if (v.end + FL_PAGE <= c) continue;
    if (c + len + FL_PAGE <= v.start) break;
    if (v.end + FL_PAGE > c) c = v.end + FL_PAGE;
  }
  return c;
}

/* Declared files and shm objects: gen.ts refuses a scenario with more (the table was 32, and a
   33rd wrote past it). */
#define FL_NFILES 1024
static char fl_file_path[FL_NFILES][512];
static int fl_shm_fd[FL_NFILES];

/* A declared file's path in the run's folder (also after an exec, which keeps the environment). */
static void fl_file_name(int i, const char *name, int shm) {
  const char *dir = getenv("FUTEXLAB_NATIVE_DIR");
  if (!shm && dir) snprintf(fl_file_path[i], sizeof fl_file_path[i], "%s/%s", dir, name);
}

/* file NAME pages N (a zero-filled regular file) or shm NAME pages N (a memfd, kept open, and
   inherited across fork and exec), before any process. */
static void fl_file_decl(int i, const char *name, int64_t pages, int shm) {
  if (shm) {
    fl_shm_fd[i] = (int)syscall(SYS_memfd_create, name, 0);
    if (fl_shm_fd[i] < 0 || ftruncate(fl_shm_fd[i], (off_t)pages * FL_PAGE)) fl_fatal("memfd_create failed");
    return;
  }
  if (!fl_file_path[i][0]) fl_fatal("FUTEXLAB_NATIVE_DIR is not set");
  int fd = open(fl_file_path[i], O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate(fd, (off_t)pages * FL_PAGE)) fl_fatal("creating a file failed");
  close(fd);
}

/* map: kind 0 anon, 1 file, 2 shm. Returns the address, or -errno as do_mmap. */
static int64_t fl_map(int kind, int shared, int write, int file, int rdonly, int64_t pages, int64_t offset, int has_at, int64_t at) {
  if (pages <= 0) return -EINVAL;
  size_t len = (size_t)pages * FL_PAGE;
  int prot = PROT_READ | (write ? PROT_WRITE : 0);
  int flags = kind == 0 ? MAP_ANONYMOUS | (shared ? MAP_SHARED : MAP_PRIVATE) : kind == 2 ? MAP_SHARED : (shared ? MAP_SHARED : MAP_PRIVATE);
  int fd = -1;
  if (kind == 1) {
    fd = open(fl_file_path[file], rdonly ? O_RDONLY : O_RDWR);
    if (fd < 0) return -errno;
  } else if (kind == 2) {
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fl_shm_fd[file]);
    fd = open(p, rdonly ? O_RDONLY : O_RDWR);
    if (fd < 0) return -errno;
  }
  uintptr_t want = has_at ? (uintptr_t)at : fl_unmapped(len, 0);
  /* 'at' replaces what the scenario mapped there (MAP_FIXED), never memory of the runtime. */
  int fixed = MAP_FIXED_NOREPLACE;
  if (has_at) for (int i = 0; i < fl_nvmas; i++) if (fl_vmas[i].start < want + len && fl_vmas[i].end > want) fixed = MAP_FIXED;
  void *p = mmap((void *)want, len, prot, flags | fixed, fd, (off_t)offset * FL_PAGE);
  int err = errno;
  if (fd >= 0) close(fd);
  if (p == MAP_FAILED) return -err;
  fl_vma_add((uintptr_t)p, (uintptr_t)p + len);
  return (int64_t)(uintptr_t)p;
}

/* The scenario's map-name variables (filled by main): munmap and mremap update every name in
   the range, as kernel/mm.ts does with the mm's names. */
static void ***fl_name_tab;
static int fl_name_n, fl_name_cap;
/* A map name's variable, from main; grows (a table of 256 was written past by the 257th name). */
static void fl_name_add(void **v) {
  if (fl_name_n == fl_name_cap) {
    int nc = fl_name_cap ? fl_name_cap * 2 : 64;
    void ***nt = realloc(fl_name_tab, sizeof *nt * (size_t)nc);
    if (!nt) fl_fatal("out of memory for the map names");
    fl_name_tab = nt;
    fl_name_cap = nc;
  }
  fl_name_tab[fl_name_n++] = v;
}

static int64_t fl_munmap(int64_t a, int64_t len) {
  if (munmap((void *)(uintptr_t)a, (size_t)len)) return -errno;
  fl_vma_remove((uintptr_t)a, (uintptr_t)(a + len));
  for (int i = 0; i < fl_name_n; i++) {
    uintptr_t v = (uintptr_t)*fl_name_tab[i];
    if (v >= (uintptr_t)a && v < (uintptr_t)(a + len)) *fl_name_tab[i] = 0;
  }
  return 0;
}
static int64_t fl_map_len(void *m) {
  struct fl_vma *v = fl_vma_at((uintptr_t)m);
  return v ? (int64_t)(v->end - v->start) : 0;
}
/* munmap NAME: the name goes with the mapping (kernel/mm.ts doMunmap drops it). */
static int64_t fl_munmap_name(void **m) {
  int64_t l = fl_map_len(*m);
  return l ? fl_munmap((int64_t)(uintptr_t)*m, l) : -EINVAL;
}

/* mremap NAME, pages N [, to ADDR]: where the simulator puts it (in place if it fits, else its
   unmappedArea), through MREMAP_FIXED. Returns the new start or -errno; the name follows. */
static int64_t fl_mremap(void **m, int64_t pages, int has_to, int64_t to) {
  struct fl_vma *v = fl_vma_at((uintptr_t)*m);
  if (!v || pages <= 0) return -EINVAL;
  uintptr_t s = v->start, e = v->end, nl = (uintptr_t)pages * FL_PAGE;
  uintptr_t dest;
  if (!has_to && s + nl <= e) dest = s;
  else if (has_to) dest = (uintptr_t)to;
  else {
    int fits = 1;
    for (int i = 0; i < fl_nvmas; i++) if (fl_vmas[i].start >= e && s + nl + FL_PAGE > fl_vmas[i].start) fits = 0;
    dest = fits ? s : fl_unmapped(nl, s);
  }
  void *p = dest == s ? mremap((void *)s, e - s, nl, 0) : mremap((void *)s, e - s, nl, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)dest);
  if (p == MAP_FAILED) return -errno;
  fl_vma_remove(s, e);
  fl_vma_add((uintptr_t)p, (uintptr_t)p + nl);
  for (int i = 0; i < fl_name_n; i++) if ((uintptr_t)*fl_name_tab[i] == s) *fl_name_tab[i] = p;
  return (int64_t)(uintptr_t)p;
}

static int64_t fl_mprotect(void *m, int write) {
  int64_t l = fl_map_len(m);
  if (!l) return -EINVAL;
  return mprotect(m, (size_t)l, PROT_READ | (write ? PROT_WRITE : 0)) ? -errno : 0;
}
static int64_t fl_madvise_dontneed(void *m) {
  int64_t l = fl_map_len(m);
  if (!l) return -EINVAL;
  return madvise(m, (size_t)l, MADV_DONTNEED) ? -errno : 0;
}
static int64_t fl_remap_file_pages(void *m, int64_t page, int64_t file_page) {
  return syscall(SYS_remap_file_pages, (char *)m + page * FL_PAGE, (size_t)FL_PAGE, 0, (size_t)file_page, 0) ? -errno : 0;
}
static int64_t fl_truncate(int file, int64_t pages) {
  if (fl_file_path[file][0]) return truncate(fl_file_path[file], (off_t)pages * FL_PAGE) ? -errno : 0;
  return ftruncate(fl_shm_fd[file], (off_t)pages * FL_PAGE) ? -errno : 0;
}

/* Is the page at a resident (mincore)? -1 if it is not mapped. */
static int fl_resident(uintptr_t a) {
  unsigned char v = 0;
  if (mincore((void *)(a & ~(uintptr_t)(FL_PAGE - 1)), FL_PAGE, &v)) return -1;
  return v & 1;
}

/* MADV_PAGEOUT on one page, from every CPU this thread may run on until the page is out. A page
   just faulted in sits in the faulting CPU's lru_add batch, not yet on the LRU, so reclaim cannot
   isolate it; madvise_pageout drains only the calling CPU's batch (lru_add_drain, mm/madvise.c).
   Seen here: 2 runs in 5 kept the page when the fault and the madvise ran on different CPUs. */
static int fl_pageout(uintptr_t pg) {
  int r = madvise((void *)pg, FL_PAGE, MADV_PAGEOUT);
  if (r || fl_resident(pg) != 1) return r;
  cpu_set_t old;
  if (sched_getaffinity(0, sizeof old, &old)) return 0;
  for (int c = 0; c < CPU_SETSIZE && fl_resident(pg) == 1; c++) {
    if (!CPU_ISSET(c, &old)) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(c, &one);
    if (sched_setaffinity(0, sizeof one, &one)) continue;
    madvise((void *)pg, FL_PAGE, MADV_PAGEOUT);
  }
  sched_setaffinity(0, sizeof old, &old);
  return 0;
}

/* swap_out ADDR: MADV_PAGEOUT on that page; the kernel may keep it (no swap, a page other
   processes map): then a note line says so, never silence. */
static void fl_swap_out(struct fl_thread *self, int64_t a) {
  uintptr_t pg = (uintptr_t)a & ~(uintptr_t)(FL_PAGE - 1);
  int r = fl_pageout(pg);
  int res = fl_resident(pg);
  if (r) fl_out("note\t%s: swap_out 0x%lx: madvise(MADV_PAGEOUT) failed with errno %d\n", self->name, (unsigned long)pg, errno);
  else if (res == 1) fl_out("note\t%s: swap_out 0x%lx: the kernel kept the page in memory (MADV_PAGEOUT; swap on this machine: %s)\n", self->name, (unsigned long)pg, getenv("FUTEXLAB_SWAP") ? getenv("FUTEXLAB_SWAP") : "unknown");
}

/* reclaim: MADV_PAGEOUT on every mapping of this process, then write back and drop the
   scenario's files' page cache: fsync and POSIX_FADV_DONTNEED, i.e. invalidate_mapping_pages,
   the function drop_caches runs on every inode. The machine-wide drop_caches (root) is only
   written with FUTEXLAB_NATIVE_DROP_CACHES=1: it took 0.85 s on this loaded machine, enough to
   expire the scenario's timeouts, and it empties every other process's cache too. A page the
   kernel keeps (mapped by several processes, anon with no swap) is said on a note line. */
static void fl_reclaim(struct fl_thread *self) {
  for (int i = 0; i < fl_nvmas; i++) madvise((void *)fl_vmas[i].start, fl_vmas[i].end - fl_vmas[i].start, MADV_PAGEOUT);
  for (int i = 0; i < FL_NFILES; i++) {
    if (!fl_file_path[i][0]) continue;
    int f = open(fl_file_path[i], O_RDWR);
    if (f < 0) continue;
    fsync(f);
    posix_fadvise(f, 0, 0, POSIX_FADV_DONTNEED);
    close(f);
  }
  if (getenv("FUTEXLAB_NATIVE_DROP_CACHES")) {
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd < 0 || write(fd, "1", 1) != 1) fl_out("note\t%s: reclaim: could not write /proc/sys/vm/drop_caches (errno %d)\n", self->name, errno);
    if (fd >= 0) close(fd);
  }
  int kept = 0;
  for (int i = 0; i < fl_nvmas; i++)
    for (uintptr_t a = fl_vmas[i].start; a < fl_vmas[i].end; a += FL_PAGE)
      if (fl_resident(a) == 1) { fl_pageout(a); kept += fl_resident(a) == 1; }
  if (kept) fl_out("note\t%s: reclaim: the kernel kept %d page(s) of this process in memory (mapped by several processes, or anonymous with no swap: %s)\n", self->name, kept, getenv("FUTEXLAB_SWAP") ? getenv("FUTEXLAB_SWAP") : "unknown");
}

static void fl_remove_files(void) {
  for (int i = 0; i < FL_NFILES; i++) if (fl_file_path[i][0]) unlink(fl_file_path[i]);
}
`;
