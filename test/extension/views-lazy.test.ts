// The Futex Hash Table view fetched as shown (views/hash-lazy.ts, issue 9), against a fake session
// that answers futexlab/state with the adapter's own paging code (src/debug/state-pages.ts) over
// the adapter's own body of a real session (src/debug/requests.ts stateBody): the differential
// test against the plain model (views/hash.ts over the whole KernelView), and what a stop costs
// at 1,000 threads / 10,000 waiters.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INLINE, PagedState } from '../../src/debug/state-pages';
import { stateBody } from '../../src/debug/requests';
import { BodySource } from '../../src/debug/state-sources';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { HashTableModel } from '../../src/extension/views/hash';
import { WaitersModel } from '../../src/extension/views/waiters';
import { LazyWaitersModel } from '../../src/extension/views/waiters-lazy';
import { BUCKET_RANGE, LazyHashTableModel } from '../../src/extension/views/hash-lazy';
import { renderTree, type ViewNode } from '../../src/extension/views/node';
import { manyWaitersScenario } from '../../bench/dap';
import { example, manyWaiters, session } from './helpers';
import { expandAllAsync, render, stopOf, type Sent } from './lazy-helpers';

const COLLIDE = `option buckets = 1
process P {
  map m = anon private rw pages 1
  thread a {
    let r = futex_wait(m, 0)
    print r
  }
  thread b {
    let r = futex_wait(m + 4, 0)
    print r
  }
}`;

/** At every stop, all expanded: the lazy view shows and marks what the plain view does. */
async function differential(s: Session, steps: number, label: string): Promise<number> {
  let plain: HashTableModel | undefined;
  let lazy: LazyHashTableModel | undefined;
  let plainW: WaitersModel | undefined;
  let lazyW: LazyWaitersModel | undefined;
  let compared = 0;
  for (let step = 0; step < steps; step++) {
    const stop = await stopOf(s);
    const view = (await stop.whole())!;
    plain = new HashTableModel(view, plain);
    lazy = new LazyHashTableModel(stop, lazy);
    const a = render(await expandAllAsync(await lazy.roots()));
    // The one difference by design: a bucket whose waiters come cut (more than INLINE) does not
    // know its keys until it is expanded, so its row says only how many waiters it holds.
    const b = renderTree(plain.roots()).replace(/ (\d+) waiters, \d+ keys/g, (all, n: string) => (Number(n) > INLINE ? ` ${n} waiters` : all));
    expect(a, `${label} step ${step}`).toBe(b);
    expect(lazy.summary(), `${label} step ${step}`).toBe(plain.summary());
    plainW = new WaitersModel(view, plainW);
    lazyW = new LazyWaitersModel(stop, lazyW);
    expect(render(await expandAllAsync(await lazyW.roots())), `${label} step ${step}: waiters`).toBe(renderTree(plainW.roots()));
    expect(lazyW.summary(), `${label} step ${step}: waiters`).toBe(plainW.summary());
    compared++;
    if (!s.step()) break;
  }
  return compared;
}

describe('Futex Hash Table and Waiters views by pages', () => {
  it('show and mark what the plain views do, at every stop (COW, collision, 40 waiters in one bucket)', async () => {
    expect(await differential(session(example('cow-fork-wrong-wakeup.futex'), { strategy: 'pinned-page' }), 200, 'cow')).toBeGreaterThan(5);
    expect(await differential(session(COLLIDE), 100, 'collide')).toBeGreaterThanOrEqual(3);
    // 40 waiters in one bucket: its waiters come cut and are fetched by their own path.
    expect(await differential(session(manyWaiters(40, 1)), 400, 'cut')).toBeGreaterThan(40);
  });

  it('every example under its own strategy: the same rows and marks as the plain view', async () => {
    const dir = join(__dirname, '..', '..', 'examples');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.futex')).sort()) {
      const r = loadProgram(readFileSync(join(dir, file), 'utf8'), file);
      if (!r.ok) continue;
      let s: Session;
      try {
        s = new Session(r.program, {});
      } catch {
        continue;
      }
      await differential(s, 150, file);
    }
  }, 60_000);

  it('does not mark what the last stop did not fetch', async () => {
    const s = session(COLLIDE);
    const first = new LazyHashTableModel(await stopOf(s));
    // The last stop's view was never shown: nothing was fetched, nothing is known to be new.
    while (s.k.s.futex.queues.size < 2) s.step();
    const second = new LazyHashTableModel(await stopOf(s), first);
    const nodes = await expandAllAsync(await second.roots());
    expect(nodes.filter((n) => n.changed && n.id !== 'last-op')).toEqual([]);
  });
});

