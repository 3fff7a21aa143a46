// Hover documentation of the contextual words: keywords only at one place in a statement (sched,
// anon, private, shared, pages, at, offset, open, timeout, clock, ...). Split from docs.ts (one
// concept per file); docs.ts merges it into HOVER_DOCS. Pure data, as docs.ts.

import { entry } from './docs-entry';

export const CONTEXTUAL_DOCS: Record<string, string> = {
  sched: entry(
    ['thread NAME sched fifo P { ... }', 'spawn NAME sched fifo P { ... }'],
    '**sched fifo P**: the thread runs under SCHED_FIFO with priority P (1..99), above every SCHED_OTHER thread.',
    'One CPU: the runnable thread with the highest effective priority runs (PI boosting included), and a',
    'higher one takes the CPU at the next step boundary. From 2.6.22 futex queues are ordered by it (docs/pi.md).',
  ),
  fifo: entry('thread NAME sched fifo P { ... }', '**fifo**: SCHED_FIFO, the only policy with a priority here (`sched fifo P`).'),
  nice: entry(
    ['thread NAME nice N { ... }', 'spawn NAME nice N { ... }'],
    '**nice N**: a SCHED_OTHER thread with nice value N (-20..19), recorded and shown; it orders nothing, as the',
    'simulator has no fair scheduler and the kernel\'s PI and futex queues treat SCHED_OTHER threads alike.',
  ),
  anon: entry(
    'map NAME = anon private|shared [r|rw] pages N [at ADDR]',
    '**anon**: anonymous memory. `private` pages start as the ZERO_PAGE (read) and are copied on write and on',
    'fork; `shared` is backed by an anonymous tmpfs inode, as in Linux (VM_MAYSHARE, shared across fork).',
  ),
  private: entry(
    ['map NAME = anon private ...', 'x = futex_wake(ADDR, N, private)'],
    '**private**: in a `map`, MAP_PRIVATE (copy-on-write; not VM_MAYSHARE). As the last argument of a futex call,',
    'FUTEX_PRIVATE_FLAG (2.6.22+): the key is `(mm, address)` with no page or vma lookup. Strategies that predate',
    'it (`pinned-page`, `vcache`, `rusty-2003`, `jamie-2003`) ignore it and run the shared op. A private waiter',
    'never matches a shared wake, and the reverse.',
  ),
  shared: entry(
    'map NAME = anon|file ... shared ...',
    '**shared**: MAP_SHARED: the mapping is VM_MAYSHARE (and VM_SHARED if writable), shared with forked children',
    'and with every other mapping of the same inode.',
  ),
  r: entry(['map NAME = ... r pages N', 'mprotect NAME, r'], '**r**: read-only protection (PROT_READ).'),
  rw: entry(['map NAME = ... rw pages N', 'mprotect NAME, rw'], '**rw**: read-write protection (PROT_READ|PROT_WRITE), the default.'),
  pages: entry(
    ['map NAME = ... pages N', 'file NAME pages N', 'munmap ADDR, pages N', 'mremap NAME, pages N', 'truncate FILE, pages N'],
    '**pages**: a length in 4 KiB pages.',
  ),
  at: entry('map NAME = ... at ADDR', '**at**: a fixed start address (MAP_FIXED). Without it, mappings are placed bottom-up from `0x10000000`.'),
  offset: entry('map NAME = file|shm ... offset P', '**offset**: the first file page mapped (in pages, the `vm_pgoff`).'),
  open: entry(
    'map NAME = file FILE shared r open rdonly pages N',
    '**open**: the mode the file was opened with: `rdwr` (default) or `rdonly`. A `shared` mapping of a file',
    'opened `rdonly` is VM_MAYSHARE but not VM_SHARED; `shared rw` with `open rdonly` fails with `-EACCES`.',
  ),
  rdonly: entry('open rdonly', '**rdonly**: the file was opened O_RDONLY.'),
  rdwr: entry('open rdwr', '**rdwr**: the file was opened O_RDWR (the default).'),
  timeout: entry(
    ['x = futex_wait(ADDR, VAL, timeout T)', 'x = futex_wait(ADDR, VAL, timeout {SEC, NSEC})', 'x = poll(FD, timeout T)'],
    '**timeout**: `timeout T` is T ticks from now: `futex_wait` returns `-ETIMEDOUT`, `poll` returns 0. ' +
      '`timeout {SEC, NSEC}` is the struct timespec the call receives (a tick is 1 ms): relative for `futex_wait`, ' +
      'absolute for the other ops; an invalid one is `-EINVAL` from 2.6.31 on (docs/era-argument-checks.md).',
  ),
  clock: entry(
    ['x = futex_waitv([ADDR, VAL], timeout {SEC, NSEC}, clock CLOCK_REALTIME)'],
    '**clock**: the clockid of `futex_waitv` and `futex2_wait`, beside a timespec timeout: `CLOCK_MONOTONIC` (default) ' +
      'or `CLOCK_REALTIME`; any other is `-EINVAL`.',
  ),
  page: entry('remap_file_pages NAME, page I, file_page J', '**page**: the page index I within the mapping.'),
  file_page: entry('remap_file_pages NAME, page I, file_page J', '**file_page**: the file page J that mapping page I will show.'),
  to: entry('mremap NAME, pages N, to ADDR', '**to**: the new start address (MREMAP_FIXED|MREMAP_MAYMOVE).'),
  ticks: entry('lock_page ADDR, ticks T', '**ticks**: for how many ticks of virtual time the page stays locked.'),
  dontneed: entry('madvise NAME, dontneed', '**dontneed**: MADV_DONTNEED: drop the pages of the mapping.'),
};
