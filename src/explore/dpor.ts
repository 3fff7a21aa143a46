// Exhaustive search with dynamic partial-order reduction: Flanagan and Godefroid's DPOR with
// sleep sets ("Dynamic partial-order reduction for model checking software", POPL 2005), on the
// footprints the kernel records for each step (footprint.ts), combined with a state cache by
// state summaries (after Yang, Chen, Gopalakrishnan and Kirby, "Efficient stateful dynamic
// partial order reduction", SPIN 2008). The soundness argument is in docs/explore.md.
//
// In short:
// - Each step taken is an event with a vector clock (happens-before: program order, a wake-up
//   before the woken thread's next step, and conflicting footprints in the order taken).
// - When a new event of thread p conflicts with an earlier event e of another thread that does
//   not happen before it (a race), p is added to the backtrack set of the node before e, or every
//   thread enabled there if p is not. Every race, not only the last: more backtracking, not less.
// - Sleep sets: a thread explored from a node sleeps in the later siblings' subtrees until a
//   conflicting step runs.
// - A state met again is not expanded again when its first exploration is complete (its node was
//   popped) and ran under a sleep set no larger than today's. Its summary (per thread, the union
//   of the footprints of every step taken below it, with the threads whose steps below it happen
//   before them) stands for the steps a re-expansion would take: they are raced against the
//   current path as if taken after it.
// - A cycle (a state met again while on the stack) makes the summaries incomplete: the search
//   gives up and explore() runs the plain search instead. So do bounds on depth and preemptions.

import type { Program } from '../session/program';
import { Session, type SessionSnapshot } from '../session/session';
import { FootprintRecorder } from '../kernel/footprint';
import { encodeState, symmetryOf } from './encode';
import { failureOf, type Failure } from './failure';
import { dependent, FootprintUnion, stepWithFootprint, type Footprint } from './footprint';
import { shortenFailure } from './shorten';
import type { ExploreOptions, ExploreResult } from './search';
import { anyCut, countCut, noCuts } from './search-types';
import { Pacer } from './pacer';

interface Event {
  fp: Footprint;
  /** Vector clock: clock[t] = 1 + the stack index of t's last event that happens before (or is) this one. */
  clock: number[];
}

/**
 * A state's summary: the steps taken below it, grouped by thread and by `hb`, the threads that have
 * a step below the state happening before (or being) the step. A step that a thread of `hb`
 * already follows at the state cannot race with what that thread's past happens after.
 */
type Summary = Map<string, { tid: number; hb: number[]; u: FootprintUnion }>;

interface DNode {
  snap: SessionSnapshot;
  key: string;
  enabled: number[];
  backtrack: Set<number>;
  done: Set<number>;
  /** Threads asleep here, with the footprint of their next step. */
  sleep: Map<number, Footprint>;
  /** The sleep set the node was entered with (what the state cache compares). */
  entrySleep: number[];
  /** The event taken from this node to the node above it. */
  ev: Event | null;
  summary: Summary;
}

interface Cached {
  sleep: number[];
  summary: Summary;
}

/** Why DPOR handed the space back to the plain search, or null. */
export type DporFallback = 'cycle' | 'bounds' | null;

export type DporResult = ExploreResult & { fallback: DporFallback };

const join = (c: number[], d: number[]): void => {
  for (let i = 0; i < d.length; i++) if ((d[i] ?? 0) > (c[i] ?? 0)) c[i] = d[i];
};
const at = (c: number[], t: number): number => c[t] ?? 0;

function addToSummary(into: Summary, tid: number, hb: number[], f: { global: boolean; reads: Iterable<number>; writes: Iterable<number> }, key = `${tid}|${hb.join(',')}`): void {
  let e = into.get(key);
  if (!e) into.set(key, (e = { tid, hb, u: new FootprintUnion() }));
  e.u.add(f);
}

