// The oracle's rules for PI futexes and priorities (GROUND-TRUTH.md §8.7):
//   - `pi-state-inconsistent`: a PI word enters an invalid row of the pi_state consistency table
//     (kernel/futex/pi-state.ts), reported with its row and the step that moved it there;
//   - `dangling-rt-waiter`: a thread is back in user space while an rt_waiter of its call is still
//     linked in an rt_mutex (CVE-2014-3153). Unreachable under `modern` (the kernel's invariants
//     check it there: reaching it would be a simulator bug);
//   - `priority-inversion`: a blocked thread H is woken or handed a lock by L while a thread M
//     with priority above L's and below H's ran; at the end of a run, a thread still blocked while
//     lower-priority threads ran. The length is the ticks M ran.
// Nothing here runs for a scenario without priorities or PI words, so version-1 runs are unchanged.

import type { Kernel } from '../kernel/kernel';
import type { KernelEvent } from '../kernel/events';
import type { Anomaly } from './oracle';
import { auditPi, VALID_ROWS } from '../kernel/futex/pi-state';
import { basePrio, effectivePrio, prioritiesInPlay, schedLabel } from '../kernel/prio';
import { ETIMEDOUT, hex } from '../kernel/types';

/**
 * What ran while a thread was blocked in a futex call: runner tid -> its ticks, its highest
 * priority, and for each lower-priority thread that was runnable meanwhile, the ticks it was kept
 * off the CPU (an inversion is M running while the lock holder L could have run).
 */
interface BlockedRecord {
  since: number;
  ran: Map<number, { ticks: number; prio: number; over: Map<number, number> }>;
}

export interface PiOracle {
  /** pi_state id -> its last row (only words that have a pi_state). */
  rows: Map<number, number>;
  /** `tid:ps` of dangling rt_waiters already reported. */
  dangling: Set<string>;
  blocked: Map<number, BlockedRecord>;
}

export function newPiOracle(): PiOracle {
  return { rows: new Map(), dangling: new Set(), blocked: new Map() };
}

export function clonePiOracle(o: PiOracle): PiOracle {
  if (o.rows.size === 0 && o.dangling.size === 0 && o.blocked.size === 0) return newPiOracle();
  const blocked = new Map<number, BlockedRecord>();
  for (const [tid, r] of o.blocked) blocked.set(tid, copyBlocked(r));
  return { rows: new Map(o.rows), dangling: new Set(o.dangling), blocked };
}

/** Make `o` equal to clonePiOracle(from), written into o's own Maps and Set (oracle.ts restoreOracleInto). */
export function restorePiOracleInto(o: PiOracle, from: PiOracle): void {
  if (o.rows.size > 0) o.rows.clear();
  if (from.rows.size > 0) for (const [k, r] of from.rows) o.rows.set(k, r);
  if (o.dangling.size > 0) o.dangling.clear();
  if (from.dangling.size > 0) for (const x of from.dangling) o.dangling.add(x);
  if (o.blocked.size > 0) o.blocked.clear();
  if (from.blocked.size > 0) for (const [tid, r] of from.blocked) o.blocked.set(tid, copyBlocked(r));
}

/** A blocked record's copy: its Maps are written in place as the thread waits. */
function copyBlocked(r: BlockedRecord): BlockedRecord {
  return { since: r.since, ran: new Map([...r.ran].map(([t, x]) => [t, { ...x, over: new Map(x.over) }])) };
}

const ROW_WHY: Record<number, string> = {
  3: 'a non-PI waiter is queued on the PI word',
  5: 'OWNER_DIED is set and pi_state has no owner, but the word holds a TID',
  7: 'pi_state has no owner but OWNER_DIED is not set',
  9: 'the word holds TID 0 without OWNER_DIED while the kernel has waiters and an owner',
  10: "the word's TID is not pi_state->owner's",
};

/** What a step did, for the table anomaly: `A/t1's store at line 12`, and whether user space wrote memory. */
export interface StepCause {
  text: string;
  user: boolean;
}

/** After every step: the table row of every PI word and the dangling rt_waiters. */
export function checkPiState(o: PiOracle, anomalies: Anomaly[], k: Kernel, step: number, cause: StepCause, causeThread: string): void {
  if (k.s.pi.states.length === 0) {
    if (o.rows.size > 0) o.rows.clear();
    return;
  }
  const a = auditPi(k);
  const name = (tid: number) => k.s.tasks[tid]?.name ?? 'none';
  const seen = new Set<number>();
  for (const w of a.words) {
    seen.add(w.ps);
    const was = o.rows.get(w.ps);
    o.rows.set(w.ps, w.row);
    if (VALID_ROWS.has(w.row) || (was !== undefined && !VALID_ROWS.has(was))) continue;
    anomalies.push({
      kind: 'pi-state-inconsistent', step, thread: causeThread, others: w.waiters.map(name),
      message: `PI word at ${hex(w.uaddr)} (mm#${w.mm}) is in row [${w.row}] of the pi_state table: word ${hex(w.word)}, ` +
        `pi_state->owner ${name(w.owner)}, kernel waiters ${w.waiters.map(name).join(', ') || 'none'}: ${ROW_WHY[w.row] ?? 'invalid'}. ` +
        `Moved there by ${cause.user ? `user space: ${cause.text} stored ${hex(w.word)} into a PI word with kernel waiters` : cause.text}. Since 54a217887a7b (June 2014) the kernel answers LOCK_PI on it with -EINVAL (kernel/futex/pi.c attach_to_pi_state).`,
    });
  }
  for (const id of [...o.rows.keys()]) if (!seen.has(id)) o.rows.delete(id);
  for (const d of a.dangling) {
    const id = `${d.tid}:${d.ps}`;
    if (o.dangling.has(id)) continue;
    o.dangling.add(id);
    anomalies.push({
      kind: 'dangling-rt-waiter', step, thread: name(d.tid), others: [],
      message: `${name(d.tid)} returned to user space while the rt_waiter of its futex call is still linked in the rt_mutex of ` +
        `the PI word at ${hex(d.uaddr)}: a pointer into a dead kernel stack (CVE-2014-3153, towelroot; fixed by e9c243a5a6de ` +
        `and the 'futex-fixes' merge 1c5aefb5b12a, June 2014)`,
    });
  }
}

