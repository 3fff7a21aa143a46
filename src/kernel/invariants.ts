// The kernel's invariants, checked after every step by the test suite (and on demand by the
// debugger): reference counts equal mappings + pins + cache references; every queued waiter is
// in exactly one bucket, the one its key hashes to, and its task is blocked on it (or runs while
// still queued: 2.6.0's unchecked window, a pending signal); no pinned page is freed; the run queue holds
// exactly the runnable tasks; swap counts match their users. A violation is a KernelPanic with
// the offending object: a bug in Futex Lab, never in the scenario.

import type { Kernel } from './kernel';
import { KernelPanic, pageOf } from './types';
import { ptePfn, ptePresent, pteSwapSlot } from './mm';
import { isDangling } from './futex/pi-state';
import { futexEra } from './futex/era';

function fail(msg: string, dump?: unknown): never {
  throw new KernelPanic(`invariant: ${msg}`, dump);
}

export function checkInvariants(k: Kernel): void {
  checkPages(k);
  checkSwap(k);
  checkFutexHash(k);
  checkRunq(k);
  checkFds(k);
  checkPi(k);
}

/** files->next_fd (fd.ts lowestFreeFd): every fd from 3 below it is open; the counts of live objects. */
function checkFds(k: Kernel): void {
  for (const p of k.s.procs) {
    if (!p.alive) continue;
    for (let fd = 3; fd < p.nextFd; fd++) if (!p.fds.has(fd)) fail(`${p.name}: fd ${fd} is free below next_fd ${p.nextFd}`);
  }
  const procs = k.s.procs.filter((p) => p.alive).length;
  const threads = k.s.tasks.filter((t) => t.state !== 'ended' && t.state !== 'killed').length;
  if (procs !== k.s.nrProcs || threads !== k.s.nrThreads) fail(`nr_procs ${k.s.nrProcs} / nr_threads ${k.s.nrThreads}, counted ${procs} / ${threads}`);
}

/**
 * PI state (futex/pi-state.ts): every futex_q's pi_state exists; every linked rt_waiter belongs to
 * a task blocked in that call, except under an era before the CVE-2014-3153 fixes, where the
 * dangling waiter is the oracle's `dangling-rt-waiter`; no pi_state outlives its users.
 */
function checkPi(k: Kernel): void {
  const ids = new Set(k.s.pi.states.map((p) => p.id));
  const used = new Set<number>();
  for (const q of k.s.futex.queues.values()) {
    if (q.pi === undefined) continue;
    if (!ids.has(q.pi)) fail(`futex_q ${q.id} refers to freed pi_state ${q.pi}`);
    used.add(q.pi);
  }
  for (const ps of k.s.pi.states) {
    for (const w of ps.waiters) {
      if (isDangling(k, w) && futexEra(k).cve2014_3153Fixed) fail(`rt_waiter of ${k.s.tasks[w.tid].name} dangles in pi_state ${ps.id} under ${k.strategy.id}`, ps);
    }
    if (ps.waiters.length === 0 && !used.has(ps.id) && !ps.pending) fail(`pi_state ${ps.id} has no waiter and no futex_q`, ps);
  }
}

