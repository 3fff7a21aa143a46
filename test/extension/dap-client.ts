// A DAP client over a debug adapter's handleMessage / onDidSendMessage: what VS Code does with an
// inline adapter (DebugAdapterInlineImplementation). For the extension's contract tests.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FutexDebugSession } from '../../src/debug/session';
import { refreshesState } from '../../src/extension/protocol';

/** A DAP client over the adapter's handleMessage / onDidSendMessage (what VS Code does inline). */
export class Client {
  private seq = 1;
  readonly messages: DebugProtocol.ProtocolMessage[] = [];
  private waiters: { test: (m: DebugProtocol.ProtocolMessage) => boolean; resolve: (m: DebugProtocol.ProtocolMessage) => void }[] = [];

  constructor(readonly adapter: FutexDebugSession) {
    adapter.onDidSendMessage((m) => {
      const msg = m as DebugProtocol.ProtocolMessage;
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => (w.test(msg) ? (w.resolve(msg), false) : true));
    });
  }

  next(test: (m: DebugProtocol.ProtocolMessage) => boolean): Promise<DebugProtocol.ProtocolMessage> {
    const seen = this.messages.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Send a request; resolve with the response body, reject with an error response's message. */
  async request(command: string, args?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const seq = this.seq++;
    const reply = this.next((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === seq);
    this.adapter.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    const r = (await reply) as DebugProtocol.Response;
    if (!r.success) throw new Error(r.message);
    return r.body;
  }

  stoppedCount(): number {
    return this.messages.filter((m) => refreshesState(m) && (m as DebugProtocol.Event).event === 'stopped').length;
  }

  async nextStop(): Promise<void> {
    const n = this.stoppedCount();
    await this.next(() => this.stoppedCount() > n);
  }

  /** initialize, launch, configurationDone, and the first stop (or the end). */
  async launch(config: object): Promise<void> {
    await this.request('initialize', { adapterID: 'futex', supportsInvalidatedEvent: true, linesStartAt1: true, columnsStartAt1: true });
    await this.request('launch', config);
    await this.next((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'initialized');
    const stop = this.nextStop();
    await this.request('configurationDone');
    await stop;
  }

  /** The text of every output event so far. */
  output(): string {
    return this.messages.filter((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'output').map((m) => (m as DebugProtocol.OutputEvent).body.output).join('');
  }
}
