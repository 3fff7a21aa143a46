// The timeline webview of the active `futex` session (timeline-model.ts draws it).
//
// The events come from running the session's scenario headless with the same strategy, schedule,
// options and replayed trace: the kernel is deterministic (ARCHITECTURE.md), so this is the run
// the debugger steps through as long as the schedule picks the threads. (Steps that choose a
// thread by hand or `singleThread` can diverge; the highlight still follows the adapter's step.)
// A click on a mark asks the adapter to go to that step (`futexlab/gotoStep`).

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { loadProgram } from '../session/load';
import { Session } from '../session/session';
import { DEBUG_TYPE } from './config';
import { GOTO_STEP_REQUEST } from './protocol';
import type { KernelStateStore } from './state';
import { buildTimeline, timelineHtml, type Timeline } from './timeline-model';

/** Steps a headless run may take for the timeline before it gives up. */
const TIMELINE_STEP_BUDGET = 200_000;

async function timelineFor(session: vscode.DebugSession): Promise<Timeline | string> {
  const c = session.configuration;
  if (typeof c.program !== 'string') return 'The session has no program.';
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(c.program)));
  const loaded = loadProgram(text, c.program);
  if (!loaded.ok) return 'The scenario has errors.';
  try {
    const s = new Session(loaded.program, { strategy: c.strategy, schedule: c.schedule, options: c.options });
    for (const tid of await replaySchedule(c.replay, c.program)) if (!s.step(tid)) break;
    s.run(TIMELINE_STEP_BUDGET);
    return buildTimeline(s.events, s.k.s.tasks, s.anomalies);
  } catch (e) {
    return `Cannot run the scenario: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The thread choices of a replayed trace (`replay`: the trace, or a path to it), else none. */
async function replaySchedule(replay: unknown, program: string): Promise<number[]> {
  let trace = replay;
  if (typeof replay === 'string') {
    const uri = vscode.Uri.joinPath(vscode.Uri.file(program), '..', replay);
    const file = replay.startsWith('/') ? vscode.Uri.file(replay) : uri;
    try {
      trace = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    } catch {
      return [];
    }
  }
  const schedule = (trace as { schedule?: unknown } | null)?.schedule;
  return Array.isArray(schedule) ? schedule.filter((t): t is number => Number.isInteger(t)) : [];
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
      ? `<!DOCTYPE html><html><body><p>${t.replace(/[<&]/g, '')}</p></body></html>`
      : timelineHtml(t, step, nonce, this.panel.webview.cspSource, this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview-elements.js')).toString());
  }

  /** A new stop: move the highlight; a new session: redraw. */
  onState(): void {
    if (!this.panel) return;
    const session = this.store.session;
    if (session && session.id !== this.sessionId) void this.render(session);
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
