// What the reference oracle remembers that a future verdict reads, for the state's identity
// (issue #11: "oracle records are not in the state identity"). Two states equal in kernel and
// threads can still differ in the oracle's waiter records, and then in their futures:
// - `undefinedBy`: a waiter whose mapping was unmapped, moved or truncated while it waited turns
//   a later wrong or missed wake-up, or a hang at the end, into a note instead of an anomaly
//   (session/oracle.ts judgeWake, judgeRequeue, reportHung); munmap then mmap at the same address
//   gives back an equal kernel state with the waiter's record marked;
// - `privateOp` and `bitset`: which waiters the reference counts as due a wake (oracle.ts meets);
// - the waiter's identity, key and where it waited (mm lifetime, address): what a wake and an
//   munmap are judged against; and whether the identity's lifetime is dead (stale-match or
//   wrong-wakeup: oracle.ts deadLives).
// Left out, with why:
// - `who`, `reason`, `cowMoved`: text and causes of explanations, never the kind of a verdict;
// - `requeueSource`, `requeueKey`: written by every wake and read only by the requeue events that
//   follow it in the same futex call (kernel/futex/requeue.ts, requeue-pi.ts emit the wake
//   first), so dead between steps;
// - anomalies, `pinLimitReported`: the search stops at the first anomaly, so a state it goes on
//   from has none and pinLimitReported false; notes are not verdicts;
// - the PI oracle: encoded by encode-pi.ts.

import type { Session } from '../session/session';
import type { Waiter } from '../session/oracle';
import { vec, P, N, S, compareSegments, reserve } from './vec';
import { markNamed } from './encode-vec';

function waiterText(w: Waiter, tids: number[], dead: boolean): string {
  const id = w.identity;
  const k = w.key;
  return `${w.tid >= 0 ? tids[w.tid] : w.tid},${id ? `${id.id.length}'${id.id}${id.kind}${id.life},${id.index ?? '~'},${dead ? 'd' : 'l'}` : '~'},` +
    `${k.kind}${k.ptr},${k.word},${k.off},${w.mmLife},${w.uaddr},${w.undefinedBy ? 'u' : '-'},${w.bitset ?? '~'},${w.privateOp ? 'p' : '-'}`;
}

/** The string form (encode.ts, exact mode). */
export function encodeOracle(s: Session, tids: number[]): string {
  const o = s.oracle;
  if (o.waiters.size === 0) return '';
  const parts: string[] = [];
  for (const w of o.waiters.values()) parts.push(waiterText(w, tids, w.identity !== null && o.deadLives.has(w.identity.life)));
  return parts.sort().join(';');
}

const starts: number[] = [];
const ends: number[] = [];
const order: number[] = [];

/** The vector form (encode-hash.ts): the records written one by one, then copied in sorted order. */
export function writeOracle(s: Session, tids: number[]): void {
  const o = s.oracle;
  P(o.waiters.size);
  if (o.waiters.size === 0) return;
  const base = vec.n;
  let i = 0;
  for (const w of o.waiters.values()) {
    starts[i] = vec.n;
    if (w.tid >= 0) markNamed(w.tid);
    N(w.tid >= 0 ? tids[w.tid] : w.tid);
    const id = w.identity;
    if (id) {
      P(1); S(id.id); S(id.kind); N(id.life);
      if (id.index == null) P(0); else { P(1); N(id.index); }
      P(o.deadLives.has(id.life) ? 1 : 0);
    } else P(0);
    S(w.key.kind); N(w.key.ptr); N(w.key.word); N(w.key.off);
    N(w.mmLife); N(w.uaddr); P(w.undefinedBy ? 1 : 0);
    if (w.bitset === undefined) P(0); else { P(1); N(w.bitset); }
    P(w.privateOp ? 1 : 0);
    ends[i] = vec.n;
    order[i] = i;
    i++;
  }
  if (i === 1) return;
  // Records in a canonical order: sorted by content (the Map's order is the queueing order of
  // futex_q ids, which are allocation counters).
  const ord = order.slice(0, i).sort((a, b) => compareSegments(starts[a], ends[a], starts[b], ends[b]));
  const end = vec.n;
  for (const r of ord) {
    const len = ends[r] - starts[r];
    reserve(len);
    vec.a.copyWithin(vec.n, starts[r], ends[r]);
    vec.n += len;
  }
  vec.a.copyWithin(base, end, vec.n);
  vec.n = base + (vec.n - end);
}
