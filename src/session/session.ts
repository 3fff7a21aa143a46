// A running scenario: interpreter + kernel + scheduler + oracle + event log. The one API that
// debug/, cli/ and explore/ use. It knows nothing of DAP or of the terminal.
//
// A step: pick a thread (the schedule, or the caller's choice), run one statement, advance the
// clock one tick, fire due timers, deliver the values of blocking calls to woken threads, let the
// oracle judge the new events. When no thread can run, the clock jumps to the next timer; with
// none pending the run is over.

import type { KernelEvent } from '../kernel/events';
import type { Mm, Task } from '../kernel/state';
import { taskMm } from '../kernel/futex/core';
import { Kernel } from '../kernel/kernel';
import { STRATEGIES } from '../kernel/futex/registry';
import { checkInvariants } from '../kernel/invariants';
import { earliestTimer, pickNext, yieldTask, type SchedPolicy } from '../kernel/sched';
import { mayRun, prioritiesInPlay, runCandidates } from '../kernel/prio';
import { exitTask, runTimers } from '../kernel/task';
import { execInstruction, execStep, OK, QUIET, runEnvironment, type EnvEvent, type InterpContext, type StepOutcome, type ThreadState } from './interp';
import { compileQuiet, fastSteps, jumpTable, type JumpTable } from './fast-step';
import { setupScenario } from './setup';
import type { Program } from './program';
import { checkPiState, observePiEvent, observeRun, reportStarved, type StepCause } from './oracle-pi';
import { checkPins, cloneOracle, newOracle, observe, reportHung, type Anomaly, type Note, type OracleContext, type OracleState } from './oracle';
import { resolveOptions, scheduleName, type RunOptions } from './options';
import type { OutputLine, RunResult, SessionConfig, SessionSnapshot } from './session-types';
import { describeWait, stepCause } from './describe';

export type { OutputLine, RunResult, SessionConfig, SessionSnapshot } from './session-types';

// Every field in one literal: a spread with an override is several times slower (kernel/clone.ts),
// and the explorer copies a thread at its first write after every snapshot.
const copyFrames = (fs: ThreadState['frames']) => fs.map((f) => ({ unit: f.unit, pc: f.pc, regs: f.regs.slice(), retSlot: f.retSlot }));
const copyThread = (t: ThreadState): ThreadState => ({
  tid: t.tid, pendingSlot: t.pendingSlot, frames: copyFrames(t.frames),
  ...(t.handoff ? { handoff: { frames: copyFrames(t.handoff.frames), pendingSlot: t.handoff.pendingSlot } } : {}),
});

export class Session {
  readonly k: Kernel;
  readonly opts: RunOptions;
  threads: ThreadState[] = [];
  oracle: OracleState = newOracle();
  /**
   * Program output. A long-lived user (the debug adapter) may drop the lines it has passed on
   * (trimOutput): `output` then holds the lines from absolute index `outputBase` on.
   */
  output: OutputLine[] = [];
  outputBase = 0;
  result: RunResult | null = null;
  /** Why the run ended (the failed assert's message, the step limit), for the views. */
  endMessage = '';
  /** Characters printed so far, against option max_output. */
  private outputBytes = 0;
  /**
   * The step just run: the thread the schedule (or the caller) chose and where that thread was
   * before it ran. Informational, for the debugger (history records the choice, output events
   * point at the statement); snapshot/restore do not carry it.
   */
  readonly lastStep = { tid: -1, unit: -1, pc: -1 };
  /**
   * Threads are copy-on-write between snapshots, like the kernel's state (kernel/clone.ts): a
   * snapshot shares the ThreadState objects, and a thread is copied before its first write under
   * a new kernel epoch (ownThread). threadOwner[tid] is the epoch that may write thread tid in
   * place; bookkeeping only, not part of a snapshot (every snapshot and restore changes the epoch).
   */
  private threadOwner: number[] = [];
  private current = -1;
  private switchNow = false;
  private seen = 0;
  private readonly cx: InterpContext;
  private readonly policy: SchedPolicy;
  /** What the oracle asks of the session, made once (afterStep runs after every step). */
  private readonly oracleContext: OracleContext;
  /** The structural jumps by unit and pc (fast-step.ts), or null: normalize reads the instructions. */
  private readonly jumps: JumpTable | null;

