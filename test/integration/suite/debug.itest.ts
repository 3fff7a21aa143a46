/// <reference types="mocha" />
// A real debug session in the extension host: vscode.debug.startDebugging on an example, a line
// breakpoint, the stop, the custom `futexlab/state` request, and the four kernel-state views'
// data read through their TreeDataProviders (activate()'s exports) as VS Code reads them.
//
// Scenario (examples/cow-fork-wrong-wakeup.futex under pinned-page): P forks C without writing
// the word again, so the word's page is COW-shared; C queues on it (futex_wait, line 13); P stops
// at its futex_wake (line 17) with C queued on (pfn, +0x0) and the page pinned for C.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KernelView } from '../../../src/kernel/snapshot';
import type { ViewNode } from '../../../src/extension/views/node';
import { AdapterRecorder, EXAMPLE, api, lineOf, openExample, stopAll, until } from './helpers';

/** `let n = futex_wake(word, 1)`, 1-based (found in the example when it opens). */
let WAKE_LINE = 0;

/** A view's rows, every node expanded, as `label  description` lines indented by depth. */
async function rows(provider: vscode.TreeDataProvider<ViewNode>, node?: ViewNode, depth = 0): Promise<string[]> {
  const out: string[] = [];
  for (const child of (await provider.getChildren(node)) ?? []) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : item.label?.label;
    out.push(`${'  '.repeat(depth)}${label}${item.description ? `  ${String(item.description)}` : ''}`);
    if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) out.push(...await rows(provider, child, depth + 1));
  }
  return out;
}

