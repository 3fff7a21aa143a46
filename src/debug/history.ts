// Reverse execution for real: checkpoints plus deterministic replay.
//
// A position is the number of steps run since launch (Session.steps). The history records, for
// each step, the thread that ran and whether the debugger forced it or the schedule chose it,
// so that replay calls Session.step exactly as the live run did (a schedule's own choice must be
// replayed as a schedule choice: random(SEED) draws from its generator, a forced step does not).
// Environment actions the user ran from the Debug Console (`swap_out`, `reclaim`, ...) change the
// state between steps; they are recorded at their position and replayed there, after the
// position's own step and the breakpoint check that followed it (as the user typed them at a stop).
//
// Going forward from a position before `length` (after a step back or a goto) replays the recorded
// future, as a time-travel debugger should, unless the user does something new there. The runner
// follows the recorded step (runner.ts: the schedule's choice is left to the schedule, which
// chooses the same; a forced step forces the same thread) and calls `follow`, then `applyEnvHere`
// for the actions recorded at the position reached: the history stays as it was, checkpoints,
// timeline and all. Only a new choice diverges: a thread picked that the recorded step did not
// force, a singleThread step of another thread than the recorded one, a new Debug Console action.
// Then `record` or `recordEnv` forgets what followed the position [4], and the run goes on live.
//
// Every `every` steps a checkpoint keeps a whole Session snapshot. Snapshots are cheap copies
// (kernel/clone.ts) whose page data, futex queues, open files and fd tables (and the session's
// threads and the oracle's waiter records) are shared copy-on-write with the live state and with
// other checkpoints, so a checkpoint's size is estimated as what it does not share with the
// previous one: the page data and objects that differ, plus what every snapshot copies
// (snapshotBytes). To reach position s: restore the last checkpoint at or before s, then replay
// the recorded choices up to s. The interval follows the measured stepping and snapshot speeds,
// and memory stays bounded by thinning (sparse-checkpoints.ts). Near where the user works a dense
// tier (local-checkpoints.ts) cuts the replays of nearby gotos and steps back to < 64 steps. A
// replay does only what its result needs: it trims the kernel's event log as the live run does,
// and makes the last futex call's view once at its end, not at every call (futex-call-note.ts).
// The choices take one byte a step (choices.ts); the timeline's event objects are rebuilt by
// replay when asked for (timeline-log.ts); a checkpoint's size is estimated by snapshot-bytes.ts.
//
// Invariants:
// [1] positions 0..length are reachable; the live session is at one of them;
// [2] a checkpoint at position p holds the state reached by step p, before the environment
//     actions recorded at p;
// [3] cps[0] is position 0 and cps is sorted by position;
// [4] a new step (record) or a new environment action (recordEnv) at a position p before
//     `length` first forgets the steps after p, the actions at positions after p and the
//     checkpoints after p (truncate); a step that follows the recorded one (follow) changes
//     nothing, so replaying from any checkpoint still reaches the state the live run is in;
// [5] whoever keeps something by position hears of every truncation (onTruncate: the breakpoints'
//     hit counts, hit-count.ts [4]).

import type { Session } from '../session/session';
import { TimelineLog } from './timeline-log';
import type { EnvEvent } from '../session/interp';
import type { KernelEvent } from '../kernel/events';
import { Choices } from './choices';
import { LocalCheckpoints, type Checkpoint } from './local-checkpoints';
import { SparseCheckpoints } from './sparse-checkpoints';
import { lastFutexCall } from '../session/inspect';
import { FutexCallNote, type FutexOpView } from './futex-call-note';

/** A goto's replay trims the kernel's event log past this many events (as runner.ts does live). */
const EVENT_WINDOW = 4096;

/** An environment event run from the Debug Console, with its operands resolved to numbers. */
export type EnvAction = EnvEvent & {
  /** The thread whose process it addresses. */
  tid: number;
};

/** A replay that reports every position it passes (History.goto). */
export interface Scan {
  from: number;
  ready(): void;
  visit(pos: number, eventsFrom: number, anomaliesFrom: number): void;
  /**
   * A clock jump at position pos, before step pos + 1 (nothing could run: Session.idle, which
   * Session.step would do anyway): timers fired and woke threads. Called for the positions
   * from..target-1 where it happens, and at target too with `idleAtTarget`.
   */
  idle?(pos: number, eventsFrom: number, anomaliesFrom: number): void;
  idleAtTarget?: boolean;
}


