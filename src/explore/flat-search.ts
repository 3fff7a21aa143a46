// Exhaustive search over the flat machine (issue #11), for a program of the flat class
// (flat-program.ts): the depth-first search of search.ts, with the same order of choices (runnable
// threads by tid), the same checks at each state in the same order (a failure, the end of a run,
// a cycle on the stack and its fairness, a known state) and the same state table, over states
// that are one vector each: a step writes the vector in place under an undo log, a backtrack
// undoes to the node's mark, and the hash is kept by the writes.
//
// Its reductions are search.ts's defaults, each by the same rule: thread symmetry (threads of one
// class hash as a multiset, flat-machine.ts), the twins of a state (a runnable thread whose part
// equals an earlier choice's of its class is not stepped: encode-hash.ts twinsOf) and thread-local
// steps taken without branching (local.ts). Symmetry here merges whole orbits (a sum over the
// threads' parts), where the interpreter's sort of threads' local parts ties on equal ones and
// then names the queued ones by tid: with symmetry on, the flat search may keep fewer states than
// the interpreter's, never more, with the same verdicts (test/explore/flat.test.ts).
//
// A counterexample is replayed by the interpreter (shorten.ts replayToFailure), which gives its
// message and checks it: one that the interpreter does not reproduce, or a step outside the class
// (FlatFallback), hands the search to search.ts, which starts over.

import type { Program } from '../session/program';
import { Session } from '../session/session';
import { replayToFailure } from './shorten';
import { replayVerdict } from './trace';
import { livelockMessage, type Failure } from './failure';
import { fairTogether, noCycles, twinSteps, withTwins, type CycleAcc } from './fair-cycle';
import { StackSet, StateTable, collisionBound } from './state-table';
import { noCuts, type ExploreOptions, type ExploreResult } from './search-types';
import { FlatFallback, flatProgramOf, ENDED, STATUS } from './flat-program';
import { FlatMachine, STEP_ASSERT, STEP_OK } from './flat-machine';
import { Pacer } from './pacer';

/** Tests: count the searches handed back to the interpreter, and why. */
export const flatStats = { searches: 0, fallbacks: 0, lastFallback: '' };

/**
 * The flat search of `program`, or null when the program is outside the flat class or the options
 * ask for what it does not do (bounds, DPOR, exact keys, no state hashing): the caller searches the
 * plain way. The failure it returns is not yet shortened.
 */
export async function exploreFlat(program: Program, opts: ExploreOptions): Promise<ExploreResult | null> {
  if (opts.flat === false || opts.dpor || opts.exact === true || opts.stateHashing === false) return null;
  if (opts.maxDepth !== undefined && opts.maxDepth !== Infinity) return null;
  if (opts.preemptions !== undefined && opts.preemptions !== Infinity) return null;
  const symmetry = opts.symmetry !== false;
  const s = new Session(program, { strategy: opts.strategy, schedule: 'fifo', options: opts.options });
  const p = flatProgramOf(program, s, symmetry);
  if (typeof p === 'string') return null;
  flatStats.searches++;
  try {
    return await search(program, new FlatMachine(p), opts, {
      symmetry,
      por: opts.partialOrder !== false,
      twins: opts.twins ?? symmetry,
    });
  } catch (e) {
    if (!(e instanceof FlatFallback)) throw e;
    flatStats.fallbacks++;
    flatStats.lastFallback = e.message;
    return null;
  }
}

interface Reductions {
  symmetry: boolean;
  por: boolean;
  twins: boolean;
}

