// The shape of the kernel state, written once (ARCHITECTURE.md "The shape of the kernel state has
// one owner"). Every field of every record of state.ts is listed here with
// - its shape (a number, a string, a record, a list, slots, a Map, an Int32Array ...), from which
//   the state copy is derived (clone.ts copyShape): copied structurally unless the shape says it
//   is shared (`share`);
// - its encoding rule for the explorer's state identity (explore/encode-kernel.ts): encoded as a
//   value, relative to the clock, with tids renamed for symmetry, or left out with the reason no
//   future step can observe it.
// The tables are typed against the interfaces of state.ts (`Fields<T>` needs every key), so a
// field added to the state and not to this file does not compile; test/kernel/shape.test.ts walks
// live states and fails on any property the tables do not list, and checks that the copy and the
// encoding follow them field by field.
//
// Issue #11: both false proofs of the explorer came from a field one hand-written walk forgot.

import type {
  DiskFile, FutexHash, FutexQ, Inode, KernelState, KeyRef, Mm, OpenFile, PageFrame, PiState, PiTable, Process, RefIdentity,
  RtWaiter, SchedAttr, Slab, Stats, SwapSlot, Task, Timer, Vma,
} from './state';
import type { KeyReason } from './futex/reason';
import type { FutexKey } from './futex/futex';

/**
 * How a field enters the explorer's state identity.
 * - 'value': as it is; 'tid': a task id renamed by thread symmetry (a list of them: as a set); 'clock': relative to the
 *   clock (an expiry); 'present': only whether it is >= 0 (an allocation-counter id of something
 *   encoded elsewhere); 'queue': futex_q ids, each encoded as the futex_q it names.
 * - { clockWhile }: relative to the clock while the named boolean field of the same record is set
 *   (stale and unobservable otherwise).
 * - { skip }: left out; the string says why no future step can observe it.
 * - 'thread': encoded with the owning thread's local state (explore/encode.ts), so that symmetric
 *   threads sort with their task.
 */
export type Encode =
  | 'value' | 'tid' | 'clock' | 'present' | 'queue' | 'thread'
  | { clockWhile: string }
  | { skip: string };

/**
 * What a value is. `share`: the copy holds the same object. 'immutable': never written in place
 * (replaced when written); 'cow': shared copy-on-write, written only by the state whose epoch
 * matches its owner, which copies it first (clone.ts explains who owns what).
 */
export type Shape =
  | { k: 'num' } | { k: 'bool' } | { k: 'str' }
  | { k: 'words'; share: 'immutable' | 'cow' }
  | { k: 'rec'; name: string; fields: Record<string, Field>; share?: 'cow' }
  | { k: 'union'; name: string; tag: string; cases: Record<string, Record<string, Field>> }
  | { k: 'list'; of: Shape; share?: 'cow' }
  | { k: 'slots'; of: Shape; share?: 'cow' }
  | { k: 'map'; of: Shape; share?: 'cow' }
  | { k: 'opt'; of: Shape };

export interface Field {
  s: Shape;
  e: Encode;
  /**
   * The record's field holding a write stamp this field is unchanged under (vm-stamp.ts): a restore
   * in place leaves it alone when both states hold the same stamp, and the explorer hashes the
   * fields stamped together as one part it keeps across steps (explore/encode-hash.ts).
   */
  stamp?: string;
}

/** Every key of T, each with its shape and encoding rule. */
type Fields<T> = { [K in keyof T]-?: Field };

const num: Shape = { k: 'num' };
const bool: Shape = { k: 'bool' };
const str: Shape = { k: 'str' };
const v = (s: Shape): Field => ({ s, e: 'value' });
const skip = (s: Shape, why: string): Field => ({ s, e: { skip: why } });
/** A value of the group under write stamp `stamp` (vm-stamp.ts). */
const under = (stamp: 'pageStamp' | 'mmStamp' | 'procStamp') => (s: Shape): Field => ({ s, e: 'value', stamp });
const pageV = under('pageStamp');
const mmV = under('mmStamp');
const procV = under('procStamp');
const rec = <T>(name: string, fields: Fields<T>, share?: 'cow'): Shape => ({ k: 'rec', name, fields: fields as Record<string, Field>, share });

