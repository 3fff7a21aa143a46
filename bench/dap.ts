// The debug adapter's benchmark (issue #4), driven in process the way the extension runs the
// adapter inline: requests go in through handleMessage, responses and events come back through
// onDidSendMessage, with no stdio in between.
//
//   round trip: next -> stopped -> threads -> stackTrace -> scopes -> variables -> futexlab/state,
//               on a scenario with 1,000 threads and 10,000 queued waiters (target: median < 5 ms)
//   stepBack:   from random positions of a 1,000,000-step history (target: < 20 ms, history
//               < 100 MB), on the same scenario and on a small one (mutex3, 8 threads)
//
// `benchDap()` prints the figures and returns them; bench/bench.ts may call it.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FutexDebugSession } from '../src/debug/session';
import type { History } from '../src/debug/history';
import { mutex3Scenario } from './mutex3';

/** 1,000 threads in 100 processes; each opens 10 futex fds (10,000 waiters), then counts. */
export function manyWaitersScenario(procs = 100, threadsPer = 10, fdsPerThread = 10, iterations = 1000): string {
  const thread = (i: number) => `  thread t${i} {
    let k = 0
    while k < ${fdsPerThread} {
      futex_fd(mem + ${i * 4})
      k = k + 1
    }
    let j = 0
    while j < ${iterations} {
      let v = load mem + ${i * 4}
      store mem + ${i * 4}, v + 1
      j = j + 1
      if j % 64 == 0 {
        yield
      }
    }
  }`;
  const proc = (p: number) => `process P${p} {\n  map mem = anon private rw pages 1\n${Array.from({ length: threadsPer }, (_, i) => thread(i)).join('\n')}\n}`;
  return `scenario "1,000 threads, 10,000 queued waiters"\noption strategy = jamie-2003\noption max_steps = 1000000\noption buckets = 1024\n${Array.from({ length: procs }, (_, p) => proc(p)).join('\n')}\n`;
}

type Msg = DebugProtocol.ProtocolMessage & { event?: string; body?: any; request_seq?: number; success?: boolean; message?: string; command?: string };

/** A DAP client for an inline adapter. */
class InlineClient {
  private seq = 1;
  private pending = new Map<number, (m: Msg) => void>();
  private waiting: { event: string; resolve: (m: Msg) => void }[] = [];
  readonly session = new FutexDebugSession();

  constructor() {
    this.session.onDidSendMessage((m: unknown) => this.receive(m as Msg));
  }

  private receive(m: Msg): void {
    if (m.type === 'response') {
      this.pending.get(m.request_seq!)?.(m);
      this.pending.delete(m.request_seq!);
    } else if (m.type === 'event') {
      const i = this.waiting.findIndex((w) => w.event === m.event);
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(m);
    }
  }

  request(command: string, args: unknown = {}): Promise<Msg> {
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, (m) => (m.success ? resolve(m) : reject(new Error(`${command}: ${m.message}`))));
      this.session.handleMessage({ seq, type: 'request', command, arguments: args } as DebugProtocol.Request);
    });
  }

  event(name: string): Promise<Msg> {
    return new Promise((resolve) => this.waiting.push({ event: name, resolve }));
  }

  async stepped(command: string, args: unknown): Promise<Msg> {
    const stopped = this.event('stopped');
    await this.request(command, args);
    return stopped;
  }

  get history(): History {
    return (this.session as unknown as { live: { history: History } }).live.history;
  }
}

