// The Kernel scope shows the page states the projection holds (kernel/snapshot.ts): a frame
// shared copy-on-write after fork says so, and the swap slots are listed with the swap-cache page
// each still has, as futexlab/state has them.

import * as path from 'node:path';
import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, EXAMPLE_COW, launchAndStop, ROOT, stepAndStop, topFrame } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

async function kernelVars(threadId: number): Promise<Map<string, { value: string; ref: number }>> {
  const frame = await topFrame(dc, threadId);
  const kernel = (await dc.scopesRequest({ frameId: frame.id })).body.scopes.find((s) => s.name === 'Kernel')!;
  const vars = (await dc.variablesRequest({ variablesReference: kernel.variablesReference })).body.variables;
  return new Map(vars.map((v) => [v.name, { value: v.value, ref: v.variablesReference }]));
}

const children = async (ref: number) => (await dc.variablesRequest({ variablesReference: ref })).body.variables;

test('a page shared copy-on-write after fork says so, as futexlab/state does', async () => {
  const stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page' });
  expect(stop.body.reason).toBe('exception'); // the wake, the page still shared
  const view = (await dc.customRequest('futexlab/state')).body.view;
  const k = await kernelVars(stop.body.threadId!);
  const pages = await children(k.get('pages')!.ref);
  expect(pages.map((p) => p.name)).toEqual(view.pages.map((p: { pfn: number }) => `pfn ${p.pfn}`));
  const fields = new Map((await children(pages[0].variablesReference)).map((v) => [v.name, v.value]));
  expect(view.pages[0].cowShared).toBe(true);
  expect(fields.get('cow shared')).toMatch(/^yes/);
});

test('swap slots are listed with their swap-cache page', async () => {
  const program = path.join(ROOT, 'examples/jamie-fork-swap.futex');
  let stop = await launchAndStop(dc, { program, strategy: 'pinned-page', stopOnEntry: true });
  let view = (await dc.customRequest('futexlab/state')).body.view;
  for (let i = 0; i < 50 && view.swap.length === 0; i++) {
    stop = await stepAndStop(dc, () => dc.stepInRequest({ threadId: stop.body.threadId! }));
    view = (await dc.customRequest('futexlab/state')).body.view;
  }
  expect(view.swap.length).toBeGreaterThan(0);
  const k = await kernelVars(stop.body.threadId!);
  expect(k.get('swap')!.value).toBe(`${view.swap.length} slot${view.swap.length === 1 ? '' : 's'}`);
  const slots = await children(k.get('swap')!.ref);
  expect(slots.map((s) => s.name)).toEqual(view.swap.map((s: { slot: number }) => `slot ${s.slot}`));
  const s0 = view.swap[0];
  expect(slots[0].value).toBe(`count ${s0.count}${s0.cachedPfn >= 0 ? `, in the swap cache as pfn ${s0.cachedPfn}` : ''}`);
  if (s0.cachedPfn >= 0) expect((await children(slots[0].variablesReference)).map((v) => v.name)).toContain('mapcount');
});

test('a filter lists one kind of child: indexed containers have no named ones, named ones no indexed ones', async () => {
  const stop = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page' });
  const frame = await topFrame(dc, stop.body.threadId!);
  const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
  const get = async (ref: number, filter?: 'named' | 'indexed') => (await dc.variablesRequest({ variablesReference: ref, filter })).body.variables;
  const kernel = scopes.find((s) => s.name === 'Kernel')!.variablesReference;
  const regs = scopes.find((s) => s.name === 'Registers')!.variablesReference;
  const process = scopes.find((s) => s.name.startsWith('Process'))!.variablesReference;
  expect((await get(regs)).length).toBeGreaterThan(0);
  expect(await get(regs, 'named')).toEqual(await get(regs));
  expect(await get(regs, 'indexed')).toEqual([]);
  expect(await get(kernel, 'indexed')).toEqual([]);
  const indexed = [...(await get(kernel)), ...(await get(process))].filter((v) => v.indexedVariables! > 0);
  expect(indexed.map((v) => v.name).sort()).toEqual(['pages', 'tasks', 'vmas']);
  for (const v of indexed) {
    const all = await get(v.variablesReference, 'indexed');
    expect(all.length, v.name).toBe(v.indexedVariables);
    expect(await get(v.variablesReference, 'named'), v.name).toEqual([]);
  }
});