  constructor(readonly program: Program, readonly config: SessionConfig = {}) {
    this.opts = resolveOptions(program.scenario, config);
    this.policy = this.opts.schedule;
    const seed = this.policy.kind === 'random' ? this.policy.seed : 0;
    this.k = new Kernel({ strategy: STRATEGIES[this.opts.strategy](this.opts.variants), buckets: this.opts.buckets, seed, limits: this.opts.limits });
    this.k.fullLog = config.eventLog !== false;
    this.cx = {
      k: this.k, program, threads: this.threads,
      findThread: (name, caller) => this.findThread(name, caller),
      addThread: (t) => this.addThread(t),
      maxCallDepth: this.opts.maxCallDepth,
      quiet: fastSteps.enabled ? compileQuiet(program, QUIET, this.opts.maxCallDepth) : null,
    };
    this.jumps = fastSteps.enabled ? jumpTable(program) : null;
    const k = this.k;
    this.oracleContext = { strategy: this.opts.strategy, threadName: (tid: number) => k.s.tasks[tid]?.name ?? 'kernel' };
    this.setup();
  }

  get strategyId(): string {
    return this.opts.strategy;
  }

  get scheduleName(): string {
    return scheduleName(this.policy);
  }

  get steps(): number {
    return this.k.s.step;
  }

  /** Lines printed since launch, including the ones dropped by trimOutput. */
  get outputCount(): number {
    return this.outputBase + this.output.length;
  }

  /** Keep only the last `keep` lines of output (the adapter has sent the others as events). */
  trimOutput(keep: number): void {
    const n = this.output.length - keep;
    if (n <= 0) return;
    this.output = this.output.slice(n);
    this.outputBase += n;
  }

  /** The kernel's event log (from absolute index eventBase on: see Kernel.trimEvents). */
  get events(): readonly KernelEvent[] {
    return this.k.events;
  }

  /** The tasks by tid (threads, ended ones included): what the debugger shows as threads. */
  get tasks(): readonly Readonly<Task>[] {
    return this.k.s.tasks;
  }

  /** How many threads are runnable now (0: the clock jumps to the next timer, or the run ends). */
  get runnableCount(): number {
    return this.k.s.runq.length;
  }

  /** When the next timer fires, if one is pending. */
  nextTimer(): number | undefined {
    return earliestTimer(this.k);
  }

  /** The name of process pid. */
  processName(pid: number): string {
    return this.k.s.procs[pid]?.name ?? `pid ${pid}`;
  }

  /** The files of the scenario (`file NAME`, `shm NAME`), for `truncate`. */
  get fileNames(): string[] {
    return [...this.k.s.disk.keys()];
  }

  /** Events emitted since launch, as an absolute index (the next event's). */
  get eventCount(): number {
    return this.k.eventCount;
  }

  /** The event at absolute index i (undefined once trimmed). */
  eventAt(i: number): KernelEvent | undefined {
    return this.k.events[i - this.k.eventBase];
  }

  /** Drop the events the session and its user have consumed, before absolute index `upTo`. */
  trimEvents(upTo: number): void {
    this.k.trimEvents(Math.min(upTo, this.seen));
  }

  get anomalies(): Anomaly[] {
    return this.oracle.anomalies;
  }

  get notes(): Note[] {
    return this.oracle.notes;
  }

  /** Files, processes and their initial maps and stores (step 0), then the threads. */
  /** The scenario's files, processes, setup items and threads (setup.ts), then the first normalize. */
  private setup(): void {
    setupScenario({ k: this.k, program: this.program, cx: this.cx, addThread: (t) => this.addThread(t) });
    this.afterStep();
  }