async function launch(text: string, name: string, functionBreakpoints?: DebugProtocol.FunctionBreakpoint[]): Promise<{ c: InlineClient; file: string; stop: Msg }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'futexlab-bench-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const c = new InlineClient();
  await c.request('initialize', { adapterID: 'futex', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  await c.request('launch', { program: file, stopOnEntry: !functionBreakpoints });
  if (functionBreakpoints) await c.request('setFunctionBreakpoints', { breakpoints: functionBreakpoints });
  const stopped = c.event('stopped');
  await c.request('configurationDone');
  return { c, file, stop: await stopped };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(2)} ms`;

/**
 * next -> stopped -> threads -> stackTrace -> scopes -> variables -> state, timed as one. `state`
 * is what the extension asks at every stop, the top level (src/extension/views/stop-state.ts:
 * `{ path: '' }`; the views then fetch pages, bench/dap-views.ts over stdio). The whole state,
 * which no view asks for since the lazy views, is timed apart (`whole`).
 */
async function roundTrips(c: InlineClient, threadId: number, n: number): Promise<{ median: number; max: number; parts: Record<string, number>; whole: number }> {
  const times: number[] = [];
  const whole: number[] = [];
  const parts: Record<string, number[]> = { next: [], threads: [], stackTrace: [], scopes: [], variables: [], state: [] };
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    const lap = (k: string) => {
      const now = performance.now();
      parts[k].push(now - t);
      t = now;
    };
    const t0 = t;
    const stop = await c.stepped('next', { threadId });
    lap('next');
    const tid = stop.body.threadId;
    await c.request('threads');
    lap('threads');
    const st = await c.request('stackTrace', { threadId: tid, startFrame: 0, levels: 20 });
    lap('stackTrace');
    const scopes = await c.request('scopes', { frameId: st.body.stackFrames[0].id });
    lap('scopes');
    await c.request('variables', { variablesReference: scopes.body.scopes[0].variablesReference });
    lap('variables');
    await c.request('futexlab/state', { path: '' });
    lap('state');
    times.push(performance.now() - t0);
    const w0 = performance.now();
    await c.request('futexlab/state');
    whole.push(performance.now() - w0);
  }
  return { median: median(times), max: Math.max(...times), parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, median(v)])), whole: median(whole) };
}

/** Time stepBack from `samples` random positions of the history (the goto there is not timed). */
async function stepBacks(c: InlineClient, threadId: number, samples: number): Promise<{ median: number; max: number }> {
  const h = c.history;
  const times: number[] = [];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < samples; i++) {
    const pos = 1 + Math.floor(rand() * (h.length - 1));
    const stop = await c.stepped('futexlab/gotoStep', { step: pos });
    const t0 = performance.now();
    await c.stepped('stepBack', { threadId: stop.body.threadId ?? threadId });
    times.push(performance.now() - t0);
  }
  return { median: median(times), max: Math.max(...times) };
}

export interface DapBenchResult {
  roundTripMedianMs: number;
  stepBackBigMedianMs: number;
  stepBackBigMaxMs: number;
  stepBackSmallMedianMs: number;
  stepBackSmallMaxMs: number;
  historyBigMB: number;
  historySmallMB: number;
}

export async function benchDap(log: (s: string) => void = console.log): Promise<DapBenchResult> {
  log('Debug adapter (issue #4: round trip median < 5 ms; stepBack < 20 ms with < 100 MB of history)');
  // 1. The big scenario, stopped when the last thread has opened its fds (10,000 waiters).
  const text = manyWaitersScenario();
  const t0 = performance.now();
  const big = await launch(text, 'many-waiters.futex', [{ name: 'futex_fd', hitCondition: '== 10000' }]);
  const st = await big.c.request('futexlab/state');
  log(`  many-waiters: ${st.body.view.tasks.length} threads, ${st.body.view.waiterCount} queued waiters at step ${st.body.step} (reached in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  await big.c.request('setFunctionBreakpoints', { breakpoints: [] });
  const rt = await roundTrips(big.c, big.stop.body.threadId, 30);
  log(`  round trip next..state (its top level, as the extension asks at a stop): median ${ms(rt.median)}, max ${ms(rt.max)}; medians: ${Object.entries(rt.parts).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  log(`  the whole state (no view asks for it), apart: median ${ms(rt.whole)}`);
  // 2. History of 1,000,000 steps on the same scenario (max_steps ends the run there).
  const t1 = performance.now();
  const end = await big.c.stepped('continue', { threadId: big.stop.body.threadId });
  const hb = big.c.history;
  log(`  many-waiters: ran to step ${hb.length} (${end.body.reason}) in ${((performance.now() - t1) / 1000).toFixed(1)} s; history ${(hb.bytes / 2 ** 20).toFixed(1)} MB in ${hb.checkpoints} checkpoints, every ${hb.every} steps`);
  const sbBig = await stepBacks(big.c, 1, 30);
  log(`  many-waiters stepBack from random positions: median ${ms(sbBig.median)}, max ${ms(sbBig.max)}; history then ${(hb.bytes / 2 ** 20).toFixed(1)} MB with ${hb.denseCheckpoints} dense checkpoints`);
  // 3. A small state: mutex3, 8 threads, to a 1,000,000-step history.
  const small = await launch(mutex3Scenario(8, 40_000, 'round-robin').replace('option max_steps = 10000000', 'option max_steps = 1000000'), 'mutex3.futex');
  const t2 = performance.now();
  await small.c.stepped('continue', { threadId: 1 });
  const hs = small.c.history;
  log(`  mutex3 8 threads: ${hs.length} steps in ${((performance.now() - t2) / 1000).toFixed(1)} s; history ${(hs.bytes / 2 ** 20).toFixed(1)} MB in ${hs.checkpoints} checkpoints, every ${hs.every} steps`);
  const sbSmall = await stepBacks(small.c, 1, 30);
  log(`  mutex3 stepBack from random positions: median ${ms(sbSmall.median)}, max ${ms(sbSmall.max)}`);
  return {
    roundTripMedianMs: rt.median, stepBackBigMedianMs: sbBig.median, stepBackBigMaxMs: sbBig.max,
    stepBackSmallMedianMs: sbSmall.median, stepBackSmallMaxMs: sbSmall.max,
    historyBigMB: hb.bytes / 2 ** 20, historySmallMB: hs.bytes / 2 ** 20,
  };
}

// Run on its own: `npx esbuild bench/dap.ts --bundle --platform=node --outfile=out/bench-dap.js
// && FUTEXLAB_BENCH_DAP=1 node out/bench-dap.js` (bench/bench.ts may call benchDap() instead).
if (process.env.FUTEXLAB_BENCH_DAP === '1') {
  benchDap().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
