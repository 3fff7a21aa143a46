// A step's footprint for dynamic partial-order reduction (dpor.ts, docs/explore.md): the kernel
// objects it reads and writes, and the threads it wakes. Two steps of different threads are
// independent when neither writes what the other reads or writes; then running them in either
// order reaches the same state, and neither enables nor disables the other.
//
// The footprint is taken from what the kernel records while the step runs, never guessed from
// the statement's text:
// - user words, by physical identity (frame, index), from fault.ts's word accessors
//   (kernel/footprint.ts); a page fault makes the step global;
// - futex hash buckets, from the `key` and `queue` events (a bucket's futex_q list is ordered, so
//   two queue operations on one bucket do not commute, even on different keys);
// - the pi_states and their rt_mutex waiter queues, from the PI statements and `pi-lock` events,
//   as one object (a PI lock may boost an owner that holds other PI words: the chain walk reads
//   every pi_state on it, kernel/futex/pi.ts);
// - a process's thread list, when a thread ends quietly (exit event, its process lives on);
// - pins and strategy refcounts, from `pin`/`unpin`/`ref` events;
// - who may run (Sched), when priorities are in play (kernel/prio.ts: only the threads of the
//   highest effective priority are choices): every step reads it, a step that wakes, blocks,
//   ends or boosts a thread writes it.
// Everything else is global: a statement outside the list below, an event kind not listed, a
// pending timer before or after the step (a step moves the clock, and a timer that fires between
// two steps lands on whichever ran first), a pending signal or futex_waitv wake-up.

import type { Session } from '../session/session';
import type { KernelEvent } from '../kernel/events';
import { FootprintRecorder, Obj, obj } from '../kernel/footprint';
import { inVectorWait } from '../kernel/futex/waitv';

export interface Footprint {
  tid: number;
  global: boolean;
  reads: number[];
  writes: number[];
  /** Threads this step woke: the wake happens before their next step. */
  woke: number[];
}

/** Statements whose whole effect is in the recorder and the events. */
const ITEMIZED_RHS = new Set(['expr', 'call', 'load', 'cas', 'xchg', 'fetch_add', 'fetch_sub', 'gettid',
  'futex_wait', 'futex_wake', 'futex_requeue', 'futex_cmp_requeue', 'futex_wake_op']);
const PI_RHS = new Set(['futex_lock_pi', 'futex_lock_pi2', 'futex_trylock_pi', 'futex_unlock_pi', 'futex_wait_requeue_pi', 'futex_cmp_requeue_pi']);
const ITEMIZED_OP = new Set(['store', 'branch', 'jump', 'return', 'assert', 'print', 'yield']);

/** Events that say nothing the footprint does not already hold. */
const QUIET_EVENTS = new Set(['syscall', 'block', 'unqueue', 'wake', 'requeue', 'pi-lock', 'pi-boost']);
/** The teardown of the last process (nothing runs after it; see stepFootprint). */
const TEARDOWN_EVENTS = new Set(['process-exit', 'mm-free', 'munmap', 'inode-evict', 'fd', 'unpin', 'ref', 'swap-cache', 'writeback']);

const prioritiesMatter = (s: Session): boolean => s.k.s.prioTasks > 0 || s.k.s.pi.states.length > 0;

/**
 * Run one step of thread `tid` and return its footprint. `rec` is reused between steps (the
 * kernel records into it only while this runs).
 */