/** Every node id marked changed in a tree (all expanded). */
function changedIds(nodes: readonly ViewNode[]): string[] {
  return nodes.flatMap((n) => [...(n.changed ? [n.id] : []), ...changedIds((n as ViewNode & { kids?: ViewNode[] }).kids ?? (n.children ? n.children() : []))]);
}

describe('1,000 threads, 10,000 queued waiters', () => {
  const s = session(manyWaitersScenario(100, 10, 10, 1000));
  while (s.k.s.futex.queues.size < 9_999) if (!s.step()) throw new Error(`run ended (${s.result}) before 9,999 waiters`);
  const before = stopOf(s);
  while (s.k.s.futex.queues.size < 10_000) if (!s.step()) throw new Error(`run ended (${s.result}) before 10,000 waiters`);

  it('marks the one new waiter (its key, its bucket) as the plain views do, everything open at both stops', async () => {
    const first = await before;
    const second = await stopOf(s);
    const m0 = new LazyHashTableModel(first);
    await expandAllAsync(await m0.roots());
    const m1 = new LazyHashTableModel(second, m0);
    const lazy = changedIds(await expandAllAsync(await m1.roots())).filter((id) => id !== 'last-op');
    const plain = new HashTableModel((await second.whole())!, new HashTableModel((await first.whole())!));
    const expected = plain.changes.changedIds();
    expect(expected.length).toBeGreaterThan(0);
    expect(lazy.sort()).toEqual(expected.sort());
    expect(lazy.filter((id) => /\/q\d+$/.test(id))).toHaveLength(1);
    // The Waiters view: every range open at both stops, the one new waiter marked.
    const w0 = new LazyWaitersModel(first);
    await expandAllAsync(await w0.roots());
    const w1 = new LazyWaitersModel(second, w0);
    const lazyW = changedIds(await expandAllAsync(await w1.roots()));
    const plainW = new WaitersModel((await second.whole())!, new WaitersModel((await first.whole())!)).changes.changedIds();
    expect(plainW).toHaveLength(1);
    expect(lazyW).toEqual(plainW);
  }, 60_000);

  it('a stop fetches the top level; opening ranges and a bucket fetches those, not the whole state', async () => {
    const log: Sent[] = [];
    const stop = await stopOf(s, log);
    expect(log).toHaveLength(1);
    expect(log[0]!.args).toEqual({ path: '' });
    const top = log[0]!.bytes;
    expect(top).toBeLessThan(4 * 1024);

    const m = new LazyHashTableModel(stop);
    const roots = await m.roots();
    const w = new LazyWaitersModel(stop);
    const wRoots = await w.roots();
    expect(log).toHaveLength(1); // the roots are ranges of buckets and of waiters: nothing more to fetch yet
    expect(wRoots.map((n) => n.label)).toEqual(Array.from({ length: 10 }, (_, i) => `[${i * 1000} .. ${i * 1000 + 999}]`));
    expect(w.summary()).toBe('10000 waiters');
    const ranges = roots.filter((n) => n.load);
    expect(ranges.length).toBe(Math.ceil(stop.top.sizes.buckets / BUCKET_RANGE));
    expect(m.summary()).toBe(`10000 waiters in ${stop.top.sizes.buckets}/1024 buckets`);

    const buckets = await ranges[0]!.load!();
    expect(buckets).toHaveLength(BUCKET_RANGE);
    const afterRange = log.slice(1);
    expect(afterRange.every((x) => x.args?.path === 'buckets')).toBe(true);
    const keys = await buckets[0]!.load!();
    expect(keys.length).toBeGreaterThan(0);
    const waiters = keys[0]!.children!();
    expect(waiters.length).toBeGreaterThan(0);
    const firstThousand = await wRoots[0]!.load!();
    expect(firstThousand).toHaveLength(1000);
    expect(firstThousand[0]!.children!().find((f) => f.label === 'bucket')!.link?.view).toBe('hashTable');

    const bytes = log.reduce((n, x) => n + x.bytes, 0);
    const whole = Buffer.byteLength(JSON.stringify(await new PagedState(() => new BodySource(stateBody(s, 1, false))).answer({})));
    // No request for the whole state, every reply under the 50 KB of the issue, and the stop with
    // one range and one bucket open costs a small part of the whole.
    expect(log.some((x) => x.args === undefined)).toBe(false);
    expect(Math.max(...log.map((x) => x.bytes))).toBeLessThan(50 * 1024);
    expect(whole).toBeGreaterThan(1_000_000);
    expect(bytes * 5).toBeLessThan(whole);
    console.log(`1,000 threads / 10,000 waiters: top ${top} B; top + one bucket range + one bucket + 1,000 waiters: ${log.length} requests, ${bytes} B; whole state ${whole} B`);
  }, 60_000);
});
