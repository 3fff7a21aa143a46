// Differential test of the paged `futexlab/state` built by slices (state-sources.ts LiveSource,
// kernel/snapshot-lists.ts; issue 9): at every stop of random scenarios and of the examples,
//   - every request (the top level, every page of every list, every cut list inside an item)
//     gets the same answer from the live source as from the whole projection made fresh
//     (BodySource over kernelView(k, true), the plain version);
//   - the pages put together, cut lists fetched back in, equal the whole reply's lists, and the
//     derived lists what the views derive from the whole KernelView.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { kernelView } from '../../src/kernel/snapshot';
import { stateBody } from '../../src/debug/requests';
import { PagedState, type StatePage, type StateTop } from '../../src/debug/state-pages';
import { BodySource, LiveSource, TOP_LISTS, pinnersOf, robustRows, waitersByThread } from '../../src/debug/state-sources';
import { scenario, thread } from '../kernel/random-scenario';
import { manyWaiters } from '../extension/helpers';

/** Every item of the list at `p` by pages of `count`, the answers of both compared, cuts fetched back in. */
function pagesOf(live: PagedState, plain: PagedState, p: string, count: number, where: string): unknown[] {
  const out: unknown[] = [];
  let start: number | undefined = 0;
  while (start !== undefined) {
    const a = live.answer({ path: p, start, count }) as StatePage;
    const b = plain.answer({ path: p, start, count }) as StatePage;
    expect(JSON.stringify(a), `${where} ${p}@${start}`).toBe(JSON.stringify(b));
    for (const [i, item] of (JSON.parse(JSON.stringify(a.items)) as Record<string, unknown>[]).entries()) {
      const cut = item && typeof item === 'object' ? (item.cut as Record<string, number> | undefined) : undefined;
      if (cut) {
        delete item.cut;
        for (const [rel, n] of Object.entries(cut)) {
          const list = pagesOf(live, plain, `${p}/${start + i}/${rel}`, count, where);
          expect(list.length).toBe(n);
          const steps = rel.split('/');
          let at: any = item;
          for (const s of steps.slice(0, -1)) at = at[s];
          at[steps[steps.length - 1]!] = list;
        }
      }
      out.push(item);
    }
    start = a.next;
  }
  return out;
}

/** One stop: the live source and the plain one answer alike; the pages make up the whole. */
function checkStop(s: Session, where: string, count: number): void {
  const live = new PagedState(() => new LiveSource(s, s.steps + 1, false));
  const body = stateBody(s, s.steps + 1, false);
  const plainBody = { ...body, view: { ...kernelView(s.k, true), lastFutexOp: body.view.lastFutexOp } };
  const plain = new PagedState(() => new BodySource(plainBody));
  const top = live.answer({ path: '' }) as StateTop;
  expect(JSON.stringify(top), `${where} top`).toBe(JSON.stringify(plain.answer({ path: '' })));
  const whole = JSON.parse(JSON.stringify(plainBody));
  expect(top.view).toEqual(Object.fromEntries(Object.entries(whole.view).filter(([, v]) => !Array.isArray(v))));
  const derived: Record<string, unknown> = {
    ...whole.view, output: whole.output, anomalies: whole.anomalies, notes: whole.notes,
    waiters: waitersByThread(whole.view), pinners: pinnersOf(whole.view), robust: robustRows(whole.view),
  };
  for (const list of TOP_LISTS) {
    const items = pagesOf(live, plain, list, count, where);
    expect(top.sizes[list], `${where} ${list}`).toBe((derived[list] as unknown[]).length);
    expect(items, `${where} ${list}`).toEqual(derived[list]);
  }
  // The whole reply (no path) is the plain projection.
  expect(JSON.parse(JSON.stringify(live.answer({})))).toEqual(JSON.parse(JSON.stringify(body)));
}

function run(text: string, name: string, steps: number, count: number, strategy?: string): number {
  const r = loadProgram(text, name);
  if (!r.ok) return 0;
  let s: Session;
  try {
    s = new Session(r.program, strategy ? { strategy } : {});
  } catch {
    return 0;
  }
  let n = 0;
  for (let i = 0; i < steps; i++) {
    checkStop(s, `${name} step ${s.steps}`, count);
    n++;
    if (!s.step()) break;
  }
  checkStop(s, `${name} end`, count);
  return n + 1;
}

test('pages built by slices equal the whole projection, at every stop of random scenarios', () => {
  fc.assert(
    fc.property(thread, thread, thread, fc.constantFrom(1, 3, 1000), fc.constantFrom(undefined, 'pinned-page', 'vcache'), (a, b, c, count, strategy) => {
      run(scenario(a, b, c), 'random.futex', 120, count, strategy);
    }),
    { numRuns: 30 },
  );
}, 120_000);

// Found by the property above (seed -3841998): A opens a FUTEX_FD, K inherits it by fork, A
// closes its fd; the waiter is now shown as K's fd, and a cached view named A.
test('a FUTEX_FD waiter is named by the process holding its fd now, not by the one that opened it', () => {
  const text = scenario(
    'let x = futex_fd(pa)\n let y = poll(x, timeout 3)\n close(x)\n    let x = cas pa, 0, 0',
    'let x = load pa\n    let x = futex_requeue(pa, 0, 0, pa)\n    fork K { store pa, 7 }\n    let x = xchg pa, 0',
    'let x = fetch_add pa, 0',
  );
  const seen = new Set<string>();
  const r = loadProgram(text, 'fd-holder.futex');
  if (!r.ok) throw new Error('scenario does not load');
  const s = new Session(r.program, { strategy: 'vcache' });
  do {
    checkStop(s, `fd-holder step ${s.steps}`, 3);
    for (const b of kernelView(s.k, true).buckets) for (const w of b.waiters) if (w.tid < 0) seen.add(w.who);
  } while (s.step() && s.steps < 60);
  expect([...seen].sort()).toEqual(['A fd 3', 'K fd 3']);
});

test('pages built by slices equal the whole projection, at every stop of the examples', () => {
  const dir = path.join(__dirname, '../../examples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.futex')).sort();
  expect(files.length).toBeGreaterThan(20);
  let stops = 0;
  // Each under its own strategy, and under pinned-page (its waiters pin frames: `pinners`).
  for (const [i, f] of files.entries()) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    stops += run(text, f, 150, [1000, 7, 2][i % 3]!);
    stops += run(text, f, 150, [3, 1000, 1][i % 3]!, 'pinned-page');
  }
  expect(stops).toBeGreaterThan(1000);
}, 120_000);

test('a bucket of 40 waiters pinning one frame, 41 threads in a process: cut lists paged by their own path', () => {
  // The frame is written first (an untouched one is the zero page, which `pages` leaves out).
  const text = manyWaiters(40, 1).replace('thread main {', 'thread main {\n    store m, 1\n    store m, 0');
  expect(run(text, 'many.futex', 400, 5)).toBeGreaterThan(40);
  expect(run(text, 'many.futex', 400, 1000, 'pinned-page')).toBeGreaterThan(40);
}, 60_000);
