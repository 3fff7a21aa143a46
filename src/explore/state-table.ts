// The explorer's set of visited states (issue #11: "hashed to 64 bits, in an open-addressing
// typed-array table"; issue #14: bounded memory). One slot is 8 bytes: the 64-bit hash as two
// int32 lanes. Linear probing, load factor at most 3/4, doubled when full: 10.7 to 21.3 bytes per
// stored state (at most 1/2 took 16 to 32, and 2-4% more time at mutex3 N=4: the table is the
// search's largest single cost, below, and a smaller one misses the cache less; the probes of a
// lookup at 3/4 stay within a cache line or two, eight slots a line). The depth a state was
// first reached at (a depth bound re-expands a state reached again on a shorter path) is kept
// beside it only under a depth bound, and the preemptions it was reached with only under a
// preemption bound (the same rule: reached again with fewer, it is expanded again); whether a
// state is on the DFS stack (the cycle check) is asked of the stack's own small set (StackSet),
// not stored here.
// A slot is then written once, when its state is stored: a state found again, or popped off the
// stack, does not write the table, and a lookup misses the cache on 8 bytes rather than 16 (the
// table is far larger than the cache: at mutex3 N=5, 2^22 slots; a lookup is one cache and TLB
// miss, the largest single cost of the search: 11.5% of its time at mutex3 N=4 by the line-level
// CPU profile, the fourteenth session).
//
// Hash compaction, as SPIN's -DHC: two distinct states whose 64-bit hashes are equal would be taken
// for one, and the second one's successors might go unexplored. With n states stored, the chance
// that any such collision happened is below n^2 / 2^64: the birthday bound for a hash that
// behaves uniformly, doubled because a state's hash is a hash of its parts' hashes (encode-hash.ts:
// two states collide when the hash of their parts' hashes does, or when every part that differs
// does). 1.4e-6 at 5,000,000 states. The explorer reports this bound with its verdict
// (search.ts collisionBound); `exact` mode keys states by their full string encoding instead.

export class StateTable {
  /** Two int32 per slot: the hash's lanes; (0, 0) marks an empty slot. */
  private slots: Int32Array;
  /** The depth each slot's state was first reached at, by slot; null: no depth bound, not kept. */
  private depths: Int32Array | null;
  /** The preemptions each slot's state was last expanded with; null: no preemption bound, not kept. */
  private preemptions: Int32Array | null;
  private mask: number;
  size = 0;

  /**
   * `depths`: keep each state's depth (a depth-bounded search reads it); `preemptions`: keep the
   * preemptions it was reached with (a preemption-bounded search reads them).
   */
  constructor(capacity = 1 << 16, depths = false, preemptions = false) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.slots = new Int32Array(cap * 2);
    this.depths = depths ? new Int32Array(cap) : null;
    this.preemptions = preemptions ? new Int32Array(cap) : null;
    this.mask = cap - 1;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.slots.byteLength + (this.depths?.byteLength ?? 0) + (this.preemptions?.byteLength ?? 0);
  }

  /** The slot holding hash (h1, h2), or the empty slot where it would go (then `isEmpty`). */
  find(h1: number, h2: number): number {
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    const t = this.slots;
    let i = (h1 ^ (h2 >>> 7)) & this.mask;
    for (;;) {
      const a = t[2 * i];
      const b = t[2 * i + 1];
      if (a === h1 && b === h2) return i;
      if (a === 0 && b === 0) return i;
      i = (i + 1) & this.mask;
    }
  }

  isEmpty(slot: number): boolean {
    return this.slots[2 * slot] === 0 && this.slots[2 * slot + 1] === 0;
  }

  /** The depth the state in `slot` was reached at (0 when depths are not kept). */
  depth(slot: number): number {
    return this.depths === null ? 0 : this.depths[slot];
  }

  /** The preemptions the state in `slot` was expanded with (0 when they are not kept). */
  preemptionsAt(slot: number): number {
    return this.preemptions === null ? 0 : this.preemptions[slot];
  }

  /**
   * Record (h1, h2) at `slot` (from find) with its depth and preemptions (each kept only when
   * asked for: a state stored again, reached on a shorter path or with fewer preemptions, gets the
   * new ones).
   */
  set(slot: number, h1: number, h2: number, depth: number, preemptions = 0): void {
    if (h1 === 0 && h2 === 0) h2 = 1;
    const t = this.slots;
    if (this.depths !== null) this.depths[slot] = depth;
    if (this.preemptions !== null) this.preemptions[slot] = preemptions;
    if (t[2 * slot] !== 0 || t[2 * slot + 1] !== 0) return;
    t[2 * slot] = h1;
    t[2 * slot + 1] = h2;
    if (++this.size * 4 > (this.mask + 1) * 3) this.grow();
  }

  /**
   * Twice the slots. Old slots are read in order and each lands at its home or the home plus the
   * old capacity (or just past, probing): the new table is written in two nearly sequential runs.
   */
  private grow(): void {
    const old = this.slots;
    const oldDepths = this.depths;
    const oldPre = this.preemptions;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 2);
    this.depths = oldDepths === null ? null : new Int32Array(cap);
    this.preemptions = oldPre === null ? null : new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i];
      const b = old[i + 1];
      if (a === 0 && b === 0) continue;
      const j = this.find(a, b);
      this.slots[2 * j] = a;
      this.slots[2 * j + 1] = b;
      if (oldDepths !== null) this.depths![j] = oldDepths[i >> 1];
      if (oldPre !== null) this.preemptions![j] = oldPre[i >> 1];
    }
  }
}