export function stepWithFootprint(s: Session, tid: number, rec: FootprintRecorder): Footprint {
  const k = s.k;
  const th = s.threads[tid];
  const frame = th.frames[th.frames.length - 1];
  const ins = frame ? s.program.units[frame.unit].code[frame.pc] : undefined;
  const task = k.s.tasks[tid];
  let global = task.sigpending || inVectorWait(task) || k.s.timers.length > 0 || !ins;
  let pi = false;
  if (ins && !global) {
    if (ins.op === 'set') {
      if (PI_RHS.has(ins.rhs.kind)) pi = true;
      else if (!ITEMIZED_RHS.has(ins.rhs.kind)) global = true;
    } else if (!ITEMIZED_OP.has(ins.op)) global = true;
  }
  const prioBefore = prioritiesMatter(s);
  const from = k.eventCount;
  rec.reset();
  k.fp = rec;
  try {
    s.step(tid);
  } finally {
    k.fp = null;
  }
  const reads = new Set<number>(rec.reads);
  const writes = new Set<number>(rec.writes);
  const woke: number[] = [];
  global ||= rec.global || k.s.timers.length > 0;
  let schedWrite = false;
  let exited = false;
  let teardown = false;
  const pidOf = task.pid;
  for (let i = from; i < k.eventCount; i++) {
    const e = s.eventAt(i) as KernelEvent;
    switch (e.type) {
      case 'key': writes.add(obj(Obj.Bucket, e.bucket)); break;
      case 'queue': writes.add(obj(Obj.Bucket, e.bucket)); break;
      case 'wakeup': woke.push(e.tid); schedWrite = true; break;
      case 'pin': case 'pin-limit': writes.add(obj(Obj.Pins)); break;
      case 'pi-lock': pi = true; break;
      case 'pi-boost': pi = true; schedWrite = true; break;
      case 'block': schedWrite = true; break;
      case 'exit':
        if (e.how === 'ended' && e.tid === tid) { exited = true; schedWrite = true; } else global = true;
        break;
      default:
        if (TEARDOWN_EVENTS.has(e.type)) { teardown = true; if (e.type === 'unpin') writes.add(obj(Obj.Pins)); if (e.type === 'ref') writes.add(obj(Obj.Refs)); }
        else if (!QUIET_EVENTS.has(e.type)) global = true;
    }
  }
  // A thread that ends quietly drops itself from its process's thread list: two such ends commute.
  // The end of the last thread of the last live process tears the process down; nothing runs
  // after it, and the teardown is the same whichever thread ended last, so it counts as a quiet
  // end too. A process exit while another process lives on (its pages, inodes and fds are shared
  // with it) is global.
  if (exited) reads.add(obj(Obj.Proc, pidOf));
  if (teardown && (!exited || k.s.tasks.some((t) => t.state !== 'ended' && t.state !== 'killed'))) global = true;
  if (pi) writes.add(obj(Obj.Pi));
  if (prioBefore || prioritiesMatter(s)) {
    if (schedWrite) writes.add(obj(Obj.Sched));
    else reads.add(obj(Obj.Sched));
  }
  for (const w of writes) reads.delete(w);
  return { tid, global, reads: [...reads], writes: [...writes], woke };
}

/** Do two steps conflict (one writes what the other touches)? Steps of one thread always do. */
export function dependent(a: Footprint, b: Footprint): boolean {
  if (a.tid === b.tid || a.global || b.global) return true;
  return meets(a.writes, b.writes) || meets(a.writes, b.reads) || meets(b.writes, a.reads);
}

function meets(x: number[], y: number[]): boolean {
  if (x.length === 0 || y.length === 0) return false;
  for (const a of x) for (const b of y) if (a === b) return true;
  return false;
}

/** The union of the footprints of many steps of one thread (a state's summary, dpor.ts). */
export class FootprintUnion {
  global = false;
  readonly reads = new Set<number>();
  readonly writes = new Set<number>();

  add(f: { global: boolean; reads: Iterable<number>; writes: Iterable<number> }): void {
    if (f.global) this.global = true;
    if (this.global) return;
    for (const r of f.reads) this.reads.add(r);
    for (const w of f.writes) this.writes.add(w);
  }

  /** Does a step conflict with some step of the union? */
  meets(f: Footprint): boolean {
    if (this.global || f.global) return true;
    for (const w of f.writes) if (this.writes.has(w) || this.reads.has(w)) return true;
    for (const r of f.reads) if (this.writes.has(r)) return true;
    return false;
  }
}
