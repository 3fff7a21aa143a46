// FUTEX_WAIT_REQUEUE_PI and FUTEX_CMP_REQUEUE_PI (kernel/futex/requeue.c), the condition
// variable that requeues its waiters onto a PI mutex. Rules: GROUND-TRUTH.md §8.3; the 2013
// behaviour and CVE-2014-3153: §8.4.
//
// A waiter waits on uaddr (non-PI) with an rt_waiter on its kernel stack and the key of uaddr2
// it expects (q->requeue_pi_key); its requeue state ('wait', then 'requeued') is on its futex_q.
// CMP_REQUEUE_PI first tries uaddr2 for the top waiter (futex_proxy_trylock_atomic): free -> the
// waiter owns it and is woken (0); held -> it is requeued onto the rt_mutex like the others and
// returns 0 when an unlock hands it the lock. The return value is woken + requeued.
//
// Modern refuses: uaddr == uaddr2 and equal keys on both calls (the alias check), nr_wake != 1,
// a top waiter that is a plain waiter or already has a pi_state, a waiter expecting another
// uaddr2. gorman-2013 (before e9c243a5a6de) lacked the alias checks but WAIT_REQUEUE_PI's
// uaddr == uaddr2 (3.6, 6f7b0a2a5c0f, which e9c243a5a6de brought the requeue side "in line
// with"), lacked the pi_state check on the top waiter, and took a 0 word without looking at
// kernel state: CMP_REQUEUE_PI(B, 1, 1, B)
// after user space stored 0 into B then "acquires" B for a waiter already linked on B's
// rt_mutex, and wakes it with that rt_waiter still linked: the dangling pointer of towelroot.

import type { Kernel } from '../kernel';
import type { FutexQ, PiState, Task } from '../state';
import { EAGAIN, EDEADLK, EFAULT, EINVAL } from '../types';
import { loadWord } from '../fault';
import { addTimer, blockTask } from '../sched';
import { matching, newQ, queueMe } from './core';
import { keyEquals, keyLabel } from './futex';
import { refIdentity } from './reference';
import { effectivePrivate, isSysResult, lookupKey, ret, taskMm, type SysResult } from './core';
import { emitWake, wakeWaiter } from './waitwake';
import { requeueOne } from './requeue';
import { futexEra } from './era';
import { chainReaches, emitPiLock, lockPiAtomic, withBoosts } from './pi';
import { enqueueRtWaiter, piById, putPiState, topWaiter } from './pi-state';
import { taskWritten } from '../task-stamp';

/** FUTEX_WAIT_REQUEUE_PI: wait on uaddr for a CMP_REQUEUE_PI onto the PI futex uaddr2. */
export function futexWaitRequeuePi(
  k: Kernel, t: Task, uaddr: number, val: number, uaddr2: number, timeout: number | undefined, priv: boolean,
): SysResult {
  const era = futexEra(k); // era gating (-ENOSYS) is syscalls.ts opSupported
  // 6f7b0a2a5c0f (3.6, CVE-2012-6647): in every era that has the op, gorman-2013's included.
  if (uaddr === uaddr2) return ret(-EINVAL);
  if (uaddr2 % 4 !== 0) return ret(-EINVAL);
  const k2 = lookupKey(k, t, uaddr2, 'write', priv, 'futex_wait_requeue_pi');
  if (isSysResult(k2)) return k2;
  if (uaddr % 4 !== 0) return ret(-EINVAL);
  const k1 = lookupKey(k, t, uaddr, 'read', priv, 'futex_wait_requeue_pi');
  if (isSysResult(k1)) return k1;
  const m = taskMm(k, t);
  const cur = loadWord(k, m, uaddr);
  if (typeof cur !== 'number') return ret(-EFAULT);
  if (cur !== (val | 0)) return ret(-EAGAIN);
  // "The check above which compares uaddrs is not sufficient for shared futexes.": added on both
  // sides by e9c243a5a6de (2014), so gorman-2013 waits on a shared page mapped at two addresses.
  if (era.cve2014_3153Fixed && keyEquals(k1.key, k2.key)) return ret(-EINVAL);
  const q = newQ(k, {
    key: k1.key, reason: k1.reason, tid: t.tid, pid: t.pid, file: -1, mm: m.id, uaddr,
    identity: refIdentity(k, m, uaddr, effectivePrivate(k, priv)),
  });
  q.requeuePi = { key2: { ...k2.key }, uaddr2, state: 'wait' };
  q.piCall = { op: 'wait_requeue_pi', val: val | 0, priv };
  queueMe(k, q, k1.pfn);
  t.wait = { kind: 'futex', q: q.id };
  taskWritten(t);
  blockTask(k, t, 'blocked', `futex_wait_requeue_pi on ${keyLabel(k1.key)} for ${keyLabel(k2.key)}`);
  if (timeout !== undefined) addTimer(k, t, 'timeout', timeout);
  return { kind: 'block' };
}

