// The reference oracle (SEMANTICS.md): judges every wake against reference identities that do
// not depend on the strategy under test, by reading the kernel's events. It keeps its own view of
// the queued waiters (identity, key, where they waited), so it sees the queue as the waker found
// it: a `wake` event comes before the `unqueue` events of the waiters it woke.
//
// The waiter records are copy-on-write between session snapshots, like the kernel's futex_qs
// (kernel/clone.ts): a snapshot shares the Map and its records, so with 10,000 queued waiters a
// checkpoint does not copy 10,000 records. Write the Map only through ownWaiters, and replace a
// record (updateWaiter) rather than write it.

import { isRequeueOp, type KernelEvent, type WokenWaiter } from '../kernel/events';
import type { RefIdentity } from '../kernel/state';
import { keyEquals, type FutexKey } from '../kernel/futex/futex';
import { pageBase } from '../kernel/types';
import type { KeyDecision, KeyReason } from '../kernel/futex/reason';
import { explainMissed, explainRequeue, explainWrong, meetingCause, missCause, type Cause } from './explain';
import { clonePiOracle, restorePiOracleInto, newPiOracle, type PiOracle } from './oracle-pi';

export type AnomalyKind = 'wrong-wakeup' | 'missed-wakeup' | 'stale-match' | 'pin-limit' | 'hung' | 'assert'
  | 'pi-state-inconsistent' | 'dangling-rt-waiter' | 'priority-inversion'; // oracle-pi.ts

export interface Anomaly {
  kind: AnomalyKind;
  step: number;
  thread: string;
  others: string[];
  message: string;
  /** Why, as data: the rule and the two decisions it compares (wrong, missed, stale wake-ups). */
  cause?: Cause;
  /** A hung anomaly's task, by slot: two threads can share a name (debug/stuck.ts). Not in the run's JSON (report.ts). */
  tid?: number;
}

export interface Note {
  kind: 'undefined';
  step: number;
  message: string;
}

export interface Waiter {
  q: number;
  tid: number;
  who: string;
  identity: RefIdentity | null;
  key: FutexKey;
  reason: KeyReason;
  /** The mm it waited in (slot and lifetime) and where. */
  mm: number;
  mmLife: number;
  uaddr: number;
  /** Keyed on a page that a COW has since replaced at its address, and not re-keyed since. */
  cowMoved: boolean;
  /** Its mapping was unmapped, moved, truncated or remapped while it waited (user error). */
  undefinedBy: string;
  /** FUTEX_WAIT_BITSET's mask, unsigned; undefined for MATCH_ANY (GROUND-TRUTH §8.7). */
  bitset?: number;
  /** It waited with FUTEX_PRIVATE_FLAG. */
  privateOp?: boolean;
}

export interface OracleState {
  /** Records may be shared with snapshots: never written in place (updateWaiter replaces one). */
  waiters: Map<number, Waiter>;
  /** `waiters` is shared with a snapshot: copy it before a set or delete (ownWaiters). */
  waitersShared: boolean;
  deadLives: Set<number>;
  anomalies: Anomaly[];
  notes: Note[];
  pinLimitReported: boolean;
  /** The identity of the last requeue's source address, for judging the moves that follow it. */
  requeueSource: RefIdentity | null;
  /** The key (and its rule) the last wake looked up: a requeue's source key. */
  requeueKey: KeyDecision | null;
  /** The PI and priority rules' own state (oracle-pi.ts). */
  pi: PiOracle;
}

export function newOracle(): OracleState {
  return { waiters: new Map(), waitersShared: false, deadLives: new Set(), anomalies: [], notes: [], pinLimitReported: false, requeueSource: null, requeueKey: null, pi: newPiOracle() };
}

/**
 * Empty containers shared by the snapshots of oracles that hold nothing in them (snapshotOracle):
 * never written, since a snapshot's oracle is only read until adopted (adoptOracle).
 */
const NO_LIVES: Set<number> = new Set();
const NO_ANOMALIES: Anomaly[] = [];
const NO_NOTES: Note[] = [];
const NO_PI: PiOracle = newPiOracle();

/** Whether one of the shared empty containers was written into (tests: never). */
export function sharedEmptiesWritten(): boolean {
  return NO_LIVES.size + NO_ANOMALIES.length + NO_NOTES.length + NO_PI.rows.size + NO_PI.dangling.size + NO_PI.blocked.size > 0;
}

