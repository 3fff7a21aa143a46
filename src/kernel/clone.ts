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

import type { FutexQ, KernelState, Mm, PageFrame, Slab, Task } from './state';

let epochs = 0;

/** A new epoch: a state copy that owns none of the page data it shares. */
export function newEpoch(): number {
  return ++epochs;
}

// Page data is shared, not copied: whoever writes a page whose owner is not its state's epoch
// copies it first (fault.ts writablePage).
// Written field by field (not with spreads): one clone per explored state makes this hot.
const copyPage = (p: PageFrame | null): PageFrame | null =>
  p && {
    pfn: p.pfn, count: p.count, mapcount: p.mapcount, pins: p.pins, anon: p.anon, reserved: p.reserved,
    locked: p.locked, lockedUntil: p.lockedUntil, swapCache: p.swapCache,
    mapping: p.mapping && (p.mapping.kind === 'swap' ? { kind: 'swap' } : { kind: 'inode', ino: p.mapping.ino }),
    index: p.index, rmap: p.rmap.map((r) => ({ mm: r.mm, addr: r.addr })), data: p.data, owner: p.owner,
  };

const copyTask = (t: Task): Task => ({
  tid: t.tid, name: t.name, pid: t.pid, state: t.state, wait: { ...t.wait }, timer: t.timer, retval: t.retval,
  sigpending: t.sigpending, clearTid: t.clearTid, killedBy: t.killedBy, sched: t.sched,
  robustHead: t.robustHead, robustLen: t.robustLen,
});

const copySlab = (s: Slab): Slab => ({ next: s.next, free: s.free.slice() });

const copyMm = (m: Mm | null): Mm | null =>
  m && {
    ...m,
    vmas: m.vmas.map((v) => ({ ...v, nonlinearMap: new Map(v.nonlinearMap) })),
    pt: new Map(m.pt),
    names: new Map(m.names),
  };

export const copyQ = (q: FutexQ): FutexQ => {
  const c = { ...q, key: { ...q.key }, ref: q.ref && { ...q.ref }, vcache: q.vcache && { ...q.vcache } };
  if (q.requeuePi) c.requeuePi = { ...q.requeuePi, key2: { ...q.requeuePi.key2 } };
  return c;
};

export function cloneState(s: KernelState): KernelState {
  return {
    epoch: newEpoch(),
    clock: s.clock,
    pinned: s.pinned,
    step: s.step,
    lives: s.lives,
    iSeqNext: s.iSeqNext,
    pages: s.pages.map(copyPage),
    pageSlab: copySlab(s.pageSlab),
    inodes: s.inodes.map((i) => i && { ...i, cache: new Map(i.cache), shmSwap: new Map(i.shmSwap) }),
    inodeSlab: copySlab(s.inodeSlab),
    // Disk blocks and swap data are replaced when written, never written in place: shared.
    disk: s.disk.size === 0 ? new Map() : new Map([...s.disk].map(([k, d]) => [k, { ...d, blocks: new Map(d.blocks) }])),
    swap: s.swap.map((x) => x && { ...x }),
    swapSlab: copySlab(s.swapSlab),
    mms: s.mms.map(copyMm),
    mmSlab: copySlab(s.mmSlab),
    tasks: s.tasks.map(copyTask),
    // fd tables, open files and their array are shared (fd.ts ownFds, ownFile, ownFiles copy on write).
    procs: s.procs.map((p) => ({ ...p, tids: p.tids.slice() })),
    files: s.files,
    filesOwner: s.filesOwner,
    fileSlab: copySlab(s.fileSlab),
    runq: s.runq.slice(),
    nrProcs: s.nrProcs,
    nrThreads: s.nrThreads,
    timers: s.timers.map((t) => ({ ...t })),
    nextTimer: s.nextTimer,
    rng: s.rng,
    // Bucket arrays, the queues Map and the futex_qs are shared: the new epoch owns none of them
    // (core.ts ownBucket, ownQueues and futexQ copy on write).
    futex: { buckets: s.futex.buckets.slice(), owner: s.futex.owner.slice(), queues: s.futex.queues, queuesOwner: s.futex.queuesOwner, nextQ: s.futex.nextQ },
    prioTasks: s.prioTasks,
    pi: {
      states: s.pi.states.map((p) => ({ ...p, key: { ...p.key }, waiters: p.waiters.map((w) => ({ ...w })) })),
      next: s.pi.next, seq: s.pi.seq,
    },
    stats: { ...s.stats },
  };
}
