// The kernel state of the active `futex` debug session, fetched with the custom request
// `futexlab/state` at every stop (and on `invalidated`) and handed to the views and the timeline.
//
// A DebugAdapterTracker sees the adapter's events; requests are serialised so that a slow reply
// never overwrites a newer one (a later stop bumps the generation and the old reply is dropped).

import * as vscode from 'vscode';
import type { KernelView } from '../kernel/snapshot';
import { DEBUG_TYPE } from './config';
import { STATE_REQUEST, endsSession, extractKernelView, refreshesState } from './protocol';

export class KernelStateStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<KernelView | undefined>();
  /** Fired with the new state, or undefined when the session ended. */
  readonly onDidChange = this.emitter.event;
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  current: KernelView | undefined;
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
    let view: KernelView | undefined;
    try {
      view = extractKernelView(await session.customRequest(STATE_REQUEST));
    } catch {
      // The session is starting or ending, or the adapter is not stopped: keep the last state.
      return;
    }
    if (generation !== this.generation || !view) return;
    this.session = session;
    this.current = view;
    this.emitter.fire(view);
  }

  private clear(): void {
    this.generation++;
    this.session = undefined;
    this.current = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.emitter.dispose();
  }
}