/**
 * The oracle's copy for a snapshot (Session.snapshot): cloneOracle, but an empty Set, array or PI
 * oracle is one shared empty container rather than a new one (issue #11: the explorer snapshots
 * most states, and a new Set, two arrays and the PI oracle's two Maps and Set were ~3% of its
 * time). A snapshot's oracle is only read (restoreOracleInto, cloneOracle), or adopted as the live
 * one by adoptOracle, which gives it containers of its own first.
 */
export function snapshotOracle(o: OracleState): OracleState {
  o.waitersShared = true;
  const p = o.pi;
  return {
    waiters: o.waiters,
    waitersShared: true,
    deadLives: o.deadLives.size === 0 ? NO_LIVES : new Set(o.deadLives),
    anomalies: o.anomalies.length === 0 ? NO_ANOMALIES : o.anomalies.slice(),
    notes: o.notes.length === 0 ? NO_NOTES : o.notes.slice(),
    pinLimitReported: o.pinLimitReported,
    requeueSource: o.requeueSource,
    requeueKey: o.requeueKey,
    pi: p.rows.size === 0 && p.dangling.size === 0 && p.blocked.size === 0 ? NO_PI : clonePiOracle(p),
  };
}

/** A snapshot's oracle made the live one (Session.restore consuming it): the shared empty containers replaced by its own. */
export function adoptOracle(o: OracleState): OracleState {
  if (o.deadLives === NO_LIVES) o.deadLives = new Set();
  if (o.anomalies === NO_ANOMALIES) o.anomalies = [];
  if (o.notes === NO_NOTES) o.notes = [];
  if (o.pi === NO_PI) o.pi = newPiOracle();
  return o;
}

/** A copy of the oracle: the waiter Map and records are shared until written. */
export function cloneOracle(o: OracleState): OracleState {
  o.waitersShared = true;
  return {
    waiters: o.waiters,
    waitersShared: true,
    deadLives: new Set(o.deadLives),
    anomalies: o.anomalies.slice(),
    notes: o.notes.slice(),
    pinLimitReported: o.pinLimitReported,
    requeueSource: o.requeueSource,
    requeueKey: o.requeueKey,
    pi: clonePiOracle(o.pi),
  };
}

/**
 * The explorer's restore in place (explore/restore.ts): make the live oracle `o` equal to the
 * snapshot's `from` by writing into its own Set, arrays and PI records instead of allocating a
 * copy (cloneOracle: a Set, two arrays and the PI oracle's two Maps and Set at every restore, ~4%
 * of the explorer's time, issue #11). The result is what cloneOracle(from) gives, field by field;
 * `from` is only read, and keeps sharing its waiter Map copy-on-write. `o` must be the live
 * session's own (no snapshot holds it).
 */
export function restoreOracleInto(o: OracleState, from: OracleState): void {
  from.waitersShared = true;
  o.waiters = from.waiters;
  o.waitersShared = true;
  if (o.deadLives.size > 0) o.deadLives.clear();
  if (from.deadLives.size > 0) for (const t of from.deadLives) o.deadLives.add(t);
  copyInto(o.anomalies, from.anomalies);
  copyInto(o.notes, from.notes);
  o.pinLimitReported = from.pinLimitReported;
  o.requeueSource = from.requeueSource;
  o.requeueKey = from.requeueKey;
  restorePiOracleInto(o.pi, from.pi);
}

function copyInto<T>(to: T[], from: T[]): void {
  if (to.length !== from.length) to.length = from.length; // the length setter costs even when unchanged
  for (let i = 0; i < from.length; i++) to[i] = from[i];
}

function ownWaiters(o: OracleState): Map<number, Waiter> {
  if (o.waitersShared) {
    o.waiters = new Map(o.waiters);
    o.waitersShared = false;
  }
  return o.waiters;
}

/** Replace waiter q's record by a copy with `changes` (records are shared with snapshots). */
function updateWaiter(o: OracleState, w: Waiter, changes: Partial<Waiter>): void {
  setWaiter(o, { ...w, ...changes });
}

