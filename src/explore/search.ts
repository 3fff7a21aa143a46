// Exhaustive schedule exploration: depth-first search over the choice of the next thread at
// every step, the way a model checker does.
//
// Reductions, each sound for the properties checked (anomalies, deadlock, failed asserts, a
// cycle in which threads never finish):
// - state hashing over the canonical encoding: a state is expanded once (again on a shorter path
//   only under a depth bound, where the shorter path reaches deeper, and again with fewer
//   preemptions under a preemption bound, where the state's key also holds the thread that ran
//   last if it can go on: switching away from it is what costs a preemption). By default the encoding is
//   an integer vector hashed to 64 bits (encode-hash.ts) kept in a typed-array table
//   (state-table.ts: hash compaction, with the collision bound reported in the result); `exact`
//   keys states by their full string encoding (encode.ts) instead;
// The search stops at the first failure; its schedule is then shortened by delta debugging
// (shorten.ts) rather than by searching on for shorter paths.
// - symmetry: identical threads are interchangeable (encode.ts);
// - partial order: a step that touches only the thread's own registers (local.ts) commutes with
//   every step of every other thread and cannot be observed by the oracle, so when some thread
//   has one, it alone is explored from that state (an ample set of one local transition).
// Bounds: --max-states, --max-depth, --preemptions (a switch away from a thread that could have
// gone on counts one). Under --max-depth or --preemptions, thread-local steps are not taken first:
// the forced steps counted towards the depth (a 9-step failure behind another thread's 22 local
// steps was "no failure within the bounds" at --max-depth 12), and they changed who ran last, so
// that going on with the thread that ran before them cost a preemption the unreduced schedule
// does not make. Under a preemption bound symmetry is off too: the thread that ran last would
// have to be renamed with the threads (twins are off there for the same reason).

import type { Program } from '../session/program';
import { Session, type SessionSnapshot } from '../session/session';
import { encodeState, symmetryOf, type SymmetryInfo } from './encode';
import { hashState, keepHashes, keptGroupsOf, keptPart, twinsOf, type Parent } from './encode-hash';
import { PartArena, type GroupPart, type KernelPart } from './kernel-part';
import { StackSet, StateTable, collisionBound } from './state-table';
import { localStepThread } from './local';
import { cycleBits, fairCycle, fairTogether, noCycles, twinSteps, withTwins, type CycleAcc } from './fair-cycle';
import { failureOf, livelockMessage, type Failure } from './failure';
import { anyCut, countCut, noCuts, type ExploreOptions, type ExploreResult } from './search-types';
import { shortenFailure } from './shorten';
import { exploreDpor } from './dpor';
import { exploreFlat } from './flat-search';
import { restoreInPlace } from './restore';
import { newEpoch } from '../kernel/clone';
import { WordLog } from '../kernel/word-log';
import type { KernelState } from '../kernel/state';
import { Pacer } from './pacer';

export { failureOf, type Failure, type FailureKind } from './failure';
export type { CutCounts, ExploreOptions, ExploreResult, Progress } from './search-types';

/**
 * Tests: called at every restore that shares a kernel snapshot across quiet steps (shareQuiet)
 * with the live kernel and what a full restore would give (the class's snapshot, the step count
 * and clock to set); it throws if they differ.
 */
export const quietShare = { check: null as ((live: KernelState, base: KernelState, step: number, clock: number) => void) | null };

