// The VMAs, Pages, Robust Lists and PI Locks views fetched as shown (views/*-lazy.ts, issue 9),
// against a fake session that answers futexlab/state with the adapter's own code (state-pages.ts
// over state-sources.ts LiveSource, built by slices from a real session): the differential test
// against the plain models (vmas.ts, pages.ts, robust.ts, pi.ts over the whole KernelView), every
// node open at every stop, and what a stop costs at 1,000 threads / 10,000 waiters.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import type { SessionConfig } from '../../src/session/session-types';
import { renderTree, type LazyTreeModel, type ViewNode } from '../../src/extension/views/node';
import type { StopState } from '../../src/extension/views/stop-state';
import type { KernelView } from '../../src/kernel/snapshot';
import { VmasModel } from '../../src/extension/views/vmas';
import { PagesModel } from '../../src/extension/views/pages';
import { RobustListsModel } from '../../src/extension/views/robust';
import { PiLocksModel } from '../../src/extension/views/pi';
import { LazyVmasModel } from '../../src/extension/views/vmas-lazy';
import { LazyPagesModel } from '../../src/extension/views/pages-lazy';
import { LazyRobustListsModel } from '../../src/extension/views/robust-lazy';
import { LazyPiLocksModel } from '../../src/extension/views/pi-lazy';
import { LazyHashTableModel } from '../../src/extension/views/hash-lazy';
import { LazyWaitersModel } from '../../src/extension/views/waiters-lazy';
import { manyWaitersScenario } from '../../bench/dap';
import { GONE, example, manyWaiters, session } from './helpers';
import { expandAllAsync, liveStopOf, render, type Sent } from './lazy-helpers';

interface Pair {
  name: string;
  plain: (v: KernelView, prev: any) => { roots(): ViewNode[]; summary(): string };
  lazy: (s: StopState, prev: any) => LazyTreeModel;
}

const VIEWS: Pair[] = [
  { name: 'VMAs', plain: (v, p) => new VmasModel(v, p), lazy: (s, p) => new LazyVmasModel(s, p) },
  { name: 'Pages', plain: (v, p) => new PagesModel(v, p), lazy: (s, p) => new LazyPagesModel(s, p) },
  { name: 'Robust Lists', plain: (v, p) => new RobustListsModel(v, p), lazy: (s, p) => new LazyRobustListsModel(s, p) },
  { name: 'PI Locks', plain: (v, p) => new PiLocksModel(v, p), lazy: (s, p) => new LazyPiLocksModel(s, p) },
];

/** At every stop, every node open: each lazy view shows and marks what its plain view does. */
async function differential(s: Session, steps: number, label: string): Promise<number> {
  const plain: unknown[] = [];
  const lazy: unknown[] = [];
  let compared = 0;
  for (let step = 0; step < steps; step++) {
    const stop = await liveStopOf(s);
    const view = (await stop.whole())!;
    for (const [i, v] of VIEWS.entries()) {
      const p = (plain[i] = v.plain(view, plain[i]));
      const l = (lazy[i] = v.lazy(stop, lazy[i])) as LazyTreeModel;
      const where = `${label} step ${s.steps}: ${v.name}`;
      expect(render(await expandAllAsync(await l.roots())), where).toBe(renderTree(p.roots()));
      expect(l.summary(), where).toBe(p.summary());
    }
    compared++;
    if (!s.step()) break;
  }
  return compared;
}

function sessionOf(text: string, name: string, config: SessionConfig): Session | undefined {
  const r = loadProgram(text, name);
  if (!r.ok) return undefined;
  try {
    return new Session(r.program, config);
  } catch {
    return undefined;
  }
}

