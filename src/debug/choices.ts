// The schedule choices of a recorded run, one per step, kept as narrow as the thread ids allow
// (issue 9, bounded memory): a step is its thread id and one bit saying whether the debugger
// forced it or the schedule chose it (history.ts replays a schedule choice as a schedule choice).
// Most scenarios have fewer than 128 threads, so a step costs one byte; the array widens to two
// and then four bytes per step the first time a larger thread id runs. 10,000,000 steps of an
// 8-thread mutex3 take 10 MB instead of the 40 MB of one Int32 per step.

type Store = Uint8Array | Uint16Array | Uint32Array;

/** Largest tid each width holds next to the forced bit. */
const LIMIT = new Map<number, number>([[1, 0x7f], [2, 0x7fff], [4, 0x7fffffff]]);

export class Choices {
  private data: Store = new Uint8Array(4096);

  /** Bytes held. */
  get bytes(): number {
    return this.data.byteLength;
  }

  /** Bytes per step now (1, 2 or 4). */
  get width(): number {
    return this.data.BYTES_PER_ELEMENT;
  }

  set(pos: number, tid: number, forced: boolean): void {
    if (!Number.isInteger(tid) || tid < 0) throw new RangeError(`tid ${tid} cannot be recorded`);
    while (tid > LIMIT.get(this.width)!) this.widen();
    if (pos >= this.data.length) this.grow(pos + 1);
    this.data[pos] = tid * 2 + (forced ? 1 : 0);
  }

  tid(pos: number): number {
    return Math.floor(this.data[pos] / 2);
  }

  forced(pos: number): boolean {
    return (this.data[pos] & 1) === 1;
  }

  private grow(atLeast: number): void {
    let n = this.data.length;
    while (n < atLeast) n *= 2;
    const bigger = new (this.data.constructor as new (n: number) => Store)(n);
    bigger.set(this.data);
    this.data = bigger;
  }

  private widen(): void {
    const wider: Store = this.width === 1 ? new Uint16Array(this.data.length) : new Uint32Array(this.data.length);
    wider.set(this.data);
    this.data = wider;
  }
}