function checkPages(k: Kernel): void {
  const maps = new Map<number, number>();
  for (const m of k.s.mms) {
    if (!m) continue;
    for (const [vpn, pte] of m.pt) {
      if (!ptePresent(pte)) continue;
      const pfn = ptePfn(pte);
      const p = k.s.pages[pfn];
      if (!p) fail(`mm#${m.id} maps freed pfn ${pfn} at vpn ${vpn}`);
      if (!p.reserved && !p.rmap.some((r) => r.mm === m.id && pageOf(r.addr) === vpn)) fail(`pfn ${pfn}: pte of mm#${m.id} missing from rmap`);
      maps.set(pfn, (maps.get(pfn) ?? 0) + 1);
    }
  }
  let pinned = 0;
  for (const p of k.s.pages) {
    if (!p || p.reserved) continue;
    const inCache = p.mapping?.kind === 'inode' && k.s.inodes[p.mapping.ino]?.cache.get(p.index) === p.pfn ? 1 : 0;
    const expected = p.mapcount + p.pins + inCache + (p.swapCache ? 1 : 0);
    if (p.count !== expected) fail(`pfn ${p.pfn}: count ${p.count} != mapcount ${p.mapcount} + pins ${p.pins} + caches ${inCache + (p.swapCache ? 1 : 0)}`, p);
    if ((maps.get(p.pfn) ?? 0) !== p.mapcount || p.rmap.length !== p.mapcount) fail(`pfn ${p.pfn}: mapcount ${p.mapcount} but ${maps.get(p.pfn) ?? 0} ptes`, p);
    if (p.count === 0) fail(`pfn ${p.pfn}: allocated with count 0`, p);
    if (p.pins > 0) pinned++;
  }
  if (pinned !== k.s.pinned) fail(`pinned-page counter ${k.s.pinned} != ${pinned}`);
  const pins = new Map<number, number>();
  const countPin = (pfn: number) => pfn >= 0 && pins.set(pfn, (pins.get(pfn) ?? 0) + 1);
  for (const q of k.s.futex.queues.values()) countPin(q.pinned);
  for (const f of k.s.files) if (f?.held) countPin(f.held.pinned);
  for (const [pfn, n] of pins) {
    const p = k.s.pages[pfn];
    if (!p) fail(`a waiter's pinned pfn ${pfn} was freed`);
    if (!p.reserved && p.pins !== n) fail(`pfn ${pfn}: ${p.pins} pins but ${n} waiters hold it`);
  }
}

function checkSwap(k: Kernel): void {
  const users = new Map<number, number>();
  const add = (slot: number) => users.set(slot, (users.get(slot) ?? 0) + 1);
  for (const m of k.s.mms) if (m) for (const pte of m.pt.values()) if (!ptePresent(pte)) add(pteSwapSlot(pte));
  for (const i of k.s.inodes) if (i) for (const slot of i.shmSwap.values()) add(slot);
  for (const s of k.s.swap) {
    if (!s) continue;
    const expected = (users.get(s.slot) ?? 0) + (s.cachePfn >= 0 ? 1 : 0);
    if (s.count !== expected) fail(`swap slot ${s.slot}: count ${s.count} != ${expected} users`, s);
  }
}

function checkFutexHash(k: Kernel): void {
  const seen = new Set<number>();
  k.s.futex.buckets.forEach((b, i) => {
    for (const id of b) {
      if (seen.has(id)) fail(`futex_q ${id} queued twice`);
      seen.add(id);
      const q = k.s.futex.queues.get(id);
      if (!q) fail(`bucket ${i} holds unknown futex_q ${id}`);
      if (q.bucket !== i) fail(`futex_q ${id} in bucket ${i} but says ${q.bucket}`);
      if (k.strategy.hash(q.key, k.s.futex.buckets.length) !== i) fail(`futex_q ${id} in bucket ${i}, its key hashes elsewhere`);
    }
  });
  if (seen.size !== k.s.futex.queues.size) fail(`${k.s.futex.queues.size} waiters but ${seen.size} in buckets`);
  for (const q of k.s.futex.queues.values()) if (q.tid >= 0) checkWaiterTask(k, q.id, q.tid, q.unchecked);
}

/**
 * A queued task's futex_q is the one it waits on, and the task is blocked on it, except in two
 * windows where it runs while queued: 2.6.0's queue-before-check (q.unchecked), and a signal that
 * made it runnable before it unqueued itself (kernel/signal.ts, GROUND-TRUTH S35).
 */
function checkWaiterTask(k: Kernel, id: number, tid: number, unchecked: boolean): void {
  const t = k.s.tasks[tid];
  if (!t || t.wait.kind !== 'futex' || !(t.wait.q === id || t.wait.v?.includes(id))) fail(`futex_q ${id} is queued but task ${tid} does not wait on it`);
  if (t.state === 'blocked') return;
  if (t.state === 'runnable' && (unchecked || t.wait.signalled || t.wait.vwoken)) return;
  fail(`futex_q ${id} is queued but ${t.name} is ${t.state}${t.wait.signalled ? ' (signalled)' : ''}`);
}

function checkRunq(k: Kernel): void {
  const inRunq = new Set(k.s.runq);
  if (inRunq.size !== k.s.runq.length) fail('a task is on the run queue twice');
  for (const t of k.s.tasks) {
    if ((t.state === 'runnable') !== inRunq.has(t.tid)) fail(`task ${t.name} is ${t.state} but ${inRunq.has(t.tid) ? '' : 'not '}on the run queue`);
  }
}
