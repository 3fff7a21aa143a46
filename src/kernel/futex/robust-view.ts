// A thread's robust list as the debugger shows it (the futexlab state snapshot, snapshot.ts): the
// head, each entry with its lock word and owner, and the pending entry. It reads memory the way a
// debugger peeks, never faulting a page in (a snapshot must not change the state): a word on a
// page that is not present reads as null. Cycles and long lists are cut, as the kernel's walk
// would stop (ROBUST_LIST_LIMIT); at most MAX_SHOWN entries are listed.

import type { Kernel } from '../kernel';
import type { Mm, Task } from '../state';
import { FUTEX_OWNER_DIED, FUTEX_TID_MASK, FUTEX_WAITERS, PAGE_SIZE, TID_BASE, hex } from '../types';
import { ptePfn, ptePresent } from '../mm';

const MAX_SHOWN = 64;

export interface RobustEntryView {
  entry: string;
  /** Bit 0 of the pointer: a PI futex. */
  pi: boolean;
  uaddr: string;
  /** The lock word (sign-extended as `load` gives it), or null when its page is not present. */
  word: number | null;
  /** The thread whose TID the word holds, `TID n` if none has it, '' for 0. */
  owner: string;
  ownerDied: boolean;
  waiters: boolean;
}

export interface RobustListView {
  head: string;
  futexOffset: number | null;
  entries: RobustEntryView[];
  pending: RobustEntryView | null;
  /** Why the list shown ends early: 'not present', 'cycle', 'more than 64', or ''. */
  cut: string;
}

function peek(k: Kernel, m: Mm, addr: number): number | null {
  if (addr % 4 !== 0 || addr < 0) return null;
  const pte = m.pt.get(Math.floor(addr / PAGE_SIZE));
  if (pte === undefined || !ptePresent(pte)) return null;
  return k.s.pages[ptePfn(pte)]!.data[(addr % PAGE_SIZE) >> 2];
}

function entryView(k: Kernel, m: Mm, raw: number, off: number): RobustEntryView {
  const entry = (raw & ~1) >>> 0;
  const uaddr = (entry + off) >>> 0;
  const word = peek(k, m, uaddr);
  const tid = word === null ? 0 : word & FUTEX_TID_MASK;
  const t = tid ? k.s.tasks[tid - TID_BASE] : undefined;
  return {
    entry: hex(entry), pi: (raw & 1) !== 0, uaddr: hex(uaddr), word,
    owner: tid === 0 ? '' : t ? t.name : `TID ${tid}`,
    ownerDied: word !== null && (word & FUTEX_OWNER_DIED) !== 0,
    waiters: word !== null && (word & FUTEX_WAITERS) !== 0,
  };
}

/** The robust list thread t registered, or null when it has none (or its mm is gone). */
export function robustListView(k: Kernel, t: Task): RobustListView | null {
  if (t.robustHead === 0) return null;
  const m = k.s.mms[k.s.procs[t.pid].mm];
  const head = t.robustHead;
  const view: RobustListView = { head: hex(head), futexOffset: null, entries: [], pending: null, cut: '' };
  if (!m) return { ...view, cut: 'not present' };
  const first = peek(k, m, head);
  const off = peek(k, m, head + 4);
  const pend = peek(k, m, head + 8);
  view.futexOffset = off;
  if (first === null || off === null || pend === null) return { ...view, cut: 'not present' };
  if ((pend & ~1) !== 0) view.pending = entryView(k, m, pend, off);
  const seen = new Set<number>();
  let raw = first;
  while (((raw & ~1) >>> 0) !== head) {
    const entry = (raw & ~1) >>> 0;
    if (seen.has(entry)) return { ...view, cut: 'cycle' };
    if (view.entries.length === MAX_SHOWN) return { ...view, cut: `more than ${MAX_SHOWN}` };
    seen.add(entry);
    view.entries.push(entryView(k, m, raw, off));
    const next = peek(k, m, entry);
    if (next === null) return { ...view, cut: 'not present' };
    raw = next;
  }
  return view;
}