export interface HistoryOptions {
  /** Checkpoint memory budget in bytes (default 192 MB). */
  budget?: number;
  /** Initial checkpoint interval in steps (default 1024). */
  every?: number;
  /** Longest interval ever chosen (default unbounded): tests ask for dense checkpoints. */
  maxEvery?: number;
  /** Events the timeline keeps (timeline-log.ts MAX_EVENTS). */
  timelineEvents?: number;
}

export class History {
  /** Steps recorded: the thread of step p+1 at index p, and whether it was forced. */
  private readonly choices = new Choices();
  length = 0;
  /** The run was over at position `length` (Session.step returned false there). */
  finished = false;
  private readonly env = new Map<number, EnvAction[]>();
  /** The sparse tier over the whole run (sparse-checkpoints.ts). */
  private readonly cps: SparseCheckpoints;
  /** The dense tier near where the user works (local-checkpoints.ts): an eighth of the budget. */
  private readonly local: LocalCheckpoints;
  /** The target of the goto replaying now (-1: none): dense snapshots are left before it. */
  private leaving = -1;

  /** The last futex call at the session's position (futex-call-note.ts). */
  private readonly op: FutexCallNote;
  /** The kernel's event count at the end of the recorded run (for replayEvents' window). */
  private endEvents = 0;

  /** The recorded run's events, for the Timeline (timeline-log.ts). */
  readonly timeline: TimelineLog;
  /** Told the position of every truncation [5]. */
  private readonly truncated: ((pos: number) => void)[] = [];

  constructor(private readonly session: Session, private readonly runEnv: (a: EnvAction) => void, opts: HistoryOptions = {}) {
    this.op = new FutexCallNote(session);
    this.timeline = new TimelineLog(session, (max) => this.replayEvents(max), opts.timelineEvents);
    // 80 MB, and the dense tier an eighth of it: with the choices (a byte a step) a history stays
    // under issue #4's 100 MB at 1,000,000 steps of 1,000 threads and 10,000 waiters, where 192 MB
    // (issue 9's choice) let it reach 113-155 MB. Issue 9's 10M mutex3 steps fit far below it on
    // this machine (~18 KB a checkpoint, every 8,192 steps); on one slow enough that REPLAY_MS asks
    // for every 1,024-2,048 steps, 80 MB thins them to every 4,096, which issue 9 measured at a
    // gotoStep p90 over 20 ms under heavy load. Figures: docs/development.md (DAP rows).
    const budget = opts.budget ?? 80 * 1024 * 1024;
    this.local = new LocalCheckpoints(budget / 8);
    this.cps = new SparseCheckpoints(budget, opts.every ?? 1024, opts.maxEvery ?? Infinity);
    this.checkpoint(false);
  }

  /** Bytes held: checkpoints and the choice log. */
  get bytes(): number {
    return this.cps.bytes + this.local.bytes + this.choices.bytes;
  }

  /** The last futex call at the current position: the kernel's event log, else the history's. */
  get futexOp(): FutexOpView | null {
    return lastFutexCall(this.session) ?? this.op.get();
  }

  get checkpoints(): number {
    return this.cps.size;
  }

  /** The interval of the sparse checkpoints, in steps. */
  get every(): number {
    return this.cps.every;
  }

  /** Snapshots in the dense tier (local-checkpoints.ts). */
  get denseCheckpoints(): number {
    return this.local.size;
  }

  /** The thread that ran step p+1 (position p to p+1). */
  tidAt(p: number): number {
    return this.choices.tid(p);
  }

  /** The recorded step p+1 (its thread, and whether it was forced); undefined past `length`. */
  stepAt(p: number): { tid: number; forced: boolean } | undefined {
    return p < this.length ? { tid: this.choices.tid(p), forced: this.choices.forced(p) } : undefined;
  }

  /** The runner's measure of stepping speed, for the checkpoint interval. */
  noteSpeed(steps: number, ms: number): void {
    this.cps.noteSpeed(steps, ms);
  }

