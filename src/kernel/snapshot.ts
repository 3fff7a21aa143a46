// The one function that turns the kernel's state into the plain, serialisable snapshot the views
// show (ARCHITECTURE.md: views never reach into live objects). It is what the debug adapter's
// `futexlab/state` request returns, and what the debugger's Variables and console read: kernel
// state (VMA flags, ptes, pages, waiters) is described here once.

import type { Kernel } from './kernel';
import { lastFutexOp, type FutexOpView } from './last-futex-op';
import type { Mm, PageFrame, Vma } from './state';
import { PAGE_SIZE, hex } from './types';
import { keyLabel } from './futex/futex';
import type { RobustEntryView, RobustListView } from './futex/robust-view';

export type { RobustEntryView, RobustListView };
import type { KeyRule } from './futex/reason';

/** How a kernel developer writes a key (futex.ts): the views and the event log print keys with it. */
export { keyLabel };
import { ptePfn, ptePresent, ptesIn, pteSwapSlot, pteWritable } from './mm';
import { piView, type PiWordView } from './snapshot-pi';
import { taskView, type TaskView } from './snapshot-task';
import { processPid } from './task';
import { bucketCacheOf, bucketView, fdNumbers } from './snapshot-waiters';

/** The cached waiter and bucket views (snapshot-waiters.ts), as snapshot-lists.ts names them. */
export { bucketCacheOf, bucketViewAt, fdNumbers, waiterViewOf, type FdNumbers } from './snapshot-waiters';

export type { PiWordView };
/** The paged state's slices (snapshot-lists.ts): what debug/ and extension/ name of them. */
export type { KernelCounts, KernelListName, PinnersView, RobustRowView } from './snapshot-lists';

export interface WaiterView {
  q: number;
  /** Thread name, or `P fd N` for a FUTEX_FD registration. */
  who: string;
  tid: number;
  pid: number;
  key: string;
  /** The rule of get_futex_key (or re-key) that produced the key (futex/reason.ts). */
  rule: KeyRule;
  bucket: number;
  uaddr: string;
  /** The mm it waited in. */
  mm: number;
  since: number;
  /** pfn pinned for this waiter, or -1. */
  pinned: number;
  identity: string | null;
  /** What it holds: `mm#2`, `inode#1`, or ''. */
  ref: string;
  /**
   * A signal is pending on its thread: the thread is runnable but its futex_q stays queued until
   * it runs (kernel/signal.ts); a wake that takes it first makes the wait return 0, else -EINTR.
   */
  signalPending: boolean;
  /** PI lock waiter, requeue-PI state, plist priority (snapshot-pi.ts waiterPiLabel); '' for a plain waiter. */
  pi: string;
}

export interface BucketView {
  index: number;
  waiters: WaiterView[];
  /** More than one distinct key in the bucket. */
  collision: boolean;
}

export interface PteView {
  addr: string;
  /** `pfn 7 rw`, `pfn 7 ro`, `swap 3`. */
  entry: string;
  /** The page frame when present, else -1. */
  pfn: number;
  /** The swap slot of a swapped-out page, else -1. */
  swap: number;
}

export interface VmaView {
  start: string;
  end: string;
  /** start and end as numbers. */
  startAddr: number;
  endAddr: number;
  name: string;
  flags: VmaFlag[];
  backing: string;
  pgoff: number;
  ptes: PteView[];
}

export interface ProcessView {
  /** Its slot in the kernel's process table (what TaskView.pid and WaiterView.pid name). */
  pid: number;
  /**
   * The PID user space sees, getpid(): its first thread's TID, from 101 (task.ts processPid). The
   * views, hovers and console show this one; the slot showed as "pid 0" for the first process.
   */
  vpid: number;
  name: string;
  mm: number;
  /** mm_users and mm_count of its mm (0 once it has none). */
  mmUsers: number;
  mmCount: number;
  alive: boolean;
  threads: string[];
  vmas: VmaView[];
  fds: { fd: number; readable: boolean }[];
}

/** The page flags the views show, by their kernel names. */
export type PageFlag = 'PG_reserved' | 'anon' | 'PG_locked' | 'PG_swapcache' | 'pinned';
/** The vm_flags the views show. */
export type VmaFlag = 'VM_READ' | 'VM_WRITE' | 'VM_SHARED' | 'VM_MAYSHARE' | 'VM_NONLINEAR';

