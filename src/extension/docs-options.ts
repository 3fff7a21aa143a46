// Hover documentation of `option` lines: the scenario settings (strategy, buckets, schedule, the
// limits, ...) and the strategy variants `option STRATEGY.NAME = VALUE`, whose values and one-line
// docs come from variants.ts so that the hover cannot drift from what the kernel accepts. Split from
// docs.ts (one concept per file); docs.ts merges these into HOVER_DOCS. Pure data, as docs.ts.

import { STRATEGY_IDS, VARIANTS, type StrategyId } from '../session/options';
import { entry, prose } from './docs-entry';

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
export function bareVariantDocs(): Record<string, string> {
  const byName: Record<string, string[]> = {};
  for (const s of STRATEGY_IDS) {
    for (const n of Object.keys(VARIANTS[s])) (byName[n] ??= []).push(VARIANT_DOCS[`${s}.${n}`]!);
  }
  return Object.fromEntries(Object.entries(byName).map(([n, ds]) => [n, ds.join('\n\n---\n\n')]));
}

// ---------------------------------------------------------------------------------------------
// Options

export const OPTION_DOCS: Record<string, string> = {
  option: entry(
    ['option NAME = VALUE', 'option STRATEGY.VARIANT = VALUE'],
    '**option**: a scenario setting. Names: `strategy`, `buckets`, `schedule`, `max_steps`, `pin_limit`, the limits',
    '`max_frames`, `max_processes`, `max_threads`, `max_fds`, `max_map_count`, `max_mm_pages`, `max_call_depth`, `max_output`, and the',
    'strategy variants `STRATEGY.NAME` (for example `option jamie-2003.shared_test = vm_shared`). The launch',
    'configuration or `futexlab run --strategy/--option` may override them. Each limit and `max_steps` has a ceiling',
    '(language.md, section 9) that keeps the simulator\'s memory bounded.',
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
    '**max_steps**: the step budget. A run that exceeds it ends with result `step-limit`. At most 10000000.',
  ),
  pin_limit: entry(
    'option pin_limit = 64',
    '**pin_limit**: how many pages may be pinned at once before the oracle reports a `pin-limit` anomaly (the',
    'FUTEX_FD page-pinning DoS that motivated the unpinned designs).',
  ),
  max_frames: entry(
    'option max_frames = 65536',
    '**max_frames**: the page frames of the simulated machine. A fault that finds none free is VM_FAULT_OOM: the',
    'thread is killed, as by the OOM killer. fork also stops (-ENOMEM) past 16 page-table entries per frame. At most 131072.',
  ),
  max_processes: entry(
    'option max_processes = 4096',
    '**max_processes**: live processes (RLIMIT_NPROC). A fork past it fails with -EAGAIN; the caller goes on. At most 32768.',
  ),
  max_threads: entry(
    'option max_threads = 32768',
    '**max_threads**: live threads (threads-max). A fork or spawn past it fails with -EAGAIN. At most 32768.',
  ),
  max_fds: entry(
    'option max_fds = 1024',
    '**max_fds**: open fds per process (RLIMIT_NOFILE). A futex_fd past it returns -EMFILE (-24). At most 65536.',
    'Past 65536 open files in the whole machine (fs.file-max) futex_fd returns -ENFILE (-23).',
  ),
  max_map_count: entry(
    'option max_map_count = 4096',
    '**max_map_count**: VMAs per mm (vm.max_map_count; 65530 in Linux). An mmap, or a munmap that must split a',
    'vma, past it fails with -ENOMEM. At most 65530.',
  ),
  max_mm_pages: entry(
    'option max_mm_pages = 720896',
    '**max_mm_pages**: pages of address space per mm (RLIMIT_AS; the default is all of it from 0x10000000 to',
    'TASK_SIZE). An mmap or an mremap growth past it fails with -ENOMEM. At most 720896.',
  ),
  max_call_depth: entry(
    'option max_call_depth = 10000',
    '**max_call_depth**: frames a thread may hold. A deeper call is a stack overflow: the thread dies (SIGSEGV). At most 100000.',
    'All threads together may hold 1,048,576 frames: a call past them is a stack overflow too.',
  ),
  max_output: entry(
    'option max_output = 4194304',
    '**max_output**: characters of `print` output (a newline counted per line). Past it the run ends with result',
    '`output-limit`. At most 67108864.',
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