/**
 * A cache beside the oracle state: for a waiter Map (by identity), its waiters by reference
 * identity id. With it a wake is judged by the waiters of its own identity, not by a walk of every
 * queued waiter (issue #11: with 10,000 waiters that walk was most of a step). Every write of the
 * Map goes through setWaiter / deleteWaiter, which keep it; a Map copied by ownWaiters starts
 * without one and builds it on first use. `byIdentityCache.enabled = false` is the plain walk.
 */
const byIdentity = new WeakMap<Map<number, Waiter>, Map<string, Set<number>>>();
export const byIdentityCache = { enabled: true };

function identityIndex(o: OracleState): Map<string, Set<number>> {
  let index = byIdentity.get(o.waiters);
  if (index) return index;
  index = new Map();
  for (const w of o.waiters.values()) if (w.identity) addToIndex(index, w.identity.id, w.q);
  byIdentity.set(o.waiters, index);
  return index;
}

function addToIndex(index: Map<string, Set<number>>, id: string, q: number): void {
  let set = index.get(id);
  if (!set) index.set(id, (set = new Set()));
  set.add(q);
}

function setWaiter(o: OracleState, w: Waiter): void {
  const map = ownWaiters(o);
  const index = byIdentity.get(map);
  if (index) {
    const old = map.get(w.q)?.identity;
    if (old) index.get(old.id)?.delete(w.q);
    if (w.identity) addToIndex(index, w.identity.id, w.q);
  }
  map.set(w.q, w);
}

function deleteWaiter(o: OracleState, q: number): void {
  const map = ownWaiters(o);
  const old = map.get(q)?.identity;
  if (old) byIdentity.get(map)?.get(old.id)?.delete(q);
  map.delete(q);
}

/** How many queued waiters have identity `id` and pass `meets` (the index's answer, or the plain walk's). */
function countWithIdentity(o: OracleState, id: string, meets: (w: Waiter) => boolean): number {
  let n = 0;
  if (!byIdentityCache.enabled) {
    for (const w of o.waiters.values()) if (w.identity?.id === id && meets(w)) n++;
    return n;
  }
  for (const q of identityIndex(o).get(id) ?? []) if (meets(o.waiters.get(q)!)) n++;
  return n;
}

export interface OracleContext {
  strategy: string;
  threadName(tid: number): string;
}

export function observe(o: OracleState, cx: OracleContext, e: KernelEvent): void {
  switch (e.type) {
    case 'queue':
      setWaiter(o, {
        q: e.q, tid: e.tid, who: e.who, identity: e.identity, key: e.key, reason: e.reason, mm: e.mm, mmLife: e.mmLife,
        uaddr: e.uaddr, cowMoved: false, undefinedBy: '', bitset: e.bitset, privateOp: e.privateOp,
      });
      return;
    case 'unqueue':
      deleteWaiter(o, e.q);
      return;
    case 'rehash': {
      const w = o.waiters.get(e.q);
      if (w) updateWaiter(o, w, { key: e.to, reason: e.reason, cowMoved: false });
      return;
    }
    case 'cow':
      // break_cow gave (mm, addr) a new page: a waiter keyed on the old page there is left behind
      // unless the strategy re-keys it (a `rehash` event follows the `cow` event then).
      if (e.reused) return;
      for (const w of [...o.waiters.values()]) {
        if (w.key.kind === 'page' && w.key.ptr === e.oldPfn && w.mm === e.mm && pageBase(w.uaddr) === e.addr) {
          updateWaiter(o, w, { cowMoved: true });
        }
      }
      return;
    case 'wake':
      judgeWake(o, cx, e);
      return;
    case 'requeue':
      judgeRequeue(o, cx, e);
      return;
    case 'mm-free':
    case 'inode-evict':
      o.deadLives.add(e.life);
      return;
    case 'munmap':
    case 'remap':
      markRange(o, e.mmLife, e.start, e.end, e.type);
      return;
    case 'mremap':
      // Only a move changes the mapping under a waiter: a resize in place leaves its words where
      // they were (a shrink unmaps the tail with a munmap event of its own).
      if (e.to !== e.start) markRange(o, e.mmLife, e.start, e.end, e.type);
      return;
    case 'truncate':
      for (const w of [...o.waiters.values()]) {
        const id = w.identity;
        if (id?.kind === 'inode' && id.life === e.inodeLife && (id.index ?? 0) >= e.pages && !w.undefinedBy) updateWaiter(o, w, { undefinedBy: 'truncate' });
      }
      // A waiter whose identity is (mm, address) there, on a MAP_PRIVATE mapping of the file or by
      // a private op on a shared one: its mapping was truncated as much as an (inode, index) one's.
      for (const r of e.ranges ?? []) markRange(o, r.mmLife, r.start, r.end, 'truncate');
      return;
  }
}

