// The breakpoints that name kernel events: the exception filters the adapter offers (capabilities.ts)
// with the names a function breakpoint may use, and the check of a step's kernel events against
// the function breakpoints ([2] in breakpoints.ts) and the event filters (wake, wake that woke
// nobody, block, the PI filters: [3]). Split from breakpoints.ts (one concept per file); the
// anomaly, deadlock and assert filters are checked there, from the oracle's list and the result.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';
import { threadName } from '../session/inspect';
import type { Guard } from './guard';
import type { StepFacts } from './breakpoints';
import type { Cause } from './stops';
import { describeEvent } from './describe-event';
import { PI_FILTERS, piEventFilter } from './pi-events';

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'wake', label: 'Any wake', description: 'Stop after every futex wake', default: false, supportsCondition: true },
  { filter: 'wake-nobody', label: 'Wake that woke nobody', description: 'Stop when a wake finds no waiter', default: false, supportsCondition: true },
  { filter: 'block', label: 'Thread blocks', description: 'Stop when a thread blocks (futex_wait, poll, page lock)', default: false, supportsCondition: true },
  { filter: 'wrong-wakeup', label: 'Anomaly: wrong wake-up', default: true, supportsCondition: true },
  { filter: 'missed-wakeup', label: 'Anomaly: missed wake-up', default: true, supportsCondition: true },
  { filter: 'stale-match', label: 'Anomaly: stale match', default: true, supportsCondition: true },
  { filter: 'pin-limit', label: 'Anomaly: pin limit', default: true, supportsCondition: true },
  { filter: 'hung', label: 'Anomaly: hung thread', default: true, supportsCondition: true },
  { filter: 'deadlock', label: 'Deadlock', default: true, supportsCondition: true },
  { filter: 'assert', label: 'Failed assert', default: true, supportsCondition: true },
  ...PI_FILTERS,
];

/** Names a function breakpoint may use: event types (`swap-out` as `swap_out`) and system calls. */
export const EVENT_NAMES = [
  'futex_wait', 'futex_wake', 'futex_requeue', 'futex_cmp_requeue', 'futex_wake_op', 'futex_fd', 'poll', 'close',
  'wake', 'wakeup', 'block', 'queue', 'unqueue', 'requeue', 'rehash', 'key', 'pin', 'unpin', 'ref',
  'fault', 'cow', 'sigbus', 'swap_out', 'swap_in', 'swap_cache', 'writeback', 'truncate', 'page_lock',
  'fork', 'spawn', 'exec', 'exit', 'process_exit', 'signal', 'timer', 'fd', 'pin_limit',
  'mmap', 'munmap', 'mremap', 'mprotect', 'remap', 'madvise', 'mm_new', 'mm_free', 'inode_new', 'inode_evict',
  // version 2, issue #17: the calls, and the thread-end walk ("owner died: word set, waiter woken")
  'futex_wait_bitset', 'futex_wake_bitset', 'futex_waitv', 'futex2_wait', 'futex2_wake', 'futex2_requeue',
  'set_robust_list', 'get_robust_list', 'owner_died', 'robust_wake', 'robust_walk', 'kill',
  'futex_lock_pi', 'futex_lock_pi2', 'futex_trylock_pi', 'futex_unlock_pi', 'futex_wait_requeue_pi', 'futex_cmp_requeue_pi',
  'pi_lock', 'pi_boost',
] as const;

/** A name as a function breakpoint or an event type gives it: case and `-` do not matter. */
export const normEventName = (s: string): string => s.trim().toLowerCase().replace(/-/g, '_');

/** Does event e answer to the function breakpoint name n? */
function eventMatches(e: KernelEvent, n: string): boolean {
  if (normEventName(e.type) === n) return true;
  if (e.type === 'key') return e.op === n;
  if (e.type === 'syscall') return normEventName(e.name) === n;
  return false;
}

const eventTid = (e: KernelEvent, fallback: number): number => ('tid' in e && e.tid >= 0 ? e.tid : fallback);

/** A function breakpoint: the event or system call it names (normalized), and its condition. */
export interface NamedBp {
  id: number;
  name: string;
  guard: Guard;
}

/** Function breakpoints (tested once per step) and event filters (hit at most once per step). */
export function checkEvents(
  session: Session,
  functions: readonly NamedBp[],
  filters: ReadonlyMap<string, Guard>,
  facts: StepFacts,
  stepped: number,
  causes: Cause[],
): void {
  const fw = filters.get('wake');
  const fn = filters.get('wake-nobody');
  const fb = filters.get('block');
  const fpi = filters.has('pi-handoff') || filters.has('pi-boost');
  if (functions.length === 0 && !fw && !fn && !fb && !fpi) return;
  const s = session;
  const tested = new Set<NamedBp | Guard>();
  for (let i = facts.eventsFrom; i < s.eventCount; i++) {
    const e = s.eventAt(i)!;
    const tid = eventTid(e, stepped);
    const log = (t: string) => facts.log(t, tid);
    for (const bp of functions) {
      // One hit per step: a futex call is both its `key` event and its `syscall` event.
      if (tested.has(bp) || !eventMatches(e, bp.name)) continue;
      tested.add(bp);
      if (bp.guard.test(session, tid, log)) {
        causes.push({ kind: 'event', reason: 'function breakpoint', tid, description: `${bp.name}: ${describeEvent(session, e)}`, hitBreakpointIds: [bp.id], event: i });
      }
    }
    if (e.type === 'wake') {
      const nobody = e.woken.length === 0;
      const g = nobody && fn ? fn : fw;
      if (g && !tested.has(g) && g.test(session, tid, log)) {
        tested.add(g);
        const id = g === fn ? 'wake-nobody' : 'wake';
        const message = describeEvent(session, e);
        causes.push({ kind: 'event', reason: 'exception', tid, description: message, exception: { id, message }, event: i });
      }
    }
    const pf = fpi ? piEventFilter(e) : undefined;
    const gp = pf && filters.get(pf);
    if (gp && !tested.has(gp) && gp.test(session, tid, log)) {
      tested.add(gp);
      const message = describeEvent(session, e);
      causes.push({ kind: 'event', reason: 'exception', tid, description: message, exception: { id: pf, message }, event: i });
    }
    if (e.type === 'block' && fb && !tested.has(fb) && fb.test(session, tid, log)) {
      tested.add(fb);
      const message = `${threadName(session, e.tid)} blocks: ${e.why}`;
      causes.push({ kind: 'event', reason: 'exception', tid, description: message, exception: { id: 'block', message } });
    }
  }
}
