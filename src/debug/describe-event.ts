// One line about a kernel event, for the description of the stop it caused (function
// breakpoints and event filters, event-breakpoints.ts).

import type { KernelEvent } from '../kernel/events';
import { describePiEvent } from './pi-events';
import type { Session } from '../session/session';
import { keyLabel, threadName } from '../session/inspect';
import { plural } from '../lang/plural';

/** One line for a stop's description. */
export function describeEvent(s: Session, e: KernelEvent): string {
  const name = (tid: number) => (tid >= 0 ? threadName(s, tid) ?? `tid ${tid}` : 'kernel');
  switch (e.type) {
    case 'wake':
      return `${name(e.tid)} ${e.op} on ${keyLabel(e.key)} woke ${e.woken.length === 0 ? 'nobody' : e.woken.map((w) => w.who).join(', ')} (returns ${e.ret})`;
    case 'key':
      return `${name(e.tid)} ${e.op}(0x${e.uaddr.toString(16)}): key ${keyLabel(e.key)}, bucket ${e.bucket}`;
    case 'cow':
      return `COW ${e.reused ? 'reuse' : 'copy'} at 0x${e.addr.toString(16)} in mm#${e.mm}: pfn ${e.oldPfn} -> ${e.newPfn}`;
    case 'fork':
      return `${name(e.tid)} forks ${name(e.childTid)}`;
    case 'exit':
      return `${name(e.tid)} exits (${e.how})`;
    case 'requeue':
      return `${name(e.tid)} requeues ${e.who} from ${keyLabel(e.from)} to ${keyLabel(e.to)}`;
    case 'swap-out':
      return `pfn ${e.pfn} swapped out to slot ${e.slot}${e.freed ? ', freed' : ''}`;
    case 'owner-died':
      return `owner died: ${name(e.tid)} held 0x${e.uaddr.toString(16)}${e.pending ? ' (pending)' : ''}; word set to 0x${(e.word >>> 0).toString(16)}, ${plural(e.woke, 'waiter')} woken`;
    case 'robust-wake':
      return `owner died between unlock and wake: ${name(e.tid)}'s pending 0x${e.uaddr.toString(16)} is 0; ${plural(e.woke, 'waiter')} woken`;
    case 'kill':
      return `${name(e.tid)} kills ${e.name}`;
    case 'pi-lock': case 'pi-boost':
      return describePiEvent(s, e)!;
    default: {
      const { type, step: _step, ...rest } = e as KernelEvent & Record<string, unknown>;
      return `${type} ${JSON.stringify(rest)}`;
    }
  }
}
