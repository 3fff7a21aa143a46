// A running scenario: interpreter + kernel + scheduler + oracle + event log. The one API that
// debug/, cli/ and explore/ use. It knows nothing of DAP or of the terminal.
//
// A step: pick a thread (the schedule, or the caller's choice), run one statement, advance the
// clock one tick, fire due timers, deliver the values of blocking calls to woken threads, let the
// oracle judge the new events. When no thread can run, the clock jumps to the next timer; with
// none pending the run is over.
//
// Beside it: the runs of quiet steps that Session.run takes and the step loop's state they share
// (quiet-run.ts), the threads' interpreter state between steps (threads.ts), the end of a run
// (verdict.ts), and what a session shows between steps (session-view.ts).

import type { KernelState, Task } from '../kernel/state';
import { newEpoch } from '../kernel/clone';
import { Kernel } from '../kernel/kernel';
import { STRATEGIES } from '../kernel/futex/registry';
import { checkInvariants } from '../kernel/invariants';
import { earliestTimer, pickNext } from '../kernel/sched';
import { mayRun, prioritiesInPlay, runCandidates } from '../kernel/prio';
import { runTimers } from '../kernel/task';
import { execStep, OK, QUIET, runEnvironment, type EnvEvent, type InterpContext, type StepOutcome, type ThreadState } from './interp';
import { compileQuiet, fastSteps, jumpTable, type JumpTable } from './fast-step';
import { setupScenario } from './setup';
import type { Program } from './program';
import { checkPiState, observePiEvent, observeRun } from './oracle-pi';
import { adoptOracle, checkPins, cloneOracle, observe, snapshotOracle, type OracleContext, type OracleState } from './oracle';
import { resolveOptions } from './options';
import { SessionView } from './session-view';
import type { RunResult, SessionConfig, SessionSnapshot } from './session-types';
import { describeWait, stepCause } from './describe';
import { deliver, findThread, normalize, ownThread, undeliver } from './threads';
import { endRun } from './verdict';
import { quietRun, type QuietRunHost, type StepLoop } from './quiet-run';

export type { OutputLine, RunResult, SessionConfig, SessionSnapshot } from './session-types';

export class Session extends SessionView {
  /** Characters printed so far, against option max_output. */
  private outputBytes = 0;
  /**
   * The step just run: the thread the schedule (or the caller) chose and where that thread was
   * before it ran. Informational, for the debugger (history records the choice, output events
   * point at the statement); snapshot/restore do not carry it.
   */
  readonly lastStep = { tid: -1, unit: -1, pc: -1 };
  /**
   * Steps and clock jumps that may change the kernel other than by page data words, the step
   * count and the clock: all but quiet steps (fast-step.ts) begun with no pi_state (a PI handoff
   * may close), no timer (one may fire) and no pending signal (its handler runs first and clears
   * it) and leaving their thread runnable (normalize ends a thread at its block's end). The
   * explorer relies on it (kernel-part.ts, and search.ts sharing kernel snapshots across quiet
   * steps); snapshots and restores do not carry it.
   */
  kernelTouches = 0;
  /** The kernel epoch that may write each thread in place (threads.ts ownThread). */
  private readonly threadOwner: number[] = [];
  /** The schedule's last choice, whether it must switch, the events read (quiet-run.ts). */
  private readonly loop: StepLoop = { current: -1, switchNow: false, seen: 0 };
  private readonly cx: InterpContext;
  /** What the oracle asks of the session, made once (afterStep runs after every step). */
  private readonly oracleContext: OracleContext;
  /** The structural jumps by unit and pc (fast-step.ts), or null: normalize reads the instructions. */
  private readonly jumps: JumpTable | null;
  /** What quietRun uses of the session, or null without quiet steps (fastSteps off). */
  private readonly quietHost: QuietRunHost | null;

  constructor(readonly program: Program, readonly config: SessionConfig = {}) {
    const opts = resolveOptions(program.scenario, config);
    const seed = opts.schedule.kind === 'random' ? opts.schedule.seed : 0;
    super(new Kernel({ strategy: STRATEGIES[opts.strategy](opts.variants), buckets: opts.buckets, seed, limits: opts.limits }), opts);
    this.k.fullLog = config.eventLog !== false;
    this.cx = {
      k: this.k, program, threads: this.threads,
      findThread: (name, caller) => findThread(this.k, name, caller),
      addThread: (t) => this.addThread(t),
      maxCallDepth: this.opts.maxCallDepth,
      quiet: fastSteps.enabled ? compileQuiet(program, QUIET, this.opts.maxCallDepth) : null,
    };
    this.jumps = fastSteps.enabled ? jumpTable(program) : null;
    this.quietHost = this.jumps === null ? null : {
      k: this.k, policy: this.policy, maxSteps: this.opts.maxSteps, loop: this.loop, lastStep: this.lastStep, cx: this.cx, jumps: this.jumps,
      threadOwner: this.threadOwner, ownThread: (tid) => this.ownThread(tid), ended: () => this.result !== null,
      endStep: (th, t, out) => this.endStep(th, t, out), afterStep: (by) => this.afterStep(by),
    };
    const k = this.k;
    this.oracleContext = { strategy: this.opts.strategy, threadName: (tid: number) => k.s.tasks[tid]?.name ?? 'kernel' };
    this.setup();
  }

