// A deep copy of the kernel state written out by hand: snapshots for reverse execution and the
// explorer take one per state, and structuredClone was 90% of the explorer's time. It must copy
// every mutable field of state.ts; test/kernel/clone.test.ts checks it against structuredClone.
//
// What the live state changes little between two checkpoints is shared, not copied, and copied
// on the first write by whichever state writes it (an `owner` epoch says who may write in place):
// page data (fault.ts writablePage), bucket arrays (futex/core.ts ownBucket), the queues Map and
// each futex_q (core.ts ownQueues, futexQ/findQ), the open file array, the open files with their
// held futex_q and the processes' fd tables (futex/fd.ts ownFiles, ownFile, ownFds). A checkpoint
// of a state with 10,000 queued waiters then costs little more than its tasks, mms and slot
// arrays. test/kernel/clone.test.ts checks that copies stay independent however they are written.

import type { FutexQ, KernelState, Mm, PageFrame } from './state';

let epochs = 0;

/** A new epoch: a state copy that owns none of the page data it shares. */
export function newEpoch(): number {
  return ++epochs;
}

// Page data is shared, not copied: whoever writes a page whose owner is not its state's epoch
// copies it first (fault.ts writablePage).
const copyPage = (p: PageFrame | null): PageFrame | null =>
  p && {
    ...p,
    mapping: p.mapping && { ...p.mapping },
    rmap: p.rmap.map((r) => ({ mm: r.mm, addr: r.addr })),
  };

const copyMm = (m: Mm | null): Mm | null =>
  m && {
    ...m,
    vmas: m.vmas.map((v) => ({ ...v, nonlinearMap: new Map(v.nonlinearMap) })),
    pt: new Map(m.pt),
    names: new Map(m.names),
  };

export const copyQ = (q: FutexQ): FutexQ => ({
  ...q,
  key: { ...q.key },
  ref: q.ref && { ...q.ref },
  vcache: q.vcache && { ...q.vcache },
});

export function cloneState(s: KernelState): KernelState {
  return {
    ...s,
    epoch: newEpoch(),
    pages: s.pages.map(copyPage),
    pageSlab: { next: s.pageSlab.next, free: s.pageSlab.free.slice() },
    inodes: s.inodes.map((i) => i && { ...i, cache: new Map(i.cache), shmSwap: new Map(i.shmSwap) }),
    inodeSlab: { next: s.inodeSlab.next, free: s.inodeSlab.free.slice() },
    disk: new Map([...s.disk].map(([k, d]) => [k, { ...d, blocks: new Map([...d.blocks].map(([i, b]) => [i, b.slice()])) }])),
    swap: s.swap.map((x) => x && { ...x, data: x.data && x.data.slice() }),
    swapSlab: { next: s.swapSlab.next, free: s.swapSlab.free.slice() },
    mms: s.mms.map(copyMm),
    mmSlab: { next: s.mmSlab.next, free: s.mmSlab.free.slice() },
    tasks: s.tasks.map((t) => ({ ...t, wait: { ...t.wait } })),
    // fd tables, open files and their array are shared (fd.ts ownFds, ownFile, ownFiles copy on write).
    procs: s.procs.map((p) => ({ ...p, tids: p.tids.slice() })),
    files: s.files,
    fileSlab: { next: s.fileSlab.next, free: s.fileSlab.free.slice() },
    runq: s.runq.slice(),
    timers: s.timers.map((t) => ({ ...t })),
    // Bucket arrays, the queues Map and the futex_qs are shared: the new epoch owns none of them
    // (core.ts ownBucket, ownQueues and futexQ copy on write).
    futex: { buckets: s.futex.buckets.slice(), owner: s.futex.owner.slice(), queues: s.futex.queues, queuesOwner: s.futex.queuesOwner, nextQ: s.futex.nextQ },
    stats: { ...s.stats },
  };
}