  private addThread(t: ThreadState): void {
    const u = this.program.units[t.frames[0].unit];
    while (t.frames[0].regs.length < u.frameSize) t.frames[0].regs.push(0);
    this.threads[t.tid] = t;
    this.threadOwner[t.tid] = this.k.s.epoch;
    this.normalize(t);
  }

  /** Thread tid for writing: copied first if a snapshot shares it. */
  private ownThread(tid: number): ThreadState {
    const th = this.threads[tid];
    if (!th || this.threadOwner[tid] === this.k.s.epoch) return th;
    const own = copyThread(th);
    this.threads[tid] = own;
    this.threadOwner[tid] = this.k.s.epoch;
    return own;
  }

  private findThread(name: string, caller: Task): number | undefined {
    const proc = this.k.s.procs[caller.pid].name;
    const full = name.includes('/') ? name : `${proc}/${name}`;
    for (let i = this.k.s.tasks.length - 1; i >= 0; i--) if (this.k.s.tasks[i].name === full) return i;
    return undefined;
  }

  /** Follow structural jumps and implicit returns; end the thread at the end of its block. */
  private normalize(th: ThreadState): void {
    const t = this.k.s.tasks[th.tid];
    for (;;) {
      // A thread whose last statement blocked ends when it wakes (deliver normalizes it again).
      if (t.state !== 'runnable') return;
      const f = th.frames[th.frames.length - 1];
      if (!f) return;
      const code = this.program.units[f.unit].code;
      if (f.pc >= code.length) {
        if (th.frames.length > 1) {
          th.frames.pop();
          const caller = th.frames[th.frames.length - 1];
          if (f.retSlot >= 0) caller.regs[f.retSlot] = 0;
          continue;
        }
        exitTask(this.k, t, 'ended');
        return;
      }
      if (this.jumps !== null) {
        const to = this.jumps[f.unit][f.pc];
        if (to < 0) return;
        f.pc = to;
        continue;
      }
      const ins = code[f.pc];
      if (ins.op === 'jump' && !ins.step) f.pc = ins.target;
      else return;
    }
  }

  /**
   * Threads that may run now, in run-queue order: the runnable threads of the highest effective
   * priority (kernel/prio.ts), i.e. the whole run queue when no thread has a priority.
   */
  runnable(): number[] {
    return runCandidates(this.k);
  }

  /** The thread the schedule would run next, or -1. Does not change the schedule's state. */
  peekNext(): number {
    if (this.policy.kind !== 'fifo') return runCandidates(this.k)[0] ?? -1;
    return pickNext(this.k, this.policy, this.current, this.switchNow);
  }

  /**
   * Run one step, of thread `tid` if given (it must be runnable), else of the thread the schedule
   * picks. Returns false when the run is over.
   */
  step(tid?: number): boolean {
    if (this.result) return false;
    // Without a reader of the whole log, the events consumed by the last step go (eventLog false).
    if (!this.k.fullLog && this.k.events.length > 0 && this.seen === this.k.eventCount) this.k.dropEvents();
    if (!this.waitForRunnable()) return false;
    if (this.k.s.step >= this.opts.maxSteps) {
      this.finish('step-limit', `the step budget (max_steps ${this.opts.maxSteps}) is spent`);
      return false;
    }
    const chosen = tid !== undefined && mayRun(this.k, tid) ? tid : pickNext(this.k, this.policy, this.current, this.switchNow);
    this.switchNow = false;
    this.current = chosen;
    this.runOne(chosen);
    return this.result === null;
  }

  private runOne(tid: number): void {
    const k = this.k;
    const th = this.ownThread(tid);
    const t = k.s.tasks[tid];
    k.s.step++;
    k.currentTid = tid;
    const top = th.frames[th.frames.length - 1];
    this.lastStep.tid = tid;
    this.lastStep.unit = top.unit;
    this.lastStep.pc = top.pc;
    if (prioritiesInPlay(k)) observeRun(this.oracle.pi, k, tid);
    this.endStep(th, t, execStep(this.cx, th, t));
  }