describe('VMAs, Pages, Robust Lists and PI Locks views by pages', () => {
  it('show and mark what the plain views do, at every stop (COW, pinned frames, cut lists)', async () => {
    expect(await differential(session(example('cow-fork-wrong-wakeup.futex'), { strategy: 'pinned-page' }), 200, 'cow')).toBeGreaterThan(5);
    // 40 waiters pinning one frame (their list comes cut: `pinners/i/waiters`), 41 threads in a
    // process (its thread names come cut). The frame is written first: an untouched one is the
    // zero page, which the Pages view does not show.
    const pinned = manyWaiters(40, 1).replace('thread main {', 'thread main {\n    store m, 1\n    store m, 0');
    expect(await differential(session(pinned, { strategy: 'pinned-page' }), 300, 'pinners')).toBeGreaterThan(40);
    // Frames, a swap slot and VMAs gone since the last stop, named alike.
    expect(await differential(session(GONE), 100, 'gone')).toBeGreaterThan(10);
  }, 60_000);

  it('every example, under its own strategy and under pinned-page: the same rows and marks as the plain views', async () => {
    const dir = join(__dirname, '..', '..', 'examples');
    let stops = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.futex')).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const config of [{}, { strategy: 'pinned-page' }]) {
        const s = sessionOf(text, file, config);
        if (s) stops += await differential(s, 120, `${file} ${JSON.stringify(config)}`);
      }
    }
    expect(stops).toBeGreaterThan(1000);
  }, 120_000);

  it('past LIST_RANGE items the roots are ranges; every range open, the rows and marks are the plain views\'', async () => {
    // 150 processes, one thread and one frame each: 150 processes, 150 frames.
    const s = session(manyWaitersScenario(150, 1, 1, 40));
    const plain: unknown[] = [];
    const lazy: unknown[] = [];
    let ranged = 0;
    for (let step = 0; step < 400 && s.step(); step++) {
      if (step % 20 !== 19) continue;
      const stop = await liveStopOf(s);
      const view = (await stop.whole())!;
      for (const [i, v] of VIEWS.entries()) {
        const p = (plain[i] = v.plain(view, plain[i]));
        const l = (lazy[i] = v.lazy(stop, lazy[i])) as LazyTreeModel;
        const roots = await expandAllAsync(await l.roots());
        const ranges = roots.some(isRange);
        if (ranges) ranged++;
        // By design: with ranges the roots do not list what is gone (it needs every item at both stops).
        const expected = p.roots().filter((n) => !(ranges && n.id === 'gone'));
        expect(render(flatten(roots)), `step ${s.steps}: ${v.name}`).toBe(renderTree(expected));
        expect(l.summary()).toBe(p.summary());
      }
    }
    expect(ranged).toBeGreaterThan(12); // VMAs and Pages, at every stop compared
  }, 60_000);

  it('does not mark what the last stop did not fetch', async () => {
    const s = session(example('cow-fork-wrong-wakeup.futex'), { strategy: 'pinned-page' });
    // The last stop's views were never shown: nothing was fetched, nothing is known to be new.
    const first = VIEWS.map((v) => v.lazy({ top: { sizes: {} } } as unknown as StopState, undefined));
    for (let i = 0; i < 60 && s.step(); i++);
    const stop = await liveStopOf(s);
    for (const [i, v] of VIEWS.entries()) {
      const nodes = await expandAllAsync(await v.lazy(stop, first[i]).roots());
      expect(changed(nodes), v.name).toEqual([]);
    }
  });
});

const isRange = (n: ViewNode) => n.icon === 'list-flat' && /\[\d+\.\.\d+\]$/.test(n.id);

/** The expanded roots with range nodes replaced by the items under them. */
function flatten(nodes: readonly ViewNode[]): ViewNode[] {
  return nodes.flatMap((n) => (isRange(n) ? flatten((n as ViewNode & { kids?: ViewNode[] }).kids ?? []) : [n]));
}

/** Every node id marked changed in a tree (all expanded). */
function changed(nodes: readonly ViewNode[]): string[] {
  return nodes.flatMap((n) => [...(n.changed ? [n.id] : []), ...changed((n as ViewNode & { kids?: ViewNode[] }).kids ?? (n.children ? n.children() : []))]);
}

/** The nodes VS Code asks for when a view is shown: the roots, and the children of nodes shown expanded. */
async function shown(nodes: readonly ViewNode[]): Promise<number> {
  let n = nodes.length;
  for (const x of nodes) if (x.expanded) n += await shown(x.children ? x.children() : x.load ? await x.load() : []);
  return n;
}

describe('1,000 threads, 10,000 queued waiters', () => {
  it('a stop with all six views shown makes a few small requests, never the whole state', async () => {
    const s = session(manyWaitersScenario(100, 10, 10, 1000));
    while (s.k.s.futex.queues.size < 10_000) if (!s.step()) throw new Error(`run ended (${s.result}) before 10,000 waiters`);
    const log: Sent[] = [];
    const stop = await liveStopOf(s, log);
    const models = [...VIEWS.map((v) => v.lazy(stop, undefined)), new LazyHashTableModel(stop), new LazyWaitersModel(stop)];
    let nodes = 0;
    for (const m of models) nodes += await shown(await m.roots());
    expect(nodes).toBeGreaterThan(100); // 100 processes, each open on its VMA and threads
    expect(log.some((x) => x.args === undefined)).toBe(false);
    expect(Math.max(...log.map((x) => x.bytes))).toBeLessThan(50 * 1024);
    expect(log.length).toBeLessThanOrEqual(8);
    expect(models[0]!.summary()).toBe('100 processes, 100 VMAs');
    expect(models[1]!.summary()).toBe('100 frames');
    // Opening a frame asks for its fields: the waiters pinning it, one item of `pinners`.
    const before = log.length;
    const [frame] = await models[1]!.roots();
    await frame!.load!();
    expect(log.slice(before).map((x) => x.args)).toEqual([{ path: 'pinners', start: 0, count: 1 }]);
    const bytes = log.reduce((n, x) => n + x.bytes, 0);
    console.log(`1,000 threads / 10,000 waiters, all six views shown and a frame opened: ${log.length} requests, ${bytes} B, largest ${Math.max(...log.map((x) => x.bytes))} B`);
  }, 60_000);
});
