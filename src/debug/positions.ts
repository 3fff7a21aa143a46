// Lines and columns as the client counts them. DAP lets a client count from 0 (initialize's
// `linesStartAt1: false`, `columnsStartAt1: false`); the adapter counts from 1, as the language's
// positions do. The adapter ignored the client's choice (its dispatchRequest replaces the
// library's, which is where DebugSession reads it), so a 0-based client had every breakpoint,
// frame and output line one off. The conversion is made here, at the edge: the positions of a
// request's arguments before they are checked and handled, those of a response's body and of an
// output event before they are sent. Only the requests and events that carry source positions
// are touched; the extension's own requests (futexlab/*) speak 1-based, as the extension does.

import type { DebugProtocol } from '@vscode/debugprotocol';

/** How the client counts: from 1 (VS Code, and DAP's default) or from 0. */
export interface ClientBase {
  lines1: boolean;
  columns1: boolean;
}

export const DAP_DEFAULT_BASE: ClientBase = { lines1: true, columns1: true };

type Pos = { line?: unknown; column?: unknown; endLine?: unknown; endColumn?: unknown };

/** A copy of `p` with its numeric positions moved by `d` lines and `c` columns. */
function shift<T extends Pos>(p: T, d: number, c: number): T {
  const out = { ...p };
  if (typeof out.line === 'number') out.line += d;
  if (typeof out.endLine === 'number') out.endLine += d;
  if (typeof out.column === 'number') out.column += c;
  if (typeof out.endColumn === 'number') out.endColumn += c;
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A request's arguments in the adapter's counting (1-based); `args` itself is not changed. */
export function argsToAdapter(command: string, args: unknown, base: ClientBase): unknown {
  const d = base.lines1 ? 0 : 1;
  const c = base.columns1 ? 0 : 1;
  if ((d === 0 && c === 0) || !isObject(args)) return args;
  if (command === 'setBreakpoints') {
    return {
      ...args,
      ...(Array.isArray(args.breakpoints) ? { breakpoints: args.breakpoints.map((b) => (isObject(b) ? shift(b, d, c) : b)) } : {}),
      ...(Array.isArray(args.lines) ? { lines: args.lines.map((l) => (typeof l === 'number' ? l + d : l)) } : {}),
    };
  }
  if (command === 'completions') return shift(args, d, c);
  return args;
}

/** A response body in the client's counting. */
export function bodyToClient(command: string, body: unknown, base: ClientBase): unknown {
  const d = base.lines1 ? 0 : -1;
  const c = base.columns1 ? 0 : -1;
  if ((d === 0 && c === 0) || !isObject(body)) return body;
  if (command === 'setBreakpoints' && Array.isArray(body.breakpoints)) {
    return { ...body, breakpoints: (body.breakpoints as DebugProtocol.Breakpoint[]).map((b) => shift(b, d, c)) };
  }
  if (command === 'stackTrace' && Array.isArray(body.stackFrames)) {
    // A frame without a source (a thread that has ended) has no position to convert.
    return { ...body, stackFrames: (body.stackFrames as DebugProtocol.StackFrame[]).map((f) => (f.source ? shift(f, d, c) : f)) };
  }
  return body;
}

/** An event in the client's counting (output events with a source position). */
export function eventToClient(e: DebugProtocol.Event, base: ClientBase): DebugProtocol.Event {
  if ((base.lines1 && base.columns1) || e.event !== 'output' || !isObject(e.body) || !e.body.source) return e;
  return { ...e, body: shift(e.body as Pos, base.lines1 ? 0 : -1, base.columns1 ? 0 : -1) } as DebugProtocol.Event;
}