  /** The rest of a step, after its instruction ran: the pc, the clock, timers, output, the oracle. */
  private endStep(th: ThreadState, t: Task, out: StepOutcome): void {
    const k = this.k;
    // fifo runs the current thread "until it blocks, yields, sleeps or ends", even if a timer
    // makes it runnable again at the end of this very step.
    if (t.state !== 'runnable') this.switchNow = true;
    this.normalize(th);
    k.s.clock++;
    if (k.s.timers.length > 0) runTimers(k); // none pending: nothing is due
    k.currentTid = -1;
    if (out === OK || out === QUIET) {
      this.afterStep();
      return;
    }
    if (out.kind === 'print') this.print(t.name, out.text);
    if (out.kind === 'yield') this.switchNow = true;
    this.afterStep();
    if (out.kind === 'assert') {
      this.oracle.anomalies.push({ kind: 'assert', step: k.s.step, thread: t.name, others: [], message: out.message });
      this.finish('assert-failed', out.message);
    }
  }

  /**
   * When nothing can run, jump the clock to the next timer (and end the run if none is pending).
   * The explorer calls it so that a state's choices are the threads runnable after the jump.
   */
  idle(): boolean {
    if (this.result) return false;
    return this.waitForRunnable();
  }

  /** When nothing can run, jump the clock to the next timer; false if the run is over. */
  private waitForRunnable(): boolean {
    while (this.k.s.runq.length === 0) {
      const when = earliestTimer(this.k);
      if (when === undefined) {
        this.finish(null, '');
        return false;
      }
      this.k.s.clock = Math.max(this.k.s.clock, when);
      runTimers(this.k);
      this.afterStep();
    }
    return true;
  }

  private afterStep(): void {
    const k = this.k;
    const ev = k.events;
    const base = k.eventBase;
    const ocx = this.oracleContext;
    for (; this.seen < base + ev.length; this.seen++) {
      const e = ev[this.seen - base];
      if (e.type === 'wakeup') this.deliver(e.tid);
      if (e.type === 'pi-lock' && e.what === 'stolen') this.undeliver(e.tid);
      observe(this.oracle, ocx, e);
      observePiEvent(this.oracle.pi, this.oracle.anomalies, k, e);
    }
    if (k.s.pi.states.length > 0 || this.oracle.pi.rows.size > 0) {
      checkPiState(this.oracle.pi, this.oracle.anomalies, k, k.s.step, this.stepCause(), this.lastStep.tid >= 0 ? k.s.tasks[this.lastStep.tid].name : 'kernel');
    }
    if (k.s.pinned > k.s.stats.pinnedPagesMax) k.s.stats.pinnedPagesMax = k.s.pinned;
    // checkPins changes nothing below the limit unless it must re-arm the report.
    if (k.s.pinned > this.opts.pinLimit || this.oracle.pinLimitReported) checkPins(this.oracle, k.s.step, k.s.pinned, this.opts.pinLimit);
    if (this.config.checkInvariants) checkInvariants(k);
  }

  /** A stolen PI handoff: the thread is back in its call, as before the handoff's delivery. */
  private undeliver(tid: number): void {
    const th = this.ownThread(tid);
    if (!th?.handoff) return;
    th.frames = th.handoff.frames;
    th.pendingSlot = th.handoff.pendingSlot;
    th.handoff = undefined;
  }

  /** A woken thread gets the value of its blocking call in the register that asked for it. */
  private deliver(tid: number): void {
    const th = this.ownThread(tid);
    if (!th) return;
    const t = this.k.s.tasks[tid];
    // A PI handoff can still be stolen until the thread runs (kernel/futex/pi-steal.ts).
    if (this.k.s.pi.states.length > 0 && this.k.s.pi.states.some((p) => p.pending?.tid === tid)) th.handoff = { frames: copyFrames(th.frames), pendingSlot: th.pendingSlot };
    if (th.pendingSlot >= 0) th.frames[th.frames.length - 1].regs[th.pendingSlot] = t.retval;
    th.pendingSlot = -2;
    this.normalize(th);
  }

