// The explorer's set of visited states (issue #11: "hashed to 64 bits, in an open-addressing
// typed-array table"; issue #14: bounded memory). One slot is 16 bytes in three typed arrays:
// the 64-bit hash as two int32 lanes, the depth the state was first reached at (the depth bound
// re-expands a state reached again on a shorter path), and its index on the DFS stack plus one (0:
// not on the stack; the cycle check). Linear probing, load factor at most 1/2, doubled when full:
// 32 to 64 bytes per stored state.
//
// Hash compaction, as SPIN's -DHC: two distinct states whose 64-bit hashes are equal would be taken
// for one, and the second one's successors might go unexplored. With n states stored, the chance
// that any such collision happened is below n^2 / 2^65 (the birthday bound, for a hash that
// behaves uniformly): 7e-7 at 5,000,000 states. The explorer reports this bound with its verdict
// (search.ts collisionBound); `exact` mode keys states by their full string encoding instead.

export class StateTable {
  private keys: Int32Array;
  private depths: Int32Array;
  private stackIdx: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.keys = new Int32Array(cap * 2);
    this.depths = new Int32Array(cap);
    this.stackIdx = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.keys.byteLength + this.depths.byteLength + this.stackIdx.byteLength;
  }

  /** The slot holding hash (h1, h2), or the empty slot where it would go (then `isEmpty`). */
  find(h1: number, h2: number): number {
    if (h1 === 0 && h2 === 0) h2 = 1; // (0, 0) marks an empty slot
    const keys = this.keys;
    let i = (h1 ^ (h2 >>> 7)) & this.mask;
    for (;;) {
      const a = keys[2 * i];
      const b = keys[2 * i + 1];
      if (a === h1 && b === h2) return i;
      if (a === 0 && b === 0) return i;
      i = (i + 1) & this.mask;
    }
  }

  isEmpty(slot: number): boolean {
    return this.keys[2 * slot] === 0 && this.keys[2 * slot + 1] === 0;
  }

  depth(slot: number): number {
    return this.depths[slot];
  }

  /** Stack index of the state in `slot`, or -1. */
  onStack(slot: number): number {
    return this.stackIdx[slot] - 1;
  }

  /**
   * Record (h1, h2) at `slot` (from find) with its depth and stack index; returns the slot it is
   * in afterwards (the table may have grown).
   */
  set(slot: number, h1: number, h2: number, depth: number, stackIndex: number): number {
    if (h1 === 0 && h2 === 0) h2 = 1;
    if (this.isEmpty(slot)) {
      this.keys[2 * slot] = h1;
      this.keys[2 * slot + 1] = h2;
      this.size++;
    }
    this.depths[slot] = depth;
    this.stackIdx[slot] = stackIndex + 1;
    if (this.size * 2 > this.mask + 1) {
      this.grow();
      return this.find(h1, h2);
    }
    return slot;
  }

  /** The state (h1, h2) left the DFS stack. */
  unstack(h1: number, h2: number): void {
    const slot = this.find(h1, h2);
    if (!this.isEmpty(slot)) this.stackIdx[slot] = 0;
  }

  private grow(): void {
    const { keys, depths, stackIdx } = this;
    const cap = (this.mask + 1) * 2;
    this.keys = new Int32Array(cap * 2);
    this.depths = new Int32Array(cap);
    this.stackIdx = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < depths.length; i++) {
      const a = keys[2 * i];
      const b = keys[2 * i + 1];
      if (a === 0 && b === 0) continue;
      const j = this.find(a, b);
      this.keys[2 * j] = a;
      this.keys[2 * j + 1] = b;
      this.depths[j] = depths[i];
      this.stackIdx[j] = stackIdx[i];
    }
  }
}

/** The birthday bound on a hash collision among n states of a 64-bit hash: n(n-1)/2^65. */
export function collisionBound(n: number): number {
  return (n * (n - 1)) / 2 ** 65;
}