describe('a debug session in the extension host', function () {
  this.timeout(60_000);
  const recorder = new AdapterRecorder();
  let session: vscode.DebugSession;
  let breakpoint: vscode.SourceBreakpoint;
  let state: { view: KernelView; step: number; result: string | null };

  before(async () => {
    await stopAll();
    const doc = await openExample();
    WAKE_LINE = lineOf(doc, 'let n = futex_wake(word, 1)') + 1;
    breakpoint = new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(WAKE_LINE - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const seen = recorder.sessions.length;
    const started = await vscode.debug.startDebugging(undefined, {
      type: 'futex', request: 'launch', name: 'COW fork under pinned-page', program: doc.uri.fsPath, strategy: 'pinned-page', stopOnEntry: false,
    });
    assert.equal(started, true, 'startDebugging returned false');
    session = await recorder.session(seen, 'startDebugging');
  });

  after(async () => {
    vscode.debug.removeBreakpoints([breakpoint]);
    await stopAll();
    recorder.dispose();
  });

  it('stops at the line breakpoint on the wake', async () => {
    const stop = await recorder.stopped(session);
    assert.equal(stop.body?.reason, 'breakpoint', `stopped for ${JSON.stringify(stop.body)}`);
    const threads = (await session.customRequest('threads')) as { threads: { id: number; name: string }[] };
    const p = threads.threads.find((t) => t.id === stop.body?.threadId);
    assert.match(p?.name ?? '', /^P\/main/, `stopped thread ${JSON.stringify(p)} of ${JSON.stringify(threads.threads)}`);
    const trace = (await session.customRequest('stackTrace', { threadId: stop.body?.threadId, startFrame: 0, levels: 1 })) as { stackFrames: { line: number; source?: { path?: string } }[] };
    assert.equal(trace.stackFrames[0]?.line, WAKE_LINE);
    assert.ok(trace.stackFrames[0]?.source?.path?.endsWith(EXAMPLE));
  });

  it('answers futexlab/state with the kernel at the stop: C queued on the COW-shared page', async () => {
    state = (await session.customRequest('futexlab/state')) as typeof state;
    const v = state.view;
    assert.equal(v.strategy, 'pinned-page');
    assert.equal(state.result, null, 'the run is not over');
    assert.equal(v.waiterCount, 1);
    assert.equal(v.buckets.length, 1);
    const [w] = v.buckets[0]!.waiters;
    assert.equal(w!.who, 'C/main');
    assert.match(w!.key, /^\(pfn \d+, \+0x0\)$/, 'pinned-page keys on the physical page');
    assert.ok(w!.pinned >= 0, 'pinned-page pins the page for the waiter');
    assert.deepEqual(v.processes.map((p) => p.name), ['P', 'C']);
    const page = v.pages.find((pg) => pg.pfn === w!.pinned);
    assert.ok(page?.cowShared, `pfn ${w!.pinned} is COW-shared: ${JSON.stringify(page)}`);
    assert.deepEqual(page.mappers.map((m) => m.process).sort(), ['C', 'P']);
  });

  it('fills the four views through their TreeDataProviders', async () => {
    const { store, views } = await api();
    await until('the views\' state at the stop', () => store.current?.step === state.view.step);
    const w = state.view.buckets[0]!.waiters[0]!;
    const hash = await rows(views.hashTable);
    // (Row 0 is the last futex call, checked below.)
    assert.deepEqual(hash.slice(1, 4), [
      `bucket ${w.bucket}  1 waiter, 1 key`,
      `  ${w.key}  1 waiter`,
      `    C/main  q${w.q} since step ${w.since} · pins pfn ${w.pinned}`,
    ], hash.join('\n'));
    const waiters = await rows(views.waiters);
    assert.equal(waiters[0], `C/main  ${w.key} · bucket ${w.bucket} · since step ${w.since} · pins pfn ${w.pinned}`, waiters.join('\n'));
    assert.ok(waiters.includes(`  pinned page  pfn ${w.pinned}`), waiters.join('\n'));
    const vmas = await rows(views.vmas);
    const top = vmas.filter((r) => !r.startsWith(' ')).map((r) => r.split('  ')[0]);
    assert.deepEqual(top, ['P', 'C'], vmas.join('\n'));
    assert.ok(vmas.some((r) => /^ {2}\S.*word/.test(r)), `the word's VMA under a process:\n${vmas.join('\n')}`);
    const pages = await rows(views.pages);
    const frame = pages.find((r) => r.startsWith(`pfn ${w.pinned}  `));
    assert.match(frame ?? '', /pins 1 · COW-shared/, pages.join('\n'));
  });

  it('shows the last futex call, and leads from a waiter to its bucket and page', async () => {
    const { views } = await api();
    const w = state.view.buckets[0]!.waiters[0]!;
    const hash = await rows(views.hashTable);
    assert.match(hash[0] ?? '', new RegExp(`^last: futex_wait  C/main · \\(pfn ${w.pinned}, \\+0x0\\) → bucket ${w.bucket} · queued q${w.q} · step ${w.since}$`), hash.join('\n'));
    // The waiter's rows: its bucket and page lead to the other views (futexlab.revealInView).
    const [waiter] = (await views.waiters.getChildren()) ?? [];
    const fields = (await views.waiters.getChildren(waiter)) ?? [];
    const items = await Promise.all(fields.map((f) => views.waiters.getTreeItem(f)));
    const bucket = items.find((i) => (typeof i.label === 'string' ? i.label : i.label?.label) === 'bucket');
    assert.deepEqual(bucket?.command?.arguments, ['hashTable', `b${w.bucket}`]);
    assert.equal(bucket?.command?.command, 'futexlab.revealInView');
    const page = items.find((i) => (typeof i.label === 'string' ? i.label : i.label?.label) === 'pinned page');
    assert.deepEqual(page?.command?.arguments, ['pages', `pfn${w.pinned}`]);
    // Following the links selects the rows in views that are on screen.
    for (const args of [bucket.command!.arguments!, page!.command!.arguments!]) {
      assert.equal(await vscode.commands.executeCommand('futexlab.revealInView', ...args), true, `revealInView ${args.join(' ')}`);
    }
    assert.equal(await vscode.commands.executeCommand('futexlab.revealInView', 'pages', 'pfn999'), false);
    const pages = await rows(views.pages);
    assert.ok(pages.includes(`  pinned for  C/main (q${w.q})`), pages.join('\n'));
  });

  it('clears the views when the session ends', async () => {
    const { store, views } = await api();
    await stopAll();
    await until('the store cleared', () => store.current === undefined);
    assert.deepEqual(await rows(views.hashTable), []);
    assert.deepEqual(await rows(views.pages), []);
  });
});