  /**
   * A `print` line. Past option max_output (characters, counting a newline per line) the run ends
   * with result output-limit: a print loop must not grow the CLI or the adapter without bound.
   */
  private print(thread: string, text: string): void {
    this.outputBytes += text.length + 1;
    if (this.outputBytes > this.opts.maxOutput) {
      if (this.result === null) this.finish('output-limit', `the output budget (max_output ${this.opts.maxOutput} characters) is spent`);
      return;
    }
    this.output.push({ step: this.k.s.step, thread, text });
  }

  private finish(forced: RunResult | null, message: string): void {
    const k = this.k;
    const hung = k.s.tasks
      .filter((t) => t.state === 'blocked' && (t.wait.kind === 'futex' || t.wait.kind === 'poll') && t.timer < 0)
      .map((t) => ({ tid: t.tid, name: t.name, q: t.wait.kind === 'futex' ? t.wait.q : -1, why: this.waitDescription(t) }));
    if (forced !== 'assert-failed') reportStarved(this.oracle.pi, this.oracle.anomalies, k, k.s.step);
    if (forced !== 'assert-failed') reportHung(this.oracle, k.s.step, hung);
    const live = k.s.tasks.some((t) => t.state !== 'ended' && t.state !== 'killed');
    this.result = forced ?? (live ? 'deadlock' : this.oracle.anomalies.length > 0 ? 'anomaly' : 'ok');
    this.endMessage = message || (this.result === 'deadlock' ? `threads blocked forever: ${hung.map((h) => h.name).join(', ')}` : '');
  }

  /** What the last step was, for the PI table anomaly (describe.ts). */
  private stepCause(): StepCause {
    return stepCause(this.program, this.k, this.lastStep);
  }

  /** What a blocked or sleeping task waits on: `futex_wait on (mm#1, 0x10000000), bucket 17`. */
  waitDescription(t: Task): string {
    return describeWait(this.k, t);
  }

  /**
   * An environment event between steps (the debugger's console: `swap_out ADDR`, `reclaim`...),
   * in the address space of thread tid. The oracle, the wake-ups it causes and the invariants are
   * handled as after a step. Returns why it failed, or undefined.
   */
  environment(tid: number, e: EnvEvent): string | undefined {
    const failed = runEnvironment(this.k, this.k.s.tasks[tid], e);
    this.afterStep();
    return failed;
  }

  /** Run until the end (or `limit` more steps). */
  run(limit = Infinity): RunResult | null {
    let i = 0;
    while (i < limit && this.step()) {
      i++;
      if (this.jumps !== null) i += this.quietRun(limit - i);
    }
    return this.result;
  }

