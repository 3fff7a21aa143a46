// Exhaustive search over the flat machine (issue #11), for a program of the flat class
// (flat-program.ts) searched with reductions off: the depth-first search of search.ts, with the
// same order of choices (runnable threads by tid), the same checks at each state in the same order
// (a failure, the end of a run, a cycle on the stack and its fairness, a known state) and the same
// state table, over states that are one vector each: a step writes the vector in place under an
// undo log, a backtrack undoes to the node's mark, and the hash is kept by the writes.
//
// A counterexample is replayed by the interpreter (shorten.ts replayToFailure), which gives its
// message and checks it: one that the interpreter does not reproduce, or a step outside the class
// (FlatFallback), hands the search to search.ts, which starts over.

import type { Program } from '../session/program';
import { Session } from '../session/session';
import { replayToFailure } from './shorten';
import type { Failure } from './failure';
import { StackSet, StateTable, collisionBound } from './state-table';
import { noCuts, type ExploreOptions, type ExploreResult } from './search-types';
import { FlatFallback, flatProgramOf, ENDED, STATUS } from './flat-program';
import { FlatMachine, STEP_ASSERT } from './flat-machine';

/** Tests: count the searches handed back to the interpreter, and why. */
export const flatStats = { searches: 0, fallbacks: 0, lastFallback: '' };

/**
 * The flat search of `program`, or null when the program is outside the flat class or the options
 * ask for what it does not do (bounds, reductions, exact keys): the caller searches the plain way.
 * The failure it returns is not yet shortened.
 */
export async function exploreFlat(program: Program, opts: ExploreOptions): Promise<ExploreResult | null> {
  if (opts.flat === false || opts.symmetry !== false || opts.partialOrder !== false || opts.exact === true || opts.stateHashing === false) return null;
  if (opts.maxDepth !== undefined && opts.maxDepth !== Infinity) return null;
  if (opts.preemptions !== undefined && opts.preemptions !== Infinity) return null;
  const s = new Session(program, { strategy: opts.strategy, schedule: 'fifo', options: opts.options });
  const p = flatProgramOf(program, s);
  if (typeof p === 'string') return null;
  flatStats.searches++;
  try {
    return await search(program, new FlatMachine(p), opts);
  } catch (e) {
    if (!(e instanceof FlatFallback)) throw e;
    flatStats.fallbacks++;
    flatStats.lastFallback = e.message;
    return null;
  }
}