const POSITION = 'equals its slot number, which the encoding of the slots already gives';
const OWNER = 'copy-on-write bookkeeping (which state copy may write it in place), not kernel state';
const LIVES = 'hands out fresh lifetime numbers; those already handed out are encoded where stored';
// An mm's or inode's lifetime number is encoded: the reference oracle calls a waiter stale when
// its identity's lifetime has died (session/oracle.ts deadLives), so a state whose mm was freed
// and allocated again in the same slot must not merge with one where it never was.
const life = (): Field => v(num);
const STATS = 'statistics for the views; no rule reads them';
const STAMP = 'a write stamp for restores and the explorer\'s kept hashes (vm-stamp.ts); what it stamps is encoded';
const EXPLAIN = 'which rule produced the key, for explanations; no step reads it';
const Q_PI = 'encoded by explore/encode-pi.ts with the futex_q\'s place in its bucket';

export const SLAB = rec<Slab>('Slab', {
  // The allocator decides the slot numbers of future objects, which are encoded (and hash keys).
  next: v(num),
  free: v({ k: 'list', of: num }),
});

export const PAGE = rec<PageFrame>('PageFrame', {
  pfn: skip(num, POSITION),
  count: v(num), mapcount: v(num), pins: v(num), anon: v(bool), reserved: v(bool), locked: v(bool),
  lockedUntil: { s: num, e: { clockWhile: 'locked' } },
  swapCache: v(bool),
  mapping: v({ k: 'opt', of: { k: 'union', name: 'PageMapping', tag: 'kind', cases: { inode: { kind: v(str), ino: v(num) }, swap: { kind: v(str) } } } }),
  index: v(num),
  // The order of the reverse map is the order in which swap-out visits the ptes.
  rmap: v({ k: 'list', of: rec<{ mm: number; addr: number }>('Rmap', { mm: v(num), addr: v(num) }) }),
  data: v({ k: 'words', share: 'cow' }),
  owner: skip(num, OWNER),
});

export const DISK_FILE = rec<DiskFile>('DiskFile', {
  name: v(str), kind: v(str), pages: v(num),
  // Written-back blocks: what a page read back from disk holds (issue #11, the second false proof).
  blocks: v({ k: 'map', of: { k: 'words', share: 'immutable' } }),
  ino: v(num),
});

export const INODE = rec<Inode>('Inode', {
  ino: skip(num, POSITION),
  life: life(),
  kind: v(str), name: v(str), disk: v(str), size: v(num), count: v(num),
  cache: v({ k: 'map', of: num }),
  shmSwap: v({ k: 'map', of: num }),
  iSeq: v(num),
});

export const SWAP_SLOT = rec<SwapSlot>('SwapSlot', {
  slot: skip(num, POSITION),
  count: v(num),
  data: v({ k: 'opt', of: { k: 'words', share: 'immutable' } }),
  cachePfn: v(num),
});

export const VMA = rec<Vma>('Vma', {
  start: v(num), end: v(num), read: v(bool), write: v(bool), shared: v(bool), mayshare: v(bool), nonlinear: v(bool),
  ino: v(num), pgoff: v(num), nonlinearMap: v({ k: 'map', of: num }), backing: v(str), name: v(str), rdonlyFile: v(bool),
});

export const MM = rec<Mm>('Mm', {
  id: skip(num, POSITION),
  life: life(),
  vmas: v({ k: 'list', of: VMA }),
  pt: v({ k: 'map', of: num }),
  users: v(num), count: v(num),
  mmapBase: v(num),
  names: v({ k: 'map', of: num }),
});

const WAIT: Shape = {
  k: 'union', name: 'TaskWait', tag: 'kind', cases: {
    none: { kind: v(str) },
    // The futex_q is encoded in its bucket, with this task's (renamed) tid.
    futex: {
      kind: v(str), q: { s: num, e: 'present' }, signalled: v(bool),
      // futex_waitv (futex/waitv.ts): each entry's futex_q is encoded in its bucket, with its vindex.
      v: { s: { k: 'opt', of: { k: 'list', of: num } }, e: { skip: 'each entry\'s futex_q is encoded in its bucket with its vindex and this task\'s tid' } },
      vwoken: v(bool),
    },
    poll: { kind: v(str), fd: v(num), file: v(num) },
    'page-lock': { kind: v(str), pfn: v(num), since: skip(num, 'a clock stamp for the page-lock wait statistics') },
    sleep: { kind: v(str) },
  },
};

export const TASK = rec<Task>('Task', {
  tid: skip(num, POSITION),
  name: skip(str, 'for the views; the code a task runs is encoded with its thread'),
  pid: v(num), state: v(str), wait: v(WAIT),
  timer: { s: num, e: 'present' },
  retval: v(num), sigpending: v(bool), clearTid: v(num),
  killedBy: skip(str, 'text for the views; the task state says it was killed'),
  // set_robust_list (futex/robust.ts): what the thread-end walk reads.
  robustHead: v(num), robustLen: v(num),
  // The scheduling policy and priority (kernel/prio.ts): who may run next.
  sched: v(rec<SchedAttr>('SchedAttr', { policy: v(str), prio: v(num), nice: v(num) })),
  stamp: skip(num, 'a write stamp for the explorer\'s kept thread hashes (task-stamp.ts); what it stamps is encoded'),
});