export interface PageView {
  pfn: number;
  count: number;
  mapcount: number;
  pins: number;
  flags: PageFlag[];
  /** `inode#1 db`, `swapper_space`, or ''. */
  mapping: string;
  index: number;
  mappers: { mm: number; process: string; addr: string }[];
  cowShared: boolean;
  /** First words of the page that are not zero: offset -> value. */
  words: { offset: string; value: number }[];
}

export type { TaskView };

export interface KernelView {
  step: number;
  clock: number;
  strategy: string;
  bucketCount: number;
  buckets: BucketView[];
  waiterCount: number;
  processes: ProcessView[];
  pages: PageView[];
  swap: { slot: number; count: number; cachedPfn: number }[];
  inodes: { ino: number; name: string; kind: string; count: number; size: number; cached: number; iSeq: number }[];
  tasks: TaskView[];
  /** Tasks on the run queue. */
  runnable: number;
  pinnedPages: number;
  stats: Kernel['s']['stats'];
  /** Every PI word with a pi_state (snapshot-pi.ts). */
  pi: PiWordView[];
  /** The last futex call's key lookup and outcome (last-futex-op.ts), null before the first. */
  lastFutexOp: FutexOpView | null;
}

function vmaFlags(v: Vma): VmaFlag[] {
  const f: (VmaFlag | false)[] = [v.read && 'VM_READ', v.write && 'VM_WRITE', v.shared && 'VM_SHARED', v.mayshare && 'VM_MAYSHARE', v.nonlinear && 'VM_NONLINEAR'];
  return f.filter((x): x is VmaFlag => x !== false);
}

function pageFlags(p: PageFrame): PageFlag[] {
  const f: (PageFlag | false)[] = [p.reserved && 'PG_reserved', p.anon && 'anon', p.locked && 'PG_locked', p.swapCache && 'PG_swapcache', p.pins > 0 && 'pinned'];
  return f.filter((x): x is PageFlag => x !== false);
}

function processName(k: Kernel, mmId: number): string {
  const p = k.s.procs.find((x) => x.mm === mmId);
  return p ? p.name : `mm#${mmId}`;
}

function vmaView(k: Kernel, m: Mm, v: Vma): VmaView {
  const ptes: PteView[] = [];
  for (const a of ptesIn(m, v.start, v.end)) {
    const pte = m.pt.get(a / PAGE_SIZE);
    if (pte === undefined) continue;
    ptes.push(ptePresent(pte)
      ? { addr: hex(a), entry: `pfn ${ptePfn(pte)} ${pteWritable(pte) ? 'rw' : 'ro'}`, pfn: ptePfn(pte), swap: -1 }
      : { addr: hex(a), entry: `swap ${pteSwapSlot(pte)}`, pfn: -1, swap: pteSwapSlot(pte) });
  }
  const file = v.ino >= 0 ? k.s.inodes[v.ino] : null;
  return {
    start: hex(v.start), end: hex(v.end), startAddr: v.start, endAddr: v.end, name: v.name, flags: vmaFlags(v),
    backing: file ? `inode#${file.ino} ${file.name}` : 'anon', pgoff: v.pgoff, ptes,
  };
}

export function pageView(k: Kernel, p: PageFrame): PageView {
  const mapping = !p.mapping ? '' : p.mapping.kind === 'swap' ? 'swapper_space' : `inode#${p.mapping.ino} ${k.s.inodes[p.mapping.ino]?.name ?? ''}`;
  const words: { offset: string; value: number }[] = [];
  for (let i = 0; i < p.data.length && words.length < 8; i++) if (p.data[i] !== 0) words.push({ offset: hex(i * 4), value: p.data[i] });
  return {
    pfn: p.pfn, count: p.count, mapcount: p.mapcount, pins: p.pins, flags: pageFlags(p), mapping, index: p.index,
    mappers: p.rmap.map((r) => ({ mm: r.mm, process: processName(k, r.mm), addr: hex(r.addr) })),
    cowShared: cowShared(k, p),
    words,
  };
}

/** An anon frame mapped read-only by more than one mm: shared until one of them writes (COW). */
export function cowShared(k: Kernel, p: PageFrame): boolean {
  return p.anon && new Set(p.rmap.map((r) => r.mm)).size > 1 && p.rmap.every((r) => {
    const pte = k.s.mms[r.mm]?.pt.get(r.addr / PAGE_SIZE);
    return pte !== undefined && !pteWritable(pte);
  });
}

