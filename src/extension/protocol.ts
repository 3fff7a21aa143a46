// The extension's side of the custom DAP protocol the Futex Lab adapter speaks (src/debug):
//   `futexlab/state`   -> the KernelView of the current stop (kernel/snapshot.ts)
//   `futexlab/gotoStep` { step } -> move the session to that step (the timeline's marks)
// and the `invalidated` event the adapter sends when the state changes without a stop.
//
// Pure: the tests call these with the bodies the adapter may send.

import type { KernelView } from '../kernel/snapshot';

export const STATE_REQUEST = 'futexlab/state';
export const GOTO_STEP_REQUEST = 'futexlab/gotoStep';

/** DAP events after which the views fetch the state again. */
export function refreshesState(message: unknown): boolean {
  const m = message as { type?: string; event?: string } | null;
  return !!m && m.type === 'event' && (m.event === 'stopped' || m.event === 'invalidated');
}

/** True when a DAP message is the session's end (`terminated` / `exited`). */
export function endsSession(message: unknown): boolean {
  const m = message as { type?: string; event?: string } | null;
  return !!m && m.type === 'event' && (m.event === 'terminated' || m.event === 'exited');
}

function looksLikeView(x: unknown): x is KernelView {
  const v = x as Partial<KernelView> | null;
  return !!v && typeof v === 'object' && Array.isArray(v.buckets) && Array.isArray(v.processes) && Array.isArray(v.pages);
}

/**
 * The KernelView in the body of a `futexlab/state` response. The adapter may return the view as
 * the body itself or under `view`, `state` or `kernel`; anything else is undefined.
 */
export function extractKernelView(body: unknown): KernelView | undefined {
  if (looksLikeView(body)) return body;
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== 'object') return undefined;
  for (const k of ['view', 'state', 'kernel']) if (looksLikeView(b[k])) return b[k];
  return undefined;
}

/**
 * The DAP thread id for a simulated thread. src/debug/session.ts numbers threads tid + 1 and names
 * them `NAME`, `NAME #TID` when names repeat (a loop that spawns), with ` (STATE)` once all ended.
 * Match the name, then prefer the id tid + 1, then the id tid (for an adapter counting from 0).
 */
export function dapThreadId(threads: readonly { id: number; name: string }[], target: { tid: number; name: string }): number | undefined {
  const named = threads.filter((t) => t.name === target.name || t.name.startsWith(`${target.name} `));
  const pool = named.length > 0 ? named : threads;
  const exact = pool.find((t) => t.id === target.tid + 1) ?? pool.find((t) => t.id === target.tid);
  if (exact) return exact.id;
  return named.length > 0 ? named[0]!.id : undefined;
}

/** A DAP stack frame, as far as the editor needs it (lines and columns 1-based, the DAP default). */
export interface DapFrame {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  source?: { path?: string };
}

/** The 0-based selection of a frame in its source, or undefined when the frame has no file. */
export function frameSelection(frame: DapFrame | undefined): { path: string; start: EditorPoint; end: EditorPoint } | undefined {
  const path = frame?.source?.path;
  if (!frame || !path) return undefined;
  const start = { line: Math.max(0, frame.line - 1), character: Math.max(0, frame.column - 1) };
  const end = frame.endLine !== undefined
    ? { line: Math.max(0, frame.endLine - 1), character: Math.max(0, (frame.endColumn ?? frame.column) - 1) }
    : start;
  return { path, start, end };
}

interface EditorPoint {
  line: number;
  character: number;
}

/**
 * The debug session class in the module src/debug/session.ts exports: `FutexDebugSession` if
 * present, else the default export, else the first exported class whose name ends in `Session`.
 */
export function sessionClassOf(mod: unknown): (new () => unknown) | undefined {
  if (!mod || (typeof mod !== 'object' && typeof mod !== 'function')) return undefined;
  const m = mod as Record<string, unknown>;
  const isClass = (v: unknown): v is new () => unknown => typeof v === 'function';
  if (isClass(m.FutexDebugSession)) return m.FutexDebugSession;
  if (isClass(m.default)) return m.default;
  return Object.values(m).find((v): v is new () => unknown => isClass(v) && /Session$/.test(v.name));
}
