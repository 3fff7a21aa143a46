// Shared by the integration tests (*.itest.ts): the extension and its exports, the examples, a
// recorder of what the futex debug adapter sends, and polling with a readable timeout.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FutexLabApi } from '../../../src/extension/api';

export const EXTENSION_ID = 'futex-lab.futex-lab';
export const EXAMPLE = 'cow-fork-wrong-wakeup.futex';

export function extension(): vscode.Extension<FutexLabApi> {
  const ext = vscode.extensions.getExtension<FutexLabApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** The extension's exports (activating it if needed). */
export async function api(): Promise<FutexLabApi> {
  const ext = extension();
  const exports = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(exports?.store && exports.views && exports.failingSchedules, 'activate() returned no FutexLabApi');
  return exports;
}

export function exampleUri(name = EXAMPLE): vscode.Uri {
  return vscode.Uri.joinPath(extension().extensionUri, 'examples', name);
}

/** The 0-based line of the example that holds `text` (the tests name lines by their code, not by number). */
export function lineOf(doc: vscode.TextDocument, text: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  throw new Error(`no line holds ${JSON.stringify(text)} in ${doc.uri.fsPath}`);
}

/** An example of the repository, opened from the extension's own folder. */
export async function openExample(name = EXAMPLE): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(exampleUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface DapEvent { type: 'event'; event: string; body?: Record<string, unknown> }

/**
 * Everything the futex debug adapter sends, per session, seen through a DebugAdapterTracker as
 * VS Code itself sees it (the stopped events, the output, the end).
 */
export class AdapterRecorder implements vscode.Disposable {
  readonly events = new Map<string, DapEvent[]>();
  readonly sessions: vscode.DebugSession[] = [];
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.debug.registerDebugAdapterTrackerFactory('futex', {
        createDebugAdapterTracker: (session) => {
          this.sessions.push(session);
          const list: DapEvent[] = [];
          this.events.set(session.id, list);
          return {
            onDidSendMessage: (m: { type?: string }) => {
              if (m.type === 'event') list.push(m as DapEvent);
            },
          };
        },
      }),
    ];
  }

  /** The next session that starts after `since` sessions were seen. */
  session(since: number, what: string): Promise<vscode.DebugSession> {
    return until(`a futex debug session (${what})`, () => this.sessions[since]);
  }

  of(session: vscode.DebugSession): DapEvent[] {
    return this.events.get(session.id) ?? [];
  }

  /** The `n`th stopped event of a session (0-based), once it came. */
  stopped(session: vscode.DebugSession, n = 0, ms = 20_000): Promise<DapEvent> {
    return until(`stop #${n + 1} of ${session.name}`, () => this.of(session).filter((e) => e.event === 'stopped')[n], ms);
  }

  output(session: vscode.DebugSession): string {
    return this.of(session).filter((e) => e.event === 'output').map((e) => String(e.body?.output ?? '')).join('');
  }

  ended(session: vscode.DebugSession, ms = 20_000): Promise<DapEvent> {
    return until(`the end of ${session.name}`, () => this.of(session).find((e) => e.event === 'terminated'), ms);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

/** End every debug session and wait until none is left, so that tests do not see each other's. */
export async function stopAll(): Promise<void> {
  if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  await until('no debug session', () => vscode.debug.activeDebugSession === undefined, 10_000);
}
