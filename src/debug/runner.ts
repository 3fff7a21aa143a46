// Moving the session: forward (continue, next, stepIn, stepOut), backward (stepBack,
// reverseContinue) and to a step (goto), deciding where to stop. Knows nothing of DAP: it returns
// a StopInfo and reports output through hooks; session.ts turns them into events.
//
// Forward runs go in bounded batches (BATCH steps) that yield to the event loop between them,
// so a `pause` request gets in and a scenario that never ends cannot freeze the extension host.
// Which thread runs each step, in order of precedence:
//   [1] the replayed trace, while it lasts (a thread it names that cannot run is a divergence);
//   [2] the thread the user picked (`futexlab/runThread`, `run THREAD`), once, at the position
//       where it was picked (a move through the history drops it: goto);
//   [3] with singleThread, the thread asked for;
//   [4] otherwise the schedule. next/stepIn/stepOut do not force their thread: they let the
//       schedule run (other threads too) until that thread has made its step, so stepping never
//       changes the interleaving under study; picking the next thread is [2]'s job.
// The history records whether each step was forced ([1]-[3]) or the schedule's own choice.
// [5] Before the end of the history (after a step back or a goto), the recorded step is followed
//     when the choice agrees with it: [4] takes the recorded choice itself (forced, or the
//     schedule's, which chooses the same again), [3] does when its thread is the recorded one,
//     [1] and [2] when they force the thread the recorded step forced. A followed step keeps the
//     recorded future, and the environment actions recorded at the position it reaches run
//     after its breakpoint check (history.ts [4]); any other choice is new: the history forgets
//     what followed, and the run goes on live from there.

import type { Range } from '../lang/ast';
import type { Anomaly, Note } from '../session/oracle';
import type { OutputLine, Session } from '../session/session';
import { threadName, threadState } from '../session/inspect';
import type { Breakpoints, StepFacts, StopInfo } from './breakpoints';
import { traceFailure } from './trace-failure';
import { runSummary } from './summary';
import type { History } from './history';
import { tracedStep } from '../explore/trace';
import { plural } from '../lang/plural';

export type Motion = 'continue' | 'next' | 'stepIn' | 'stepOut';

/** The next step's thread (undefined: the schedule's choice), and whether it is the recorded one [5]. */
interface Choice {
  tid: number | undefined;
  follows: boolean;
}

export interface RunnerHooks {
  output(line: OutputLine, where: Range | undefined): void;
  anomaly(a: Anomaly, where: Range | undefined): void;
  note(n: Note): void;
  /** Logpoint output and condition problems. */
  log(text: string, tid: number): void;
  /** A step created or ended threads (and between batches): thread started/exited events. */
  threads(): void;
}

export const BATCH = 10_000;
/**
 * Program output kept by the session while debugging: every line goes to the client as an output
 * event when printed; the session keeps the last OUTPUT_KEPT to 2 * OUTPUT_KEPT of them (for
 * futexlab/state), and counts the others (Session.outputBase), so a print loop stays bounded.
 */
