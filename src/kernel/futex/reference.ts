// The reference oracle's identity of a futex word (SEMANTICS.md "The reference oracle"),
// independent of the strategy under test:
// - (mm, address) for a private op or a word in a mapping without VM_MAYSHARE;
// - (inode, file page index, offset in page) for a word in a VM_MAYSHARE mapping (MAP_SHARED
//   files, shm, MAP_SHARED|MAP_ANONYMOUS); for a nonlinear mapping, the index the page table
//   actually maps.
// An mm or inode is a different identity in each lifetime (`life`), so a recycled object never
// equals its predecessor.

import type { Kernel } from '../kernel';
import type { Mm, RefIdentity } from '../state';
import { PAGE_SIZE, hex, pageOf } from '../types';
import { filePageIndex, findVma, ptePfn, ptePresent } from '../mm';
import { LastByMmAddr } from './fast';

/**
 * A cache beside the state: the (mm, address) identities already made, per mm object and
 * address, so a futex loop does not build the same two strings at every wait and wake (issue
 * #11). An identity is never written after it is made (the oracle replaces a waiter's, never
 * changes it), and it depends only on the mm's id (fixed for an Mm object) and life (checked).
 */
const mmIdentities = new WeakMap<Mm, Map<number, RefIdentity>>();

/**
 * The last identity mmIdentity gave (fast.ts): a futex loop asks for one word again and again.
 * Its fields are a function of the mm's id and life and the address alone, so it is kept by
 * those numbers (no Mm held past its session) and is equal, field for field, to a new one.
 */
const lastIdentity = new LastByMmAddr<RefIdentity>();

export function mmIdentity(m: Mm, uaddr: number): RefIdentity {
  return lastIdentity.get(m, uaddr) ?? lastIdentity.set(m, uaddr, mmIdentityCached(m, uaddr));
}

function mmIdentityCached(m: Mm, uaddr: number): RefIdentity {
  let byAddr = mmIdentities.get(m);
  if (!byAddr) mmIdentities.set(m, (byAddr = new Map()));
  const known = byAddr.get(uaddr);
  if (known && known.life === m.life) return known; // an Mm's id never changes; a new lifetime is a new life
  const id: RefIdentity = { id: `m${m.life}:${uaddr}`, label: `(mm#${m.id}, ${hex(uaddr)})`, kind: 'mm', life: m.life };
  if (byAddr.size < 4096) byAddr.set(uaddr, id);
  return id;
}

export function refIdentity(k: Kernel, m: Mm, uaddr: number, privateOp: boolean): RefIdentity | null {
  if (privateOp) return mmIdentity(m, uaddr);
  const v = findVma(m, uaddr);
  if (!v) return null;
  if (!v.mayshare || v.ino < 0) return mmIdentity(m, uaddr);
  const i = k.s.inodes[v.ino]!;
  let index = filePageIndex(v, uaddr);
  if (v.nonlinear) {
    const pte = m.pt.get(pageOf(uaddr));
    if (pte !== undefined && ptePresent(pte)) index = k.s.pages[ptePfn(pte)]!.index;
  }
  const off = uaddr % PAGE_SIZE;
  return {
    id: `i${i.life}:${index}:${off}`,
    label: `(inode#${i.ino} ${i.name}, page ${index}, +${hex(off)})`,
    kind: 'inode',
    life: i.life,
    index,
  };
}
