// The kernel state of the active `futex` debug session: at every stop (and on `invalidated`) its
// top level, fetched with `futexlab/state { path: '' }`, handed to the views and the timeline;
// the views fetch the pages they show through the StopState (views/stop-state.ts, issue 9).
//
// A DebugAdapterTracker sees the adapter's events; requests are serialised so that a slow reply
// never overwrites a newer one (a later stop bumps the generation and the old reply is dropped).

import * as vscode from 'vscode';
import { DEBUG_TYPE } from './config';
import { STATE_REQUEST, endsSession, refreshesState } from './protocol';
import { StopState, type KernelTop } from './views/stop-state';

export class KernelStateStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<StopState | undefined>();
  /** Fired with the new stop, or undefined when the session ended. */
  readonly onDidChange = this.emitter.event;
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The top level of the current stop (the KernelView's scalars and the lengths of its lists). */
  current: KernelTop | undefined;
  /** The current stop, to fetch pages of its lists from. */
  stop: StopState | undefined;
  session: vscode.DebugSession | undefined;

  constructor() {
    this.subscriptions.push(
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (session) => ({
          // A new adapter for a session we show: a Restart (VS Code restarts under the same
          // session id). The old run's state and timeline are stale until the first stop.
          onWillStartSession: () => {
            if (session === this.session) this.clear();
          },
          onDidSendMessage: (message: unknown) => {
            if (refreshesState(message)) void this.refresh(session);
            else if (endsSession(message) && session === this.session) this.clear();
          },
        }),
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s === this.session) this.clear();
      }),
      vscode.debug.onDidChangeActiveDebugSession((s) => {
        if (s && s.type === DEBUG_TYPE && s !== this.session) void this.refresh(s);
      }),
    );
  }

  /** Ask the adapter for the state and publish it (the latest request wins). */
  async refresh(session: vscode.DebugSession): Promise<void> {
    const generation = ++this.generation;
    let stop: StopState | undefined;
    try {
      stop = await StopState.fetch((args) => session.customRequest(STATE_REQUEST, args));
    } catch {
      // The session is starting or ending, or the adapter is not stopped: keep the last state.
      return;
    }
    if (generation !== this.generation || !stop) return;
    this.session = session;
    this.current = stop.top;
    this.stop = stop;
    this.emitter.fire(stop);
  }

  private clear(): void {
    this.generation++;
    this.session = undefined;
    this.current = undefined;
    this.stop = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }
}