  /** Drop the events the session and its user have consumed, before absolute index `upTo`. */
  trimEvents(upTo: number): void {
    this.k.trimEvents(Math.min(upTo, this.loop.seen));
  }

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

  /** Thread tid for writing: copied first if a snapshot shares it (threads.ts). */
  private ownThread(tid: number): ThreadState {
    return ownThread(this.threads, this.threadOwner, this.k.s.epoch, tid);
  }

  /** Follow structural jumps and implicit returns; end the thread at the end of its block. */
  private normalize(th: ThreadState): void {
    normalize(this.k, this.program, this.jumps, th);
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
    return pickNext(this.k, this.policy, this.loop.current, this.loop.switchNow);
  }

  /**
   * Run one step, of thread `tid` if given (it must be runnable), else of the thread the schedule
   * picks. Returns false when the run is over.
   */
  step(tid?: number): boolean {
    if (this.result) return false;
    // Without a reader of the whole log, the events consumed by the last step go (eventLog false).
    if (!this.k.fullLog && this.k.events.length > 0 && this.loop.seen === this.k.eventCount) this.k.dropEvents();
    if (!this.waitForRunnable()) return false;
    if (this.k.s.step >= this.opts.maxSteps) {
      this.finish('step-limit', `the step budget (max_steps ${this.opts.maxSteps}) is spent`);
      return false;
    }
    const loop = this.loop;
    const chosen = tid !== undefined && mayRun(this.k, tid) ? tid : pickNext(this.k, this.policy, loop.current, loop.switchNow);
    loop.switchNow = false;
    loop.current = chosen;
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
    if (k.s.pi.states.length > 0 || k.s.timers.length > 0 || t.sigpending) this.kernelTouches++;
    this.endStep(th, t, execStep(this.cx, th, t));
  }

