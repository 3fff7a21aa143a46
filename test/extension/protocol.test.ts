// The extension's side of the custom protocol (src/extension/protocol.ts) and the compare page.

import { describe, expect, it } from 'vitest';
import { kernelView } from '../../src/kernel/snapshot';
import { dapThreadId, endsSession, extractKernelView, frameSelection, refreshesState, sessionClassOf } from '../../src/extension/protocol';
import { compareHtml, escapeHtml } from '../../src/extension/compare-html';
import { compareRuns } from '../../src/cli/compare';
import { loadProgram } from '../../src/session/load';
import { example, session } from './helpers';

describe('futexlab/state', () => {
  const view = kernelView(session(example('cow-fork-wrong-wakeup.futex')).k);

  it('takes the view as the body or under view/state/kernel, survives JSON', () => {
    const wire = JSON.parse(JSON.stringify(view));
    expect(extractKernelView(wire)).toEqual(wire);
    expect(extractKernelView({ view: wire })).toEqual(wire);
    expect(extractKernelView({ state: wire })).toEqual(wire);
    expect(extractKernelView({ kernel: wire })).toEqual(wire);
    expect(extractKernelView(undefined)).toBeUndefined();
    expect(extractKernelView({ buckets: [] })).toBeUndefined();
  });

  it('refreshes on stopped and invalidated events only', () => {
    expect(refreshesState({ type: 'event', event: 'stopped', body: { reason: 'step' } })).toBe(true);
    expect(refreshesState({ type: 'event', event: 'invalidated', body: {} })).toBe(true);
    expect(refreshesState({ type: 'event', event: 'output' })).toBe(false);
    expect(refreshesState({ type: 'response', command: 'stopped' })).toBe(false);
    expect(refreshesState(undefined)).toBe(false);
    expect(endsSession({ type: 'event', event: 'terminated' })).toBe(true);
  });
});

describe('selecting a waiter selects its thread', () => {
  it('maps a simulated thread to its DAP thread id', () => {
    // As src/debug/session.ts names them: id tid + 1, `NAME #TID` when names repeat.
    const threads = [{ id: 1, name: 'P/main' }, { id: 2, name: 'C/main' }, { id: 3, name: 'P/w #2' }, { id: 4, name: 'P/w #3' }];
    expect(dapThreadId(threads, { tid: 1, name: 'C/main' })).toBe(2);
    expect(dapThreadId(threads, { tid: 3, name: 'P/w' })).toBe(4);
    expect(dapThreadId(threads, { tid: 2, name: 'P/w' })).toBe(3);
    expect(dapThreadId([{ id: 0, name: 'A' }, { id: 1, name: 'B' }], { tid: 0, name: 'A' })).toBe(0);
    expect(dapThreadId(threads, { tid: 9, name: 'nobody' })).toBeUndefined();
    expect(dapThreadId([{ id: 5, name: 'C/main (blocked)' }], { tid: 1, name: 'C/main' })).toBe(5);
  });

  it('selects the frame\'s line, 0-based', () => {
    expect(frameSelection({ line: 12, column: 5, source: { path: '/a.futex' } })).toEqual({ path: '/a.futex', start: { line: 11, character: 4 }, end: { line: 11, character: 4 } });
    expect(frameSelection({ line: 3, column: 1, endLine: 3, endColumn: 9, source: { path: '/a.futex' } })!.end).toEqual({ line: 2, character: 8 });
    expect(frameSelection({ line: 3, column: 1 })).toBeUndefined();
    expect(frameSelection(undefined)).toBeUndefined();
  });
});

describe('the inline debug session class', () => {
  it('is FutexDebugSession, else the default export, else a class named *Session', () => {
    class FutexDebugSession {}
    class OtherSession {}
    expect(sessionClassOf({ FutexDebugSession, OtherSession })).toBe(FutexDebugSession);
    expect(sessionClassOf({ default: OtherSession })).toBe(OtherSession);
    expect(sessionClassOf({ helper: 1, OtherSession })).toBe(OtherSession);
    expect(sessionClassOf({})).toBeUndefined();
    expect(sessionClassOf(undefined)).toBeUndefined();
  });
});

describe('Compare strategies page', () => {
  const loaded = loadProgram(example('cow-fork-wrong-wakeup.futex'), 'examples/cow-fork-wrong-wakeup.futex');
  if (!loaded.ok) throw new Error('example does not load');
  const runs = compareRuns(loaded.program, 'examples/cow-fork-wrong-wakeup.futex');
  const html = compareHtml(runs, 'examples/cow-fork-wrong-wakeup.futex', 'vscode-webview://x');

  it('has one row per strategy with its result and anomalies', () => {
    for (const r of runs) {
      expect(html).toContain(`<td class="strategy">${r.strategy}</td>`);
      expect(html).toContain(`>${r.result}</td>`);
    }
    expect(html.match(/<tr>/g)).toHaveLength(runs.length + 1); // and the header row
    expect(runs.some((r) => r.anomalies.some((a) => a.kind === 'wrong-wakeup'))).toBe(true);
    expect(html).toContain('wrong-wakeup');
    expect(html).toContain('<h2>Why</h2>');
  });

  it('is styled with theme variables and allows no script', () => {
    expect(html).toContain('var(--vscode-foreground)');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('<script');
  });

  it('escapes what the scenario wrote', () => {
    expect(escapeHtml('<b a="1">&\'')).toBe('&lt;b a=&quot;1&quot;&gt;&amp;&#39;');
    const evil = runs.map((r) => ({ ...r, output: [{ step: 1, thread: 'T', text: '<img src=x>' }] }));
    expect(compareHtml(evil, 'f')).not.toContain('<img');
  });
});