async function search(program: Program, m: FlatMachine, opts: ExploreOptions, red: Reductions): Promise<ExploreResult> {
  const t0 = Date.now();
  const maxStates = opts.maxStates ?? 5_000_000;
  const p = m.p;
  const classOf = p.classOf;
  m.start();
  const table = new StateTable(1 << 16, false);
  const onStack = new StackSet();
  const stats = { states: 0, transitions: 0, schedules: 0 };
  const hbuf = new Int32Array(2);
  const lanes = m.laneCount;
  let cancelled = false;
  let best: Failure | null = null;
  // The DFS stack, one entry per state: its undo mark, hash and hash lanes, its runnable threads
  // and the threads to step from it (bits: the runnable less twins), the next tid to try, its
  // depth in steps (its path is steps[0..depth)), the characters printed on the way, and the
  // steps that reached it from its parent (the choice, then the forced local ones) as bits.
  let cap = 256;
  let mark = new Int32Array(cap);
  let h1s = new Int32Array(cap);
  let h2s = new Int32Array(cap);
  let saved = new Int32Array(cap * lanes);
  let runs = new Int32Array(cap);
  let choices = new Int32Array(cap);
  let nexts = new Int32Array(cap);
  let depths = new Int32Array(cap);
  let pathBits = new Int32Array(cap);
  // The cycles closed at each state on the stack, together (fair-cycle.ts CycleAcc), or null: none
  // yet; and the schedule of the last fair composite found.
  const cycles: (CycleAcc | null)[] = [];
  /** Each entry's threads left out as twins (fair-cycle.ts withTwins), or null. */
  const twinPairs: (number[] | null)[] = [];
  let composite: number[] | null = null;
  /** Where the cycle of the livelock found starts in its schedule (confirm repeats it). */
  let cycleFrom = 0;
  let printed = new Float64Array(cap);
  let steps = new Int32Array(1024);
  let stepsTop = 0;
  let sp = 0;
  const grow = () => {
    cap *= 2;
    const g = (a: Int32Array, w = 1) => { const b = new Int32Array(cap * w); b.set(a); return b; };
    mark = g(mark); h1s = g(h1s); h2s = g(h2s); saved = g(saved, lanes); runs = g(runs); choices = g(choices); nexts = g(nexts);
    depths = g(depths); pathBits = g(pathBits);
    const o = new Float64Array(cap);
    o.set(printed);
    printed = o;
  };
  /** Record a step on the path to the live state (steps[0..stepsTop): the schedule from the root). */
  const took = (tid: number) => {
    if (stepsTop === steps.length) { const b = new Int32Array(steps.length * 2); b.set(steps); steps = b; }
    steps[stepsTop++] = tid;
  };
  const schedule = (): number[] => Array.from(steps.subarray(0, stepsTop));

  /** Forced local steps (search.ts settle); the outcome of the last. */
  const settle = (): number => {
    if (!red.por) return STEP_OK;
    for (let forced = 0; forced <= 10_000; forced++) { // a thread spinning on registers alone: let the cycle check see it
      const tid = m.localThread(m.runnableBits());
      if (tid < 0) return STEP_OK;
      took(tid);
      stats.transitions++;
      if (m.step(tid) === STEP_ASSERT) return STEP_ASSERT;
    }
    return STEP_OK;
  };

  /** The threads of a state worth stepping: its runnable ones less the twins of earlier ones. */
  let pairs: number[] | null = null;
  const twinsOf = (runnable: number): number => {
    pairs = null;
    if (!red.twins) return runnable;
    let out = runnable;
    for (let t = 0; t < p.threads; t++) {
      if ((runnable & (1 << t)) === 0 || classOf[t] < 0) continue;
      for (let u = 0; u < t; u++) {
        if ((out & (1 << u)) === 0 || classOf[u] !== classOf[t]) continue;
        if (m.sameThread(u, t)) {
          out &= ~(1 << t);
          (pairs ??= []).push(u, t); // t left out as u's twin (fair-cycle.ts withTwins)
          break;
        }
      }
    }
    return out;
  };

  /** The live state, reached by the steps since the top node (none: the root), the last ending in `outcome`. */
  const push = (outcome: number, from: number): void => {
    const depth = stepsTop;
    if (outcome === STEP_ASSERT) {
      best = { kind: 'assert-failed', schedule: schedule(), message: m.assertMessage };
      return;
    }
    const runnable = m.runnableBits();
    if (runnable === 0) {
      if (m.anyBlocked()) best = { kind: 'deadlock', schedule: schedule(), message: '' };
      else stats.schedules++;
      return;
    }
    // A run past max_steps ends there (search.ts counts it as a cut): the plain way does that.
    if (depth >= p.maxSteps) throw new FlatFallback('max_steps');
    let bits = 0;
    for (let i = from; i < stepsTop; i++) bits |= 1 << steps[i];
    m.hash(hbuf);
    const h1 = hbuf[0];
    const h2 = hbuf[1];
    const slot = table.find(h1, h2);
    if (!table.isEmpty(slot)) {
      const back = onStack.indexOf(h1, h2);
      if (back >= 0 && fair(back, bits, runnable)) {
        const stuck = p.names.filter((_, t) => m.v[p.threadBase[t] + STATUS] !== ENDED);
        if (composite === null) cycleFrom = depths[back];
        best = { kind: 'livelock', schedule: composite ?? schedule(), message: livelockMessage(stuck) };
      }
      return;
    }
    table.set(slot, h1, h2, 0);
    onStack.push(h1, h2);
    stats.states++;
    if (sp === cap) grow();
    mark[sp] = m.logTop;
    h1s[sp] = h1;
    h2s[sp] = h2;
    m.saveLanes(saved, sp * lanes);
    runs[sp] = runnable;
    choices[sp] = twinsOf(runnable);
    twinPairs[sp] = pairs;
    nexts[sp] = 0;
    depths[sp] = depth;
    pathBits[sp] = bits;
    cycles[sp] = null;
    printed[sp] = m.outBytes;
    sp++;
  };

  /**
   * fair-cycle.ts fairCycle on bits: the cycle from stack entry `from` through the top, closed by
   * the steps `last`, is fair when every thread runnable all along it took a step in it.
   */
  const fair = (from: number, last: number, runnable: number): boolean => {
    let always = runnable;
    for (let i = from; i < sp; i++) always &= runs[i];
    if (always === 0) return true;
    let stepped = last;
    for (let i = from + 1; i < sp; i++) stepped |= pathBits[i];
    if ((always & ~stepped) === 0) return true;
    // Not fair alone: with the cycles closed at the same state before, perhaps (fair-cycle.ts
    // CycleAcc); the counterexample is then the path to that state and those cycles.
    if (cycles[from] === null) cycles[from] = noCycles();
    const acc = cycles[from]!;
    const tw = withTwins(always, stepped, twinPairs[from]);
    if (!fairTogether(acc, tw.always, tw.stepped, () => twinSteps(Array.from(steps.subarray(depths[from], stepsTop)), twinPairs[from]))) return false;
    composite = [...Array.from(steps.subarray(0, depths[from])), ...acc.steps];
    cycleFrom = depths[from];
    return true;
  };

  push(settle(), 0);
  const pacer = new Pacer();
  while (sp > 0 && best === null) {
    if (stats.states >= maxStates) break;
    // Budgets and progress as search.ts checks them (pacer.ts).
    if (pacer.tick()) {
      if (pacer.progressDue() && opts.progress) await opts.progress({ ...stats, seconds: (Date.now() - t0) / 1000, depth: sp });
      if (opts.cancelled?.(0)) { cancelled = true; break; }
    }
    const top = sp - 1;
    const rest = choices[top] & ~((1 << nexts[top]) - 1);
    if (rest === 0) {
      onStack.pop(h1s[top], h2s[top]);
      sp--;
      continue;
    }
    const tid = 31 - Math.clz32(rest & -rest);
    nexts[top] = tid + 1;
    m.undoTo(mark[top], saved, top * lanes);
    m.outBytes = printed[top];
    // The steps from the root to the top node, then this one's.
    stepsTop = depths[top]; // steps[0..depth) is the path to the top node: its ancestors' paths stay put
    const from = stepsTop;
    took(tid);
    stats.transitions++;
    const out = m.step(tid);
    push(out === STEP_ASSERT ? out : settle(), from);
  }
  const failure = best === null ? null : confirm(program, best, opts, cycleFrom);
  return {
    result: failure ? 'counterexample' : sp === 0 && !cancelled ? 'ok' : 'incomplete',
    ...stats,
    seconds: (Date.now() - t0) / 1000,
    failure,
    bounded: false,
    cut: noCuts(),
    cancelled,
    symmetricThreads: red.symmetry ? classOf.filter((c) => c >= 0).length : 0,
    collisionBound: collisionBound(stats.states),
    reexpanded: 0,
    tableBytes: table.bytes,
  };
}