interface Node {
  /** null: not taken (one choice; in-place restore). */
  snap: SessionSnapshot | null;
  key: string;
  /** The state's 64-bit hash (not exact mode). */
  h1: number;
  h2: number;
  /** The threads to step from here (the runnable ones, less twins). */
  choices: number[];
  /** The runnable threads (what the fairness of a cycle reads). */
  runnable: number[];
  next: number;
  depth: number;
  preemptions: number;
  last: number;
  /** Steps taken to reach this node from its parent (the choice plus forced local steps). */
  path: number[];
  /** The undo log's length when this state was pushed (its page data is the log undone to here). */
  mark: number;
  /**
   * Its kernel's class: states of one class have kernels equal but for the step count, the clock
   * and page data (a state reached by quiet steps is in its parent's class).
   */
  gen: number;
  /** A kernel snapshot of its class (its own, or shared from an ancestor), or null. */
  base: KernelState | null;
  /** `base` is its own snapshot (no other node holds it): the last restore may adopt it. */
  ownsBase: boolean;
  /** Its step count and clock (the class's snapshot holds those of the state it was taken at). */
  step: number;
  clock: number;
  /** Its kernel part, kept to be replayed at children whose steps changed only page data (kernel-part.ts), or null. */
  kpart: KernelPart | null;
  /** Its kernel part's groups, kept for children whose steps do not write them (kernel-groups.ts), or null. */
  groups: (GroupPart | null)[] | null;
  /** The kept parts' arena top before this node's part: released when it is popped. */
  partsMark: number;
  /** Its thread and page data hashes' offset in the arena (encode-hash.ts keepHashes; -1: none kept) and its thread count. */
  thOff: number;
  thN: number;
  /** The cycles closed at this state so far, together (fair-cycle.ts CycleAcc). */
  cycles: CycleAcc;
  /** Threads the twin reduction left out here, each after its twin: u, t, ... (fair-cycle.ts withTwins), or null. */
  twinPairs: number[] | null;
}

/** Sort a few tids in place (Array.prototype.sort with a comparator was ~2% of the explorer's time). */
function sortAscending(a: number[]): number[] {
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
  return a;
}

