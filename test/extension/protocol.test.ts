// The extension's side of the custom protocol (src/extension/protocol.ts) and the compare page.

import { describe, expect, it } from 'vitest';
import { kernelView } from '../../src/kernel/snapshot';
import { dapThreadId, endsSession, extractKernelView, frameSelection, refreshesState } from '../../src/extension/protocol';
import { FutexDebugSession } from '../../src/debug/session';
import { compareHtml, escapeHtml } from '../../src/extension/compare-html';
import { compareRuns } from '../../src/cli/compare';
import { loadProgram } from '../../src/session/load';
import { example, session } from './helpers';

describe('futexlab/state', () => {
  const view = kernelView(session(example('cow-fork-wrong-wakeup.futex')).k);

  it('takes the view the adapter sends under `view`, survives JSON', () => {
    const wire = JSON.parse(JSON.stringify(view));
    expect(extractKernelView({ view: wire, step: 3 })).toEqual(wire);
    expect(extractKernelView(wire)).toBeUndefined();
    expect(extractKernelView(undefined)).toBeUndefined();
    expect(extractKernelView({ view: { buckets: [] } })).toBeUndefined();
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
    // As src/debug/session.ts numbers them: id tid + 1.
    const threads = [{ id: 1, name: 'P/main' }, { id: 2, name: 'C/main' }, { id: 3, name: 'P/w #2' }, { id: 4, name: 'P/w #3' }];
    expect(dapThreadId(threads, { tid: 1 })).toBe(2);
    expect(dapThreadId(threads, { tid: 3 })).toBe(4);
    expect(dapThreadId(threads, { tid: 9 })).toBeUndefined();
  });

  it('selects the frame\'s line, 0-based', () => {
    expect(frameSelection({ line: 12, column: 5, source: { path: '/a.futex' } })).toEqual({ path: '/a.futex', start: { line: 11, character: 4 }, end: { line: 11, character: 4 } });
    expect(frameSelection({ line: 3, column: 1, endLine: 3, endColumn: 9, source: { path: '/a.futex' } })!.end).toEqual({ line: 2, character: 8 });
    expect(frameSelection({ line: 3, column: 1 })).toBeUndefined();
    expect(frameSelection(undefined)).toBeUndefined();
  });
});

describe('the inline debug session class', () => {
  it('is the FutexDebugSession that src/debug/session.ts exports', () => {
    expect(typeof FutexDebugSession).toBe('function');
    expect(new FutexDebugSession()).toBeInstanceOf(FutexDebugSession);
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