export async function exploreDpor(program: Program, opts: ExploreOptions = {}): Promise<DporResult> {
  const t0 = Date.now();
  const stats = { states: 0, transitions: 0, schedules: 0 };
  const result = (r: ExploreResult['result'], failure: Failure | null, fallback: DporFallback, extra: Partial<ExploreResult> = {}): DporResult => ({
    result: r, ...stats, seconds: (Date.now() - t0) / 1000, failure, bounded: false, cancelled: false, symmetricThreads: 0, fallback, ...extra,
  });
  if (opts.maxDepth !== undefined && opts.maxDepth !== Infinity) return result('incomplete', null, 'bounds');
  if (opts.preemptions !== undefined && opts.preemptions !== Infinity) return result('incomplete', null, 'bounds');
  const maxStates = opts.maxStates ?? 5_000_000;
  const sym = symmetryOf(program, false);
  const s = new Session(program, { strategy: opts.strategy, schedule: 'fifo', options: opts.options });
  const rec = new FootprintRecorder();
  const visited = new Map<string, Cached>();
  const onStack = new Set<string>();
  const stack: DNode[] = [];
  let best: Failure | null = null;
  const cut = noCuts();
  let cancelled = false;
  let cycle = false;
  let liveIsTop = false;

  /**
   * The vector clock of a new event by fp.tid at stack index n. Each race (an earlier event of
   * another thread that conflicts with it and does not happen before it) gets a backtrack point:
   * the new event's thread if it could run there, else every thread that could (Flanagan and
   * Godefroid's rule, applied to every race rather than only the last).
   */
  const races = (n: number, fp: Footprint): number[] => {
    const c: number[] = [];
    const p = fp.tid;
    for (let j = n - 1; j >= 0; j--) {
      const ej = stack[j].ev!;
      const q = ej.fp.tid;
      if (at(c, q) > j) continue; // e_j happens before the new event already
      if (q === p || ej.fp.woke.includes(p)) { join(c, ej.clock); continue; }
      if (dependent(ej.fp, fp)) {
        backtrackFor(stack[j], p);
        join(c, ej.clock);
      }
    }
    c[p] = n + 1;
    return c;
  };

  const backtrackFor = (node: DNode, t: number): void => {
    if (node.enabled.includes(t)) node.backtrack.add(t);
    else for (const x of node.enabled) node.backtrack.add(x);
  };

  /** Each thread's clock at the top of the stack: its last event's, joined with the events that woke it since. */
  const currentClocks = (): Map<number, number[]> => {
    const cur = new Map<number, number[]>();
    const pendingWakes = new Map<number, number[][]>();
    for (let j = stack.length - 1; j >= 0; j--) {
      const ev = stack[j].ev!;
      const t = ev.fp.tid;
      if (!cur.has(t)) {
        const c = ev.clock.slice();
        for (const w of pendingWakes.get(t) ?? []) join(c, w);
        cur.set(t, c);
      }
      for (const w of ev.fp.woke) {
        if (cur.has(w)) continue;
        let l = pendingWakes.get(w);
        if (!l) pendingWakes.set(w, (l = []));
        l.push(ev.clock);
      }
    }
    for (const [t, l] of pendingWakes) if (!cur.has(t)) { const c: number[] = []; for (const w of l) join(c, w); cur.set(t, c); }
    return cur;
  };

  /**
   * A state met again, complete: the steps of its summary would follow the current path. Race
   * them against the path as if taken (Yang et al.), and add them to the path's summaries.
   */
  const replaySummary = (summary: Summary): void => {
    const n = stack.length;
    const cur = currentClocks();
    const follows = (hb: number[], q: number, j: number): boolean => hb.some((r) => at(cur.get(r) ?? [], q) > j);
    for (const { tid: t, hb, u } of summary.values()) {
      for (let j = 0; j < n; j++) {
        const ej = stack[j].ev!;
        if (t !== ej.fp.tid && !follows(hb, ej.fp.tid, j) && u.meets(ej.fp)) backtrackFor(stack[j], t);
      }
      // As seen from an ancestor i, add the threads with a step at or after i that happens before
      // one of hb's current positions: m[x] > i, with m the join of their clocks. Walk down.
      const m: number[] = [];
      for (const r of hb) { const c = cur.get(r); if (c) join(m, c); }
      const byIndex: number[] = [];
      for (let x = 0; x < m.length; x++) if ((m[x] ?? 0) > 0 && !hb.includes(x)) byIndex.push(x);
      byIndex.sort((a, b) => m[b] - m[a]);
      let h = hb;
      let key = `${t}|${h.join(',')}`;
      let next = 0;
      for (let i = n - 1; i >= 0; i--) {
        if (next < byIndex.length && m[byIndex[next]] > i) {
          h = h.slice();
          while (next < byIndex.length && m[byIndex[next]] > i) h.push(byIndex[next++]);
          h.sort((a, b) => a - b);
          key = `${t}|${h.join(',')}`;
        }
        addToSummary(stack[i].summary, t, h, u, key);
      }
    }
  };

  const push = (sleep: Map<number, Footprint>): void => {
    s.idle();
    const f = failureOf(s);
    if (f) {
      const schedule = stack.map((x) => x.ev!.fp.tid);
      if (!best || schedule.length < best.schedule.length) best = { ...f, schedule };
      return;
    }
    if (s.result !== null) {
      stats.schedules++;
      countCut(cut, s.result);
      return;
    }
    const key = encodeState(s, sym);
    if (onStack.has(key)) { cycle = true; return; }
    const cached = visited.get(key);
    if (cached && cached.sleep.every((t) => sleep.has(t))) {
      replaySummary(cached.summary);
      return;
    }
    if (!cached) stats.states++;
    const enabled = s.runnable().sort((a, b) => a - b);
    const first = enabled.find((t) => !sleep.has(t));
    const node: DNode = {
      snap: s.snapshot(), key, enabled, backtrack: new Set(first === undefined ? [] : [first]), done: new Set(),
      sleep, entrySleep: [...sleep.keys()], ev: null, summary: new Map(),
    };
    onStack.add(key);
    stack.push(node);
    liveIsTop = true;
  };

  const pop = (): void => {
    const node = stack.pop()!;
    onStack.delete(node.key);
    liveIsTop = false;
    const old = visited.get(node.key);
    if (old) for (const e of old.summary.values()) addToSummary(node.summary, e.tid, e.hb, e.u);
    visited.set(node.key, { sleep: node.entrySleep, summary: node.summary });
  };

  push(new Map());
  const pacer = new Pacer();
  while (stack.length > 0 && !best && !cycle) {
    if (stats.states >= maxStates) break;
    // Budgets paced as search.ts checks them (pacer.ts): every 4,096, and only with a
    // progress callback, a fork bomb of a 20,000-page process (~225 KB kept a transition) ran
    // 1.05 GB under the 768 MB budget. Progress every 16th check.
    if (pacer.tick()) {
      if (pacer.progressDue() && opts.progress) await opts.progress({ ...stats, seconds: (Date.now() - t0) / 1000, depth: stack.length });
      if (opts.cancelled?.()) { cancelled = true; break; }
    }
    const n = stack.length - 1;
    const node = stack[n];
    let tid = -1;
    for (const t of node.backtrack) if (!node.done.has(t) && !node.sleep.has(t) && (tid < 0 || t < tid)) tid = t;
    if (tid < 0) { pop(); continue; }
    if (!liveIsTop) s.restore(node.snap);
    liveIsTop = false;
    node.done.add(tid);
    const fp = stepWithFootprint(s, tid, rec);
    stats.transitions++;
    const clock = races(n, fp);
    node.ev = { fp, clock };
    // The step joins the summary of every node of the path, with the threads that, from there, happen before it.
    // From node i, hb = the threads x with clock[x] > i: it grows as i goes down, so walk down.
    const byIndex: number[] = [];
    for (let x = 0; x < clock.length; x++) if ((clock[x] ?? 0) > 0) byIndex.push(x);
    byIndex.sort((a, b) => clock[b] - clock[a]);
    let hb: number[] = [];
    let key = '';
    let next = 0;
    for (let i = n; i >= 0; i--) {
      if (next < byIndex.length && clock[byIndex[next]] > i) {
        hb = hb.slice(); // the old array may be held by a summary entry
        while (next < byIndex.length && clock[byIndex[next]] > i) hb.push(byIndex[next++]);
        hb.sort((a, b) => a - b);
        key = `${tid}|${hb.join(',')}`;
      }
      addToSummary(stack[i].summary, tid, hb, fp, key);
    }
    const childSleep = new Map<number, Footprint>();
    for (const [r, f] of node.sleep) if (r !== tid && !dependent(f, fp)) childSleep.set(r, f);
    node.sleep.set(tid, fp); // later siblings need not start with tid again
    push(childSleep);
  }
  if (cycle) return result('incomplete', null, 'cycle');
  if (best && opts.shorten !== false) best = shortenFailure(program, best, { strategy: opts.strategy, options: opts.options }, opts.cancelled);
  const exhausted = stack.length === 0 && !cancelled;
  return result(best ? 'counterexample' : exhausted ? 'ok' : 'incomplete', best, null, { bounded: anyCut(cut), cut, cancelled });
}
