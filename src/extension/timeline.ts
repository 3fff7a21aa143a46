// The timeline webview of the active `futex` session (timeline-model.ts draws it).
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
import { buildTimeline, timelineHtml, type Timeline } from './timeline-model';

/** The timeline of a debug session, as its adapter reports it. */
async function timelineFor(session: vscode.DebugSession): Promise<{ timeline: Timeline; step: number } | string> {
  try {
    const body = extractTimeline(await session.customRequest(TIMELINE_REQUEST));
    if (!body) return 'The debug session sent no timeline.';
    return { timeline: buildTimeline(body.events, body.threads, body.anomalies), step: body.step };
  } catch (e) {
    return `Cannot read the timeline: ${e instanceof Error ? e.message : String(e)}`;
  }
}

class TimelinePanel {
  private panel: vscode.WebviewPanel | undefined;

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
    await this.render(session);
    this.panel.reveal(undefined, true);
  }

  private async render(session: vscode.DebugSession): Promise<void> {
    if (!this.panel) return;
    const got = await timelineFor(session);
    if (!this.panel) return;
    const t = typeof got === 'string' ? got : got.timeline;
    const step = typeof got === 'string' ? 0 : got.step;
    const nonce = randomBytes(16).toString('hex');
    this.panel.title = `Timeline: ${session.name}`;
    this.panel.webview.html = typeof t === 'string'
      ? `<!DOCTYPE html><html><body><p>${t.replace(/[<&]/g, '')}</p></body></html>`
      : timelineHtml(t, step, nonce, this.panel.webview.cspSource, this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview-elements.js')).toString());
  }

  /** A new stop or a new session: the run has changed, draw it again from the session. */
  onState(): void {
    if (!this.panel) return;
    const session = this.store.session;
    if (session && session.type === DEBUG_TYPE) void this.render(session);
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
