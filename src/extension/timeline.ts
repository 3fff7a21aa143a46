// The timeline webview of the active `futex` session (timeline-model.ts builds it, timeline-render.ts
// draws it). When the session ends the page says so (the old run's marks would be stale), and the
// next session, or the same one restarted, draws its own run.
//
// The events come from running the session's scenario headless with the same strategy, schedule,
// options and replayed trace: the kernel is deterministic (ARCHITECTURE.md), so this is the run
// the debugger steps through as long as the schedule picks the threads. (Steps that choose a
// thread by hand or `singleThread` can diverge; the highlight still follows the adapter's step.)
// A click on a mark asks the adapter to go to that step (`futexlab/gotoStep`).

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { prepareLaunch } from '../debug/launch';
import { DEBUG_TYPE } from './config';
import { GOTO_STEP_REQUEST } from './protocol';
import type { KernelStateStore } from './state';
import { buildTimeline, type Timeline } from './timeline-model';
import { noSessionHtml, timelineHtml } from './timeline-render';

/** Steps a headless run may take for the timeline before it gives up. */
const TIMELINE_STEP_BUDGET = 200_000;

/**
 * The timeline of a debug session: the same launch resolved the same way as the adapter does it
 * (prepareLaunch: program, strategy, schedule, options, and a replayed trace with its own
 * strategy and options), run headless ahead of the debugger, which cannot see future steps.
 */
async function timelineFor(session: vscode.DebugSession): Promise<Timeline | string> {
  try {
    const launch = prepareLaunch(session.configuration);
    const s = launch.session;
    for (const tid of launch.replay ?? []) if (!s.step(tid)) break;
    s.run(TIMELINE_STEP_BUDGET);
    return buildTimeline(s.events, s.k.s.tasks, s.anomalies);
  } catch (e) {
    return `Cannot run the scenario: ${e instanceof Error ? e.message : String(e)}`;
  }
}

class TimelinePanel {
  private panel: vscode.WebviewPanel | undefined;
  private sessionId: string | undefined;

  constructor(private readonly store: KernelStateStore, private readonly extensionUri: vscode.Uri) {}

  async show(): Promise<void> {
    const session = this.store.session ?? vscode.debug.activeDebugSession;
    if (!session || session.type !== DEBUG_TYPE) {
      void vscode.window.showInformationMessage('Futex Lab: start debugging a scenario to see its timeline.');
      return;
    }
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('futexlab.timeline', 'Futex Lab Timeline', vscode.ViewColumn.Beside, {
        enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'out')],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.sessionId = undefined;
      });
      this.panel.webview.onDidReceiveMessage((m: { type?: string; step?: number }) => {
        if (m.type === 'goto' && typeof m.step === 'number') void this.goto(m.step);
      });
    }
    await this.render(session);
    this.panel.reveal(undefined, true);
  }

  private async render(session: vscode.DebugSession): Promise<void> {
    if (!this.panel) return;
    this.sessionId = session.id;
    const t = await timelineFor(session);
    const step = this.store.current?.step ?? 0;
    const nonce = randomBytes(16).toString('hex');
    this.panel.title = `Timeline: ${session.name}`;
    this.panel.webview.html = typeof t === 'string'
      ? noSessionHtml(t)
      : timelineHtml(t, step, nonce, this.panel.webview.cspSource, this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview-elements.js')).toString());
  }

  /** A new stop: move the highlight; a new session: redraw; the end of the session: clear. */
  onState(): void {
    if (!this.panel) return;
    const session = this.store.session;
    if (!session || !this.store.current) {
      // Also what a Restart goes through (VS Code restarts a session under the same id): the
      // cleared id makes its first stop draw the restarted run, edits to the scenario included.
      if (this.sessionId === undefined) return;
      this.sessionId = undefined;
      this.panel.title = 'Timeline (no session)';
      this.panel.webview.html = noSessionHtml('The debug session ended. Start debugging a scenario to see its timeline here.');
      return;
    }
    if (session.id !== this.sessionId) void this.render(session);
    else if (this.store.current) void this.panel.webview.postMessage({ type: 'step', step: this.store.current.step });
  }

  private async goto(step: number): Promise<void> {
    const session = this.store.session ?? vscode.debug.activeDebugSession;
    if (!session) return;
    try {
      await session.customRequest(GOTO_STEP_REQUEST, { step });
    } catch (e) {
      void vscode.window.showInformationMessage(`Futex Lab: cannot go to step ${step}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

export function registerTimeline(context: vscode.ExtensionContext, store: KernelStateStore): void {
  const panel = new TimelinePanel(store, context.extensionUri);
  context.subscriptions.push(
    panel,
    vscode.commands.registerCommand('futexlab.showTimeline', () => panel.show()),
    store.onDidChange(() => panel.onState()),
  );
}