export const KEY = rec<FutexKey>('FutexKey', { kind: v(str), ptr: v(num), word: v(num), off: v(num) });

const KEY_REF = rec<{ kind: KeyRef['kind']; id: number }>('KeyRef', { kind: v(str), id: v(num) });

export const REF_IDENTITY = rec<RefIdentity>('RefIdentity', {
  id: v(str),
  label: skip(str, 'text for the views, made from the mm or inode slot and address'),
  kind: v(str), life: v(num), index: v({ k: 'opt', of: num }),
});

export const FUTEX_Q = rec<FutexQ>('FutexQ', {
  id: skip(num, 'an allocation counter; a futex_q is encoded by its place in its bucket'),
  key: v(KEY),
  bucket: skip(num, 'the bucket holding it, which the encoding of the buckets gives'),
  tid: { s: num, e: 'tid' },
  pid: v(num), file: v(num), mm: v(num),
  mmLife: skip(num, 'a lifetime number for the undefined-behaviour notes of the views'),
  uaddr: v(num), pinned: v(num),
  ref: v({ k: 'opt', of: KEY_REF }),
  vcache: v({ k: 'opt', of: rec<{ mm: number; addr: number }>('Vcache', { mm: v(num), addr: v(num) }) }),
  ref_identity: v({ k: 'opt', of: REF_IDENTITY }),
  since: skip(num, 'the step it was queued at, for the views'),
  unchecked: v(bool),
  owner: skip(num, OWNER),
  // Which rule produced the key: explanations only. Two paths that differ in it alone merge, and
  // one explanation may be dropped, never a verdict (issue #13's note).
  reason: skip(rec<KeyReason>('KeyReason', { rule: skip(str, EXPLAIN), life: skip(num, EXPLAIN) }), EXPLAIN),
  // FUTEX_WAIT_BITSET's mask and the futex_waitv entry index (futex/bitset.ts, waitv.ts).
  bitset: v(num), vindex: v(num),
  // plist priority (2.6.22+), the PI state and the requeue-PI state (futex/pi.ts, requeue-pi.ts).
  prio: v({ k: 'opt', of: num }),
  // Encoded by explore/encode-pi.ts with the queue's place, a pi_state named by its key (its id is
  // an allocation counter).
  pi: skip({ k: 'opt', of: num }, Q_PI),
  requeuePi: skip({ k: 'opt', of: rec<NonNullable<FutexQ['requeuePi']>>('RequeuePi', { key2: skip(KEY, Q_PI), uaddr2: skip(num, Q_PI), state: skip(str, Q_PI) }) }, Q_PI),
  // What a signalled PI waiter's restart re-issues (futex/pi-early.ts).
  piCall: v({ k: 'opt', of: rec<NonNullable<FutexQ['piCall']>>('PiCall', { op: v(str), val: v(num), priv: v(bool) }) }),
}, 'cow');

export const OPEN_FILE = rec<OpenFile>('OpenFile', {
  id: skip(num, POSITION),
  count: v(num),
  q: { s: num, e: 'present' },
  readable: v(bool), signal: v(num), ownerPid: v(num),
  fd: skip(num, 'the fd number its process\'s fd table gives (a hint kept for the views)'),
  held: v({ k: 'opt', of: FUTEX_Q }),
  owner: skip(num, OWNER),
}, 'cow');

export const PROCESS = rec<Process>('Process', {
  pid: v(num), name: v(str), mm: v(num),
  // Encoded as a set once renamed (creation order is ascending tids, which renaming permutes).
  tids: { s: { k: 'list', of: num }, e: 'tid' },
  fds: v({ k: 'map', of: num, share: 'cow' }),
  fdsOwner: skip(num, OWNER),
  alive: v(bool),
  // files->next_fd: where the next fd search starts (fd.ts lowestFreeFd).
  nextFd: v(num),
});

export const TIMER = rec<Timer>('Timer', {
  // Timers fire in (expires, id) order (sched.ts): the list keeps id order, so ids need not be encoded.
  id: skip(num, 'an allocation counter; the list is in id order, which is all that firing order reads'),
  expires: { s: num, e: 'clock' },
  kind: v(str),
  tid: { s: num, e: 'tid' },
  pfn: v(num),
});