  /**
   * Steps in a row under fifo or round-robin while they stay quiet (issue #11): what step() does,
   * without its checks of what such a step cannot change. A step that ends OK with its thread
   * runnable and raises no event, timer, PI state or pin needs no oracle, and the next choice is
   * the schedule's plain one (the same thread under fifo, the head of the run queue after a
   * rotation under round-robin); after a quiet step (QUIET) not even the checks before the next
   * one are needed. Any other step ends the run with the rest of runOne (endStep) or afterStep,
   * and run() goes back to step(). Returns the number of steps run. The differential test is
   * test/session/quiet-steps.test.ts (fastSteps off runs every step through step()).
   */
  private quietRun(limit: number): number {
    const k = this.k;
    const s = k.s;
    const rr = this.policy.kind === 'round-robin';
    if (!rr && this.policy.kind !== 'fifo') return 0;
    if (this.result !== null || this.switchNow || this.config.checkInvariants || k.fp !== null) return 0;
    const pinned = s.pinned;
    // The running thread, its task and its mm, found again only when another thread (the mm:
    // another process) runs: a run changes none of them (an exec, a new mm or a copied thread
    // comes with an event, which ends the run).
    let cachedTid = -1;
    let cachedPid = -1;
    let th!: ThreadState;
    let t!: Task;
    let m!: Mm;
    let n = 0;
    // After a quiet step (QUIET) what the checks below look at is as it was before it.
    let quiet = false;
    while (n < limit) {
      if (!quiet) {
        if (s.timers.length > 0 || s.prioTasks > 0 || s.pi.states.length > 0 || this.oracle.pi.rows.size > 0) break;
        if (this.seen !== k.eventCount) break;
      }
      if (s.step >= this.opts.maxSteps) break;
      // The schedule's choice (pickNext with no priority in play).
      let tid = this.current;
      if (rr) {
        if (s.runq.length === 0) break;
        if (tid >= 0 && s.tasks[tid].state === 'runnable') yieldTask(k, s.tasks[tid]);
        tid = s.runq[0];
      } else if (tid < 0 || s.tasks[tid].state !== 'runnable') break;
      this.switchNow = false;
      this.current = tid;
      n++;
      // runOne, with the checks it makes for priorities left out (none is in play).
      if (tid !== cachedTid) {
        th = this.ownThread(tid);
        t = s.tasks[tid];
        if (t.pid !== cachedPid) {
          m = taskMm(k, t); // the threads of one process share it
          cachedPid = t.pid;
        }
        cachedTid = tid;
      }
      s.step++;
      k.currentTid = tid;
      const top = th.frames[th.frames.length - 1];
      this.lastStep.tid = tid;
      this.lastStep.unit = top.unit;
      this.lastStep.pc = top.pc;
      // execStep's checks before the instruction all find nothing for a thread that is not in a
      // futex wait (signalled or vectored), has no signal pending and no PI handoff to close.
      const out = t.wait.kind !== 'futex' && !t.sigpending && th.handoff === undefined ? execInstruction(this.cx, th, t, top, m) : execStep(this.cx, th, t);
      quiet = out === QUIET;
      if (!quiet && (out !== OK || t.state !== 'runnable')) {
        this.endStep(th, t, out);
        break;
      }
      // normalize, which has nothing to do at a pc inside the code that is no structural jump.
      const f = th.frames[th.frames.length - 1];
      const jumps = this.jumps![f.unit];
      if (f.pc >= jumps.length || jumps[f.pc] >= 0) this.normalize(th);
      s.clock++;
      if (!quiet && s.timers.length > 0) runTimers(k);
      k.currentTid = -1;
      if (quiet && f.pc < jumps.length) continue; // no event, and normalize ended no thread
      if (k.eventCount !== this.seen || s.pi.states.length > 0 || this.oracle.pi.rows.size > 0 || s.pinned !== pinned) {
        this.afterStep();
        break;
      }
    }
    return n;
  }

  snapshot(): SessionSnapshot {
    return {
      kernel: this.k.snapshot(), events: this.k.eventCount, threads: this.threads.slice(), // shared until written (ownThread)
      oracle: cloneOracle(this.oracle), output: this.outputCount, outputBytes: this.outputBytes, current: this.current,
      switchNow: this.switchNow, result: this.result, endMessage: this.endMessage,
    };
  }

  /** Go back to a snapshot. `consume`: the snapshot is not used again and is adopted uncopied. */
  restore(s: SessionSnapshot, consume = false): void {
    this.k.restore(s.kernel, s.events, consume);
    this.threads = consume ? s.threads : s.threads.slice();
    this.cx.threads = this.threads;
    this.oracle = consume ? s.oracle : cloneOracle(s.oracle);
    if (s.output >= this.outputBase && s.output <= this.outputCount) this.output.length = s.output - this.outputBase;
    else {
      this.output = [];
      this.outputBase = s.output;
    }
    this.outputBytes = s.outputBytes;
    this.current = s.current;
    this.switchNow = s.switchNow;
    this.result = s.result;
    this.endMessage = s.endMessage;
    this.seen = s.events;
  }
}
