// The explorer's set of visited states (issue #11: "hashed to 64 bits, in an open-addressing
// typed-array table"; issue #14: bounded memory). One slot is 16 bytes, four int32 side by side:
// the 64-bit hash as two int32 lanes, the depth the state was first reached at (the depth bound
// re-expands a state reached again on a shorter path), and its index on the DFS stack plus one (0:
// not on the stack; the cycle check). Linear probing, load factor at most 1/2, doubled when full:
// 32 to 64 bytes per stored state.
//
// Hash compaction, as SPIN's -DHC: two distinct states whose 64-bit hashes are equal would be taken
// for one, and the second one's successors might go unexplored. With n states stored, the chance
// that any such collision happened is below n^2 / 2^64: the birthday bound for a hash that
// behaves uniformly, doubled because a state's hash is a hash of its parts' hashes (encode-hash.ts:
// two states collide when the hash of their parts' hashes does, or when every part that differs
// does). 1.4e-6 at 5,000,000 states. The explorer reports this bound with its verdict
// (search.ts collisionBound); `exact` mode keys states by their full string encoding instead.

export class StateTable {
  /**
   * Four int32 per slot, side by side: the hash's two lanes, the depth, the stack index plus one.
   * One array rather than three: a lookup of a slot then misses the cache once, not up to three
   * times (the table is far larger than the cache; the first load of a slot was ~3% of the
   * explorer's time).
   */
  private slots: Int32Array;
  private mask: number;
  size = 0;
  /** Times the table grew: a slot given by find or set stays the state's until the next growth (no slot is ever emptied). */
  grown = 0;

  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
  }

  /** Bytes held by the table's array. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** The slot holding hash (h1, h2), or the empty slot where it would go (then `isEmpty`). */
  find(h1: number, h2: number): number {
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    const t = this.slots;
    let i = (h1 ^ (h2 >>> 7)) & this.mask;
    for (;;) {
      const a = t[4 * i];
      const b = t[4 * i + 1];
      if (a === h1 && b === h2) return i;
      if (a === 0 && b === 0) return i;
      i = (i + 1) & this.mask;
    }
  }

  isEmpty(slot: number): boolean {
    return this.slots[4 * slot] === 0 && this.slots[4 * slot + 1] === 0;
  }

  depth(slot: number): number {
    return this.slots[4 * slot + 2];
  }

  /** Stack index of the state in `slot`, or -1. */
  onStack(slot: number): number {
    return this.slots[4 * slot + 3] - 1;
  }

  /**
   * Record (h1, h2) at `slot` (from find) with its depth and stack index; returns the slot it is
   * in afterwards (the table may have grown).
   */
  set(slot: number, h1: number, h2: number, depth: number, stackIndex: number): number {
    if (h1 === 0 && h2 === 0) h2 = 1;
    const t = this.slots;
    if (this.isEmpty(slot)) {
      t[4 * slot] = h1;
      t[4 * slot + 1] = h2;
      this.size++;
    }
    t[4 * slot + 2] = depth;
    t[4 * slot + 3] = stackIndex + 1;
    if (this.size * 2 > this.mask + 1) {
      this.grow();
      return this.find(h1, h2);
    }
    return slot;
  }

  /**
   * The state (h1, h2) left the DFS stack. `slot`: where set put it when the table had grown
   * `grown` times; still its slot if it has not grown since, and then not searched for again (a
   * search loads the slot, a cache miss in a table far larger than the cache; a store alone does
   * not wait for it).
   */
  unstack(h1: number, h2: number, slot = -1, grown = -1): void {
    if (slot >= 0 && grown === this.grown) {
      this.slots[4 * slot + 3] = 0;
      return;
    }
    const at = this.find(h1, h2);
    if (!this.isEmpty(at)) this.slots[4 * at + 3] = 0;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.grown++;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    for (let i = 0; i < old.length; i += 4) {
      const a = old[i];
      const b = old[i + 1];
      if (a === 0 && b === 0) continue;
      const j = 4 * this.find(a, b);
      this.slots[j] = a;
      this.slots[j + 1] = b;
      this.slots[j + 2] = old[i + 2];
      this.slots[j + 3] = old[i + 3];
    }
  }
}

/** The birthday bound on a hash collision among n states, for the hash of 64-bit hashes of their parts: n(n-1)/2^64. */
export function collisionBound(n: number): number {
  return (n * (n - 1)) / 2 ** 64;
}
