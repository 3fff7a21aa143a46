// The PI part of the views' snapshot (snapshot.ts): for each PI word with a pi_state, its owner,
// its top waiter, the boosted priority, its row of the consistency table and the chain of boosts;
// for each task, its policy and effective priority. Plain data, as the rest of KernelView.

import type { Kernel } from './kernel';
import type { FutexQ, Task } from './state';
import { hex } from './types';
import { keyLabel } from './futex/futex';
import { auditPi, isDangling, piById, topRtWaiter, topWaiter, VALID_ROWS } from './futex/pi-state';
import { basePrio, effectivePrio, schedLabel } from './prio';

export interface PiWordView {
  uaddr: string;
  mm: number;
  key: string;
  /** The futex word now, in hex. */
  word: string;
  owner: string;
  ownerPrio: number;
  topWaiter: string;
  /** Kernel waiters (rt_mutex), highest priority first; a dangling one is marked. */
  waiters: { who: string; prio: number; dangling: boolean }[];
  /** Row [1]-[10] of the pi_state table (kernel/futex/pi.c), and whether it is a valid one. */
  row: number;
  valid: boolean;
  /** The owner, the owner's owner... while each is blocked on another PI lock: `b (40) -> c (40)`. */
  chain: string[];
}

export interface TaskPrioView {
  sched: string;
  prio: number;
  effectivePrio: number;
}

export function taskPrioView(k: Kernel, t: Task): TaskPrioView {
  return { sched: schedLabel(t.sched), prio: basePrio(t), effectivePrio: effectivePrio(k, t) };
}

/** The PI and requeue-PI state of a waiter, for the waiters view ('' for a plain waiter). */
export function waiterPiLabel(k: Kernel, q: Readonly<FutexQ>): string {
  if (q.requeuePi) {
    return q.requeuePi.state === 'wait'
      ? `requeue-PI: waits for a requeue onto ${keyLabel(q.requeuePi.key2)}`
      : `requeue-PI: requeued onto the rt_mutex of ${keyLabel(q.requeuePi.key2)}`;
  }
  if (q.pi !== undefined) return `PI lock waiter (pi_state ${q.pi}, plist prio ${q.prio ?? 0})`;
  return q.prio ? `plist prio ${q.prio}` : '';
}

export function piView(k: Kernel): PiWordView[] {
  if (k.s.pi.states.length === 0) return [];
  const name = (tid: number) => (tid >= 0 ? k.s.tasks[tid].name : 'none (owner died)');
  return auditPi(k).words.map((w) => {
    const ps = piById(k, w.ps);
    const top = topRtWaiter(k, ps);
    const waiters = [...ps.waiters]
      .map((x) => ({ who: k.s.tasks[x.tid].name, prio: effectivePrio(k, k.s.tasks[x.tid]), dangling: isDangling(k, x), seq: x.seq }))
      .sort((a, b) => b.prio - a.prio || a.seq - b.seq)
      .map(({ who, prio, dangling }) => ({ who, prio, dangling }));
    return {
      uaddr: hex(w.uaddr), mm: w.mm, key: keyLabel(ps.key), word: hex(w.word), owner: name(ps.owner),
      ownerPrio: ps.owner >= 0 ? effectivePrio(k, k.s.tasks[ps.owner]) : 0,
      topWaiter: top ? name(top.tid) : 'none', waiters, row: w.row, valid: VALID_ROWS.has(w.row), chain: chainOf(k, ps.owner),
    };
  });
}

function chainOf(k: Kernel, owner: number): string[] {
  const out: string[] = [];
  let cur = owner;
  for (let guard = 0; cur >= 0 && guard < 64; guard++) {
    const t = k.s.tasks[cur];
    out.push(`${t.name} (${effectivePrio(k, t)})`);
    if (t.state !== 'blocked' || t.wait.kind !== 'futex') break;
    const q = k.s.futex.queues.get(t.wait.q);
    if (q?.pi === undefined) break;
    cur = piById(k, q.pi).owner;
  }
  return out;
}

/** The first waiter queued on the word's key in the hash (futex_top_waiter), for tests. */
export const hashTopWaiter = topWaiter;
