// A deep copy of the kernel state written out by hand: snapshots for reverse execution and the
// explorer take one per state, and structuredClone was 90% of the explorer's time. It must copy
// every mutable field of state.ts; test/kernel/clone.test.ts checks it against structuredClone.

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
  const queues = new Map<number, FutexQ>();
  for (const [id, q] of s.futex.queues) queues.set(id, copyQ(q));
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
    procs: s.procs.map((p) => ({ ...p, tids: p.tids.slice(), fds: new Map(p.fds) })),
    files: s.files.map((f) => f && { ...f, held: f.held && copyQ(f.held) }),
    fileSlab: { next: s.fileSlab.next, free: s.fileSlab.free.slice() },
    runq: s.runq.slice(),
    timers: s.timers.map((t) => ({ ...t })),
    // Bucket arrays are shared: the new epoch owns none of them (core.ts ownBucket copies on write).
    futex: { buckets: s.futex.buckets.slice(), owner: s.futex.owner.slice(), queues, nextQ: s.futex.nextQ },
    stats: { ...s.stats },
  };
}
