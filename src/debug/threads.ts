// The simulated threads as DAP threads (ids are tid + 1): the list the client shows, and the
// thread events that keep it in step as threads are created and end.

import { ThreadEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Session } from '../session/session';
import { prioSuffix, taskCount, threadName, threadState, userTid } from '../session/inspect';

export class DapThreads {
  /** Threads the client has been told about (thread events), by tid. */
  private shown = new Set<number>();

  constructor(private readonly session: Session, private readonly send: (e: DebugProtocol.Event) => void) {}

  private liveTids(): number[] {
    const out: number[] = [];
    for (let tid = 0, n = taskCount(this.session); tid < n; tid++) {
      const state = threadState(this.session, tid);
      if (state !== 'ended' && state !== 'killed') out.push(tid);
    }
    return out;
  }

  /** The name of every thread the client has been told about, by tid (it outlives the thread). */
  private names = new Map<number, string>();

  /** True while some thread has neither ended nor been killed. */
  anyLive(): boolean {
    return this.liveTids().length > 0;
  }

  /** The name the client knows thread tid by (DAP id tid + 1 when it was never shown). */
  shownName(tid: number): string {
    return this.names.get(tid) ?? `thread ${tid + 1}`;
  }

  /**
   * Thread tid exists now, or the client was told of it (stepped back to before its fork, it is
   * still a thread the client may name).
   */
  known(tid: number): boolean {
    return this.names.has(tid) || threadName(this.session, tid) !== undefined;
  }

  /** Thread events for the threads that appeared or ended since the last call. */
  sync(): void {
    const now = new Set(this.liveTids());
    for (const tid of now) if (!this.names.has(tid)) this.names.set(tid, threadName(this.session, tid)!);
    for (const tid of this.shown) if (!now.has(tid)) this.send(new ThreadEvent('exited', tid + 1));
    for (const tid of now) if (!this.shown.has(tid)) this.send(new ThreadEvent('started', tid + 1));
    this.shown = now;
  }

  /**
   * The thread a stop names: `tid` when the threads list has it, else (it ended or was killed
   * while others live, and its thread event said so) the next to run among `next`, else the first
   * live one. A stop naming a thread the list no longer has left the client without a thread to show.
   */
  listedOr(tid: number, next: readonly number[]): number {
    const state = threadState(this.session, tid);
    if (state !== undefined && state !== 'ended' && state !== 'killed') return tid;
    const live = this.liveTids();
    if (live.length === 0) return tid; // the list shows every thread then
    return next.find((t) => live.includes(t)) ?? live[0]!;
  }

  /** Live threads; when none is left, every thread, marked as ended (so a stop can be inspected). */
  list(): DebugProtocol.Thread[] {
    const s = this.session;
    const live = this.liveTids();
    const tids = live.length > 0 ? live : Array.from({ length: taskCount(s) }, (_, tid) => tid);
    const count = new Map<string, number>();
    for (const tid of tids) count.set(threadName(s, tid)!, (count.get(threadName(s, tid)!) ?? 0) + 1);
    return tids.map((tid) => {
      const t = { name: threadName(s, tid)!, state: threadState(s, tid)! };
      const name = (count.get(t.name)! > 1 ? `${t.name} #${userTid(tid)}` : t.name) + prioSuffix(this.session, tid) + (live.length === 0 ? ` (${t.state})` : '');
      return { id: tid + 1, name };
    });
  }
}