export const OUTPUT_KEPT = 1000;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Runner {
  /** Set by `pause`; the run stops at the end of its current batch. */
  pauseRequested = false;
  running = false;
  /** [2] The thread the user picked to run next. */
  nextChoice: number | null = null;
  private initialChecked = false;
  private notesSeen = 0;
  /**
   * The kernel's event log is trimmed once it holds more than this many events: a step's check
   * reads only that step's events, so the older ones are dropped (Kernel.trimEvents); the history
   * replays them when a reverse search needs them again. Without it the log grows ~180 B a step.
   */
  eventWindow = 4096;
  /** Where the events of a clock jump that stopped at a line breakpoint begin (see stepOnce). */
  private idleFrom: { ev: number; an: number } | null = null;

  constructor(
    private readonly session: Session,
    private readonly history: History,
    private readonly bps: Breakpoints,
    private readonly hooks: RunnerHooks,
    /** [1] Thread of each step of a replayed trace, from position 0. */
    private readonly replay: number[] | null,
    private readonly stopAtEnd: boolean,
    /** [1] The trace's thread names by tid, when it lists them. */
    private readonly replayThreads: readonly string[] | null = null,
    /**
     * Run Without Debugging (launch.ts noDebug): a replayed trace neither stops where it fails
     * nor where it ends (the anomaly is printed all the same); one that diverges ends the session,
     * saying why. Its stops left a "run" waiting for a Continue no one would press.
     */
    private readonly noDebug = false,
  ) {
    history.onTruncate((pos) => bps.truncate(pos));
  }

  private runnable(tid: number): boolean {
    return threadState(this.session, tid) === 'runnable';
  }

  private depth(tid: number): number {
    const state = threadState(this.session, tid);
    if (state === undefined || state === 'ended' || state === 'killed') return 0;
    return this.session.threads[tid]?.frames.length ?? 0;
  }

  private facts(eventsFrom: number, anomaliesFrom: number, mode: 'live' | 'scan'): StepFacts {
    return { eventsFrom, anomaliesFrom, mode, log: (text, tid) => (mode === 'live' ? this.hooks.log(text, tid) : undefined) };
  }

  /** Where the run is over: a stop (stopAtEnd) or the end of the session (reason 'terminated'). */
  endStop(): StopInfo {
    const s = this.session;
    const tid = Math.max(0, s.lastStep.tid);
    return { reason: this.stopAtEnd ? 'end' : 'terminated', tid, description: runSummary(s) };
  }

  /** The choice for the next step ([1]-[4], following the recorded step when it agrees: [5]), or a stop. */
  private choose(tid: number, singleThread: boolean): Choice | StopInfo {
    const s = this.session;
    const rec = this.history.stepAt(s.steps);
    const forced = (c: number): Choice => ({ tid: c, follows: !!rec && rec.forced && rec.tid === c });
    const traced = this.replay ? tracedStep(s, this.replay, this.replayThreads ?? undefined) : null;
    if (traced) {
      if ('tid' in traced) return forced(traced.tid);
      if (this.noDebug) {
        this.hooks.log(traced.diverged, tid);
        return { reason: 'terminated', tid, description: traced.diverged };
      }
      return { reason: 'exception', tid, description: traced.diverged, exception: { id: 'replay', message: traced.diverged } };
    }
    if (this.nextChoice !== null) {
      const c = this.nextChoice;
      this.nextChoice = null;
      if (this.runnable(c)) return forced(c);
    }
    const recorded: Choice | undefined = rec && { tid: rec.forced ? rec.tid : undefined, follows: true };
    if (singleThread) {
      if (recorded && rec?.tid === tid) return recorded;
      if (this.runnable(tid)) return { tid, follows: false };
      return { reason: 'pause', tid, description: `${threadName(s, tid) ?? tid} cannot run (${threadState(s, tid)}) and singleThread keeps the others stopped` };
    }
    return recorded ?? { tid: undefined, follows: false };
  }

  /**
   * Run forward until a stop. Precondition: the session is stopped (not running). The caller
   * answers the request before calling, and sends the stop after (the ordering of habit 7).
   */
  async run(motion: Motion, tid: number, singleThread: boolean): Promise<StopInfo> {
    this.running = true;
    this.pauseRequested = false;
    try {
      return await this.runLoop(motion, tid, singleThread);
    } finally {
      this.running = false;
    }
  }

  private async runLoop(motion: Motion, tid: number, singleThread: boolean): Promise<StopInfo> {
    const s = this.session;
    const depth0 = this.depth(tid);
    const left = motion === 'continue' ? this.bps.takePending() : null;
    if (left) return left;
    this.bps.dropPending();
    if (!this.initialChecked && s.steps === 0) {
      this.initialChecked = true;
      const st = motion === 'continue' ? this.bps.checkInitial(this.facts(0, 0, 'live')) : null;
      if (st) return st;
    }
    for (;;) {
      const t0 = performance.now();
      let n = 0;
      for (; n < BATCH; n++) {
        if (s.result) return this.endStop();
        const before = s.steps;
        const stop = this.stepOnce(tid, singleThread);
        if (stop) return stop;
        // Nothing ran and the run is over (every thread had ended: the session sees it at the
        // next step, Session.idle): next, stepIn and stepOut arrive at the end as continue does,
        // not at a 'step' stop where nothing moved.
        if (s.result && s.steps === before) return this.endStop();
        if (motion !== 'continue' && s.lastStep.tid === tid) {
          const d = this.depth(tid);
          if (motion === 'stepIn' || d === 0 || (motion === 'next' && d <= depth0) || (motion === 'stepOut' && d < depth0)) {
            return { reason: 'step', tid, description: '' };
          }
        }
      }
      this.history.noteSpeed(n, performance.now() - t0);
      this.hooks.threads();
      await nextTick();
      if (this.pauseRequested) {
        this.pauseRequested = false;
        return { reason: 'pause', tid: this.session.lastStep.tid >= 0 ? this.session.lastStep.tid : tid, description: 'paused' };
      }
    }
  }

  /**
   * One live step: choose its thread, run it, record it, report its output, check the
   * breakpoints. When nothing can run, the clock first jumps to the next timer (Session.idle,
   * which Session.step would do anyway), so that a forced choice sees who is runnable then.
   */
  private stepOnce(tid: number, singleThread: boolean): StopInfo | null {
    const s = this.session;
    // After a stop at a timer expiry (afterIdle), the events of that jump belong to this step.
    const ev0 = this.idleFrom?.ev ?? s.eventCount;
    if (s.events.length > this.eventWindow) s.trimEvents(ev0);
    const an0 = this.idleFrom?.an ?? s.anomalies.length;
    this.idleFrom = null;
    const out0 = s.outputCount;
    const steps0 = s.steps;
    let choice: Choice = { tid: undefined, follows: false };
    s.idle(); // nothing runnable: the clock jumps to the next timer, or the run ends
    if (!s.result) {
      const woke = this.bps.afterIdle(this.facts(ev0, an0, 'live'));
      if (woke) {
        this.idleFrom = { ev: ev0, an: an0 };
        return woke;
      }
      const c = this.choose(tid, singleThread);
      if ('reason' in c) return c;
      choice = c;
    }
    s.step(choice.tid);
    const ran = s.steps > steps0;
    if (choice.follows) this.history.follow();
    else if (ran) this.history.record(choice.tid !== undefined);
    else this.history.recordEnd();
    const where = ran ? s.program.units[s.lastStep.unit]?.code[s.lastStep.pc]?.range : undefined;
    for (let i = out0; i < s.outputCount; i++) this.hooks.output(s.output[i - s.outputBase], where);
    if (s.output.length > 2 * OUTPUT_KEPT) s.trimOutput(OUTPUT_KEPT);
    for (let i = an0; i < s.anomalies.length; i++) this.hooks.anomaly(s.anomalies[i], where);
    for (; this.notesSeen < s.notes.length; this.notesSeen++) this.hooks.note(s.notes[this.notesSeen]);
    for (let i = ev0; i < s.eventCount; i++) {
      const t = s.eventAt(i)!.type;
      if (t === 'fork' || t === 'spawn' || t === 'exit') {
        this.hooks.threads();
        break;
      }
    }
    const stop = this.stopAfter(steps0, ev0, an0, ran);
    // [5] As recorded: the user typed them at a stop here, after this check.
    if (choice.follows) this.history.applyEnvHere();
    return stop;
  }

  /** The breakpoints' verdict on the step just run, the end of a replayed trace, the run's end. */
  private stopAfter(steps0: number, ev0: number, an0: number, ran: boolean): StopInfo | null {
    const s = this.session;
    // A replayed trace that fails here is an anomaly-rank cause: it outranks any breakpoint.
    const failed = this.noDebug || !this.replay ? null : traceFailure(s, this.replay, steps0, an0);
    const stop = this.bps.afterStep(this.facts(ev0, an0, 'live'), ran, failed ? [failed] : []);
    if (stop) return stop;
    if (this.replay && !this.noDebug && s.steps === this.replay.length && steps0 < this.replay.length) {
      // A trace that ends where nothing can run and no timer is pending ends in a hang or a
      // deadlock: the next turn ends the run, and that end belongs to the trace (trace-failure.ts).
      if (s.runnableCount === 0 && s.nextTimer() === undefined) return null;
      return { reason: 'pause', tid: Math.max(0, s.lastStep.tid), description: `end of the replayed trace (${plural(this.replay.length, 'step')}), no failure` };
    }
    return s.result ? this.endStop() : null;
  }

  /**
   * Go to position `pos` of the history (gotoStep, a stop found by a reverse search, stepBack).
   * A thread the user picked [2] was picked for the position it was picked at: after any move
   * through the history it would run at another step, in a state the user never saw, so it goes.
   */
  goto(pos: number): void {
    this.idleFrom = null;
    this.nextChoice = null;
    const counted = this.bps.countedTo();
    if (pos > counted) this.countTo(counted, pos);
    else this.history.goto(pos);
    this.bps.resync();
    this.notesSeen = this.session.notes.length;
  }

  /**
   * A gotoStep forward past the positions a hit count has counted (its breakpoint was set at an
   * earlier position of the recorded run): replay the positions in between with the check, as a
   * reverse search does, so that none is left uncounted (hit-count.ts [3]). What it finds is not
   * a stop here.
   */
  private countTo(from: number, pos: number): void {
    this.history.goto(pos, {
      from,
      ready: () => this.bps.resync(),
      visit: (_p, ev, an) => void this.bps.afterStep(this.facts(ev, an, 'scan'), true),
      idle: (_p, ev, an) => void this.bps.afterIdle(this.facts(ev, an, 'scan')),
    });
  }

  /**
   * Back at a position where a reverse search found a stop after the clock jump: jump again (as
   * the live run did before its afterIdle stop); the jump's events belong to the next step.
   */
  private idleAgain(): void {
    const s = this.session;
    const ev = s.eventCount;
    const an = s.anomalies.length;
    s.idle();
    this.idleFrom = { ev, an };
    this.bps.resync();
  }

  /** stepBack: undo the last step of thread tid (a breakpoint in between stops there instead). */
  async stepBack(tid: number): Promise<StopInfo> {
    const s = this.session;
    const cur = s.steps;
    if (cur === 0) return { reason: 'entry', tid, description: 'the beginning of the run: nothing to step back over' };
    let p = cur - 1;
    while (p >= 0 && this.history.tidAt(p) !== tid) p--;
    if (p < 0) p = cur - 1; // the thread has not run yet: one step of the run
    const { top, idleAtTop } = this.searchTop();
    const hit = p < top && this.bps.mayFire(p, top) ? await this.searchBack(top, p, false, idleAtTop) : null;
    if (hit) return hit;
    this.goto(p);
    return { reason: 'step', tid, description: `stepped back to step ${p}` };
  }

  /**
   * Where a reverse search starts: the step before this position and the clock jump after it; or,
   * stopped after a clock jump (afterIdle), this position's own step, which came before the jump.
   */
  private searchTop(): { top: number; idleAtTop: boolean } {
    const cur = this.session.steps;
    return this.idleFrom ? { top: cur, idleAtTop: false } : { top: cur - 1, idleAtTop: true };
  }

  /** reverseContinue: back to the latest position before this one where a breakpoint fires. */
  async reverseContinue(tid: number): Promise<StopInfo> {
    this.running = true;
    this.pauseRequested = false;
    try {
      const { top, idleAtTop } = this.searchTop();
      const hit = this.bps.mayFire(0, top) ? await this.searchBack(top, 0, true, idleAtTop) : null;
      if (hit) return hit;
      this.goto(0);
      const st = this.bps.checkInitial(this.facts(0, 0, 'scan'));
      return st ?? { reason: 'entry', tid: this.session.runnable()[0] ?? tid, description: 'the beginning of the run' };
    } finally {
      this.running = false;
    }
  }

  /**
   * The latest position q in (lowest, highest] at which the breakpoints fire, searching segment
   * by segment from the newest checkpoint down; the session is left at q. Null (and the session
   * anywhere) when none fires. Interruptible searches yield between segments and stop on pause.
   */
  private async searchBack(highest: number, lowest: number, interruptible: boolean, idleAtTop: boolean): Promise<StopInfo | null> {
    let hi = highest;
    while (hi > lowest) {
      const c = this.history.checkpointsBelow(hi)[0] ?? 0;
      const from = Math.max(c, lowest);
      let found: { pos: number; stop: StopInfo; idle: boolean } | null = null;
      this.history.goto(hi, {
        from,
        ready: () => this.bps.resync(),
        visit: (pos, ev, an) => {
          const stop = this.bps.afterStep(this.facts(ev, an, 'scan'), true);
          if (stop) found = { pos, stop, idle: false };
        },
        // A thread woken by a timer arrives where it woke, as afterIdle finds running forward.
        idle: (pos, ev, an) => {
          const stop = this.bps.afterIdle(this.facts(ev, an, 'scan'));
          if (stop) found = { pos, stop, idle: true };
        },
        idleAtTarget: idleAtTop && hi === highest,
      });
      if (found) {
        const f = found as { pos: number; stop: StopInfo; idle: boolean };
        this.goto(f.pos);
        if (f.idle) this.idleAgain();
        return f.stop;
      }
      hi = from;
      if (interruptible && hi > lowest) {
        await nextTick();
        if (this.pauseRequested) {
          this.pauseRequested = false;
          this.goto(hi);
          return { reason: 'pause', tid: Math.max(0, this.session.lastStep.tid), description: `paused while running backwards, at step ${hi}` };
        }
      }
    }
    return null;
  }
}
