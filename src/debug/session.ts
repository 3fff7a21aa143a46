// The Debug Adapter: maps a Session onto DAP. It only adapts (mock-debug's split, without its
// traps): the engine knows nothing of DAP, and every decision about running and stopping is in
// runner.ts, breakpoints.ts and history.ts. The parts a launch wires together are in live.ts, the
// text of what a run says in run-output.ts.
//
// Protocol rules the adapter keeps ([1] in protocol-session.ts, this class's base; [2] and [3] here):
// [1] Every request is answered, exactly once: dispatchRequest wraps every handler, sync or
//     async, and turns what it throws into an error response (after the response was sent, into
//     an output event). Unknown requests get an error response too.
// [2] Order: a request that moves the session is answered first; the stopped event follows when
//     the move is over (the response is written synchronously before the run starts), and thread
//     events for threads that appeared or ended come before the stopped event.
// [3] Gated on protocol state, not time: `initialized` is sent once launch has loaded the
//     scenario (so breakpoints verify against it); the run starts at configurationDone.
//     Requests out of order (stepping before launch, inspecting while running) are errors that
//     say what to do instead.
// DAP thread ids are tid + 1.

import { ContinuedEvent, ExitedEvent, InitializedEvent, InvalidatedEvent, StoppedEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { timelineBody } from './requests';
import type { Range } from '../lang/ast';
import type { StopInfo } from './breakpoints';
import { CAPABILITIES } from './capabilities';
import type { EvalFrame } from './evaluate';
import { prepareLaunch } from './launch';
import { startLive, type Live } from './live';
import type { Motion } from './runner';
import { dataBreakpointInfo, resolveDataBreakpoint } from './watch';
import { StaleHandleError, StateError } from './errors';
import { sourceContent } from './source-request';
import { runSummary } from './summary';
import { ProtocolSession, type Handler } from './protocol-session';
import { PagedState, type StatePageArgs } from './state-pages';
import { LiveSource } from './state-sources';
import { OutputGate } from './output-gate';
import { outputEvent, runOutputHooks } from './run-output';
import { taskCount, taskView, threadName, threadState, userTid } from '../session/inspect';

export class FutexDebugSession extends ProtocolSession {
  private live: Live | null = null;
  private configured = false;
  private terminated = false;
  /** The current stop, while stopped (null while running or before the first stop). */
  private current: StopInfo | null = null;
  private invalidatedOk = false;
  private initialized = false;
  /** The summary line of the run's end was printed (reset when a stop is before the end). */
  private summarized = false;
  /** Program output lines sent between two stops (output-gate.ts). */
  private readonly gate = new OutputGate();
  /** futexlab/state's projection of the current state, made once and paged (state-pages.ts). */
  private readonly paged = new PagedState(() => {
    const live = this.need();
    return new LiveSource(live.launch.session, live.history.length, live.runner.running, live.history.futexOp);
  });

  constructor(_linesStartAt1?: boolean, isServer?: boolean) {
    super(undefined, isServer);
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }


  protected readonly handlers: Record<string, Handler> = {
    initialize: (r, a: DebugProtocol.InitializeRequestArguments) => this.initialize(r, a),
    launch: (r, a) => this.launch(r, a),
    attach: () => {
      throw new StateError('attach is not supported: launch a .futex scenario');
    },
    configurationDone: (r) => this.configurationDone(r),
    setBreakpoints: (r, a: DebugProtocol.SetBreakpointsArguments) => this.reply(r, { breakpoints: this.need().bps.setLines(a.source?.path, a.breakpoints ?? []) }),
    setFunctionBreakpoints: (r, a: DebugProtocol.SetFunctionBreakpointsArguments) => this.reply(r, { breakpoints: this.need().bps.setFunctions(a.breakpoints ?? []) }),
    setExceptionBreakpoints: (r, a: DebugProtocol.SetExceptionBreakpointsArguments) => this.reply(r, { breakpoints: this.need().bps.setFilters(a) }),
    dataBreakpointInfo: (r, a: DebugProtocol.DataBreakpointInfoArguments) => this.reply(r, this.dataInfo(a)),
    setDataBreakpoints: (r, a: DebugProtocol.SetDataBreakpointsArguments) => {
      const live = this.need();
      this.reply(r, { breakpoints: live.bps.setData(a.breakpoints ?? [], (b) => resolveDataBreakpoint(b, live.launch.session)) });
    },
    threads: (r) => this.reply(r, { threads: this.live?.threads.list() ?? [] }),
    stackTrace: (r, a: DebugProtocol.StackTraceArguments) => this.reply(r, this.stopped().inspector.stackTrace(this.tidOf(a.threadId), a.startFrame, a.levels)),
    scopes: (r, a: DebugProtocol.ScopesArguments) => this.reply(r, { scopes: this.stopped().inspector.scopes(a.frameId) }),
    variables: (r, a: DebugProtocol.VariablesArguments) => this.reply(r, { variables: this.stopped().inspector.variables(a) }),
    evaluate: (r, a: DebugProtocol.EvaluateArguments) => this.evaluate(r, a),
    completions: (r, a: DebugProtocol.CompletionsArguments) => this.reply(r, { targets: this.stopped().console.completions(a.text, a.column, this.evalFrame(a.frameId)) }),
    exceptionInfo: (r) => this.exceptionInfo(r),
    continue: (r, a: DebugProtocol.ContinueArguments) => this.move(r, 'continue', a.threadId, a.singleThread),
    next: (r, a: DebugProtocol.NextArguments) => this.move(r, 'next', a.threadId, a.singleThread),
    stepIn: (r, a: DebugProtocol.StepInArguments) => this.move(r, 'stepIn', a.threadId, a.singleThread),
    stepOut: (r, a: DebugProtocol.StepOutArguments) => this.move(r, 'stepOut', a.threadId, a.singleThread),
    stepBack: (r, a: DebugProtocol.StepBackArguments) => this.back(r, (live) => live.runner.stepBack(a.threadId - 1), a.threadId),
    reverseContinue: (r, a: DebugProtocol.ReverseContinueArguments) => this.back(r, (live) => live.runner.reverseContinue(a.threadId - 1), a.threadId),
    pause: (r) => this.pause(r),
    source: (r, a: DebugProtocol.SourceArguments) => this.reply(r, sourceContent(a, this.need().launch.file, this.need().launch.text)),
    disconnect: (r) => this.disconnect(r),
    terminate: (r) => this.terminate(r),
    'futexlab/state': (r, a: StatePageArgs) => this.reply(r, this.state(a)),
    'futexlab/timeline': (r) => this.reply(r, timelineBody(this.need().launch.session, this.need().history.timeline.events, this.need().history.timeline.anomalies)),
    'futexlab/runThread': (r, a: { threadId?: number; thread?: string }) => this.runThread(r, a),
    'futexlab/gotoStep': (r, a: { step?: unknown }) => this.gotoStepRequest(r, a),
  };

  protected traceOn(): boolean {
    return !!this.live?.launch.trace;
  }

  private need(): Live {
    if (!this.live) throw new StateError('no scenario is loaded: send launch first');
    return this.live;
  }

  /** Inspection needs a stop: launched, configured, not running. */
  private stopped(): Live {
    const live = this.need();
    if (live.runner.running) throw new StateError('the scenario is running: pause it first');
    if (!this.current) throw new StateError('the scenario has not stopped yet');
    return live;
  }

  /** A DAP thread id of a thread that exists, as a tid. */
  private tidOf(threadId: number): number {
    const tid = threadId - 1;
    if (threadName(this.need().launch.session, tid) === undefined) throw new StateError(`there is no thread ${threadId}`);
    return tid;
  }

  /** Moving needs a stop too, and a run that is not over; nothing moves after terminate. */
  private movable(): Live {
    const live = this.need();
    if (this.terminated) throw new StateError('the session has ended: nothing runs after terminate or disconnect');
    if (!this.configured) throw new StateError('configurationDone has not been sent yet');
    if (live.runner.running) throw new StateError('the scenario is already running');
    return live;
  }

  private initialize(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    // Once per session: a second one changed how the client counts lines (and whether it takes
    // invalidated events) under a session already answering in the first one's counting.
    if (this.initialized) throw new StateError('initialize was already sent: it is the first request of a session, once');
    this.initialized = true;
    this.invalidatedOk = !!args.supportsInvalidatedEvent;
    this.base = { lines1: args.linesStartAt1 !== false, columns1: args.columnsStartAt1 !== false };
    response.body = { ...CAPABILITIES };
    this.sendResponse(response);
  }

  private launch(response: DebugProtocol.LaunchResponse, args: unknown): void {
    if (this.live) throw new StateError('a scenario is already launched in this session');
    const launch = prepareLaunch(args);
    this.live = startLive(launch, runOutputHooks((c, t, w) => this.output(c, t, w), this.gate, () => this.syncThreads()), (e) => this.sendEvent(e));
    this.paged.invalidate();
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  private output(category: string, text: string, where: Range | undefined): void {
    this.sendEvent(outputEvent(category, text, where, this.live?.launch.file));
  }

  private async configurationDone(response: DebugProtocol.ConfigurationDoneResponse): Promise<void> {
    const live = this.need();
    if (this.configured) throw new StateError('configurationDone was already sent');
    this.configured = true;
    this.sendResponse(response);
    if (live.launch.noDebug) live.bps.clearAll();
    const s = live.launch.session;
    // No thread at all (an empty scenario, processes without threads): nothing can ever run, and
    // a stop would name a thread the client has not got. The run is over: say so and end.
    if (taskCount(s) === 0) {
      this.output('console', 'The scenario has no thread: its run is over before its first step.\n', undefined);
      return this.finish();
    }
    const first = s.peekNext() >= 0 ? s.peekNext() : 0;
    this.syncThreads();
    if (live.launch.stopOnEntry) return this.report({ reason: 'entry', tid: first, description: 'before the first step' });
    this.report(await live.runner.run('continue', first, false));
  }

  /** [2] Answer, then run, then report the stop. */
  private async move(response: DebugProtocol.Response, motion: Motion, threadId: number, singleThread: boolean | undefined): Promise<void> {
    const live = this.movable();
    const s = live.launch.session;
    const tid = threadId - 1;
    const t = taskView(s, tid);
    if (!t) throw new StateError(`there is no thread ${threadId}`);
    // Unless no thread is left: then the step goes to the run's end (runner.ts).
    if (motion !== 'continue' && (t.state === 'ended' || t.state === 'killed') && !s.result && live.threads.anyLive()) throw new StateError(`${t.name} has ${t.state}: pick another thread`);
    const alone = singleThread ?? live.launch.singleThread;
    if (response.command === 'continue') response.body = { allThreadsContinued: !alone };
    this.sendResponse(response);
    // The run is over: going on ends the session, once the stops left of the last step are seen.
    if (s.result && !(motion === 'continue' && live.bps.hasPending())) return this.finish();
    this.continued(threadId, !alone);
    this.current = null;
    this.report(await live.runner.run(motion, tid, singleThread ?? live.launch.singleThread));
  }

  /** stepBack, reverseContinue, gotoStep: answer, move through the history, report. */
  private async back(response: DebugProtocol.Response, how: (live: Live) => Promise<StopInfo>, threadId?: number): Promise<void> {
    const live = this.movable();
    // A thread neither alive now nor ever shown to the client is no thread (as next answers): it
    // was taken as one that 'does not exist yet' and the move went ahead.
    if (threadId !== undefined && !live.threads.known(threadId - 1)) throw new StateError(`there is no thread ${threadId}`);
    this.sendResponse(response);
    // Going back in time moves every thread.
    this.continued((this.current?.tid ?? 0) + 1, true);
    this.current = null;
    let stop: StopInfo;
    try {
      stop = await how(live);
    } catch (e) {
      const s = live.launch.session;
      stop = { reason: 'pause', tid: Math.max(0, s.lastStep.tid), description: 'stopped after an error' };
      this.report(stop);
      throw e;
    }
    this.report(stop);
  }

  private gotoStepRequest(response: DebugProtocol.Response, args: { step?: unknown }): Promise<void> {
    const live = this.movable();
    const step = args.step;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > live.history.length) {
      throw new StateError(`futexlab/gotoStep: step must be an integer from 0 to ${live.history.length}, not ${JSON.stringify(step)}`);
    }
    return this.back(response, async () => {
      live.runner.goto(step);
      const s = live.launch.session;
      const tid = s.lastStep.tid >= 0 && step > 0 ? live.history.tidAt(step - 1) : (s.runnable()[0] ?? 0);
      return { reason: 'goto', tid, description: `step ${step}` };
    });
  }

  private pause(response: DebugProtocol.PauseResponse): void {
    const live = this.need();
    if (live.runner.running) live.runner.pauseRequested = true;
    this.sendResponse(response);
  }

  /** The run is over and the user went on: exited, terminated. */
  private finish(): void {
    const s = this.need().launch.session;
    if (this.terminated) return;
    this.summarize();
    this.terminated = true;
    this.sendEvent(new ExitedEvent(s.result === 'ok' ? 0 : 1));
    this.sendEvent(new TerminatedEvent());
  }

  /**
   * Every thread the move may run is running again. VS Code assumes a step (next, stepIn,
   * stepBack) runs only its own thread and keeps the other threads' last stop reason: after the
   * stop on entry and a step of another thread, the first thread still read "Paused on entry"
   * in the Call Stack, while it had run and blocked in futex_wait (seen in code-server). With all
   * threads continued, VS Code forgets those reasons (debugSession.ts, onDidContinued).
   */
  private continued(threadId: number, allThreads: boolean): void {
    this.sendEvent(new ContinuedEvent(threadId, allThreads));
  }

  /** Thread events for what changed, then the stop (or the end). */
  private report(stop: StopInfo): void {
    const live = this.need();
    if (this.terminated) return; // terminate or disconnect came while it ran: no stop to show
    this.syncThreads();
    const listed = live.threads.listedOr(stop.tid, live.launch.session.runnable());
    if (listed !== stop.tid) {
      // Stepped back to before its fork or spawn, it has no name here: the one the client was shown.
      const name = threadName(live.launch.session, stop.tid);
      const ended = name === undefined ? `${live.threads.shownName(stop.tid)} does not exist yet at step ${live.launch.session.steps}`
        : `${name} ${threadState(live.launch.session, stop.tid) === 'killed' ? 'was killed' : 'has ended'}`;
      stop = { ...stop, tid: listed, statement: undefined, description: stop.description ? `${stop.description} (${ended})` : ended };
    }
    live.inspector.reset();
    this.paged.invalidate();
    const held = this.gate.stop();
    if (held) this.output('console', held, undefined);
    if (stop.reason === 'terminated') {
      this.current = stop;
      return this.finish();
    }
    if (stop.reason === 'end') this.summarize();
    else if (!live.launch.session.result) this.summarized = false;
    this.current = stop;
    live.inspector.showStatement(stop.statement ? { tid: stop.tid, ...stop.statement } : null);
    const e = new StoppedEvent(stop.reason, stop.tid + 1) as DebugProtocol.StoppedEvent;
    e.body.description = stop.description || undefined;
    e.body.text = stop.exception?.message;
    e.body.allThreadsStopped = true;
    if (stop.hitBreakpointIds) e.body.hitBreakpointIds = stop.hitBreakpointIds;
    this.sendEvent(e);
  }

  /** The run's summary line in the Debug Console, once per arrival at the end (summary.ts). */
  private summarize(): void {
    const s = this.need().launch.session;
    if (!s.result || this.summarized) return;
    this.summarized = true;
    this.output('console', runSummary(s), undefined);
  }

  private syncThreads(): void {
    this.live?.threads.sync();
  }

  /** The frame an expression runs in: the given frame, else the stopped thread's top frame. */
  private evalFrame(frameId: number | undefined): EvalFrame {
    const live = this.stopped();
    const s = live.launch.session;
    const fr = frameId !== undefined ? live.inspector.frame(frameId) : undefined;
    // As scopes answers: an unknown frame is an error, not the stopped thread's frame (which
    // evaluate used, so a stale or wrong frameId read another thread's registers).
    if (frameId !== undefined && !fr) throw new StaleHandleError(`frame ${frameId} is not part of the current stop`);
    const tid = fr?.tid ?? this.current?.tid ?? 0;
    const frames = s.threads[tid]?.frames ?? [];
    return { tid, depth: fr && fr.depth >= 0 ? fr.depth : frames.length - 1 };
  }

  private evaluate(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const live = this.stopped();
    const r = live.console.evaluate(args.expression, this.evalFrame(args.frameId), args.context, args.format?.hex === true);
    this.reply(response, { result: r.result, variablesReference: 0 });
    if (r.changed) this.changed();
  }

  /** The state changed without a stop: the stop's handles stay valid; tell the client to refetch. */
  private changed(): void {
    this.need().inspector.refresh();
    this.paged.invalidate();
    if (this.invalidatedOk) this.sendEvent(new InvalidatedEvent(['all']));
  }

  private runThread(response: DebugProtocol.Response, args: { threadId?: number; thread?: string }): void {
    const live = this.stopped();
    const at = this.evalFrame(undefined);
    // DAP id = slot + 1 (an unknown one was looked up as a TID: "no thread '199'" for 99).
    const name = args.thread ?? (args.threadId !== undefined ? String(userTid(this.tidOf(args.threadId))) : undefined);
    if (name === undefined) throw new StateError('futexlab/runThread: give threadId or thread');
    const r = live.console.run(name, at);
    this.reply(response, { result: r.result, threadId: (live.runner.nextChoice ?? 0) + 1 });
    this.changed();
  }

  private exceptionInfo(response: DebugProtocol.ExceptionInfoResponse): void {
    this.stopped();
    const ex = this.current?.exception;
    if (!ex) throw new StateError('the current stop is not an exception');
    this.reply(response, { exceptionId: ex.id, description: ex.message, breakMode: 'always' });
  }

  /**
   * `futexlab/state`: the kernel's plain snapshot plus what the session says about the run, whole
   * or by pages (state-pages.ts). Projected once per stop or change; while running, every time.
   */
  private state(args: StatePageArgs): ReturnType<PagedState['answer']> {
    if (this.need().runner.running) this.paged.invalidate();
    return this.paged.answer(args);
  }

  private dataInfo(args: DebugProtocol.DataBreakpointInfoArguments): DebugProtocol.DataBreakpointInfoResponse['body'] {
    const live = this.stopped();
    return dataBreakpointInfo(args, live.inspector, live.console, live.launch.session, () => this.evalFrame(args.frameId));
  }

  private disconnect(response: DebugProtocol.DisconnectResponse): void {
    if (this.live?.runner.running) this.live.runner.pauseRequested = true;
    this.terminated = true;
    this.sendResponse(response);
    this.shutdown();
  }

  private terminate(response: DebugProtocol.TerminateResponse): void {
    if (this.live?.runner.running) this.live.runner.pauseRequested = true;
    this.sendResponse(response);
    if (this.terminated) return; // one terminated event: a second terminate, or one after the run's end
    this.terminated = true;
    this.sendEvent(new TerminatedEvent());
  }
}
