// Hover documentation for the `.futex` language (docs/language.md; the sources in docs/sources.md).
//
// Pure data: no `vscode` import, so the CLI, the tests and the extension can all read it. The
// grammar (syntaxes/futex.tmLanguage.json) and this table are checked against each other by
// test/extension/docs.test.ts: every word the grammar highlights as a keyword, contextual word,
// constant, option name or strategy id has an entry here.

import { STRATEGY_IDS, VARIANTS, type StrategyId } from '../session/options';
import { CONSTANTS } from '../lang/constants';
import { V2_ROBUST_DOCS } from './docs-v2';

/** A Markdown entry: a `futex` code block with the syntax, then the explanation. */
function entry(syntax: string | readonly string[], ...text: string[]): string {
  const lines = typeof syntax === 'string' ? [syntax] : syntax;
  return ['```futex', ...lines, '```', '', ...text].join('\n');
}

/** A Markdown entry without a syntax block. */
function prose(...text: string[]): string {
  return text.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Strategies

export const STRATEGY_DOCS: Record<StrategyId, string> = {
  'pinned-page': prose(
    "**pinned-page**: the original 2.5-era futex (Rusty Russell's hashed wait queues, 2.5.40 .. 2.6.0-test4).",
    '',
    '- **Keys on** `(struct page, offset in page)`: the physical page the address maps to when the call is made.',
    '- **Pins** that page (an extra `page_count`) for as long as the waiter sleeps; a `futex_fd` keeps one page',
    '  pinned per fd until the last `close`. ZERO_PAGE is reserved and is not refcounted.',
    '- **Page lookup** in read mode (`get_user_pages(write=0)`): an untouched private anonymous page is the shared',
    '  ZERO_PAGE, an unwritten MAP_PRIVATE file page is the page-cache page itself. `option pinned-page.gup = write`',
    "  replays Ingo's vcache-2.5.38-B8, which used write mode (breaking COW at call time).",
    '- **Nothing follows the page**: no callback on COW, mremap, munmap, truncate or swap. A pinned page can be',
    '  unmapped and put in the swap cache but never freed. After `fork`, a COW break moves one process off the',
    '  shared page: the wrong process can be woken, or a wakeup is missed.',
    '- 256 buckets, `hash_long(page + offset)`, one global `futex_lock`. Predates FUTEX_PRIVATE_FLAG: `private` is',
    '  ignored and the shared op runs.',
    '',
    'Seeds: 003 (Ingo Molnar, "virtual => physical page mapping cache" take #2, vcache-2.5.38-C4, 27 Sept 2002:',
    'the original code is the "-" side of the diff) and 000 (Jamie Lokier, "Unpinned futexes v2: indexing',
    'changes", 2003, which describes the code it replaced).',
  ),
  vcache: prose(
    "**vcache**: `pinned-page` plus Ingo Molnar's virtual => physical page mapping cache (Sept 2002, 2.5.38+).",
    '',
    '- **Keys on** `(struct page, offset)` and **pins** the page while asleep (FUTEX_FD: until close), as `pinned-page`.',
    '- Each waiter also registers `(mm, virtual page)` in a 256-entry vcache hash. A **COW fault in the',
    "  waiter's own mm at the waiter's own virtual page** (`break_cow`) calls back into the futex code, which",
    '  moves the pin to the new page and rehashes the waiter (to the tail of its new chain).',
    '- Nothing happens on COW in another mm, mremap ("vcache is horribly broken with mremap()"), munmap, swap or',
    "  truncate. Linus's locking amendment holds `futex_lock` across attach + pin + hash.",
    '- `option vcache.gup = read|write` selects the page lookup mode. `private` is ignored (pre-2.6.22).',
    '',
    "Seeds: 004 (Linus Torvalds, 2002: a `page_change_struct` callback that COW calls, instead of Ingo's",
    'pte-chain walk) and 003 (Ingo Molnar, "virtual => physical page mapping cache" take #2,',
    'vcache-2.5.38-C4, 27 Sept 2002; take #1 was vcache-2.5.38-B8).',
  ),
  'rusty-2003': prose(
    '**rusty-2003**: Rusty Russell\'s "Futexes without pinning pages" (Aug/Sept 2003, against 2.6.0-test4; not merged).',
    '',
    '- **Keys on** `(page->mapping, page->index, offset)` when the page has a mapping: page-cache file pages,',
    '  shmem/tmpfs pages, and anonymous pages **in the swap cache** (`(swapper_space, swap entry)`). Otherwise',
    '  (anonymous page not in the swap cache, ZERO_PAGE) on `(struct page, offset)`.',
    '- **Pins nothing** while asleep: the page is held only during the system call. FUTEX_FD pins nothing.',
    '- `futex_rehash` re-keys waiters when an anonymous page enters the swap cache (`add_to_swap`) or leaves it',
    '  (`delete_from_swap_cache`). A swap-cache page freed by reclaim keeps its waiters on',
    '  `(swapper_space, entry)`; one that leaves the swap cache while staying in memory rehashes them to the page.',
    '- The vcache is kept for COW rehash, without the pin move. munmap and truncate are "undefined behaviour".',
    '- 256 buckets, one global lock. `private` is ignored (pre-2.6.22).',
    '',
    'Seed: 001 (LKML thread, Aug-Sept 2003: Rusty Russell, "[PATCH 2/2] Futex non-page-pinning fix", 26 Aug',
    "2003, with Hugh Dickins' and Jamie Lokier's review).",
  ),
  'jamie-2003': prose(
    '**jamie-2003**: Jamie Lokier\'s "Unpinned futexes v2" (Sept 2003), merged for 2.6.0-test5/6: Linux 2.6.0 .. 2.6.27.',
    '',
    '- **Keys on** `(inode, page index, offset | 1)` for a **VM_MAYSHARE** mapping (MAP_SHARED files, even',
    '  opened read-only; shm; MAP_SHARED|MAP_ANONYMOUS), and on `(mm, virtual address)` for every other',
    '  mapping. No page is looked up, except for a nonlinear mapping (`remap_file_pages`), where the page table',
    '  gives `page->index`.',
    '- **Pins nothing**; a queued waiter holds a reference on its mm (`mm_count`) or inode (`i_count`) so they',
    '  cannot be recycled under it (the 8 Sep 2003 patch; `option jamie-2003.refs = false` removes it).',
    '- No callbacks at all: mremap and munmap under a waiter are "user error" (Linus did not apply part 2).',
    '- Requeue moves waiters with `list_move_tail` (`option jamie-2003.requeue = 2003`), which reorders a',
    '  requeue to the same futex; `fifo` is the 2006 -rt fix.',
    '- `option jamie-2003.shared_test = vm_shared` replays the rejected VM_SHARED test (a MAP_SHARED mapping of an',
    '  O_RDONLY file is then keyed per mm).',
    '- 256 buckets, `jhash2`, a spinlock per bucket (2.6.0). 2.6.0 queues first, then reads the word. `private`',
    '  is ignored (FUTEX_PRIVATE_FLAG came in 2.6.22).',
    '',
    'Seeds: 000 (Jamie Lokier, "[PATCH] Unpinned futexes v2: indexing changes", commit 968f11a8, Sept 2003) and',
    '001 (LKML, Aug-Sept 2003: Jamie Lokier, "[PATCH] Alternate futex non-page-pinning and COW fix", 3 Sept',
    '2003; the VM_SHARED vs VM_MAYSHARE argument with Linus Torvalds and Hugh Dickins; requeue order; recycled',
    'mm and inode).',
  ),
  'gorman-2013': prose(
    '**gorman-2013**: Mel Gorman\'s RFC "futex: Remove requirement for lock_page in get_futex_key" (29 Oct 2013),',
    'merged as 65d8fc777f6d in Linux 4.6.',
    '',
    '- **Page lookup in write mode** (`FOLL_WRITE`, breaking COW at call time), falling back to read-only for',
    '  FUTEX_READ ops (wait, wake, requeue source).',
    '- **Keys on** `(mm, address)` for an anonymous page (holding an mm reference; a read-only anonymous page gives',
    '  `-EFAULT`), and on `(inode, page index, offset)` for a file or shmem page, after an RCU re-check of',
    '  `page->mapping` and `atomic_inc_not_zero(&inode->i_count)` (a reference held while queued).',
    '- The **page lock** is taken only in the slow path where `page->mapping` is NULL: a shmem page swizzled into',
    '  the swap cache retries; ZERO_PAGE or a truncated page gives `-EFAULT`. `option gorman-2013.lock_page =',
    '  always` replays the code before the RFC (2.6.33 .. 4.5), which always took it.',
    '- **Pins nothing** while asleep. FUTEX_PRIVATE_FLAG is honoured: a private op keys on `(mm, address)` with no',
    '  page lookup.',
    '',
    'Seed: 002 (Mel Gorman, "[RFC PATCH] futex: Remove requirement for lock_page in get_futex_key", 29 Oct 2013,',
    'with Thomas Gleixner and Peter Zijlstra).',
  ),
  modern: prose(
    "**modern**: today's Linux (5.8+, `kernel/futex/`).",
    '',
    '- **Private op** (`private`): keys on `(mm, address)`; no page lookup at all (a private wake never touches memory).',
    '- **Shared op**: `gup_fast(FOLL_WRITE)`, read-only retry for FUTEX_READ. An anonymous page keys on',
    '  `(mm, address, FUT_OFF_MMSHARED)`; a file or shmem page on `(i_seq, page index, FUT_OFF_INODE)`, where',
    '  `i_seq` is a boot-unique number stamped into the inode on first futex use (Peter Zijlstra, "futex: Fix',
    "  inode life-time issue\", 8019ad13ef7f, March 2020, after Jann Horn's report). No inode reference: an",
    '  evicted and re-read inode is a new identity.',
    '- **Pins nothing**, holds no references. Keys compare the offset flag bits too, so a private key never',
    '  equals a shared key for the same address.',
    '- Requeue is FIFO (plist, equal priority). FUTEX_FD was removed in 2.6.26: `futex_fd` returns `-ENOSYS`.',
    '',
    'Seeds: none; this is the reference point beyond the seeds: Linux 5.8+ `kernel/futex/` (core.c, waitwake.c,',
    '  requeue.c), and Peter Zijlstra, "futex: Fix inode life-time issue", commit 8019ad13ef7f, March 2020.',
  ),
};

// ---------------------------------------------------------------------------------------------
// Variants (option STRATEGY.NAME = VALUE)

/** Longer explanations of the variants, keyed `STRATEGY.NAME`; the values come from variants.ts. */
const VARIANT_NOTES: Record<string, string> = {
  'pinned-page.gup': prose(
    '`read` (the default): `get_user_pages(write=0)`, as in 2.5.40 .. 2.6.0-test4. An untouched private anonymous',
    'page is the shared ZERO_PAGE and an unwritten MAP_PRIVATE file page is the page-cache page.',
    '`write`: `get_user_pages(write=1)`, as in vcache-2.5.38-B8: the lookup breaks COW at call time, so the waiter',
    "keys on its own private copy.",
  ),
  'vcache.gup': prose(
    'As for `pinned-page.gup`: `read` (the default) or `write` (vcache-2.5.38-B8). With `write` the COW is broken',
    'by the futex call itself, so the vcache callback has less to do.',
  ),
  'jamie-2003.shared_test': prose(
    '`vm_mayshare` (the default, as merged): any VM_MAYSHARE mapping gets an inode key, including a MAP_SHARED',
    'mapping of a file opened read-only ("futexes attach to the object, not the particular process").',
    '`vm_shared`: the rejected test on VM_SHARED, under which a read-only MAP_SHARED mapping keys on (mm, address)',
    'and a waiter there misses wakes from another process.',
  ),
  'jamie-2003.refs': prose(
    '`true` (the default, 2.6.0): a queued waiter holds `mm_count` or `i_count` on its key (8 Sep 2003 patch).',
    '`false`: before that patch; a FUTEX_FD waiter can outlive its mm or inode, and a recycled mm or inode with',
    'the same identity can steal wakeups from unrelated programs (`stale-match`).',
  ),
  'jamie-2003.requeue': prose(
    '`2003` (the default): requeue with `list_move_tail`, which reorders waiters when requeueing a futex to',
    'itself. `fifo`: the 2006 -rt fix, which keeps their order.',
  ),
  'gorman-2013.lock_page': prose(
    '`slowpath` (the default, the RFC): the page lock only when `page->mapping` is NULL (shmem swizzled into the',
    'swap cache). `always`: before the RFC (2.6.33 .. 4.5), every shared key lookup takes the page lock and waits',
    'behind a `lock_page ADDR, ticks T` event.',
  ),
  'modern.requeue_flags': prose(
    '`2026` (the default): `futex2_requeue` refuses two futexes with different flags (private, size) with',
    '-EINVAL, the fix 19f94b390586. `6.7`: the code from 6.7 until that fix, which accepts them, so a private',
    'waiter can be requeued onto a shared futex.',
  ),
};

function variantDoc(strategy: StrategyId, name: string): string {
  const spec = VARIANTS[strategy][name];
  if (!spec) return '';
  const [dflt, ...rest] = spec.values;
  const values = [`\`${dflt}\` (default)`, ...rest.map((v) => `\`${v}\``)].join(', ');
  const note = VARIANT_NOTES[`${strategy}.${name}`];
  return entry(
    `option ${strategy}.${name} = ${spec.values.join(' | ')}`,
    `**${strategy}.${name}**: ${spec.doc}.`,
    '',
    `Values: ${values}.`,
    ...(note ? ['', note] : []),
  );
}

/** Variant documentation keyed `STRATEGY.NAME`, for every variant in variants.ts. */
export const VARIANT_DOCS: Record<string, string> = Object.fromEntries(
  STRATEGY_IDS.flatMap((s) => Object.keys(VARIANTS[s]).map((n) => [`${s}.${n}`, variantDoc(s, n)])),
);

/** A bare variant name (`gup`, `refs`, ...): the docs of every strategy that has it. */
function bareVariantDocs(): Record<string, string> {
  const byName: Record<string, string[]> = {};
  for (const s of STRATEGY_IDS) {
    for (const n of Object.keys(VARIANTS[s])) (byName[n] ??= []).push(VARIANT_DOCS[`${s}.${n}`]!);
  }
  return Object.fromEntries(Object.entries(byName).map(([n, ds]) => [n, ds.join('\n\n---\n\n')]));
}

// ---------------------------------------------------------------------------------------------
// Options

const OPTION_DOCS: Record<string, string> = {
  option: entry(
    ['option NAME = VALUE', 'option STRATEGY.VARIANT = VALUE'],
    '**option**: a scenario setting. Names: `strategy`, `buckets`, `schedule`, `max_steps`, `pin_limit`, the limits',
    '`max_frames`, `max_processes`, `max_threads`, `max_fds`, `max_map_count`, `max_mm_pages`, `max_call_depth`, `max_output`, and the',
    'strategy variants `STRATEGY.NAME` (for example `option jamie-2003.shared_test = vm_shared`). The launch',
    'configuration or `futexlab run --strategy/--option` may override them.',
  ),
  strategy: entry(
    'option strategy = pinned-page | vcache | rusty-2003 | jamie-2003 | gorman-2013 | modern',
    '**strategy**: the futex keying strategy the scenario runs under by default: how a futex address becomes a',
    'hash key, what stays pinned, and which kernel events rehash waiters. `futexlab compare` runs every strategy.',
    'Whatever the strategy, the reference oracle judges the wakeups against the correct semantics.',
  ),
  buckets: entry(
    'option buckets = 256',
    '**buckets**: the size of the futex hash table (a power of two; 256 in every era up to 3.13). Collisions',
    'cost time, never correctness: keys are compared exactly.',
  ),
  schedule: entry(
    'option schedule = fifo | round-robin | random(SEED)',
    '**schedule**: how the single simulated CPU picks the next thread. `fifo` (the default) runs the current',
    'thread until it blocks, yields, sleeps or ends; `round-robin` switches after every step; `random(SEED)`',
    'picks a runnable thread with a seeded generator. The debugger and the explorer may choose themselves.',
  ),
  max_steps: entry(
    'option max_steps = 100000',
    '**max_steps**: the step budget. A run that exceeds it ends with result `step-limit`.',
  ),
  pin_limit: entry(
    'option pin_limit = 64',
    '**pin_limit**: how many pages may be pinned at once before the oracle reports a `pin-limit` anomaly (the',
    'FUTEX_FD page-pinning DoS that motivated the unpinned designs).',
  ),
  max_frames: entry(
    'option max_frames = 65536',
    '**max_frames**: the page frames of the simulated machine. A fault that finds none free is VM_FAULT_OOM: the',
    'thread is killed, as by the OOM killer. fork also stops (-ENOMEM) past 16 page-table entries per frame.',
  ),
  max_processes: entry(
    'option max_processes = 4096',
    '**max_processes**: live processes (RLIMIT_NPROC). A fork past it fails with -EAGAIN; the caller goes on.',
  ),
  max_threads: entry(
    'option max_threads = 32768',
    '**max_threads**: live threads (threads-max). A fork or spawn past it fails with -EAGAIN.',
  ),
  max_fds: entry(
    'option max_fds = 1024',
    '**max_fds**: open fds per process (RLIMIT_NOFILE). A futex_fd past it returns -EMFILE (-24).',
  ),
  max_map_count: entry(
    'option max_map_count = 4096',
    '**max_map_count**: VMAs per mm (vm.max_map_count; 65530 in Linux). An mmap, or a munmap that must split a',
    'vma, past it fails with -ENOMEM.',
  ),
  max_mm_pages: entry(
    'option max_mm_pages = 720896',
    '**max_mm_pages**: pages of address space per mm (RLIMIT_AS; the default is all of it from 0x10000000 to',
    'TASK_SIZE). An mmap or an mremap growth past it fails with -ENOMEM.',
  ),
  max_call_depth: entry(
    'option max_call_depth = 10000',
    '**max_call_depth**: frames a thread may hold. A deeper call is a stack overflow: the thread dies (SIGSEGV).',
  ),
  max_output: entry(
    'option max_output = 4194304',
    '**max_output**: characters of `print` output (a newline counted per line). Past it the run ends with result',
    '`output-limit`.',
  ),
  fifo: entry(
    ['option schedule = fifo', 'option jamie-2003.requeue = fifo'],
    '**fifo**: as a schedule (the default), run the current thread until it blocks, yields, sleeps or ends, then',
    'the head of the run queue; threads made runnable join the tail. As the `jamie-2003.requeue` variant, the',
    '2006 -rt fix that keeps waiters in order when requeueing.',
  ),
  'round-robin': entry(
    'option schedule = round-robin',
    '**round-robin**: switch to the next runnable thread after every step.',
  ),
  random: entry(
    'option schedule = random(SEED)',
    '**random(SEED)**: pick the next thread uniformly among the runnable ones, with a generator seeded by SEED, so',
    'the run is reproducible.',
  ),
  vm_mayshare: entry(
    'option jamie-2003.shared_test = vm_mayshare',
    '**vm_mayshare**: VM_MAYSHARE, set on every MAP_SHARED mapping (even of a file opened read-only), shm and',
    'MAP_SHARED|MAP_ANONYMOUS. The merged `jamie-2003` keys such mappings on the inode.',
  ),
  vm_shared: entry(
    'option jamie-2003.shared_test = vm_shared',
    '**vm_shared**: VM_SHARED, set only on a shared mapping that may be written (MAP_SHARED of a file opened',
    'O_RDWR). The rejected test: a read-only MAP_SHARED mapping then keys per mm.',
  ),
};

// ---------------------------------------------------------------------------------------------
// Declarations and control

const DECLARATION_DOCS: Record<string, string> = {
  scenario: entry(
    'scenario "TITLE"',
    '**scenario**: the optional title of the scenario, shown by the debugger and in `--json` output.',
  ),
  file: entry(
    ['file NAME pages N', 'map NAME = file FILE private|shared [r|rw] [open rdonly|rdwr] pages N [offset P] [at ADDR]'],
    '**file**: at top level, declares a regular file (an inode with a page cache), N pages long, zero-filled.',
    'In a `map`, maps that file: `shared` mappings are VM_MAYSHARE and share the page cache; `private` ones are',
    'copy-on-write. `open` gives the mode the file was opened with (default `rdwr`).',
  ),
  shm: entry(
    ['shm NAME pages N', 'map NAME = shm SHM [r|rw] pages N [offset P] [at ADDR]'],
    '**shm**: at top level, declares a shared-memory object (a tmpfs inode), N pages, zero-filled. In a `map`,',
    'attaches it: always a shared (VM_MAYSHARE) mapping, keyed by inode under the unpinned strategies.',
  ),
  fn: entry(
    'fn NAME(PARAM, ...) { ... }',
    '**fn**: a procedure any thread may call, as a statement `f(ARGS)` or as `x = f(ARGS)`. Each call gets a new',
    'frame with its parameters and `let`s; a function sees map names and constants, not the caller\'s registers.',
  ),
  process: entry(
    'process NAME { map ...  store ...  thread NAME { ... } }',
    '**process**: an initial process with its own mm. Its `map`s and initial `store`s run in order before any',
    'thread starts; its threads are named `PROCESS/THREAD`. A process ends when its last thread ends, and its mm',
    'is then torn down.',
  ),
  thread: entry(
    'thread NAME { ... }',
    '**thread**: a thread of the enclosing process, named `PROCESS/NAME`. The initial run queue holds the',
    'threads in declaration order. A thread ends when its block ends or at `exit`.',
  ),
  map: entry(
    [
      'map NAME = anon  private|shared [r|rw] pages N [at ADDR]',
      'map NAME = file FILE private|shared [r|rw] [open rdonly|rdwr] pages N [offset P] [at ADDR]',
      'map NAME = shm  SHM [r|rw] pages N [offset P] [at ADDR]',
    ],
    '**map**: mmap. Default protection `rw`, default open mode `rdwr`; `shared rw` of a file opened `rdonly`',
    'fails with `-EACCES`. Without `at`, mappings are placed bottom-up from `0x10000000`, one guard page apart.',
    'The name stands for the start address in expressions; a forked child inherits the mapping and its name.',
    'Inside a thread, `map` is an mmap at run time.',
  ),
  let: entry(
    ['let x = EXPR', 'let x = load ADDR', 'let x = futex_wait(ADDR, VAL)'],
    '**let**: declares a register of the current frame (64-bit signed) and assigns it an expression or the',
    'result of a right-hand operation. `let` of a name already in the frame assigns it.',
  ),
};

const CONTROL_DOCS: Record<string, string> = {
  if: entry('if COND { ... } else { ... }', '**if**: runs the first block when COND is non-zero, else the `else` block.'),
  else: entry('if COND { ... } else { ... }', '**else**: the block run when the `if` condition is zero.'),
  while: entry('while COND { ... }', '**while**: repeats the block while COND is non-zero.'),
  break: entry('break', '**break**: leaves the innermost `while`.'),
  continue: entry('continue', '**continue**: goes back to the condition of the innermost `while`.'),
  return: entry('return [EXPR]', '**return**: returns from the current function, with the value of EXPR if given.'),
  fork: entry(
    'fork NAME { ... }',
    '**fork**: creates process NAME with a copy of the caller\'s mm (private pages shared copy-on-write, shared',
    'mappings shared) and of its file descriptors, futex fds included. Its one thread `NAME/main` starts with a',
    'copy of the caller\'s registers and runs the block; the caller continues after the block without running',
    'it. COW after fork is where `pinned-page` wakes the wrong process or misses a wakeup.',
  ),
  spawn: entry(
    'spawn NAME { ... }',
    '**spawn**: creates thread `PROCESS/NAME` in the caller\'s process (same mm), running the block with a copy',
    'of the caller\'s registers.',
  ),
  exit: entry('exit', '**exit**: ends the calling thread. When the last thread of a process ends, its mm is torn down.'),
  exit_group: entry(
    'exit_group',
    '**exit_group**: ends every thread of the calling process at once; the mm is torn down. Waiters keyed on it',
    'are handled as the strategy dictates (a waiter that outlives its mm is what `stale-match` is for).',
  ),
  exec: entry(
    'exec',
    '**exec**: replaces the caller\'s mm with an empty one (mappings dropped); the process keeps its threads\' names.',
  ),
};

// ---------------------------------------------------------------------------------------------
// Memory operations and system calls

const OPERATION_DOCS: Record<string, string> = {
  load: entry(
    'x = load ADDR',
    '**load**: a 32-bit load, sign-extended. May fault: a zero-page mapping, a swap-in, or SIGBUS past the end of',
    'a truncated file (the thread dies with a fault).',
  ),
  store: entry(
    'store ADDR, EXPR',
    '**store**: a 32-bit store of the low 32 bits of EXPR. May fault: a COW break (a new private page, which is',
    'what moves a process off a page another process still waits on), a swap-in, or SIGBUS. At process level it',
    'sets initial memory contents before any thread runs.',
  ),
  cas: entry(
    'x = cas ADDR, OLD, NEW',
    '**cas**: atomic compare-and-swap: if the word at ADDR equals OLD, store NEW. Returns the previous value',
    "(Drepper's `cmpxchg`). A write: it may break COW.",
  ),
  xchg: entry('x = xchg ADDR, V', '**xchg**: atomic exchange; returns the previous value. A write: it may break COW.'),
  fetch_add: entry('x = fetch_add ADDR, D', '**fetch_add**: atomic add of D; returns the previous value (`atomic_inc` when D is 1).'),
  fetch_sub: entry('x = fetch_sub ADDR, D', '**fetch_sub**: atomic subtract of D; returns the previous value (`atomic_dec` when D is 1).'),
  futex_wait: entry(
    'x = futex_wait(ADDR, VAL [, timeout T] [, private])',
    '**futex_wait** (FUTEX_WAIT): computes the key of ADDR under the strategy, checks that the word still equals',
    'VAL, and sleeps on that key. Returns 0 when woken (possibly spuriously: re-check the word), `-EAGAIN` if the',
    'word differs, `-ETIMEDOUT` after `timeout T` ticks, `-EINTR` if a `signal` came and the waiter ran before a wake',
    'took it off the queue (a wake that comes first wins: 0), `-EFAULT` for a bad address or a',
    'truncated page, `-EINVAL` if ADDR is not 4-byte aligned, `-EACCES` without read access (2.6.0-era check).',
    'A waiter with no timeout still blocked at the end is reported `hung`.',
  ),
  futex_wake: entry(
    'x = futex_wake(ADDR, N [, private])',
    '**futex_wake** (FUTEX_WAKE): wakes up to N waiters whose key equals the key of ADDR in the caller\'s mm, in',
    'queue order, and returns how many it woke. `N = 0` still wakes one; `INT_MAX` wakes everybody. The oracle',
    'reports `wrong-wakeup` and `missed-wakeup` against the reference identities.',
  ),
  futex_requeue: entry(
    'x = futex_requeue(ADDR, NWAKE, NREQUEUE, ADDR2 [, private])',
    '**futex_requeue** (FUTEX_REQUEUE, 2.5.70+): wakes NWAKE waiters of ADDR and moves up to NREQUEUE of the rest',
    'to ADDR2 without waking them. Returns woken + requeued. The unconditional requeue races with new waiters;',
    'hence `futex_cmp_requeue`.',
  ),
  futex_cmp_requeue: entry(
    'x = futex_cmp_requeue(ADDR, NWAKE, NREQUEUE, ADDR2, VAL [, private])',
    '**futex_cmp_requeue** (FUTEX_CMP_REQUEUE, 2.6.7+): as `futex_requeue`, but first checks that the word at ADDR',
    'equals VAL and returns `-EAGAIN` if not. Returns woken + requeued. Old glibc `pthread_cond_broadcast`.',
  ),
  futex_wake_op: entry(
    'x = futex_wake_op(ADDR, NWAKE, NWAKE2, ADDR2, OP, OPARG, CMP, CMPARG [, private])',
    '**futex_wake_op** (FUTEX_WAKE_OP, 2.6.14+): atomically `old = *ADDR2; *ADDR2 = old OP OPARG`; wakes NWAKE',
    'waiters of ADDR, and also NWAKE2 waiters of ADDR2 if `old CMP CMPARG`. Returns the total woken; `-ENOSYS` for',
    'an invalid OP or CMP, `-EFAULT` if ADDR2 is not writable. OP is a `FUTEX_OP_*` operation, CMP a',
    '`FUTEX_OP_CMP_*` comparison. Old glibc `pthread_cond_signal` uses it to wake and unlock in one call.',
  ),
  futex_fd: entry(
    'fd = futex_fd(ADDR [, signal S])',
    '**futex_fd** (FUTEX_FD, 2.5.40 .. 2.6.25): returns a file descriptor that becomes readable when the futex is',
    'woken. Its waiter stays queued until the last `close` of the fd (copies made by `fork` included), so under',
    '`pinned-page` and `vcache` it pins a page per fd: the DoS that motivated the unpinned designs. With',
    '`signal S` the owner is also sent signal S. `modern` returns `-ENOSYS` (removed in 2.6.26).',
  ),
  gettid: entry(
    'x = gettid()   x = gettid(THREAD)',
    '**gettid**: the caller\'s TID. TIDs are given in creation order from 101 (declared threads first, then each',
    'forked or spawned thread) and never reused; a process\'s PID is its first thread\'s TID. `gettid(THREAD)`',
    'is a convenience: another thread\'s TID (its last, if it ended), or `-ESRCH` if it was not created yet.',
  ),
  // PI futexes and requeue-PI (docs/pi.md; GROUND-TRUTH.md §8.2-§8.4).
  futex_lock_pi: entry(
    'x = futex_lock_pi(ADDR [, timeout T] [, private])',
    '**futex_lock_pi** (FUTEX_LOCK_PI, 2.6.18+): takes the PI lock whose word is `TID | FUTEX_WAITERS | FUTEX_OWNER_DIED`.',
    'A free word (TID 0, no kernel waiter) gets the caller\'s TID, keeping OWNER_DIED. Held: sets WAITERS, then blocks on',
    'the pi_state\'s rt_mutex and boosts the owner to the caller\'s priority; returns 0 when the lock is handed over.',
    '`-EDEADLK` if the word already holds the caller\'s TID (checked first), `-ESRCH` if the TID names no live task,',
    '`-EINVAL` if the word disagrees with the kernel\'s pi_state (table rows [3], [5], [7], [9], [10]). `-ENOSYS` before 2.6.18.',
  ),
  futex_lock_pi2: entry(
    'x = futex_lock_pi2(ADDR [, timeout T] [, private])',
    '**futex_lock_pi2** (FUTEX_LOCK_PI2, 5.14+): `futex_lock_pi` with a CLOCK_MONOTONIC timeout (one virtual clock',
    'here, so the same). `-ENOSYS` in every era but `modern`.',
  ),
  futex_trylock_pi: entry(
    'x = futex_trylock_pi(ADDR [, private])',
    '**futex_trylock_pi** (FUTEX_TRYLOCK_PI, 2.6.18+): as `futex_lock_pi` without blocking: `-EWOULDBLOCK` (`-EAGAIN`)',
    'when the lock is held, **leaving FUTEX_WAITERS set** in the word.',
  ),
  futex_unlock_pi: entry(
    'x = futex_unlock_pi(ADDR [, private])',
    '**futex_unlock_pi** (FUTEX_UNLOCK_PI, 2.6.18+): `-EPERM` unless the word\'s TID is the caller\'s (checked before',
    'alignment). With kernel waiters the top one (highest priority, then first come) gets the lock and the word becomes',
    '`its TID | FUTEX_WAITERS`; without, the word becomes 0.',
  ),
  futex_wait_requeue_pi: entry(
    'x = futex_wait_requeue_pi(ADDR, VAL, ADDR2 [, timeout T] [, private])',
    '**futex_wait_requeue_pi** (FUTEX_WAIT_REQUEUE_PI, 2.6.31+): waits on the non-PI word ADDR (like `futex_wait`) for a',
    '`futex_cmp_requeue_pi` onto the PI lock ADDR2; returns 0 owning ADDR2. `-EINVAL` if ADDR == ADDR2 or both have',
    'the same key (not checked before the June 2014 CVE-2014-3153 fixes: `gorman-2013`).',
  ),
  futex_cmp_requeue_pi: entry(
    'x = futex_cmp_requeue_pi(ADDR, NWAKE, NREQUEUE, ADDR2, VAL [, private])',
    '**futex_cmp_requeue_pi** (FUTEX_CMP_REQUEUE_PI, 2.6.31+): if *ADDR == VAL, tries ADDR2 for the top waiter (free:',
    'it owns it and is woken) and requeues the others onto ADDR2\'s rt_mutex. NWAKE must be 1. Returns woken +',
    'requeued (a held ADDR2 and one waiter: 1). Pairs only with `futex_wait_requeue_pi`: `-EINVAL` otherwise.',
  ),
  poll: entry(
    'x = poll(FD [, timeout T])',
    '**poll**: blocks until the futex fd is readable (its futex was woken): returns 1, or 0 after `timeout T`',
    'ticks. `-EINTR` on `signal`.',
  ),
  close: entry(
    'close(FD)',
    '**close**: closes a file descriptor. The last close of a futex fd dequeues its waiter and releases its pin',
    'or references.',
  ),
  set_tid_address: entry(
    'set_tid_address ADDR',
    '**set_tid_address** (CLONE_CHILD_CLEARTID): when the caller ends, the kernel stores 0 at ADDR and does a',
    '**shared** `futex_wake(ADDR, 1)`, as thread exit does for `pthread_join`. A joiner waiting with `private`',
    'never matches it.',
  ),
  signal: entry(
    ['signal THREAD', 'fd = futex_fd(ADDR, signal S)'],
    '**signal**: as a statement, delivers a signal to THREAD (`PROCESS/THREAD`, or a short name within the same',
    'process), as a handler without SA_RESTART. A thread blocked in `futex_wait` becomes runnable but stays queued',
    'until it runs: then its wait returns `-EINTR`, or 0 if a wake took it off the queue first. A blocked `poll`',
    'returns `-EINTR`. A thread that is not blocked runs the handler before its next statement; its later waits',
    'block as usual. As the last argument of `futex_fd`,',
    '`signal S` is the signal number sent when the futex is woken.',
  ),
};

// ---------------------------------------------------------------------------------------------
// Environment events

const EVENT_DOCS: Record<string, string> = {
  swap_out: entry(
    'swap_out ADDR | NAME',
    '**swap_out**: reclaims that page now. An anonymous page goes to swap via the swap cache (`rusty-2003` rehashes',
    'its waiters to `(swapper_space, entry)`); a file page is written back and dropped from the page cache. A',
    'pinned page can be unmapped but is never freed.',
  ),
  swap_in: entry(
    'swap_in ADDR',
    '**swap_in**: faults the page back in (a `load` or `store` does this too): from the swap cache if the page is',
    'still there, else into a new page frame, which a key on the old `struct page` no longer matches.',
  ),
  reclaim: entry('reclaim', '**reclaim**: evicts every page that is neither pinned nor locked, as memory pressure would.'),
  truncate: entry(
    'truncate FILE, pages N',
    '**truncate**: sets the file size to N pages. Shrinking removes the page-cache pages past the end (a pinned',
    'page is detached from the file, not freed) and zaps the page-table entries that mapped them; loads and',
    'stores there die with SIGBUS, futex lookups return `-EFAULT`. Growing makes the pages readable again, zeroed.',
    'Nobody wakes waiters on truncate; the oracle notes them as `undefined`.',
  ),
  lock_page: entry(
    ['lock_page ADDR, ticks T', 'option gorman-2013.lock_page = slowpath | always'],
    '**lock_page**: another kernel path holds that page\'s PG_locked for T ticks. A key lookup that takes the page',
    'lock (`gorman-2013` with `lock_page = always`, or its slow path) waits for it: the RT latency problem Mel',
    'Gorman\'s RFC addressed. On an option line, `gorman-2013.lock_page` selects when the page lock is taken:',
    '`slowpath` (the RFC, the default) or `always` (2.6.33 .. 4.5).',
  ),
  munmap: entry(
    ['munmap NAME', 'munmap ADDR, pages N'],
    '**munmap**: removes a mapping, or N pages from ADDR. Waiters on it stay queued ("user error"); the oracle',
    'notes them as `undefined`. Pinned pages stay pinned.',
  ),
  mremap: entry(
    'mremap NAME, pages N [, to ADDR]',
    '**mremap**: resizes a mapping to N pages and may move it (to ADDR); the name follows the mapping. Waiters',
    'keyed on the old virtual address are not moved (Jamie\'s part 2 was not applied; "vcache is horribly broken',
    'with mremap()").',
  ),
  mprotect: entry(
    'mprotect NAME, r | rw',
    '**mprotect**: changes the protection of a mapping. A read-only anonymous page makes write-mode key lookups',
    '(`gorman-2013`, `modern`) return `-EFAULT`.',
  ),
  remap_file_pages: entry(
    'remap_file_pages NAME, page I, file_page J',
    '**remap_file_pages**: makes page I of a shared file mapping show file page J: the mapping becomes nonlinear,',
    'so `jamie-2003` must walk the page table to find the file index.',
  ),
  madvise: entry(
    'madvise NAME, dontneed',
    '**madvise**: `MADV_DONTNEED` zaps the pages of the mapping: private copies are dropped, so anonymous memory',
    'reads back as zero and a private file mapping shows the page cache again.',
  ),
};

const OTHER_STATEMENT_DOCS: Record<string, string> = {
  assert: entry(
    'assert COND [, "message"]',
    '**assert**: if COND is zero the run ends with result `assert-failed` (an `assert` anomaly), with the message.',
  ),
  print: entry(
    'print EXPR_OR_STRING, ...',
    '**print**: prints one line: the thread name, `: `, then the arguments separated by single spaces (integers in',
    'decimal, strings as written). Example: `B/main: woken 0`.',
  ),
  yield: entry('yield', '**yield**: the thread goes to the tail of the run queue.'),
  sleep: entry(
    'sleep T',
    '**sleep**: the thread sleeps for T ticks of virtual time (it wakes at clock + T). When no thread is runnable',
    'the clock jumps to the earliest timer.',
  ),
};

// ---------------------------------------------------------------------------------------------
// Contextual words (keywords only at one place in a statement)

const CONTEXTUAL_DOCS: Record<string, string> = {
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

// ---------------------------------------------------------------------------------------------
// Constants

/** The value the language gives a constant (lang/constants.ts), so the docs cannot drift from it. */
function valueOf(name: string): number {
  const v = CONSTANTS.get(name);
  if (v === undefined) throw new Error(`internal: no constant ${name}`);
  return v;
}

function errno(name: string, meaning: string): string {
  const value = valueOf(name);
  return entry(`${name} = ${value}`, `**${name}** (${value}): ${meaning} System calls return \`-${name}\` on failure.`);
}

/** A non-errno constant: `NAME = value`, then its text. */
function constant(name: string, text: string): string {
  return entry(`${name} = ${valueOf(name)}`, `**${name}**: ${text}`);
}

const CONSTANT_DOCS: Record<string, string> = {
  EINTR: errno('EINTR', 'interrupted: a `signal` arrived while in `poll`, or in `futex_wait` and the waiter ran before any wake took it off the queue.'),
  EFAULT: errno('EFAULT', 'bad address: no mapping at ADDR, a page past the end of a truncated file, or a read-only anonymous page under a write-mode lookup (`gorman-2013`, `modern`).'),
  EACCES: errno('EACCES', 'permission denied: no read access to the futex word (the 2.6.0 vma check), or a `shared rw` map of a file opened `rdonly`.'),
  EAGAIN: errno('EAGAIN', 'try again: `futex_wait` found the word different from VAL, or `futex_cmp_requeue` found it different from VAL. Same as `EWOULDBLOCK`.'),
  EWOULDBLOCK: errno('EWOULDBLOCK', 'the same number as `EAGAIN`: `futex_wait` found the word different from VAL.'),
  EINVAL: errno('EINVAL', 'invalid argument: an unaligned futex address, an invalid signal number for `futex_fd`.'),
  ENOSYS: errno('ENOSYS', 'not implemented: an op the strategy\'s era did not have (`futex_fd` under `modern`), or an invalid `futex_wake_op` encoding.'),
  ETIMEDOUT: errno('ETIMEDOUT', 'the `timeout` of a `futex_wait` expired.'),
  ENOMEM: errno('ENOMEM', 'out of memory.'),
  EDEADLK: errno('EDEADLK', 'deadlock would occur: `futex_lock_pi` on a word that already holds the caller\'s TID, or a chain of PI owners that leads back to the caller.'),
  CLOCK_REALTIME: constant('CLOCK_REALTIME', 'a clockid for `clock C` of `futex_waitv` and `futex2_wait` (one virtual clock serves both).'),
  CLOCK_MONOTONIC: constant('CLOCK_MONOTONIC', 'the default clockid of `futex_waitv` and `futex2_wait` with a timespec timeout.'),
  INT_MAX: constant('INT_MAX', '"wake everybody", as in `futex_wake(ADDR, INT_MAX)`, or requeue everybody.'),
  FUTEX_OP_SET: constant('FUTEX_OP_SET', '`futex_wake_op` operation `*ADDR2 = OPARG`.'),
  FUTEX_OP_ADD: constant('FUTEX_OP_ADD', '`futex_wake_op` operation `*ADDR2 += OPARG`.'),
  FUTEX_OP_OR: constant('FUTEX_OP_OR', '`futex_wake_op` operation `*ADDR2 |= OPARG`.'),
  FUTEX_OP_ANDN: constant('FUTEX_OP_ANDN', '`futex_wake_op` operation `*ADDR2 &= ~OPARG`.'),
  FUTEX_OP_XOR: constant('FUTEX_OP_XOR', '`futex_wake_op` operation `*ADDR2 ^= OPARG`.'),
  FUTEX_OP_CMP_EQ: constant('FUTEX_OP_CMP_EQ', '`futex_wake_op` wakes ADDR2 too if `old == CMPARG`.'),
  FUTEX_OP_CMP_NE: constant('FUTEX_OP_CMP_NE', '`futex_wake_op` wakes ADDR2 too if `old != CMPARG`.'),
  FUTEX_OP_CMP_LT: constant('FUTEX_OP_CMP_LT', '`futex_wake_op` wakes ADDR2 too if `old < CMPARG`.'),
  FUTEX_OP_CMP_LE: constant('FUTEX_OP_CMP_LE', '`futex_wake_op` wakes ADDR2 too if `old <= CMPARG`.'),
  FUTEX_OP_CMP_GT: constant('FUTEX_OP_CMP_GT', '`futex_wake_op` wakes ADDR2 too if `old > CMPARG` (glibc `pthread_cond_signal` uses `CMP_GT, 1`).'),
  FUTEX_OP_CMP_GE: constant('FUTEX_OP_CMP_GE', '`futex_wake_op` wakes ADDR2 too if `old >= CMPARG`.'),
};

// ---------------------------------------------------------------------------------------------

/**
 * Hover documentation keyed by the word under the cursor: statement keywords, right-hand operations,
 * environment events, contextual words, options and their values, strategy ids, variants (both
 * `STRATEGY.NAME` and the bare `NAME`), errno and FUTEX_OP_* constants.
 */
export const HOVER_DOCS: Record<string, string> = {
  ...bareVariantDocs(),
  ...OPTION_DOCS,
  ...DECLARATION_DOCS,
  ...CONTROL_DOCS,
  ...OPERATION_DOCS,
  ...OTHER_STATEMENT_DOCS,
  ...EVENT_DOCS, // after the bare variants: `lock_page` documents both the event and the variant
  ...CONTEXTUAL_DOCS,
  ...CONSTANT_DOCS,
  ...VARIANT_DOCS,
  ...STRATEGY_DOCS,
  ...V2_ROBUST_DOCS, // issue #17: robust lists, bitsets, futex_waitv, futex2, kill (docs-v2.ts)
};
