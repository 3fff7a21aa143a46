// The stop cycle as VS Code runs it against the adapter over stdio (issue 9): `next`, then what
// the Call Stack and Variables ask (threads, stackTrace, scopes, variables), then what the
// extension asks for the kernel-state views: the top level of futexlab/state (the store, at the
// stop), then what each of the six views fetches when shown: its roots and the children of the
// rows shown expanded (the real view models, src/extension/views/*-lazy.ts, over a StopState
// whose requests go over the wire). Every request is timed and its framed reply measured.

import { LazyHashTableModel } from '../src/extension/views/hash-lazy';
import { LazyWaitersModel } from '../src/extension/views/waiters-lazy';
import { LazyVmasModel } from '../src/extension/views/vmas-lazy';
import { LazyPagesModel } from '../src/extension/views/pages-lazy';
import { LazyRobustListsModel } from '../src/extension/views/robust-lazy';
import { LazyPiLocksModel } from '../src/extension/views/pi-lazy';
import type { LazyTreeModel, ViewNode } from '../src/extension/views/node';
import { StopState } from '../src/extension/views/stop-state';

/** What the cycle needs of a DAP client (dap-stdio.ts StdioClient). */
export interface CycleClient {
  request(command: string, args?: unknown): Promise<{ body?: any }>;
  stepped(command: string, args: unknown): Promise<{ body?: any }>;
  lastBytes: number;
  cpuMs(): number;
}

export interface Timed {
  /** Request kind: `next`, `stackTrace`, `state ''`, `state processes`... */
  kind: string;
  ms: number;
  bytes: number;
}

export interface CycleResult {
  /** Every request of every cycle. */
  requests: Timed[];
  /** Wall time of each whole cycle, ms. */
  cycles: number[];
  /** futexlab/state requests per stop (the same at every stop of this scenario). */
  stateRequestsPerStop: number;
  /** Adapter CPU per cycle, ms. */
  cpuPerCycle: number;
}

/** The rows VS Code asks for when a view is shown: the roots, and the children of expanded rows. */
async function shown(nodes: readonly ViewNode[]): Promise<void> {
  for (const n of nodes) if (n.expanded) await shown(n.children ? n.children() : n.load ? await n.load() : []);
}

type Models = [LazyHashTableModel, LazyWaitersModel, LazyVmasModel, LazyPagesModel, LazyRobustListsModel, LazyPiLocksModel];

export async function stopCycles(c: CycleClient, threadId: number, n: number): Promise<CycleResult> {
  const requests: Timed[] = [];
  const cycles: number[] = [];
  let stateRequests = 0;
  let models: Models | undefined;
  const timed = async <T extends { body?: any }>(kind: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await run();
    requests.push({ kind, ms: performance.now() - t, bytes: c.lastBytes });
    return r;
  };
  const cpu0 = c.cpuMs();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const stop = await c.stepped('next', { threadId });
    requests.push({ kind: 'next', ms: performance.now() - t0, bytes: 0 });
    const tid = stop.body?.threadId ?? threadId;
    await timed('threads', () => c.request('threads'));
    const st = await timed('stackTrace', () => c.request('stackTrace', { threadId: tid, startFrame: 0, levels: 20 }));
    const sc = await timed('scopes', () => c.request('scopes', { frameId: st.body.stackFrames[0].id }));
    await timed('variables', () => c.request('variables', { variablesReference: sc.body.scopes[0].variablesReference }));
    let perStop = 0;
    const state = await StopState.fetch(async (args) => {
      perStop++;
      const r = await timed(`state ${String(args?.path ?? 'whole')}`, () => c.request('futexlab/state', args));
      return r.body;
    });
    if (!state) throw new Error('futexlab/state gave no top level');
    const m: Models = [
      new LazyHashTableModel(state, models?.[0]), new LazyWaitersModel(state, models?.[1]), new LazyVmasModel(state, models?.[2]),
      new LazyPagesModel(state, models?.[3]), new LazyRobustListsModel(state, models?.[4]), new LazyPiLocksModel(state, models?.[5]),
    ];
    for (const v of m as LazyTreeModel[]) {
      await shown(await v.roots());
      v.summary();
    }
    models = m;
    stateRequests = perStop;
    cycles.push(performance.now() - t0);
  }
  return { requests, cycles, stateRequestsPerStop: stateRequests, cpuPerCycle: (c.cpuMs() - cpu0) / n };
}