export interface CmpRequeuePiArgs {
  uaddr: number;
  nwake: number;
  nrequeue: number;
  uaddr2: number;
  cmpval: number;
  priv: boolean;
}

/** FUTEX_CMP_REQUEUE_PI: returns woken + requeued, or -errno. */
export function futexCmpRequeuePi(k: Kernel, t: Task, a: CmpRequeuePiArgs): SysResult {
  const era = futexEra(k); // era gating (-ENOSYS) is syscalls.ts opSupported
  if (era.checks.requeueNegativeEinval && (a.nwake < 0 || a.nrequeue < 0)) return ret(-EINVAL); // 4.15+ (fbe0e839d1e2)
  if (era.cve2014_3153Fixed && a.uaddr === a.uaddr2) return ret(-EINVAL);
  if (a.nwake !== 1) return ret(-EINVAL);
  if (a.uaddr % 4 !== 0 || a.uaddr2 % 4 !== 0) return ret(-EINVAL);
  const op = 'futex_cmp_requeue_pi';
  const k1 = lookupKey(k, t, a.uaddr, 'read', a.priv, op);
  if (isSysResult(k1)) return k1;
  const k2 = lookupKey(k, t, a.uaddr2, 'write', a.priv, op);
  if (isSysResult(k2)) return k2;
  if (era.cve2014_3153Fixed && keyEquals(k1.key, k2.key)) return ret(-EINVAL);
  const m = taskMm(k, t);
  const cur = loadWord(k, m, a.uaddr);
  if (typeof cur !== 'number') return ret(-EFAULT);
  if (cur !== (a.cmpval | 0)) return ret(-EAGAIN);

  // futex_proxy_trylock_atomic: take uaddr2 for the top waiter if it is free.
  let taskCount = 0;
  let ps: PiState | undefined;
  const woken: FutexQ[] = [];
  const top = topWaiter(k, k1.key);
  // The proxy trylock only when a waiter may be requeued (`task_count - nr_wake < nr_requeue`):
  // a negative nr_requeue, which the 2013 kernel let through, neither wakes nor requeues.
  if (top && taskCount - a.nwake < a.nrequeue) {
    if (!top.requeuePi || (era.cve2014_3153Fixed && top.pi !== undefined)) return ret(-EINVAL);
    if (!keyEquals(top.requeuePi.key2, k2.key)) return ret(-EINVAL);
    const waiter = k.s.tasks[top.tid];
    const r = lockPiAtomic(k, m, a.uaddr2, k2.key, waiter, a.nrequeue > 0);
    if (r.kind === 'err') return ret(-r.errno);
    ps = r.ps;
    if (r.kind === 'acquired') {
      woken.push(matching(k, k1.key)[0]);
      taskCount++;
    }
  }
  emitWake(k, t, op, a.uaddr, woken.length, k1, a.priv, woken);
  for (const q of woken) proxyWake(k, t, q, a.uaddr2);

  let errno = 0;
  withBoosts(k, () => {
    for (const q of matching(k, k1.key)) {
      if (taskCount - a.nwake >= a.nrequeue) break;
      if (!q.requeuePi || q.pi !== undefined) { errno = EINVAL; break; }
      if (!keyEquals(q.requeuePi.key2, k2.key)) { errno = EINVAL; break; }
      if (!ps) { errno = EINVAL; break; } // cannot happen: a top waiter was found above
      const waiter = k.s.tasks[q.tid];
      if (chainReaches(k, ps, waiter)) { errno = EDEADLK; break; }
      // rt_mutex_start_proxy_lock: the waiter is queued on the held rt_mutex; the futex_q moves to uaddr2.
      requeueOne(k, t, q, k2, { uaddr: a.uaddr, uaddr2: a.uaddr2, nwake: a.nwake, nrequeue: a.nrequeue, priv: a.priv });
      q.pi = ps.id;
      q.requeuePi.state = 'requeued';
      enqueueRtWaiter(k, ps, waiter, q.id);
      taskCount++;
    }
  });
  if (ps) putPiState(k, ps);
  return ret(errno ? -errno : taskCount);
}

/**
 * requeue_pi_wake_futex: the proxy trylock took uaddr2 for q's task, which is woken and returns
 * 0 owning it. q->rt_waiter is cleared, so the waiter believes no rt_waiter of its call is
 * linked anywhere. Under gorman-2013 a waiter that was already requeued onto uaddr2's rt_mutex
 * can get here (CVE-2014-3153): its rt_waiter stays linked there, and the waiter's
 * fixup_pi_state_owner makes it the owner of that pi_state.
 */
function proxyWake(k: Kernel, by: Task, q: FutexQ, uaddr2: number): void {
  const waiter = k.s.tasks[q.tid];
  const stale = q.pi !== undefined ? piById(k, q.pi) : undefined;
  withBoosts(k, () => {
    wakeWaiter(k, q);
    if (stale) stale.owner = waiter.tid;
  });
  emitPiLock(k, waiter, 'proxy-locked', by.tid, taskMm(k, by), uaddr2, q.requeuePi!.key2);
}