function markRange(o: OracleState, mmLife: number, start: number, end: number, what: string): void {
  for (const w of [...o.waiters.values()]) {
    if (w.mmLife === mmLife && w.uaddr >= start && w.uaddr < end && !w.undefinedBy) updateWaiter(o, w, { undefinedBy: what });
  }
}

function note(o: OracleState, step: number, message: string): void {
  o.notes.push({ kind: 'undefined', step, message });
}

function judgeWake(o: OracleState, cx: OracleContext, e: Extract<KernelEvent, { type: 'wake' }>): void {
  const waker = e.tid >= 0 ? cx.threadName(e.tid) : 'kernel';
  const lookup: KeyDecision = { key: e.key, reason: e.reason };
  o.requeueSource = e.identity;
  o.requeueKey = lookup;
  if (!e.identity || e.failed !== undefined) return; // a wake that fails is not judged (docs/oracle.md)
  // A right wake (the common case) makes no set, filtered list or closure here: they are made
  // when a wake-up is wrong or missed (issue #11: a wake's garbage).
  const strangers: WokenWaiter[] = [];
  let wokenEqual = 0;
  for (const w of e.woken) {
    if (w.identity && w.identity.id === e.identity.id) {
      wokenEqual++;
      continue;
    }
    const rec = o.waiters.get(w.q);
    strangers.push(w);
    const stale = w.identity !== null && o.deadLives.has(w.identity.life);
    const cause = meetingCause(lookup, { key: w.key, reason: w.reason });
    const message = explainWrong(cx.strategy, waker, w.who, cause, w.identity, e.identity, stale);
    if (rec?.undefinedBy) note(o, e.step, `${message} (the waiter's mapping was changed by ${rec.undefinedBy}: undefined behaviour)`);
    else o.anomalies.push({ kind: stale ? 'stale-match' : 'wrong-wakeup', step: e.step, thread: waker, others: [w.who], message, cause });
  }
  const requeue = isRequeueOp(e.op);
  const n = requeue ? Math.max(e.n, 0) : Math.max(e.n, 1);
  // expected = min(n, waiters of this identity) <= n: a wake that woke n of them is right
  // whoever else is queued; else count them (by identity, independent of other futexes).
  if (wokenEqual >= n) return;
  // §8.7: only waiters the reference would match count: a bitset wake's mask must meet theirs, and
  // a version-2 or robust wake (keyedBy) matches only the waiters that waited as it wakes, private
  // or shared (the robust death wake is shared: a waiter that used a private wait is not its).
  const meets = (w: Waiter) => (e.mask === undefined || w.bitset === undefined || (w.bitset & e.mask) !== 0) &&
    (e.keyedBy === undefined || (e.keyedBy === 'private') === (w.privateOp === true));
  if (wokenEqual >= Math.min(n, countWithIdentity(o, e.identity.id, meets))) return;
  // A wake-up was missed: the plain walk, in queue order, for the message.
  const wokenIds = new Set(e.woken.map((w) => w.q));
  const equal = [...o.waiters.values()].filter((w) => w.identity?.id === e.identity!.id && meets(w));
  const expected = Math.min(n, equal.length);
  const missed = equal.filter((w) => !wokenIds.has(w.q));
  const defined = missed.filter((w) => !w.undefinedBy);
  const first = (defined[0] ?? missed[0])!;
  const cause = missedCause(lookup, first, strangers);
  const spentOn = strangers.length > 0 ? strangers.map((w) => w.who).join(', ') : null;
  const message = explainMissed(cx.strategy, waker, e.identity, expected, wokenEqual, first, cause, spentOn);
  if (defined.length === 0) note(o, e.step, `${message} (undefined behaviour: ${missed.map((w) => w.undefinedBy).join(', ')})`);
  else o.anomalies.push({ kind: 'missed-wakeup', step: e.step, thread: waker, others: defined.map((w) => w.who), message, cause });
}