/**
 * The states on the DFS stack, by hash: the cycle check asks it of a state found in the table.
 * Small (the stack's depth), so it stays in the cache. Open addressing over the stack's own order:
 * a slot holds a stack index plus one, `keys` the hash at each index. Entries leave in the order
 * opposite to the one they came in (the stack's), so a removal just empties its slot: the slots
 * are then exactly what inserting the remaining entries in their order would make (no later entry
 * probed past it), and no probe chain is broken. Growth re-inserts in stack order for the same
 * reason.
 */
export class StackSet {
  private slots = new Int32Array(64);
  private keys = new Int32Array(64);
  private n = 0;

  /** The stack index of (h1, h2), or -1. */
  indexOf(h1: number, h2: number): number {
    const s = this.slots;
    const mask = s.length - 1;
    for (let i = (h1 ^ (h2 >>> 7)) & mask; ; i = (i + 1) & mask) {
      const v = s[i];
      if (v === 0) return -1;
      if (this.keys[2 * (v - 1)] === h1 && this.keys[2 * (v - 1) + 1] === h2) return v - 1;
    }
  }

  /** Push (h1, h2): it gets the next stack index (the stack's length before the push). */
  push(h1: number, h2: number): void {
    if (2 * (this.n + 1) > this.slots.length) this.grow();
    if (2 * this.n + 2 > this.keys.length) {
      const k = new Int32Array(this.keys.length * 2);
      k.set(this.keys);
      this.keys = k;
    }
    this.keys[2 * this.n] = h1;
    this.keys[2 * this.n + 1] = h2;
    this.place(this.n++);
  }

  /** Pop the last entry pushed (its hash: (h1, h2)). */
  pop(h1: number, h2: number): void {
    const s = this.slots;
    const mask = s.length - 1;
    const v = this.n--;
    let i = (h1 ^ (h2 >>> 7)) & mask;
    while (s[i] !== v) i = (i + 1) & mask;
    s[i] = 0;
  }

  get length(): number {
    return this.n;
  }

  private place(index: number): void {
    const s = this.slots;
    const mask = s.length - 1;
    let i = (this.keys[2 * index] ^ (this.keys[2 * index + 1] >>> 7)) & mask;
    while (s[i] !== 0) i = (i + 1) & mask;
    s[i] = index + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let i = 0; i < this.n; i++) this.place(i);
  }
}

/** The birthday bound on a hash collision among n states, for the hash of 64-bit hashes of their parts: n(n-1)/2^64. */
export function collisionBound(n: number): number {
  return (n * (n - 1)) / 2 ** 64;
}
