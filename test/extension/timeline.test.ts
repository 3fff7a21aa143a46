// The timeline (src/extension/timeline-model.ts) from real runs: lanes, wait marks, wake arrows
// between lanes, COW and anomaly marks, the current step, and the bounds on size.

import { describe, expect, it } from 'vitest';
import { MAX_LANES, buildTimeline } from '../../src/extension/timeline-model';
import { MARK_KINDS, noSessionHtml, stepWidth, timelineHtml, timelineSvg } from '../../src/extension/timeline-render';
import { FORK_THEN_WRITE, example, manyWaiters, session } from './helpers';

function run(text: string, strategy?: string) {
  const s = session(text, strategy ? { strategy } : {});
  s.run();
  return buildTimeline(s.events, s.k.s.tasks, s.anomalies);
}

describe('timeline', () => {
  const cow = run(example('cow-fork-wrong-wakeup.futex'), 'pinned-page');

  it('has one lane per thread', () => {
    expect(cow.lanes.map((l) => l.name)).toEqual(['P/main', 'C/main']);
  });

  it('draws the wrong wake-up as an arrow from P to C, with C\'s wait before it', () => {
    const wait = cow.marks.find((m) => m.kind === 'wait')!;
    expect(wait.lane).toBe(1);
    expect(cow.arrows).toHaveLength(1);
    const [a] = cow.arrows;
    expect([a!.from, a!.to]).toEqual([0, 1]);
    expect(a!.step).toBeGreaterThan(wait.step);
    expect(cow.marks.some((m) => m.kind === 'anomaly' && m.label.startsWith('wrong-wakeup'))).toBe(true);
  });

  it('under modern, P\'s wake wakes nobody and C times out', () => {
    const t = run(example('cow-fork-wrong-wakeup.futex'), 'modern');
    expect(t.arrows).toHaveLength(0);
    expect(t.marks.filter((m) => m.kind === 'wake').map((m) => m.lane)).toEqual([0]);
    expect(t.marks.some((m) => m.kind === 'timeout' && m.lane === 1)).toBe(true);
  });

  it('marks a signal as pending, not as interrupting the wait; -EINTR only where the waiter ran first (issue 15)', () => {
    const text = (tail: string) => `process P {\n  map w = anon private rw pages 1\n  thread t3 {\n    let r = futex_wait(w, 0)\n    print r\n  }\n  thread main {\n    sleep 10\n    signal t3\n${tail}    let n = futex_wake(w, 1)\n  }\n}\n`;
    const wakeFirst = run(text(''));
    const sig = wakeFirst.marks.filter((m) => m.kind === 'signal');
    expect(sig.map((m) => m.label)).toHaveLength(1);
    expect(sig[0]!.label).toMatch(/^signal pending, made runnable: a futex_wait stays queued until it runs/);
    expect(sig[0]!.label).not.toMatch(/interrupts/);
    expect(wakeFirst.arrows.map((a) => a.label)).toEqual([expect.stringMatching(/wakes P\/t3$/)]);
    const runsFirst = run(text('    yield\n'));
    expect(runsFirst.marks.filter((m) => m.kind === 'signal').map((m) => m.label)).toEqual([
      sig[0]!.label,
      'runs with the signal pending: unqueues itself, the wait returns -EINTR',
    ]);
    expect(runsFirst.arrows).toHaveLength(0);
  });

  it('marks COW breaks on the lane of the thread that wrote', () => {
    const t = run(FORK_THEN_WRITE);
    const cowMark = t.marks.find((m) => m.kind === 'cow')!;
    expect(t.lanes[cowMark.lane]!.name).toBe('C/main');
  });

  it('renders marks that report their step on click, and highlights the current step', () => {
    const svg = timelineSvg(cow, 3);
    const dx = stepWidth(cow.steps);
    expect(svg).toContain(`id="now" x="${150 + 3 * dx - dx / 2}"`);
    expect(svg).toContain(`data-step="${cow.arrows[0]!.step}"`);
    expect(svg).toContain('marker-end="url(#head)"');
    const html = timelineHtml(cow, 3, 'abc123', 'src');
    expect(html).toContain("script-src 'nonce-abc123'");
    expect(html).toContain('<script nonce="abc123">');
    expect(html).toContain("postMessage({ type: 'goto'");
    expect(html).not.toContain('<vscode-button');
    // With the components' script: a toolbar of @vscode-elements/elements, loaded with the nonce.
    const rich = timelineHtml(cow, 3, 'abc123', 'src', 'https://res/out/webview-elements.js');
    expect(rich).toContain('<script nonce="abc123" src="https://res/out/webview-elements.js"></script>');
    expect(rich).toMatch(/<vscode-button id="prev"[^>]*>Previous mark<\/vscode-button>/);
    expect(rich).toMatch(/<vscode-checkbox data-kind="cow" checked title="[^"]+"><svg class="icon"[^>]*>.*?<\/svg>cow<\/vscode-checkbox>/);
    expect(rich).toContain(`${cow.marks.length} marks`);
    // One mark (a thread's exit): "1 mark" on the badge.
    const one = run('process P {\n  map w = anon private rw pages 1\n  thread a {\n    store w, 1\n  }\n}');
    expect(one.marks.map((m) => m.kind)).toEqual(['exit']);
    expect(timelineHtml(one, 0, 'n', 'src', 'https://res/e.js')).toContain('<vscode-badge variant="counter">1 mark</vscode-badge>');
  });

  it('has a legend entry and a filter for every kind of mark, and the wake-up arrow', () => {
    const html = timelineHtml(cow, 0, 'n', 'src', 'https://res/e.js');
    // With the components, each filter checkbox is its kind's legend entry (shape, name, meaning).
    for (const { kind } of MARK_KINDS) {
      expect(html).toMatch(new RegExp(`<vscode-checkbox data-kind="${kind}" checked title="[^"]+"><svg class="icon"[^>]*><g fill="[^"]+">.*?</g></svg>${kind}</vscode-checkbox>`));
    }
    expect(html).toContain('</svg>wake-up</span>');
    // Without them, a plain legend.
    const plain = timelineHtml(cow, 0, 'n');
    for (const { kind } of MARK_KINDS) expect(plain).toMatch(new RegExp(`<span title="[^"]+"><svg class="icon"[^>]*><g fill="[^"]+">.*?</g></svg>${kind}</span>`));
    expect(plain).toContain('</svg>wake-up</span>');
    expect(MARK_KINDS.map((k) => k.kind).sort()).toEqual(['anomaly', 'cow', 'exit', 'requeue', 'signal', 'swap', 'timeout', 'wait', 'wake']);
  });

  it('fits the panel and zooms: every mark is placed by its step for the page to lay out again', () => {
    const html = timelineHtml(cow, 0, 'n');
    for (const id of ['zoom-in', 'zoom-out', 'zoom-fit']) expect(html).toContain(`id="${id}"`);
    const svg = timelineSvg(cow, 0);
    const placed = [...svg.matchAll(/<g class="(?:mark \w+|arrow)" data-step="(\d+)" transform="translate\(([\d.]+) 0\)"/g)];
    expect(placed).toHaveLength(cow.marks.length + cow.arrows.length);
    const dx = stepWidth(cow.steps);
    for (const [, step, x] of placed) expect(Number(x)).toBe(150 + Number(step) * dx);
  });

  it('stacks marks of one thread at one step instead of drawing them on top of each other', () => {
    const t = { lanes: [{ tid: 0, name: 'T' }], steps: 4, truncated: false, arrows: [], marks: [
      { step: 2, lane: 0, kind: 'cow' as const, label: 'COW' }, { step: 2, lane: 0, kind: 'wait' as const, label: 'wait' }, { step: 3, lane: 0, kind: 'exit' as const, label: 'exit' },
    ] };
    const svg = timelineSvg(t, 0);
    const cowY = Number(/class="mark cow"[^>]*>.*?<rect x="-5" y="([\d.-]+)"/.exec(svg)![1]) + 5;
    const waitY = Number(/class="mark wait"[^>]*>.*?<circle cx="0" cy="([\d.-]+)"/.exec(svg)![1]);
    expect(Math.abs(cowY - waitY)).toBeGreaterThanOrEqual(9);
    expect((cowY + waitY) / 2).toBe(24 + 14); // centred on the lane
  });

  it('says when no session runs', () => {
    expect(noSessionHtml('The debug session ended.')).toContain('<p>The debug session ended.</p>');
  });

  it('stays bounded with 10,000 threads', () => {
    const s = session(manyWaiters(10_000, 64));
    s.run(40_000);
    const t = buildTimeline(s.events, s.k.s.tasks, s.anomalies);
    expect(t.lanes).toHaveLength(MAX_LANES);
    expect(t.truncated).toBe(true);
    expect(timelineSvg(t, 0).length).toBeLessThan(2_000_000);
  });
});
