// The extension's side of the custom DAP protocol the Futex Lab adapter speaks (src/debug):
//   `futexlab/state`   -> the KernelView of the current stop (kernel/snapshot.ts); with
//                         { path, start, count } the top level or a page of one of its lists
//                         (src/debug/state-pages.ts; views/stop-state.ts asks for the top at a
//                         stop, the Futex Hash Table view for its pages; the other views whole)
//   `futexlab/gotoStep` { step } -> move the session to that step (the timeline's marks)
//   `futexlab/timeline` -> the events, threads and anomalies of the run so far (the timeline)
// and the `invalidated` event the adapter sends when the state changes without a stop.
//
// Pure: the tests call these with the bodies the adapter may send.

import type { KernelView } from '../kernel/snapshot';

export const STATE_REQUEST = 'futexlab/state';
export const GOTO_STEP_REQUEST = 'futexlab/gotoStep';
export const TIMELINE_REQUEST = 'futexlab/timeline';

/** The body of a `futexlab/timeline` response (src/debug/timeline.ts). */
export type TimelineBody = import('../debug/requests').TimelineBody;

/** The timeline in a `futexlab/timeline` response, or undefined for another body. */
export function extractTimeline(body: unknown): TimelineBody | undefined {
  const b = body as Partial<TimelineBody> | null;
  return b && typeof b === 'object' && Array.isArray(b.events) && Array.isArray(b.threads) && Array.isArray(b.anomalies) && typeof b.step === 'number'
    ? (b as TimelineBody) : undefined;
}

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

/** The KernelView in the body of a `futexlab/state` response (src/debug/session.ts: `{ view, ... }`). */
export function extractKernelView(body: unknown): KernelView | undefined {
  const b = body as { view?: unknown } | null;
  return b && typeof b === 'object' && looksLikeView(b.view) ? b.view : undefined;
}

/** The DAP thread id of a simulated thread: src/debug/session.ts numbers them tid + 1. */
export function dapThreadId(threads: readonly { id: number }[], target: { tid: number }): number | undefined {
  return threads.some((t) => t.id === target.tid + 1) ? target.tid + 1 : undefined;
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