export const FUTEX_HASH = rec<FutexHash>('FutexHash', {
  // Shared by snapshots, copied by the first bucket write after one (core.ts ownBucket): copying
  // the 256 slots of both at every snapshot and restore was ~40% of the explorer's restore.
  buckets: { s: { k: 'list', of: { k: 'list', of: num, share: 'cow' }, share: 'cow' }, e: 'queue' },
  owner: skip({ k: 'list', of: num, share: 'cow' }, OWNER),
  tableOwner: skip(num, OWNER),
  queues: skip({ k: 'map', of: FUTEX_Q, share: 'cow' }, 'every queued futex_q is encoded in its bucket, in queue order'),
  queuesOwner: skip(num, OWNER),
  nextQ: skip(num, 'an allocation counter for futex_q ids, which are not encoded'),
});

// The PI table is encoded by explore/encode-pi.ts (owners and waiters renamed), not field by field.
const PI_ENC = 'encoded by explore/encode-pi.ts';
const pi = (s: Shape): Field => skip(s, PI_ENC);
const RT_WAITER = rec<RtWaiter>('RtWaiter', { tid: pi(num), q: pi(num), seq: pi(num) });

export const PI_STATE = rec<PiState>('PiState', {
  id: pi(num), key: pi(KEY), mm: pi(num), mmLife: pi(num), uaddr: pi(num), owner: pi(num),
  waiters: pi({ k: 'list', of: RT_WAITER }),
  pending: pi({ k: 'opt', of: rec<NonNullable<PiState['pending']>>('PendingOwner', { tid: pi(num), seq: pi(num), q: pi(FUTEX_Q), expires: pi(num) }) }),
});

const PI_TABLE = rec<PiTable>('PiTable', { states: pi({ k: 'list', of: PI_STATE }), next: pi(num), seq: pi(num) });

export const STATS_SHAPE = rec<Stats>('Stats', {
  pinnedPagesMax: skip(num, STATS), cowCopies: skip(num, STATS), swapOuts: skip(num, STATS),
  pageLockWaits: skip(num, STATS), pageLockWaitTicks: skip(num, STATS), hashCollisions: skip(num, STATS),
});

export const KERNEL_STATE = rec<KernelState>('KernelState', {
  epoch: skip(num, OWNER),
  clock: skip(num, 'every expiry is encoded relative to it; nothing else reads its absolute value'),
  step: skip(num, 'the step counter: it only stamps events and bounds a run (max_steps, reported as bounded)'),
  lives: skip(num, LIVES),
  iSeqNext: skip(num, 'hands out fresh i_seq numbers; those already handed out are encoded where stored'),
  pageStamp: skip(num, STAMP),
  mmStamp: skip(num, STAMP),
  procStamp: skip(num, STAMP),
  // The memory and the processes, in groups (one write stamp each): the explorer writes each group
  // as a part of the state's ints (encode-vec.ts writeKernelGroup), kept while its stamp is.
  pages: pageV({ k: 'slots', of: PAGE }),
  pageSlab: pageV(SLAB),
  inodes: pageV({ k: 'slots', of: INODE }),
  inodeSlab: pageV(SLAB),
  disk: pageV({ k: 'map', of: DISK_FILE }),
  swap: pageV({ k: 'slots', of: SWAP_SLOT }),
  swapSlab: pageV(SLAB),
  mms: mmV({ k: 'slots', of: MM }),
  mmSlab: mmV(SLAB),
  procs: procV({ k: 'list', of: PROCESS }),
  fileSlab: procV(SLAB),
  pinned: v(num),
  tasks: { s: { k: 'list', of: TASK }, e: 'thread' },
  files: v({ k: 'slots', of: OPEN_FILE, share: 'cow' }),
  filesOwner: skip(num, OWNER),
  runq: skip({ k: 'list', of: num }, 'the explorer picks any runnable thread; the run queue order only serves the session\'s own scheduler'),
  timers: v({ k: 'list', of: TIMER }),
  nextTimer: skip(num, 'an allocation counter for timer ids, which are not encoded'),
  rng: v(num),
  futex: v(FUTEX_HASH),
  stats: v(STATS_SHAPE),
  // Live processes and threads (limits.ts): fork and spawn fail with -EAGAIN past the limits.
  nrProcs: v(num), nrThreads: v(num),
  prioTasks: skip(num, 'how many tasks have a priority, a fast-path switch derived from the tasks (kernel/prio.ts)'),
  // pi_states and their rt_mutex waiters (futex/pi-state.ts), with owners and waiters renamed.
  pi: { s: PI_TABLE, e: { skip: 'encoded by explore/encode-pi.ts, with owners and waiters renamed by thread symmetry' } },
});
