// Slab-like recycling of identities (SEMANTICS.md "Object identity and recycling").
//
// Invariant: a slot is either live (handed out and not yet freed) or on `free`; the most
// recently freed slot is handed out first (LIFO), as a slab cache hands back its hottest object.

import type { Slab } from './state';

// The slabs belong to the groups of the memory and processes (vm-stamp.ts): each caller calls its
// group's ...Written (pagesWritten, mmsWritten, procsWritten).

export function newSlab(first = 0): Slab {
  return { next: first, free: [] };
}

export function slabAlloc(slab: Slab): number {
  const slot = slab.free.pop();
  return slot !== undefined ? slot : slab.next++;
}

export function slabFree(slab: Slab, slot: number): void {
  slab.free.push(slot);
}
