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

export function mmIdentity(m: Mm, uaddr: number): RefIdentity {
  return { id: `m${m.life}:${uaddr}`, label: `(mm#${m.id}, ${hex(uaddr)})`, kind: 'mm', life: m.life };
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