/** The frames the Pages view shows: in use, and reserved ones only while mapped. */
export function shownPages(k: Kernel): PageFrame[] {
  return k.s.pages.filter((p): p is PageFrame => !!p && (!p.reserved || p.rmap.length > 0));
}

/** Fd views are cached per fd table (a process's Map): reused while it lists the same fds. */
const fdsCache = new WeakMap<Map<number, number>, ProcessView['fds']>();

function fdsView(k: Kernel, fds: Map<number, number>, fresh: boolean): ProcessView['fds'] {
  const c = fresh ? undefined : fdsCache.get(fds);
  if (c && c.length === fds.size) {
    let i = 0;
    let same = true;
    for (const [fd, f] of fds) {
      const e = c[i++];
      if (e.fd !== fd || e.readable !== !!k.s.files[f]?.readable) {
        same = false;
        break;
      }
    }
    if (same) return c;
  }
  const view = [...fds].map(([fd, f]) => ({ fd, readable: !!k.s.files[f]?.readable }));
  fdsCache.set(fds, view);
  return view;
}


export function processView(k: Kernel, p: Kernel['s']['procs'][number], fresh = false): ProcessView {
  const m = k.s.mms[p.mm];
  return {
    pid: p.pid, vpid: processPid(p), name: p.name, mm: p.mm, mmUsers: m?.users ?? 0, mmCount: m?.count ?? 0, alive: p.alive,
    threads: p.tids.map((t) => k.s.tasks[t].name),
    vmas: m ? m.vmas.map((v) => vmaView(k, m, v)) : [],
    fds: fdsView(k, p.fds, fresh),
  };
}

export type SwapView = KernelView['swap'][number];
export type InodeView = KernelView['inodes'][number];

export const swapView = (s: NonNullable<Kernel['s']['swap'][number]>): SwapView => ({ slot: s.slot, count: s.count, cachedPfn: s.cachePfn });
export const inodeView = (i: NonNullable<Kernel['s']['inodes'][number]>): InodeView =>
  ({ ino: i.ino, name: i.name, kind: i.kind, count: i.count, size: i.size, cached: i.cache.size, iSeq: i.iSeq });

/**
 * The snapshot of k. `fresh` builds every waiter and bucket view anew, ignoring (but refilling)
 * the caches: the plain version the caches are tested against.
 */
export function kernelView(k: Kernel, fresh = false): KernelView {
  const buckets: BucketView[] = [];
  let waiterCount = 0;
  // FUTEX_FD registrations are named after their fd: one pass over the fd tables.
  const fds = fdNumbers(k);
  const cache = bucketCacheOf(k);
  const table = k.s.futex.buckets;
  for (let index = 0; index < table.length; index++) {
    const b = table[index];
    if (b.length === 0) {
      cache[index] = undefined;
      continue;
    }
    buckets.push(bucketView(k, cache, b, index, fds, fresh));
    waiterCount += b.length;
  }
  return {
    ...kernelScalars(k, waiterCount), buckets,
    processes: k.s.procs.map((p) => processView(k, p, fresh)),
    pages: shownPages(k).map((p) => pageView(k, p)),
    swap: k.s.swap.filter((s) => !!s).map((s) => swapView(s!)),
    inodes: k.s.inodes.filter((i) => !!i).map((i) => inodeView(i!)),
    tasks: k.s.tasks.map((t) => taskView(k, t)),
    pi: piView(k),
  };
}

/** The KernelView without its lists (the top level of a paged state, snapshot-lists.ts). */
export type KernelScalars = Omit<KernelView, 'buckets' | 'processes' | 'pages' | 'swap' | 'inodes' | 'tasks' | 'pi'>;

/** The scalars of the snapshot: counts and the last futex call, no list built. */
export function kernelScalars(k: Kernel, waiterCount = k.s.futex.buckets.reduce((n, b) => n + b.length, 0)): KernelScalars {
  return {
    step: k.s.step, clock: k.s.clock, strategy: k.strategy.id, bucketCount: k.s.futex.buckets.length, waiterCount,
    runnable: k.s.runq.length, pinnedPages: k.s.pinned, stats: { ...k.s.stats }, lastFutexOp: lastFutexOp(k),
  };
}
