// The PI part of a state's encoding (encode.ts): pi_states with their owner and rt_mutex wait
// list, each futex_q's pi_state and requeue-PI state, and what the PI oracle remembers (table
// rows, reported dangling waiters, and who ran while a thread was blocked: an inversion is
// reported on presence, so the runners matter and their tick counts do not).
//
// pi_state ids are allocation counters: a pi_state is named by its key instead, which is unique
// while it lives (one pi_state per contended PI word).

import type { Session } from '../session/session';
import type { FutexQ } from '../kernel/state';
import { keyId } from '../kernel/futex/futex';

const name = (tidMap: number[], tid: number): string => (tid >= 0 ? String(tidMap[tid]) : '-');

/** A futex_q's PI fields: its pi_state by key, its requeue-PI state. */
function encodeQPi(s: Session, q: Readonly<FutexQ>): string {
  let out = '';
  if (q.pi !== undefined) {
    const ps = s.k.s.pi.states.find((p) => p.id === q.pi);
    out += `π${ps ? keyId(ps.key) : '?'}`;
  }
  if (q.requeuePi) out += `R${q.requeuePi.state[0]}${keyId(q.requeuePi.key2)}@${q.requeuePi.uaddr2}`;
  return out;
}

/** Each queued futex_q's PI fields, by its place (bucket, index): the bucket lists are encoded in order. */
function encodeQueuedPi(s: Session): string {
  let out = '';
  const { buckets, queues } = s.k.s.futex;
  for (let b = 0; b < buckets.length; b++) {
    buckets[b].forEach((id, i) => {
      const q = queues.get(id);
      if (q && (q.pi !== undefined || q.requeuePi)) out += `${b}.${i}${encodeQPi(s, q)};`;
    });
  }
  return out;
}

export function encodePi(s: Session, tidMap: number[]): string {
  const k = s.k;
  const queued = encodeQueuedPi(s);
  if (queued === '' && k.s.pi.states.length === 0 && s.oracle.pi.blocked.size === 0 && s.oracle.pi.dangling.size === 0) return '';
  const keyOf = new Map(k.s.pi.states.map((p) => [p.id, keyId(p.key)]));
  const states = k.s.pi.states.map((p) => {
    const ws = [...p.waiters].sort((a, b) => a.seq - b.seq).map((w) => name(tidMap, w.tid)).join(',');
    // A handed-off owner that has not run yet (kernel/futex/pi-steal.ts): its lock can be stolen.
    const pending = p.pending ? `P${name(tidMap, p.pending.tid)}.${p.pending.expires >= 0 ? p.pending.expires - k.s.clock : '-'}` : '';
    return `${keyId(p.key)}:${name(tidMap, p.owner)}:${p.mm}.${p.uaddr}[${ws}]r${s.oracle.pi.rows.get(p.id) ?? ''}${pending}`;
  }).sort();
  const blocked = [...s.oracle.pi.blocked].map(([tid, r]) =>
    `${name(tidMap, tid)}<${[...r.ran].map(([m, x]) => `${name(tidMap, m)}.${x.prio}(${[...x.over.keys()].map((l) => name(tidMap, l)).sort().join(',')})`).sort().join(',')}>`).sort();
  const dangling = [...s.oracle.pi.dangling].map((d) => {
    const [tid, ps] = d.split(':').map(Number);
    return `${name(tidMap, tid)}@${keyOf.get(ps) ?? ps}`;
  }).sort();
  return `PI${states.join(';')}|${blocked.join(';')}|${dangling.join(';')}|${queued}`;
}
