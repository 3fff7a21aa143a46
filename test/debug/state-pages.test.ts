// futexlab/state by pages (src/debug/state-pages.ts, issue 9 "a state request sized to what is
// shown"), over stdio to the built adapter: the top level and every page stay under 50 KB, and
// the pages put back together equal the whole reply (the plain version). Bad path, start and
// count get plain errors naming the field.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, failure, launchAndStop } from './helpers';
import { manyWaitersScenario } from '../../bench/dap';
import { pinnersOf, robustRows } from '../../src/debug/state-sources';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

const LIMIT = 50 * 1024;

/** 200 threads in 20 processes, 10 futex fds each: 2,000 queued waiters, at the last futex_fd. */
async function launchMany(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'futexlab-pages-'));
  const file = path.join(dir, 'many.futex');
  writeFileSync(file, manyWaitersScenario(20, 10, 10, 1000));
  await launchAndStop(dc, { program: file, stopOnEntry: false }, () => dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'futex_fd', hitCondition: '== 2000' }] }));
}

interface Page {
  path: string;
  start: number;
  total: number;
  items: Record<string, unknown>[];
  next?: number;
}

async function state(args: Record<string, unknown>): Promise<{ body: any; bytes: number }> {
  const r = await dc.customRequest('futexlab/state', args);
  return { body: r.body, bytes: Buffer.byteLength(JSON.stringify(r)) };
}

/** Lists fetched back into an item that came with them cut. */
let cuts = 0;

/** Every item of the list at `p`, page by page, with the cut lists inside them fetched back in. */
async function whole(p: string, sizes: number[]): Promise<unknown[]> {
  const out: unknown[] = [];
  let start: number | undefined = 0;
  while (start !== undefined) {
    const { body, bytes } = await state({ path: p, start });
    const page = body as Page;
    sizes.push(bytes);
    expect(page.start).toBe(start);
    for (const [i, item] of page.items.entries()) {
      const cut = item.cut as Record<string, number> | undefined;
      if (cut) {
        delete item.cut;
        for (const [rel, n] of Object.entries(cut)) {
          const list = await whole(`${p}/${start + i}/${rel}`, sizes);
          cuts++;
          expect(list.length).toBe(n);
          // Put the list back where it was cut (rel is a path of field names and indices).
          const steps = rel.split('/');
          let at: any = item;
          for (const s of steps.slice(0, -1)) at = at[s];
          at[steps[steps.length - 1]] = list;
        }
      }
      out.push(item);
    }
    expect(page.total).toBeGreaterThanOrEqual(out.length);
    start = page.next;
    if (start === undefined) expect(out.length).toBe(page.total);
  }
  return out;
}

test('the top level and every page are under 50 KB, and the pages make up the whole state', async () => {
  await launchMany();
  const full = await state({});
  const top = await state({ path: '' });
  expect(full.bytes).toBeGreaterThan(10 * LIMIT); // what the pages replace
  expect(top.bytes).toBeLessThan(LIMIT);
  expect(top.body.view.waiterCount).toBe(2000);
  expect(top.body.sizes.tasks).toBe(200);
  expect(top.body.step).toBe(full.body.step);
  expect(top.body.view.lastFutexOp).toEqual(full.body.view.lastFutexOp);
  const sizes: number[] = [];
  for (const list of ['buckets', 'processes', 'pages', 'tasks', 'inodes', 'pi', 'swap']) {
    expect(top.body.sizes[list], list).toBe(full.body.view[list].length);
    expect(await whole(list, sizes), list).toEqual(full.body.view[list]);
  }
  expect(await whole('output', sizes)).toEqual(full.body.output);
  // `waiters`, the Waiters view's list: every bucket's waiters, threads by tid, then fd registrations by q.
  const byThread = full.body.view.buckets.flatMap((b: { waiters: { tid: number; q: number }[] }) => b.waiters)
    .sort((a: { tid: number; q: number }, b: { tid: number; q: number }) => (a.tid < 0 ? 1 : 0) - (b.tid < 0 ? 1 : 0) || a.tid - b.tid || a.q - b.q);
  expect(top.body.sizes.waiters).toBe(2000);
  expect(await whole('waiters', sizes)).toEqual(byThread);
  // The Pages view's `pinners` (aligned with pages) and the Robust Lists view's `robust`, and the
  // counts the summaries give, as the views made them from the whole state.
  expect(await whole('pinners', sizes)).toEqual(pinnersOf(full.body.view));
  expect(await whole('robust', sizes)).toEqual(robustRows(full.body.view));
  expect(top.body.counts).toEqual({
    vmas: full.body.view.processes.reduce((n: number, p: { vmas: unknown[] }) => n + p.vmas.length, 0),
    cowShared: full.body.view.pages.filter((p: { cowShared: boolean }) => p.cowShared).length,
    piInvalid: full.body.view.pi.filter((w: { valid: boolean }) => !w.valid).length,
  });
  expect(sizes.length).toBeGreaterThan(20);
  expect(cuts).toBeGreaterThan(0); // a process's 100 fds came by their own path
  expect(Math.max(...sizes)).toBeLessThan(LIMIT);
}, 60_000);

test('a page holds count items at most and says where the next one starts', async () => {
  await launchMany();
  const { body } = await state({ path: 'tasks', start: 10, count: 5 });
  expect(body.items.map((t: { tid: number }) => t.tid)).toEqual([10, 11, 12, 13, 14]);
  expect(body).toMatchObject({ path: 'tasks', start: 10, total: 200, next: 15 });
  const last = (await state({ path: 'tasks', start: 195, count: 100 })).body;
  expect(last.items).toHaveLength(5);
  expect(last.next).toBeUndefined();
  expect((await state({ path: 'tasks', start: 200 })).body.items).toEqual([]);
}, 60_000);

test('bad path, start and count get plain errors naming the field', async () => {
  await launchMany();
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ path: 5 }, /futexlab\/state: path must be a string/],
    [{ path: 'nope' }, /path must start with one of buckets/],
    [{ path: 'buckets/x' }, /path step 2 must be an index/],
    [{ path: 'buckets/99999/waiters' }, /path step 2 must be an index below/],
    [{ path: 'buckets/0/nothing' }, /path step 3: buckets\/0 has no field 'nothing'/],
    [{ path: 'buckets/0/index' }, /path must name a list/],
    [{ path: 'tasks/0/tid/3' }, /path step 4: tasks\/0\/tid is a value/],
    [{ path: 'buckets/__proto__' }, /path step 2 must be an index/],
    [{ path: 'tasks/0/constructor' }, /has no field 'constructor'/],
    [{ path: 'tasks', start: -1 }, /start must be an integer >= 0, not -1/],
    [{ path: 'tasks', start: 1.5 }, /start must be an integer >= 0/],
    [{ path: 'tasks', start: '3' }, /start must be an integer >= 0, not "3"/],
    [{ path: 'tasks', start: 201 }, /start must be at most 200/],
    [{ path: 'tasks', count: 0 }, /count must be an integer from 1 to 1000, not 0/],
    [{ path: 'tasks', count: 5000 }, /count must be an integer from 1 to 1000/],
    [{ start: 3 }, /start and count need a path/],
  ];
  for (const [args, message] of cases) {
    const m = await failure(dc.customRequest('futexlab/state', args));
    expect(m, JSON.stringify(args)).toMatch(message);
    expect(m).not.toMatch(/internal error|\n\s+at /);
  }
  // Still answering.
  expect((await state({ path: '' })).body.sizes.tasks).toBe(200);
}, 60_000);