export async function explore(program: Program, opts: ExploreOptions = {}): Promise<ExploreResult> {
  if (opts.dpor) {
    const { fallback, ...r } = await exploreDpor(program, opts);
    if (fallback === null) return r;
    return { ...(await explore(program, { ...opts, dpor: false })), dporFallback: fallback };
  }
  const flat = await exploreFlat(program, opts);
  if (flat !== null) {
    if (flat.failure && opts.shorten !== false) flat.failure = shortenFailure(program, flat.failure, { strategy: opts.strategy, options: opts.options }, opts.cancelled);
    return { ...flat, flat: true };
  }
  const t0 = Date.now();
  const maxStates = opts.maxStates ?? 5_000_000;
  const maxDepth = opts.maxDepth ?? Infinity;
  const depthBound = maxDepth !== Infinity;
  const maxPre = opts.preemptions ?? Infinity;
  const preBound = maxPre !== Infinity;
  const sym: SymmetryInfo = symmetryOf(program, opts.symmetry !== false && !preBound);
  const por = opts.partialOrder !== false && !depthBound && !preBound;
  const merge = opts.stateHashing !== false;
  const twins = opts.twins ?? (opts.symmetry !== false && opts.exact !== true && maxPre === Infinity);
  if (twins && (opts.exact === true || maxPre !== Infinity)) throw new Error('explore: twins needs the hashed encoding and no preemption bound');
  const s = new Session(program, { strategy: opts.strategy, schedule: 'fifo', options: opts.options });
  const exact = opts.exact === true;
  const inPlace = opts.restore !== 'clone';
  // The string encoding caches page data by identity alone (encode-kernel.ts wordsOf): no log there.
  const words = inPlace && !exact && opts.wordLog !== false ? new WordLog() : null;
  s.k.words = words;
  // A live kernel state replaced by a snapshot (the last child of a state adopts it) is written
  // into by a later snapshot instead of left to the GC (kernel.ts snapshotPool).
  const pool: KernelState[] | null = inPlace && opts.snapshotPool !== false ? [] : null;
  s.k.snapshotPool = pool;
  const share = words !== null && opts.shareQuiet !== false;
  const reuseHashes = opts.reuseHashes !== false;
  /** Kernel classes (Node.gen) given out, and the live kernel's: valid while kernelTouches is liveTouches. */
  let gens = 0;
  let liveGen = -1;
  let liveTouches = -1;
  const table = new StateTable(exact ? 16 : 1 << 16, depthBound, preBound);
  /** The hashed states on the stack (not exact mode), by hash: the cycle check. */
  const onHashStack = new StackSet();
  const parts = new PartArena();
  const hbuf = new Int32Array(2);
  const parent: Parent = { part: null, buf: parts.buf, off: 0, n: -1, pagesSame: false, groups: null };
  let keyChars = 0;
  const visited = new Map<string, number>();
  /** Exact mode under a preemption bound: the preemptions each state was expanded with. */
  const visitedPre = new Map<string, number>();
  /** Encodings of the states on the DFS stack -> their index in it (cycle detection). */
  const onStack = new Map<string, number>();
  const stats = { states: 0, transitions: 0, schedules: 0 };
  let best: Failure | null = null;
  const cut = noCuts();
  let cancelled = false;
  const pathOf = (stack: Node[]) => stack.flatMap((n) => n.path);

  const NONE: number[] = [];
  /** The path of steps to a state: `tid` (-1: none) then the forced ones. */
  const pathFrom = (tid: number, forced: number[]): number[] => (tid < 0 ? forced.slice() : [tid, ...forced]);
  /** Take forced local steps; return the tids stepped (NONE, not to be written, when none). */
  const settle = (): number[] => {
    let forced = NONE;
    while (por && s.result === null) {
      const tid = localStepThread(s);
      if (tid < 0) break;
      s.step(tid);
      if (forced === NONE) forced = [];
      forced.push(tid);
      stats.transitions++;
      if (forced.length > 10_000) break; // a thread spinning on registers alone: let the cycle check see it
    }
    return forced;
  };

  const root = settle();
  const stack: Node[] = [];
  /**
   * Push the live state, reached from `from` (null: the root) by stepping `tid` (-1: none, the
   * root), then the forced steps `forced`: its path (made only for a state pushed or a failure,
   * not for each of the many transitions to a known state). `touches`: kernelTouches
   * when `from`'s state was live; unchanged, only quiet steps led here: the kernel is `from`'s but
   * for the step count, the clock and page data, so its kept kernel part stands for this state's
   * (kernel-part.ts) and its kernel snapshot may be shared (shareQuiet).
   */
  const push = (tid: number, forced: number[], depth: number, preemptions: number, last: number, from: Node | null, touches: number): boolean => {
    s.idle();
    const quiet = from !== null && s.kernelTouches === touches;
    const f = failureOf(s);
    if (f) {
      const schedule = [...pathOf(stack), ...pathFrom(tid, forced)];
      if (!best || schedule.length < best.schedule.length) best = { ...f, schedule };
      return false;
    }
    if (s.result !== null) {
      stats.schedules++;
      countCut(cut, s.result);
      return false;
    }
    let key = '';
    let h1 = 0;
    let h2 = 0;
    let slot = -1;
    let back: number | undefined;
    let seen: number | undefined;
    let seenPre = 0;
    // Under a preemption bound the cost of going on depends on who ran last, if it can go on.
    const lastKey = preBound && s.runnable().includes(last) ? last : -1;
    if (exact) {
      key = encodeState(s, sym);
      if (preBound) key += `|last ${lastKey}`;
      back = onStack.get(key);
      seen = visited.get(key);
      seenPre = visitedPre.get(key) ?? 0;
    } else {
      if (!reuseHashes || from === null) hashState(s, sym, hbuf);
      else {
        parent.part = quiet ? from.kpart : null;
        parent.buf = parts.buf;
        parent.off = from.thOff;
        parent.n = from.thOff >= 0 ? from.thN : -1;
        parent.pagesSame = words !== null && words.n === from.mark;
        parent.groups = from.groups;
        hashState(s, sym, hbuf, parent);
      }
      h1 = hbuf[0];
      h2 = hbuf[1];
      if (preBound) {
        h1 = (h1 ^ Math.imul(lastKey + 2, 0x9e3779b1)) | 0;
        h2 = (h2 ^ Math.imul(lastKey + 2, 0x85ebca77)) | 0;
      }
      slot = table.find(h1, h2);
      if (!table.isEmpty(slot)) {
        const b = onHashStack.indexOf(h1, h2);
        if (b >= 0) back = b;
        seen = table.depth(slot);
        seenPre = table.preemptionsAt(slot);
      }
    }
    if (back !== undefined) {
      const last = pathFrom(tid, forced);
      const runnableNow = s.runnable();
      let schedule: number[] | null = null;
      if (fairCycle(stack, back, last, runnableNow)) schedule = [...pathOf(stack), ...last];
      else {
        // Not fair alone: with the cycles closed at the same state before, perhaps (fair-cycle.ts
        // CycleAcc); the counterexample is then the path to that state and those cycles.
        const c0 = cycleBits(stack, back, last, runnableNow);
        const acc = stack[back].cycles;
        const pairs = stack[back].twinPairs;
        const c = c0 === null ? null : withTwins(c0.always, c0.stepped, pairs);
        if (c !== null && fairTogether(acc, c.always, c.stepped, () => twinSteps([...pathOf(stack.slice(back + 1)), ...last], pairs))) {
          schedule = [...pathOf(stack.slice(0, back + 1)), ...acc.steps];
        }
      }
      if (schedule !== null) {
        const stuck = s.k.s.tasks.filter((t) => t.state !== 'ended' && t.state !== 'killed').map((t) => t.name);
        if (!best || schedule.length < best.schedule.length) {
          best = { kind: 'livelock', schedule, message: livelockMessage(stuck) };
        }
      }
      return false;
    }
    if (seen !== undefined && merge && (!depthBound || seen <= depth) && (!preBound || seenPre <= preemptions)) return false;
    if (depth >= maxDepth) { cut.maxDepth++; return false; }
    if (exact) {
      if (!visited.has(key)) keyChars += key.length;
      visited.set(key, depth);
      if (preBound) visitedPre.set(key, preemptions);
      onStack.set(key, stack.length);
    } else {
      table.set(slot, h1, h2, depth, preemptions);
      onHashStack.push(h1, h2);
    }
    stats.states++;
    const runnable = sortAscending(s.runnable());
    const pairs: number[] = [];
    const choices = twins ? twinsOf(runnable, sym, pairs) : runnable;
    let snap: SessionSnapshot | null = null;
    const gen = quiet ? from.gen : ++gens;
    let base = share && quiet ? from.base : null;
    let ownsBase = false;
    // Not snapshotted, the state still gets a new epoch, as a snapshot gives it: page data just
    // encoded is then copied before its next write, never written in place (the encoders cache
    // each array's encoding: encode-kernel.ts wordsOf, vec.ts W).
    if (inPlace && choices.length < 2) s.k.s.epoch = newEpoch();
    else if (base !== null) snap = s.snapshot(base);
    else {
      snap = s.snapshot();
      base = snap.kernel;
      ownsBase = true;
    }
    liveGen = gen;
    liveTouches = s.kernelTouches;
    const partsMark = parts.top;
    const kpart = exact || !reuseHashes ? null : keptPart(parts, s);
    const groups = exact || !reuseHashes ? null : keptGroupsOf(s, sym);
    const thN = s.threads.length;
    const thOff = exact ? -1 : keepHashes(parts, s);
    stack.push({
      snap, key, h1, h2, choices, runnable, next: 0, depth, preemptions, last, path: pathFrom(tid, forced), mark: words === null ? 0 : words.n, kpart, groups, partsMark, thOff, thN,
      gen, base, ownsBase, step: s.k.s.step, clock: s.k.s.clock, cycles: noCycles(), twinPairs: pairs.length > 0 ? pairs : null,
    });
    liveIsTop = true;
    return true;
  };
  /** The live session is exactly the top node's state (just pushed): its first child needs no restore. */
  let liveIsTop = false;

  push(-1, root, root.length, 0, root.length ? root[root.length - 1] : -1, null, 0);
  const pacer = new Pacer();
  let arenaTop = 0;
  while (stack.length > 0 && !best) {
    if (stats.states >= maxStates) break;
    // Budgets (time, memory: the caller's cancelled) are checked after at most 256 transitions,
    // sooner when they are slow (pacer.ts), progress reported every 16th check. The part arena doubles when full, old and new buffers both resident
    // for a moment: when it kept a kernel part's ints (before the parts hash, ~28,000 ints a part
    // in a fork bomb of a 20,000-page process) it went from 256 to 512 MB within one check's
    // interval and peaked at 1.18 GB under the 768 MB budget (the seventh session's user-path
    // audit). It keeps a few ints a thread now, but when it would fill before the next check at
    // the rate it filled since the last, the check still counts the new buffer as resident.
    if (pacer.tick()) {
      if (pacer.progressDue() && opts.progress) await opts.progress({ ...stats, seconds: (Date.now() - t0) / 1000, depth: stack.length });
      const doubling = 2 * parts.top - arenaTop > parts.buf.length ? parts.buf.byteLength * 2 : 0;
      arenaTop = parts.top;
      if (opts.cancelled?.(doubling)) { cancelled = true; break; }
    }
    const n = stack[stack.length - 1];
    if (n.next >= n.choices.length) {
      liveIsTop = false;
      stack.pop();
      // Its own kernel snapshot, not adopted by its last child (restored the quiet way): nobody
      // holds it any more (the nodes that shared it are popped), so later snapshots write into it.
      if (n.ownsBase && n.base !== null && pool !== null && pool.length < 64) pool.push(n.base);
      parts.release(n.partsMark);
      if (exact) onStack.delete(n.key);
      else onHashStack.pop(n.h1, n.h2);
      continue;
    }
    const tid = n.choices[n.next++];
    const lastRunnable = n.last >= 0 && n.runnable.includes(n.last);
    const pre = n.preemptions + (lastRunnable && tid !== n.last ? 1 : 0);
    if (pre > maxPre) { cut.preemptions++; liveIsTop = false; continue; }
    if (!(liveIsTop && n.next === 1)) {
      // The snapshot's page data is the live one with the stores since undone (word-log.ts).
      if (words !== null) words.undoTo(n.mark);
      const last = n.next === n.choices.length; // the last child takes the snapshot itself
      // Only quiet steps since the live kernel was of n's class: it is n's but for these.
      const quietly = share && liveGen === n.gen && s.kernelTouches === liveTouches;
      if (quietly) restoreInPlace(s, n.snap!, false);
      else if (inPlace && !(last && n.ownsBase)) restoreInPlace(s, n.snap!);
      else {
        const old = s.k.s;
        s.restore(n.snap!, last);
        if (pool !== null && last && old !== s.k.s && pool.length < 64) pool.push(old);
        if (last) n.base = null; // adopted as the live state: no child may share it
      }
      s.k.s.step = n.step;
      s.k.s.clock = n.clock;
      if (quietly && quietShare.check !== null) quietShare.check(s.k.s, n.base!, n.step, n.clock);
      liveGen = n.gen;
      liveTouches = s.kernelTouches;
    }
    liveIsTop = false;
    // The live kernel is n's state here (restored, or never left): push compares the touches
    // below with the count after the steps (only quiet steps: n's kernel part and snapshot serve).
    const touches = s.kernelTouches;
    s.step(tid);
    stats.transitions++;
    const forced = settle();
    push(tid, forced, n.depth + 1 + forced.length, pre, forced.length ? forced[forced.length - 1] : tid, n, touches);
  }
  s.k.words = null;
  s.k.snapshotPool = null;
  const exhausted = stack.length === 0 && !cancelled;
  if (best && opts.shorten !== false) best = shortenFailure(program, best, { strategy: opts.strategy, options: opts.options }, opts.cancelled);
  return {
    result: best ? 'counterexample' : exhausted ? 'ok' : 'incomplete',
    ...stats,
    seconds: (Date.now() - t0) / 1000,
    failure: best,
    bounded: anyCut(cut),
    cut,
    cancelled,
    symmetricThreads: sym.symmetricThreads,
    collisionBound: exact ? 0 : collisionBound(stats.states),
    reexpanded: stats.states - (exact ? visited.size : table.size),
    // Exact mode: two bytes per character of the keys, plus about 50 per Map entry (an estimate).
    tableBytes: exact ? keyChars * 2 + visited.size * 50 : table.bytes,
  };
}