  /** Record the step just run live (the session moved from position p to p + 1). */
  record(forced: boolean): void {
    const pos = this.session.steps - 1;
    this.truncate(pos);
    this.choices.set(pos, this.session.lastStep.tid, forced);
    this.length = pos + 1;
    this.endEvents = this.session.eventCount;
    this.op.noteStep();
    this.timeline.record();
    if (this.cps.due(this.length)) this.checkpoint();
  }

  /**
   * The session just ran recorded step p (position p to p + 1) live, as recorded (the runner made
   * the recorded choice): the history is kept [4]. Replay is deterministic, so a step that does
   * not match is a bug, reported as replayStep reports it.
   */
  follow(): void {
    const p = this.session.steps - 1;
    if (p >= this.length || this.session.lastStep.tid !== this.tidAt(p)) {
      throw new Error(`internal: the recorded future diverged at step ${p + 1} (thread ${this.session.lastStep.tid}, recorded ${p < this.length ? this.tidAt(p) : 'none'})`);
    }
    this.op.noteStep();
  }

  /** After a followed step (and its breakpoint check): the actions recorded at this position. */
  applyEnvHere(): void {
    this.applyEnv(this.session.steps);
  }

  /** The live run ended at the current position without a step (Session.step returned false). */
  recordEnd(): void {
    this.truncate(this.session.steps);
    this.endEvents = this.session.eventCount;
    this.finished = true;
  }

  /** Record an environment action just applied at the current position. */
  recordEnv(a: EnvAction): void {
    const pos = this.session.steps;
    this.truncate(pos);
    const list = this.env.get(pos) ?? [];
    list.push(a);
    this.env.set(pos, list);
  }

  /** `f` hears of every truncation: the position after which everything is forgotten [5]. */
  onTruncate(f: (pos: number) => void): void {
    this.truncated.push(f);
  }

  /** Forget everything after position pos [4]. */
  private truncate(pos: number): void {
    if (pos >= this.length && !this.finished) return;
    for (const f of this.truncated) f(pos);
    this.finished = false;
    this.length = Math.min(this.length, pos);
    this.timeline.truncate(pos);
    for (const p of [...this.env.keys()]) if (p > pos) this.env.delete(p);
    this.cps.truncate(pos);
    this.local.truncate(pos);
  }

  /** `timed`: its time is a sample of the snapshot cost (not the first: cold code, issue 9). */
  private checkpoint(timed = true): void {
    const t0 = performance.now();
    const snap = this.session.snapshot();
    this.cps.add(this.session.steps, snap, this.op.get(), timed ? performance.now() - t0 : undefined);
  }

  private applyEnv(pos: number): void {
    for (const a of this.env.get(pos) ?? []) this.runEnv(a);
  }

  /**
   * Run recorded step p (position p -> p + 1) and the environment actions at p + 1; `events`
   * collects the step's own events (timeline-log.ts: not the environment actions' after it);
   * `check` runs between the two, where the live run checked its breakpoints.
   */
  private replayStep(p: number, events?: KernelEvent[], trim = false, check?: () => void): void {
    const before = this.session.eventCount;
    if (trim && this.session.events.length > EVENT_WINDOW) {
      // As the runner trims the log live (runner.ts eventWindow), keeping this step's events:
      // a far goto's replay grew it by ~5 events a step, garbage the collector then moved.
      this.op.get();
      this.session.trimEvents(before);
    }
    if (this.choices.forced(p)) this.session.step(this.choices.tid(p));
    else this.session.step();
    if (this.session.steps !== p + 1 || this.session.lastStep.tid !== this.tidAt(p)) {
      throw new Error(`internal: replay diverged at step ${p + 1} (thread ${this.session.lastStep.tid}, recorded ${this.tidAt(p)})`);
    }
    this.op.noteReplayed();
    if (events) {
      for (let i = before; i < this.session.eventCount; i++) {
        const e = this.session.eventAt(i)!;
        if (e.step === p + 1) events.push(e);
      }
    }
    if (this.leaving >= 0) this.leaveLocal();
    check?.();
    this.applyEnv(p + 1);
  }