/**
 * The failure as the interpreter replays it (its message), or a fallback when it does not fail so:
 * the flat machine and the interpreter disagree, and the interpreter is the reference.
 */
function confirm(program: Program, f: Failure, opts: ExploreOptions, cycleFrom: number): Failure {
  if (f.kind === 'livelock') {
    // A cycle: replay (trace.ts replayVerdict) checks that the schedule ends on a state it has been
    // in, by the interpreter's identity, which also tells apart what the flat state leaves out (a
    // page first read in the cycle is absent at its start and maps the zero page at its end). Once
    // round the cycle again, those pages are as they were after the first round; else (never
    // seen) the plain way.
    const trace = { schedule: f.schedule, strategy: opts.strategy, options: opts.options };
    if (replayVerdict(program, trace)?.kind === 'livelock') return f;
    const again = [...f.schedule, ...f.schedule.slice(cycleFrom)];
    if (replayVerdict(program, { ...trace, schedule: again })?.kind === 'livelock') return { ...f, schedule: again };
    throw new FlatFallback('the interpreter does not see the cycle');
  }
  const r = replayToFailure(program, f.schedule, f.kind, { strategy: opts.strategy, options: opts.options });
  if (r === null || r.taken.length !== f.schedule.length) throw new FlatFallback(`the interpreter does not reproduce the ${f.kind}`);
  return { ...f, message: r.message };
}
