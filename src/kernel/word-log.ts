// An undo log of user word stores, for the explorer's backtracking (issue #11: "restore by an
// undo log"). Without it, page data is shared copy-on-write between the live state and its
// snapshots (clone.ts; fault.ts writablePage copies the 4 KB frame at the first store after
// every snapshot, and the explorer snapshots nearly every state: ~6% of its time, plus the
// garbage). With a log (Kernel.words), writablePage lets its caller store in place and records
// the word's old value here; the explorer undoes the log back to a state's mark before it
// restores the state's snapshot, so the snapshot's page data reads as it was taken again.
//
// What it relies on: every store into page data that a snapshot may share goes through
// writablePage (its caller stores exactly the word at the address it names; interp.ts,
// futex/waitwake.ts, pi.ts, robust.ts). Stores that bypass it do so only into a frame allocated
// in the current epoch (page.ts allocPage sets its owner; fast-step.ts writableData and the
// reads from swap or disk into a fresh frame), which no snapshot shares yet: the next snapshot
// (or the explorer's new epoch at each state) ends that epoch, and from then on the frame's
// stores go through writablePage, which in log mode leaves the owner as it is.
//
// Entries carry serial numbers unique in the process: while an entry is on the log, the entries
// below it do not change, so the top entry's serial names the whole log, hence the content of
// every frame the log touched (explore/vec.ts W keys its cache of page data encodings by it).

let serials = 0;

/** The words of one frame's data that the log ever recorded, each once, in first-store order. */
export interface Touched {
  readonly list: number[];
  readonly seen: Uint8Array;
}

export class WordLog {
  private arrays: (Int32Array | null)[] = [];
  private index = new Int32Array(256);
  private old = new Int32Array(256);
  private serial = new Float64Array(256);
  /** Entries on the log. */
  n = 0;
  /** How many frames' data the log has touched: while it stays the same, an untouched one stays untouched. */
  arraysTouched = 0;
  /** The version of an empty log (unique to this log). */
  private readonly base = ++serials;

  /** Per frame data: the words ever stored to through the log (explore/vec.ts W reads only those). */
  private readonly touchedBy = new WeakMap<Int32Array, Touched>();
  private lastArray: Int32Array | null = null;
  private lastTouched: Touched | null = null;

  /** The word at `i` of `d` is about to be stored to: remember its value. */
  record(d: Int32Array, i: number): void {
    let t = this.lastTouched;
    if (this.lastArray !== d) {
      t = this.touchedBy.get(d) ?? null;
      if (t === null) {
        t = { list: [], seen: new Uint8Array(d.length) };
        this.touchedBy.set(d, t);
        this.arraysTouched++;
      }
      this.lastArray = d;
      this.lastTouched = t;
    }
    if (t!.seen[i] === 0) {
      t!.seen[i] = 1;
      t!.list.push(i);
    }
    const n = this.n;
    if (n === this.index.length) this.grow();
    this.arrays[n] = d;
    this.index[n] = i;
    this.old[n] = d[i];
    this.serial[n] = ++serials;
    this.n = n + 1;
  }

  /** Undo the stores recorded since the log held `mark` entries, newest first. */
  undoTo(mark: number): void {
    const arrays = this.arrays;
    for (let j = this.n - 1; j >= mark; j--) {
      arrays[j]![this.index[j]] = this.old[j];
      arrays[j] = null;
    }
    if (mark < this.n) this.n = mark;
  }

  /** The words of `d` ever stored to through this log, or undefined: none. */
  touched(d: Int32Array): Touched | undefined {
    return this.lastArray === d ? this.lastTouched! : this.touchedBy.get(d);
  }

  /** A number naming the log's content: equal versions, equal page data in every frame the log touched. */
  version(): number {
    return this.n === 0 ? this.base : this.serial[this.n - 1];
  }

  private grow(): void {
    const len = this.index.length * 2;
    const index = new Int32Array(len);
    const old = new Int32Array(len);
    const serial = new Float64Array(len);
    index.set(this.index);
    old.set(this.old);
    serial.set(this.serial);
    this.index = index;
    this.old = old;
    this.serial = serial;
  }
}