async function search(program: Program, m: FlatMachine, opts: ExploreOptions): Promise<ExploreResult> {
  const t0 = Date.now();
  const maxStates = opts.maxStates ?? 5_000_000;
  const p = m.p;
  m.start();
  const table = new StateTable(1 << 16, false);
  const onStack = new StackSet();
  const stats = { states: 0, transitions: 0, schedules: 0 };
  let cancelled = false;
  let best: Failure | null = null;
  // The DFS stack, one entry per state: its undo mark and hash, its runnable threads (bits), the
  // next tid to try, the tid whose step reached it (-1: the root) and the characters printed on
  // the way.
  let cap = 256;
  let mark = new Int32Array(cap);
  let h1s = new Int32Array(cap);
  let h2s = new Int32Array(cap);
  let runs = new Int32Array(cap);
  let nexts = new Int32Array(cap);
  let tids = new Int32Array(cap);
  let printed = new Float64Array(cap);
  let sp = 0;
  const grow = () => {
    cap *= 2;
    const g = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    mark = g(mark); h1s = g(h1s); h2s = g(h2s); runs = g(runs); nexts = g(nexts); tids = g(tids);
    const o = new Float64Array(cap);
    o.set(printed);
    printed = o;
  };
  const scheduleTo = (tid: number): number[] => {
    const out: number[] = [];
    for (let i = 1; i < sp; i++) out.push(tids[i]);
    if (tid >= 0) out.push(tid);
    return out;
  };

  /** The live state, reached by stepping `tid` (-1: the root), with the step's outcome: pushed or not. */
  const push = (tid: number, outcome: number): void => {
    if (outcome === STEP_ASSERT) {
      best = { kind: 'assert-failed', schedule: scheduleTo(tid), message: m.assertMessage };
      return;
    }
    const runnable = m.runnableBits();
    if (runnable === 0) {
      if (m.anyBlocked()) best = { kind: 'deadlock', schedule: scheduleTo(tid), message: '' };
      else stats.schedules++;
      return;
    }
    // A run past max_steps ends there (search.ts counts it as a cut): the plain way does that.
    if (sp >= p.maxSteps) throw new FlatFallback('max_steps');
    const h1 = m.h1;
    const h2 = m.h2;
    const slot = table.find(h1, h2);
    if (!table.isEmpty(slot)) {
      const back = onStack.indexOf(h1, h2);
      if (back >= 0 && fair(back, tid, runnable)) {
        const stuck = p.names.filter((_, t) => m.v[p.threadBase[t] + STATUS] !== ENDED);
        best = { kind: 'livelock', schedule: scheduleTo(tid), message: `the schedule can cycle forever with every runnable thread taking steps: ${stuck.join(', ')} never finish` };
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
    runs[sp] = runnable;
    nexts[sp] = 0;
    tids[sp] = tid;
    printed[sp] = m.outBytes;
    sp++;
  };

  /**
   * fair-cycle.ts fairCycle on bits: the cycle from stack entry `from` through the top, closed by
   * `tid`, is fair when every thread runnable all along it took a step in it.
   */
  const fair = (from: number, tid: number, runnable: number): boolean => {
    let always = runnable;
    for (let i = from; i < sp; i++) always &= runs[i];
    if (always === 0) return true;
    let stepped = 1 << tid;
    for (let i = from + 1; i < sp; i++) stepped |= 1 << tids[i];
    return (always & ~stepped) === 0;
  };

  push(-1, 0);
  let iterations = 0;
  while (sp > 0 && best === null) {
    if (stats.states >= maxStates) break;
    if ((++iterations & 255) === 0) {
      if ((iterations & 4095) === 0 && opts.progress) await opts.progress({ ...stats, seconds: (Date.now() - t0) / 1000, depth: sp });
      if (opts.cancelled?.(0)) { cancelled = true; break; }
    }
    const top = sp - 1;
    const rest = runs[top] & ~((1 << nexts[top]) - 1);
    if (rest === 0) {
      onStack.pop(h1s[top], h2s[top]);
      sp--;
      continue;
    }
    const tid = 31 - Math.clz32(rest & -rest);
    nexts[top] = tid + 1;
    m.undoTo(mark[top], h1s[top], h2s[top]);
    m.outBytes = printed[top];
    stats.transitions++;
    push(tid, m.step(tid));
  }
  const failure = best === null ? null : confirm(program, best, opts);
  return {
    result: failure ? 'counterexample' : sp === 0 && !cancelled ? 'ok' : 'incomplete',
    ...stats,
    seconds: (Date.now() - t0) / 1000,
    failure,
    bounded: false,
    cut: noCuts(),
    cancelled,
    symmetricThreads: 0,
    collisionBound: collisionBound(stats.states),
    reexpanded: 0,
    tableBytes: table.bytes,
  };
}

/**
 * The failure as the interpreter replays it (its message), or a fallback when it does not fail so:
 * the flat machine and the interpreter disagree, and the interpreter is the reference.
 */
function confirm(program: Program, f: Failure, opts: ExploreOptions): Failure {
  if (f.kind === 'livelock') return f; // a cycle, which a replay does not see (shorten.ts)
  const r = replayToFailure(program, f.schedule, f.kind, { strategy: opts.strategy, options: opts.options });
  if (r === null || r.taken.length !== f.schedule.length) throw new FlatFallback(`the interpreter does not reproduce the ${f.kind}`);
  return { ...f, message: r.message };
}
