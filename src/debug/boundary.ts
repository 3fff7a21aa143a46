// The adapter's edge with the client, below the request handlers (issue 9, "A hardened protocol
// boundary"). Over a byte stream (the adapter as a process) frames are read by framing.ts, which
// reports a bad frame and goes on reading; inline in the extension host, VS Code hands messages
// over as objects. Either way, a message that is not a well-formed request is reported (an error
// response when it has a seq and a command, else an output event and a line on stderr) and never
// reaches dispatch. An input stream that fails ends the adapter with a message on stderr.

import { DebugSession, OutputEvent, Response } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { PassThrough } from 'node:stream';
import { FrameReader } from './framing';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export abstract class BoundarySession extends DebugSession {
  override start(inStream: NodeJS.ReadableStream, outStream: NodeJS.WritableStream): void {
    // The library keeps the writer; its reader gets a stream that never carries anything.
    super.start(new PassThrough(), outStream);
    const reader = new FrameReader();
    inStream.on('data', (chunk: Buffer | string) => {
      for (const item of reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)) {
        if (item.kind === 'error') this.badInput(item.message);
        else this.handleMessage(item.message as DebugProtocol.ProtocolMessage);
      }
    });
    inStream.on('close', () => this.shutdown());
    inStream.on('error', (e: Error) => {
      process.stderr.write(`futexlab debug adapter: cannot read the protocol stream (${e.message}); exiting\n`);
      process.exit(1);
    });
    inStream.resume();
  }

  override handleMessage(msg: DebugProtocol.ProtocolMessage): void {
    const m = msg as unknown;
    if (!isObject(m)) return this.badInput(`a message that is not an object was ignored: ${JSON.stringify(m)?.slice(0, 60)}`);
    if (m.type === 'response') return super.handleMessage(msg);
    if (m.type !== 'request') return this.badInput(`a message of type ${JSON.stringify(m.type)} was ignored: the adapter takes requests`);
    const seqOk = typeof m.seq === 'number' && Number.isInteger(m.seq);
    if (typeof m.command !== 'string' || !seqOk) {
      if (!seqOk) return this.badInput('a request without a numeric seq was ignored');
      return this.refuse(new Response({ seq: m.seq as number, type: 'request', command: String(m.command) }), `command must be a string, not ${JSON.stringify(m.command) ?? 'missing'}`);
    }
    if (m.arguments !== undefined && m.arguments !== null && !isObject(m.arguments)) {
      return this.refuse(new Response(msg as DebugProtocol.Request), `${m.command}: the arguments must be an object, not ${JSON.stringify(m.arguments)?.slice(0, 40)}`);
    }
    super.handleMessage(msg);
  }

  private refuse(response: DebugProtocol.Response, message: string): void {
    response.success = false;
    response.message = message;
    this.sendResponse(response);
  }

  /** Input that is not a request: the client learns of it, and so does stderr. */
  protected badInput(message: string): void {
    process.stderr.write(`futexlab debug adapter: ${message}\n`);
    this.sendEvent(new OutputEvent(`futexlab debug adapter: ${message}\n`, 'stderr'));
  }
}