/** One step of thread `ran` at effective priority: charge it to every thread blocked in a futex call. */
export function observeRun(o: PiOracle, k: Kernel, ran: number): void {
  if (!prioritiesInPlay(k)) return;
  const prio = effectivePrio(k, k.s.tasks[ran]);
  const kept = k.s.runq.filter((tid) => tid !== ran && effectivePrio(k, k.s.tasks[tid]) < prio);
  for (const t of k.s.tasks) {
    if (t.tid === ran) continue;
    const blocked = t.state === 'blocked' && t.wait.kind === 'futex';
    let r = o.blocked.get(t.tid);
    if (!blocked) continue;
    if (!r) o.blocked.set(t.tid, (r = { since: k.s.step, ran: new Map() }));
    let x = r.ran.get(ran);
    if (!x) r.ran.set(ran, (x = { ticks: 0, prio, over: new Map() }));
    x.ticks++;
    x.prio = Math.max(x.prio, prio);
    for (const l of kept) x.over.set(l, (x.over.get(l) ?? 0) + 1);
  }
}

/** A kernel event: a wake-up of a blocked thread by another ends its record (and may report it). */
export function observePiEvent(o: PiOracle, anomalies: Anomaly[], k: Kernel, e: KernelEvent): void {
  if (o.blocked.size === 0) return;
  if (e.type === 'exit') o.blocked.delete(e.tid);
  if (e.type !== 'wakeup') return;
  const r = o.blocked.get(e.tid);
  if (!r) return;
  o.blocked.delete(e.tid);
  // A timeout is no one's hand-off (timers fire inside whichever step advanced the clock).
  if (e.by < 0 || e.by === e.tid || e.ret === -ETIMEDOUT) return;
  const h = k.s.tasks[e.tid];
  const l = k.s.tasks[e.by];
  const hp = basePrio(h);
  const lp = basePrio(l);
  let ticks = 0;
  const ms: string[] = [];
  const mNames: string[] = [];
  for (const [tid, x] of r.ran) {
    const n = x.over.get(l.tid) ?? 0;
    if (tid === l.tid || x.prio <= lp || x.prio >= hp || n === 0) continue;
    ticks += n;
    ms.push(`${k.s.tasks[tid].name} (${schedLabel(k.s.tasks[tid].sched)}, ${n} ticks)`);
    mNames.push(k.s.tasks[tid].name);
  }
  if (ticks === 0) return;
  // The threads involved (SEMANTICS.md: each anomaly is reported with the threads involved): L and
  // the Ms of the message, not every thread that ran while H waited (one above H's priority, or
  // L's peers, preempted nobody H was waiting for).
  anomalies.push({
    kind: 'priority-inversion', step: e.step, thread: h.name, others: [l.name, ...mNames].filter((n, i, all) => all.indexOf(n) === i && n !== h.name),
    message: `priority inversion for ${ticks} ticks: ${h.name} (${schedLabel(h.sched)}) waited for ${l.name} (${schedLabel(l.sched)}) ` +
      `while ${ms.join(', ')} ran at a priority between theirs, with ${l.name} runnable. A PI lock (futex_lock_pi, Linux 2.6.18) would have boosted ${l.name} to ${hp} while ${h.name} waited.`,
  });
}

/** At the end of a run: threads still blocked while lower-priority threads ran. */
export function reportStarved(o: PiOracle, anomalies: Anomaly[], k: Kernel, step: number): void {
  for (const [tid, r] of o.blocked) {
    const h = k.s.tasks[tid];
    if (h.state !== 'blocked') continue;
    const hp = basePrio(h);
    let ticks = 0;
    const ms: string[] = [];
    const mNames: string[] = [];
    for (const [m, x] of r.ran) {
      if (x.prio >= hp) continue;
      ticks += x.ticks;
      ms.push(`${k.s.tasks[m].name} (${schedLabel(k.s.tasks[m].sched)}, ${x.ticks} ticks)`);
      mNames.push(k.s.tasks[m].name);
    }
    if (ticks === 0) continue;
    anomalies.push({
      // The lower-priority threads that ran, as the message names them (not those above H's).
      kind: 'priority-inversion', step, thread: h.name, others: mNames,
      message: `priority inversion for ${ticks} ticks: ${h.name} (${schedLabel(h.sched)}) is still blocked at the end of the run ` +
        `while lower-priority threads ran: ${ms.join(', ')}`,
    });
  }
}
