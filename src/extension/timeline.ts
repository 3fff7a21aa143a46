// The timeline webview of the active `futex` session (timeline-model.ts builds it, timeline-render.ts
// draws it). When the session ends the page says so (the old run's marks would be stale), and the
// next session, or the same one restarted, draws its own run.
//
// The events come from the debug session itself (`futexlab/timeline`, src/debug/timeline.ts): the
// run the debugger has made up to its current step, whichever threads were chosen by hand. It is
// fetched again at every stop. A click on a mark asks the adapter to go to that step
// (`futexlab/gotoStep`).

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './config';
import { GOTO_STEP_REQUEST, TIMELINE_REQUEST, extractTimeline } from './protocol';
import type { KernelStateStore } from './state';
import { engine } from './load-engine';
import type { Timeline } from './timeline-model';

/** The timeline of a debug session, as its adapter reports it. */
async function timelineFor(session: vscode.DebugSession): Promise<{ timeline: Timeline; step: number; events: number } | string> {
  try {
    const body = extractTimeline(await session.customRequest(TIMELINE_REQUEST));
    if (!body) return 'The debug session sent no timeline.';
    return { timeline: engine().buildTimeline(body.events, body.threads, body.anomalies), step: body.step, events: body.events.length };
  } catch (e) {
    return `Cannot read the timeline: ${e instanceof Error ? e.message : String(e)}`;
  }
}

class TimelinePanel {
  private panel: vscode.WebviewPanel | undefined;
  /** The session the panel shows, undefined once it ended (the panel then says so). */
  private sessionId: string | undefined;
  /** How many events the drawn timeline holds: the same run again only moves the highlight. */
  private drawnEvents = -1;

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
      });
      this.panel.webview.onDidReceiveMessage((m: { type?: string; step?: number }) => {
        if (m.type === 'goto' && typeof m.step === 'number') void this.goto(m.step);
      });
    }
    await this.render(session, true);
    this.panel.reveal(undefined, true);
  }

  /**
   * Draw the session's timeline; when the panel already shows this recorded run (a stop after a
   * step back or a goto), only move the highlight, so the page and its zoom stay as they are.
   */
  private async render(session: vscode.DebugSession, force = false): Promise<void> {
    if (!this.panel) return;
    const got = await timelineFor(session);
    if (!this.panel) return;
    if (!force && typeof got !== 'string' && this.sessionId === session.id && this.drawnEvents === got.events) {
      void this.panel.webview.postMessage({ type: 'step', step: got.step });
      return;
    }
    this.sessionId = session.id;
    this.drawnEvents = typeof got === 'string' ? -1 : got.events;
    const t = typeof got === 'string' ? got : got.timeline;
    const step = typeof got === 'string' ? 0 : got.step;
    const nonce = randomBytes(16).toString('hex');
    this.panel.title = `Timeline: ${session.name}`;
    this.panel.webview.html = typeof t === 'string'
      ? engine().noSessionHtml(t)
      : engine().timelineHtml(t, step, nonce, this.panel.webview.cspSource, this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview-elements.js')).toString());
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
      this.panel.webview.html = engine().noSessionHtml('The debug session ended. Start debugging a scenario to see its timeline here.');
      return;
    }
    // The timeline comes from the session itself (futexlab/timeline), so each stop draws it again.
    void this.render(session);
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
