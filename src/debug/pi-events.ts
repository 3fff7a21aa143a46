// Event breakpoints and descriptions for PI futexes (issue #16): "lock handed off" (a PI unlock
// or an owner's death gave the lock to a waiter) and "priority boosted" (PI boosting changed a
// thread's effective priority). The anomaly kinds of oracle-pi.ts are exception filters too.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { KernelEvent } from '../kernel/events';
import type { Session } from '../session/session';
import { keyLabel, threadName } from '../session/inspect';

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export const PI_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'pi-handoff', label: 'PI lock handed off', description: 'Stop when FUTEX_UNLOCK_PI or an owner\'s death gives a PI lock to a waiter', default: false, supportsCondition: true },
  { filter: 'pi-boost', label: 'Priority boosted', description: 'Stop when PI boosting changes a thread\'s effective priority', default: false, supportsCondition: true },
  { filter: 'pi-state-inconsistent', label: 'Anomaly: PI word inconsistent with its pi_state', default: true, supportsCondition: true },
  { filter: 'dangling-rt-waiter', label: 'Anomaly: dangling rt_waiter (CVE-2014-3153)', default: true, supportsCondition: true },
  { filter: 'priority-inversion', label: 'Anomaly: priority inversion', default: true, supportsCondition: true },
];

/** The event filter a PI event answers to, if any. */
export function piEventFilter(e: KernelEvent): 'pi-handoff' | 'pi-boost' | undefined {
  if (e.type === 'pi-lock' && (e.what === 'handoff' || e.what === 'owner-died' || e.what === 'proxy-locked')) return 'pi-handoff';
  if (e.type === 'pi-boost') return 'pi-boost';
  return undefined;
}

export function describePiEvent(s: Session, e: KernelEvent): string | undefined {
  const name = (tid: number) => (tid >= 0 ? threadName(s, tid) ?? `tid ${tid}` : 'kernel');
  if (e.type === 'pi-boost') return `${name(e.tid)}'s effective priority ${e.from} -> ${e.to}${e.to > e.from ? ' (boosted by a PI waiter)' : ''}`;
  if (e.type !== 'pi-lock') return undefined;
  const at = `PI lock at ${hex(e.uaddr)} ${keyLabel(e.key)}`;
  switch (e.what) {
    case 'handoff': return `${name(e.from)} handed the ${at} to ${name(e.tid)} (word ${hex(e.word)})`;
    case 'owner-died': return `${name(e.from)} died holding the ${at}: handed on to ${name(e.tid)} (word ${hex(e.word)})`;
    case 'proxy-locked': return `${name(e.from)}'s CMP_REQUEUE_PI took the ${at} for ${name(e.tid)} (word ${hex(e.word)})`;
    case 'acquired': return `${name(e.tid)} took the ${at} (word ${hex(e.word)})`;
    case 'blocked': return `${name(e.tid)} blocks on the ${at}, owned by ${name(e.from)}`;
    case 'released': return `${name(e.tid)} released the ${at}`;
    case 'stolen': return `${name(e.from)} stole the ${at} handed to ${name(e.tid)} before it ran; ${name(e.tid)} sleeps again`;
  }
}