/**
 * Why the wake missed waiter w. Equal keys: the wake's count went to the strangers ahead of it,
 * so the cause is what let the first of them share the key. Different keys: the two decisions.
 */
function missedCause(lookup: KeyDecision, w: Waiter, strangers: WokenWaiter[]): Cause {
  const mine = { key: w.key, reason: w.reason };
  if (!keyEquals(w.key, lookup.key)) return missCause(lookup, mine, w.cowMoved);
  const s = strangers[0];
  return s ? meetingCause(lookup, { key: s.key, reason: s.reason }) : meetingCause(lookup, mine);
}

function judgeRequeue(o: OracleState, cx: OracleContext, e: Extract<KernelEvent, { type: 'requeue' }>): void {
  const rec = o.waiters.get(e.q);
  const src = o.requeueSource;
  if (src && e.identity && e.identity.id !== src.id) {
    const waker = cx.threadName(e.tid);
    const lookup = o.requeueKey!;
    const cause = meetingCause(lookup, { key: e.from, reason: rec?.reason ?? lookup.reason });
    // A requeue matches the waiters it moves as a wake matches those it wakes: one whose mm or
    // inode lifetime had ended (a FUTEX_FD registration that outlived its process, met through a
    // recycled mm slot or page) is a stale match (SEMANTICS.md: "stale-match: it matched a waiter
    // whose mm or inode lifetime had ended"), as judgeWake reports it.
    const stale = o.deadLives.has(e.identity.life);
    const message = explainRequeue(cx.strategy, waker, e.who, cause, e.identity, src, stale);
    if (rec?.undefinedBy) note(o, e.step, message);
    else o.anomalies.push({ kind: stale ? 'stale-match' : 'wrong-wakeup', step: e.step, thread: waker, others: [e.who], message, cause });
  }
  // The waiter now waits on the target word in the requeuer's mm: an munmap, mremap or COW there
  // is what concerns it from now on, not one at the address it first waited on.
  if (rec) {
    updateWaiter(o, rec, {
      identity: e.toIdentity, key: e.to, reason: e.toReason, cowMoved: false, mm: e.targetMm, mmLife: e.targetMmLife, uaddr: e.targetAddr,
    });
  }
}

/**
 * pin-limit: reported once each time the number of pinned pages rises past the limit, naming the
 * thread whose step pinned past it ('kernel': an event between steps).
 */
export function checkPins(o: OracleState, step: number, pinned: number, limit: number, thread = 'kernel'): void {
  if (pinned > limit && !o.pinLimitReported) {
    o.pinLimitReported = true;
    o.anomalies.push({
      kind: 'pin-limit', step, thread, others: [],
      message: `${pinned} pages pinned by futex waiters, more than pin_limit ${limit}: every FUTEX_FD or sleeping waiter keeps its page in memory (pinned-page and vcache pin until the waiter returns or the fd is closed)`,
    });
  } else if (pinned <= limit) {
    o.pinLimitReported = false;
  }
}

/** At the end of the run: every thread still blocked in a wait with no timeout is hung. */
export function reportHung(o: OracleState, step: number, hung: { tid: number; name: string; q: number; qs?: number[]; why: string }[]): void {
  for (const h of hung) {
    // By the futex_qs it waits through (a poll's is the fd's registration, whose tid is -1; a
    // futex_waitv's are its entries'). A futex_waitv is undefined behaviour only when every entry's
    // mapping was changed: an intact entry is a word it still waits on that nobody woke, whatever
    // the entries' order (it was judged by its first entry alone).
    const recs = (h.qs ?? (h.q >= 0 ? [h.q] : [])).map((q) => o.waiters.get(q)).filter((w): w is Waiter => w !== undefined);
    const rec = recs.length > 0 && recs.every((w) => w.undefinedBy) ? recs[0] : undefined;
    const message = `${h.name} is still blocked in ${h.why} at the end of the run`;
    if (rec?.undefinedBy) note(o, step, `${message} (its mapping was changed by ${rec.undefinedBy}: undefined behaviour)`);
    else o.anomalies.push({ kind: 'hung', step, thread: h.name, others: [], message, tid: h.tid });
  }
}