  /** During a goto's replay: a dense snapshot here, before the environment actions at it [2]. */
  private leaveLocal(): void {
    const pos = this.session.steps;
    const spacing = LocalCheckpoints.spacing(this.every);
    if (pos % spacing !== 0 || pos <= this.leaving - LocalCheckpoints.window(spacing) || this.local.has(pos)) return;
    const sparse = this.cps.atOrBefore(pos);
    if (sparse.pos === pos) return;
    // Its size, estimated as the sparse checkpoint's before it (a state of the same scenario a
    // few hundred steps apart): measuring it (snapshotBytes) cost as much as taking it.
    this.local.add({ pos, snap: this.session.snapshot(), bytes: sparse.bytes, op: this.op.get() }, pos);
  }

  /**
   * The events of the newest recorded steps, about `max` of them (whole checkpoint segments, from
   * the newest checkpoint with at most `max` events after it, or the last one), rebuilt by replay
   * for the timeline (timeline-log.ts). The session is put back where it was.
   */
  private replayEvents(max: number): KernelEvent[] {
    const s = this.session;
    const cps = this.cps.all;
    let i = cps.length - 1;
    while (i > 0 && cps[i].pos > this.length) i--;
    while (i > 0 && this.endEvents - cps[i - 1].snap.events <= max) i--;
    const start = cps[i];
    const saved = s.snapshot();
    const op = this.op.get();
    const out: KernelEvent[] = start.pos === 0 ? [...this.timeline.setup] : [];
    try {
      s.restore(start.snap);
      this.applyEnv(start.pos);
      for (let p = start.pos; p < this.length; p++) this.replayStep(p, out);
    } finally {
      s.restore(saved, true);
      this.op.set(op); // a call the rebuild passed is not in the restored log
    }
    return out;
  }

  /** The last checkpoint at or before pos, of either tier. */
  private atOrBefore(pos: number): Checkpoint {
    const sparse = this.cps.atOrBefore(pos);
    const dense = this.local.atOrBefore(pos);
    return dense && dense.pos > sparse.pos ? dense : sparse;
  }

  /** The position of the last checkpoint at or before pos. */
  private checkpointAtOrBefore(pos: number): number {
    return this.atOrBefore(pos).pos;
  }

  /** Restore the last checkpoint at or before pos, with its environment actions. */
  private restoreBefore(pos: number): void {
    const c = this.atOrBefore(pos);
    this.session.restore(c.snap);
    this.op.set(c.op);
    this.applyEnv(c.pos);
  }

  /**
   * Put the session at position `target` (0..length): forward by replay from where it is, or
   * back by restoring a checkpoint and replaying. With `scan` (reverse searches), the replay
   * starts from `scan.from`: `ready` runs there, and `visit` after each later step, with the
   * event and anomaly counts from before that step, before the environment actions recorded at
   * the position it reached (where the live run and a followed one check, runner.ts).
   */
  goto(target: number, scan?: Scan): void {
    if (!Number.isInteger(target) || target < 0 || target > this.length) throw new RangeError(`step ${target} is outside the history (0..${this.length})`);
    const s = this.session;
    const from = scan ? scan.from : target;
    // Back: restore a checkpoint. Forward: replay from here, unless a checkpoint lies between
    // here and the target (then restoring it saves replaying up to it: a far gotoStep).
    const to = Math.min(target, from);
    if (to < s.steps || this.checkpointAtOrBefore(to) > s.steps) this.restoreBefore(to);
    this.leaving = target;
    try {
      for (let p = s.steps; p < from; p++) this.replayStep(p, undefined, true);
      scan?.ready();
      for (let p = s.steps; p < target; p++) {
        if (scan?.idle) this.idleAt(p, scan);
        const ev = s.eventCount;
        const an = s.anomalies.length;
        this.replayStep(p, undefined, !scan, scan && (() => scan.visit(p + 1, ev, an)));
      }
    } finally {
      this.leaving = -1;
      this.op.get();
    }
    if (scan?.idle && scan.idleAtTarget && target < this.length) this.idleAt(target, scan);
    if (target === this.length && this.finished) s.step();
  }

  /** The clock jump at position p, if nothing can run there (what the next step would do first). */
  private idleAt(p: number, scan: Scan): void {
    const s = this.session;
    if (s.runnableCount > 0) return;
    const ev = s.eventCount;
    const an = s.anomalies.length;
    s.idle();
    scan.idle!(p, ev, an);
  }

  /** The positions of checkpoints, newest first, below `pos` (for reverse searches by segment). */
  checkpointsBelow(pos: number): number[] {
    return this.cps.below(pos);
  }
}
