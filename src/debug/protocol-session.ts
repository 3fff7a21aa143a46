// The request plumbing under the Debug Adapter (session.ts): protocol rule [1], every request is
// answered exactly once. dispatchRequest looks the command up in the subclass's table of
// handlers, checks the arguments (args.ts), and turns whatever a handler throws, sync or async,
// into an error response (after the response was sent, into an output event); unknown requests
// get an error response too. Positions are converted to and from the client's counting here, at
// the edge (positions.ts). Apart from session.ts because none of this knows what a request does:
// session.ts holds the handlers and the protocol state they are gated on.

import { OutputEvent, Response } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ExprError } from './expr';
import { LaunchError } from './launch';
import { StaleHandleError, StateError } from './errors';
import { ArgError, checkArguments } from './args';
import { BoundarySession } from './boundary';
import { shortenMessage } from '../lang/diagnostic-list';
import { argsToAdapter, bodyToClient, DAP_DEFAULT_BASE, eventToClient, type ClientBase } from './positions';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (response: any, args: any) => void | Promise<void>;

export abstract class ProtocolSession extends BoundarySession {
  private answered = new WeakSet<DebugProtocol.Response>();
  /** How the client counts lines and columns (initialize; positions.ts converts at the edge). */
  protected base: ClientBase = DAP_DEFAULT_BASE;
  /** The requests answered, by command (session.ts). */
  protected abstract readonly handlers: Record<string, Handler>;
  /** An internal error's stack trace goes to the Debug Console (the launch's `trace: true`). */
  protected abstract traceOn(): boolean;

  override sendResponse(response: DebugProtocol.Response): void {
    this.answered.add(response);
    if (response.success && response.body !== undefined) response.body = bodyToClient(response.command, response.body, this.base);
    super.sendResponse(response);
  }

  override sendEvent(event: DebugProtocol.Event): void {
    super.sendEvent(eventToClient(event, this.base));
  }

  /**
   * [1] One table of handlers, looked up as own properties only (a command named `constructor`
   * or `__proto__` is unknown, not Object.prototype's); the arguments are checked first (args.ts);
   * whatever a handler throws becomes an error response.
   */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const response = new Response(request);
    const command = request.command;
    const handler = Object.hasOwn(this.handlers, command) ? this.handlers[command] : undefined;
    if (!handler) return this.fail(response, new StateError(`'${command}' is not supported by the Futex Lab debugger`));
    try {
      const args = argsToAdapter(command, request.arguments ?? {}, this.base);
      checkArguments(command, args);
      const r = handler.call(this, response, args);
      if (r instanceof Promise) r.catch((e) => this.fail(response, e));
    } catch (e) {
      this.fail(response, e);
    }
  }

  private fail(response: DebugProtocol.Response, e: unknown): void {
    const known = e instanceof LaunchError || e instanceof StateError || e instanceof StaleHandleError || e instanceof ExprError || e instanceof RangeError || e instanceof ArgError;
    // A stack trace never goes into a response; with `trace: true` it goes to the Debug Console.
    // An echo of a 100,000-character expression or name is cut in the middle; a launch error's
    // list of diagnostics is already bounded (launch.ts) and each of its lines shortened.
    const text = known ? (e as Error).message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    const message = e instanceof LaunchError ? text : shortenMessage(text);
    if (!known && this.traceOn()) this.sendEvent(new OutputEvent(`${response.command}: ${(e as Error)?.stack ?? String(e)}\n`, 'console'));
    if (this.answered.has(response)) {
      this.sendEvent(new OutputEvent(`${response.command}: ${message}\n`, 'stderr'));
      return;
    }
    const id = e instanceof LaunchError ? 1001 : e instanceof StateError || e instanceof StaleHandleError ? 1002 : e instanceof ExprError ? 1003 : e instanceof ArgError ? 1004 : 1099;
    response.success = false;
    response.message = message;
    response.body = { error: { id, format: message.replace(/[{}]/g, ''), showUser: !(e instanceof ExprError) } };
    this.sendResponse(response);
  }

  protected reply(response: DebugProtocol.Response, body: unknown): void {
    response.body = body;
    this.sendResponse(response);
  }
}