  /** The rest of a step, after its instruction ran: the pc, the clock, timers, output, the oracle. */
  private endStep(th: ThreadState, t: Task, out: StepOutcome): void {
    const k = this.k;
    // fifo runs the current thread "until it blocks, yields, sleeps or ends", even if a timer
    // makes it runnable again at the end of this very step.
    if (t.state !== 'runnable') this.loop.switchNow = true;
    this.normalize(th);
    k.s.clock++;
    if (k.s.timers.length > 0) runTimers(k); // none pending: nothing is due
    k.currentTid = -1;
    if (out !== QUIET || t.state !== 'runnable') this.kernelTouches++;
    if (out === OK || out === QUIET) {
      this.afterStep(t.tid);
      return;
    }
    if (out.kind === 'print') this.print(t.name, out.text);
    if (out.kind === 'yield') this.loop.switchNow = true;
    this.afterStep(t.tid);
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
      this.kernelTouches++;
      runTimers(this.k);
      this.afterStep();
    }
    return true;
  }

  /** The oracle and the checks after a step of thread `by` (-1: a timer, setup or a Debug Console action between steps). */
  private afterStep(by = -1): void {
    const k = this.k;
    const ev = k.events;
    const base = k.eventBase;
    const ocx = this.oracleContext;
    const loop = this.loop;
    for (; loop.seen < base + ev.length; loop.seen++) {
      const e = ev[loop.seen - base];
      if (e.type === 'wakeup') this.deliver(e.tid);
      if (e.type === 'pi-lock' && e.what === 'stolen') this.undeliver(e.tid);
      observe(this.oracle, ocx, e);
      observePiEvent(this.oracle.pi, this.oracle.anomalies, k, e);
    }
    if (k.s.pi.states.length > 0 || this.oracle.pi.rows.size > 0) {
      checkPiState(this.oracle.pi, this.oracle.anomalies, k, k.s.step, stepCause(this.program, this.k, this.lastStep), this.lastStep.tid >= 0 ? k.s.tasks[this.lastStep.tid].name : 'kernel');
    }
    // The most pages pinned at once during the step (kernel/page.ts pinPage keeps the peak and
    // stats.pinnedPagesMax): a step that pins past the limit and unpins again still pinned past it.
    const pinned = Math.max(k.s.pinned, k.pinPeak);
    k.pinPeak = 0;
    // checkPins changes nothing below the limit unless it must re-arm the report.
    if (pinned > this.opts.pinLimit || this.oracle.pinLimitReported) {
      checkPins(this.oracle, k.s.step, pinned, this.opts.pinLimit, by >= 0 ? k.s.tasks[by].name : 'kernel');
    }
    if (this.config.checkInvariants) checkInvariants(k);
  }

  /** A stolen PI handoff: the thread is back in its call, as before the handoff's delivery. */
  private undeliver(tid: number): void {
    const th = this.ownThread(tid);
    if (th) undeliver(th);
  }

  /** A woken thread gets the value of its blocking call in the register that asked for it. */
  private deliver(tid: number): void {
    const th = this.ownThread(tid);
    if (!th) return;
    deliver(this.k, th);
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
    const end = endRun(this.k, this.oracle, forced, message);
    this.result = end.result;
    this.endMessage = end.message;
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
    this.kernelTouches++;
    const failed = runEnvironment(this.k, this.k.s.tasks[tid], e);
    this.afterStep();
    return failed;
  }

  /** Run until the end (or `limit` more steps). */
  run(limit = Infinity): RunResult | null {
    let i = 0;
    while (i < limit && this.step()) {
      i++;
      if (this.quietHost !== null && this.result === null && !this.config.checkInvariants) {
        this.kernelTouches++; // quietRun does not count its steps
        i += quietRun(this.quietHost, this.oracle, this.threads, limit - i);
      }
    }
    return this.result;
  }

  /**
   * `kernel`: a kernel snapshot to share instead of copying the live kernel, which must equal it
   * but for the step count, the clock and page data under the explorer's undo log (search.ts: the
   * steps since it was taken were quiet, kernelTouches). The live state gets a new epoch all the
   * same: the threads, now shared with the snapshot, are copied before their next write.
   */
  snapshot(kernel?: KernelState): SessionSnapshot {
    if (kernel !== undefined) this.k.s.epoch = newEpoch();
    return {
      kernel: kernel ?? this.k.snapshot(), events: this.k.eventCount, threads: this.threads.slice(), // shared until written (ownThread)
      oracle: snapshotOracle(this.oracle), output: this.outputCount, outputLines: this.output, outputLinesBase: this.outputBase, outputBytes: this.outputBytes, current: this.loop.current,
      switchNow: this.loop.switchNow, result: this.result, endMessage: this.endMessage,
    };
  }

  /** Go back to a snapshot. `consume`: the snapshot is not used again and is adopted uncopied. */
  restore(s: SessionSnapshot, consume = false): void {
    this.k.restore(s.kernel, s.events, consume);
    this.threads = consume ? s.threads : s.threads.slice();
    this.cx.threads = this.threads;
    this.oracle = consume ? adoptOracle(s.oracle) : cloneOracle(s.oracle);
    this.restoreRest(s);
  }

  /**
   * The explorer's restore in place (explore/restore.ts): `kernel` and `oracle`, the live ones
   * made equal to the snapshot's, are kept; the snapshot's threads are written into the live
   * table (shared copy-on-write, as restore shares them), with no new array or snapshot object.
   */
  restoreLive(s: SessionSnapshot, kernel: KernelState, oracle: OracleState): void {
    this.k.restore(kernel, s.events, true);
    const from = s.threads;
    if (this.threads.length !== from.length) this.threads = from.slice();
    else for (let i = 0; i < from.length; i++) this.threads[i] = from[i];
    this.cx.threads = this.threads;
    this.oracle = oracle;
    this.restoreRest(s);
  }

  private restoreRest(s: SessionSnapshot): void {
    if (s.output >= this.outputBase && s.output <= this.outputCount) {
      // Only when it changes (issue #11), and as a copy: snapshots share this array (outputLines).
      if (this.output.length !== s.output - this.outputBase) this.output = this.output.slice(0, s.output - this.outputBase);
    } else if (s.output >= s.outputLinesBase && s.output - s.outputLinesBase <= s.outputLines.length) {
      // Ahead of the live output (a goto forward from before its lines): the snapshot's lines. It
      // said the lines were dropped (outputBase moved past them), so futexlab/state lost them.
      this.output = s.outputLines.slice(0, s.output - s.outputLinesBase);
      this.outputBase = s.outputLinesBase;
    } else {
      this.output = [];
      this.outputBase = s.output;
    }
    this.outputBytes = s.outputBytes;
    this.loop.current = s.current;
    this.loop.switchNow = s.switchNow;
    this.result = s.result;
    this.endMessage = s.endMessage;
    this.loop.seen = s.events;
  }
}
