// The timeline of a run: one lane per thread, futex waits and wake-ups (wakes are arrows from the
// waker's lane to each woken thread's lane), and marks for COW breaks, swap, timeouts, signals and
// the oracle's anomalies. Built from the kernel's typed events (kernel/events.ts), rendered as SVG.
//
// Pure: no `vscode` import. timeline.ts shows the page and forwards a click on a mark to the
// adapter (`futexlab/gotoStep`).

import type { KernelEvent } from '../kernel/events';
import { keyLabel } from '../kernel/snapshot';
import type { Anomaly } from '../session/oracle';
import { escapeHtml } from './compare-html';

export type MarkKind = 'wait' | 'wake' | 'timeout' | 'signal' | 'cow' | 'swap' | 'requeue' | 'exit' | 'anomaly';

export interface TimelineMark {
  step: number;
  /** Lane index (not tid). */
  lane: number;
  kind: MarkKind;
  label: string;
}

export interface TimelineArrow {
  step: number;
  from: number;
  to: number;
  label: string;
}

export interface Timeline {
  lanes: { tid: number; name: string }[];
  marks: TimelineMark[];
  arrows: TimelineArrow[];
  steps: number;
  /** Lanes or marks left out to keep the page small. */
  truncated: boolean;
}

export const MAX_LANES = 64;
export const MAX_MARKS = 5000;

/** The timeline being built: lanes by tid, and the bounded lists of marks and arrows. */
class Builder {
  readonly marks: TimelineMark[] = [];
  readonly arrows: TimelineArrow[] = [];
  readonly laneOf: Map<number, number>;
  truncated: boolean;

  constructor(readonly lanes: { tid: number; name: string }[], allThreads: number) {
    this.laneOf = new Map(lanes.map((l, i) => [l.tid, i]));
    this.truncated = allThreads > lanes.length;
  }

  private room(): boolean {
    if (this.marks.length + this.arrows.length < MAX_MARKS) return true;
    this.truncated = true;
    return false;
  }

  /** A mark on the lane of `tid`. */
  mark(step: number, tid: number, kind: MarkKind, label: string): void {
    const lane = this.laneOf.get(tid);
    if (lane !== undefined && this.room()) this.marks.push({ step, lane, kind, label });
  }

  arrow(step: number, fromTid: number, toTid: number, label: string): void {
    const from = this.laneOf.get(fromTid);
    const to = this.laneOf.get(toTid);
    if (from !== undefined && to !== undefined && this.room()) this.arrows.push({ step, from, to, label });
  }
}

/** What one event puts on the timeline. */
function addEvent(b: Builder, e: KernelEvent): void {
  switch (e.type) {
    case 'queue':
      if (e.tid >= 0) b.mark(e.step, e.tid, 'wait', `futex_wait on ${keyLabel(e.key)} (bucket ${e.bucket})`);
      return;
    case 'wake': {
      const woken = e.woken.filter((w) => b.laneOf.has(w.tid));
      if (woken.length === 0) b.mark(e.step, e.tid, 'wake', `${e.op} on ${keyLabel(e.key)}: woke ${e.ret}`);
      for (const w of woken) b.arrow(e.step, e.tid, w.tid, `${e.op} on ${keyLabel(e.key)} wakes ${w.who}`);
      return;
    }
    case 'unqueue':
      if (e.why === 'timeout') b.mark(e.step, e.tid, 'timeout', 'timed out');
      // The signalled waiter ran before any wake took it: it unqueues itself (kernel/signal.ts).
      if (e.why === 'signal' && e.tid >= 0) b.mark(e.step, e.tid, 'signal', 'runs with the signal pending: unqueues itself, the wait returns -EINTR');
      return;
    case 'signal':
      // A signal does not end a futex wait: the waiter stays queued until it runs, and a wake
      // before that wins (GROUND-TRUTH.md S35). Only a blocked poll returns -EINTR at once.
      b.mark(e.step, e.tid, 'signal', e.interrupted
        ? 'signal pending, made runnable: a futex_wait stays queued until it runs (a wake first makes it return 0), a poll returns -EINTR'
        : 'signal pending: the handler runs before its next statement');
      return;
    case 'requeue':
      b.mark(e.step, e.by, 'requeue', `requeue ${e.who}: ${keyLabel(e.from)} -> ${keyLabel(e.to)}`);
      return;
    case 'cow':
      b.mark(e.step, e.by, 'cow', `COW at 0x${e.addr.toString(16)}: pfn ${e.oldPfn} -> ${e.newPfn}${e.reused ? ' (reused)' : ''}`);
      return;
    case 'swap-out':
      b.mark(e.step, e.by, 'swap', `swap-out pfn ${e.pfn} to slot ${e.slot}`);
      return;
    case 'swap-in':
      b.mark(e.step, e.by, 'swap', `swap-in slot ${e.slot} to pfn ${e.pfn}`);
      return;
    case 'exit':
      b.mark(e.step, e.tid, 'exit', e.how);
      return;
    case 'owner-died': // the robust walk at thread end (kernel/futex/robust.ts)
      b.mark(e.step, e.tid, 'exit', `owner died: word 0x${(e.word >>> 0).toString(16)} at 0x${e.uaddr.toString(16)}, ${e.woke} woken`);
      return;
    default:
      return;
  }
}

/**
 * The timeline of `events`. `threads` are the run's threads by tid; `anomalies` the oracle's.
 * At most MAX_LANES lanes and MAX_MARKS marks (arrows count as marks); `truncated` says when
 * some were dropped.
 */
export function buildTimeline(events: readonly KernelEvent[], threads: readonly { tid: number; name: string }[], anomalies: readonly Anomaly[] = []): Timeline {
  const lanes = threads.slice(0, MAX_LANES).map((t) => ({ tid: t.tid, name: t.name }));
  const b = new Builder(lanes, threads.length);
  let steps = 0;
  for (const e of events) {
    steps = Math.max(steps, e.step);
    addEvent(b, e);
  }
  const tidByName = new Map(lanes.map((l) => [l.name, l.tid]));
  for (const a of anomalies) {
    const tid = tidByName.get(a.thread);
    if (tid !== undefined) b.mark(a.step, tid, 'anomaly', `${a.kind}: ${a.message}`);
    steps = Math.max(steps, a.step);
  }
  return { lanes, marks: b.marks, arrows: b.arrows, steps, truncated: b.truncated };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const LANE_H = 28;
const LEFT = 150;
const TOP = 24;

const COLORS: Record<MarkKind, string> = {
  wait: 'var(--vscode-charts-blue)',
  wake: 'var(--vscode-charts-green)',
  timeout: 'var(--vscode-charts-yellow)',
  signal: 'var(--vscode-charts-purple)',
  cow: 'var(--vscode-charts-orange)',
  swap: 'var(--vscode-charts-purple)',
  requeue: 'var(--vscode-charts-blue)',
  exit: 'var(--vscode-descriptionForeground)',
  anomaly: 'var(--vscode-errorForeground)',
};

/** Horizontal pixels per step: wide for short runs, at least 3 for long ones. */
export function stepWidth(steps: number): number {
  return Math.max(3, Math.min(24, Math.floor(1200 / Math.max(1, steps))));
}

function markShape(m: TimelineMark, x: number, y: number): string {
  const title = `<title>step ${m.step}: ${escapeHtml(m.label)}</title>`;
  const attrs = `class="mark ${m.kind}" data-step="${m.step}" fill="${COLORS[m.kind]}"`;
  if (m.kind === 'anomaly') return `<g ${attrs}>${title}<path d="M${x} ${y - 8} L${x + 7} ${y + 6} L${x - 7} ${y + 6} Z"/></g>`;
  if (m.kind === 'cow' || m.kind === 'swap') return `<g ${attrs}>${title}<rect x="${x - 5}" y="${y - 5}" width="10" height="10"/></g>`;
  return `<g ${attrs}>${title}<circle cx="${x}" cy="${y}" r="5"/></g>`;
}

/** The SVG of a timeline, with the current step's column highlighted (id `now`). */
export function timelineSvg(t: Timeline, currentStep: number): string {
  const dx = stepWidth(t.steps);
  const width = LEFT + (t.steps + 2) * dx;
  const height = TOP + t.lanes.length * LANE_H + 8;
  const x = (step: number) => LEFT + step * dx;
  const y = (lane: number) => TOP + lane * LANE_H + LANE_H / 2;
  const lanes = t.lanes.map((l, i) => `<text class="lane" x="6" y="${y(i) + 4}">${escapeHtml(l.name)}</text><line class="track" x1="${LEFT}" x2="${width}" y1="${y(i)}" y2="${y(i)}"/>`);
  const arrows = t.arrows.map((a) => {
    const y1 = y(a.from);
    const y2 = y(a.to) + (a.to > a.from ? -6 : a.to < a.from ? 6 : 0);
    return `<g class="arrow" data-step="${a.step}"><title>step ${a.step}: ${escapeHtml(a.label)}</title><line x1="${x(a.step)}" y1="${y1}" x2="${x(a.step)}" y2="${y2}" marker-end="url(#head)"/></g>`;
  });
  const ticks: string[] = [];
  const every = Math.max(1, Math.ceil(60 / dx));
  for (let s = 0; s <= t.steps; s += every) ticks.push(`<text class="tick" x="${x(s)}" y="14">${s}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="var(--vscode-charts-green)"/></marker></defs>
<rect id="now" x="${x(currentStep) - dx / 2}" y="${TOP - 4}" width="${Math.max(dx, 4)}" height="${height - TOP}" data-dx="${dx}" data-left="${LEFT}"/>
${ticks.join('')}
${lanes.join('\n')}
${arrows.join('\n')}
${t.marks.map((m) => markShape(m, x(m.step), y(m.lane))).join('\n')}
</svg>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 0; padding: 8px; }
.legend span { margin-right: 14px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; vertical-align: middle; }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
svg text.tick { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.track { stroke: var(--vscode-editorWidget-border, #8884); stroke-width: 1; }
.arrow line { stroke: var(--vscode-charts-green); stroke-width: 2; }
.mark, .arrow { cursor: pointer; }
.mark:hover, .arrow:hover { opacity: 0.7; }
#now { fill: var(--vscode-editor-findMatchHighlightBackground, #ea5c0055); }
.note { color: var(--vscode-descriptionForeground); }
.scroll { overflow: auto; }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
body.hide-wait .mark.wait, body.hide-wake .mark.wake, body.hide-wake .arrow, body.hide-timeout .mark.timeout,
body.hide-cow .mark.cow, body.hide-swap .mark.swap, body.hide-anomaly .mark.anomaly { display: none; }
`;

/**
 * The page: a toolbar of @vscode-elements/elements components (previous / next mark, one
 * checkbox per kind of mark) when `elementsUri` is given, the legend, the SVG, and a script that
 * moves the highlight and reports clicks.
 */
export function timelineHtml(t: Timeline, currentStep: number, nonce: string, cspSource = '', elementsUri = ''): string {
  const kinds = ['wait', 'wake', 'timeout', 'cow', 'swap', 'anomaly'] as MarkKind[];
  const legend = kinds.map((k) => `<span><i style="background:${COLORS[k]}"></i>${k}</span>`).join('');
  const toolbar = elementsUri
    ? `<div class="toolbar"><vscode-button id="prev" secondary icon="arrow-left">Previous mark</vscode-button><vscode-button id="next" icon-after="arrow-right">Next mark</vscode-button>${kinds.map((k) => `<vscode-checkbox data-kind="${k}" checked>${k}</vscode-checkbox>`).join('')}<vscode-badge variant="counter">${t.marks.length} marks</vscode-badge></div>`
    : '';
  const csp = `default-src 'none'; style-src 'unsafe-inline' ${cspSource}; script-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Timeline</title>
<style>${STYLE}</style>
</head>
<body>
${elementsUri ? `<script nonce="${nonce}" src="${elementsUri}"></script>` : ''}
${toolbar}
<div class="legend">${legend}<span class="note">step <b id="step">${currentStep}</b> of ${t.steps}; click a mark to go there</span></div>
${t.truncated ? `<p class="note">Only the first ${MAX_LANES} threads and ${MAX_MARKS} marks are drawn.</p>` : ''}
<div class="scroll">${timelineSvg(t, currentStep)}</div>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const now = document.getElementById('now');
document.addEventListener('click', (ev) => {
  const g = ev.target.closest('[data-step]');
  if (g && g.id !== 'now') vscode.postMessage({ type: 'goto', step: Number(g.dataset.step) });
});
// The toolbar: the nearest visible mark before / after the current step, and the kind filters.
const steps = () => [...document.querySelectorAll('.mark[data-step]')].filter((m) => m.getBoundingClientRect().width > 0).map((m) => Number(m.dataset.step)).sort((a, b) => a - b);
const current = () => Number(document.getElementById('step').textContent);
document.getElementById('prev')?.addEventListener('click', () => {
  const s = steps().filter((x) => x < current()).pop();
  if (s !== undefined) vscode.postMessage({ type: 'goto', step: s });
});
document.getElementById('next')?.addEventListener('click', () => {
  const s = steps().find((x) => x > current());
  if (s !== undefined) vscode.postMessage({ type: 'goto', step: s });
});
for (const box of document.querySelectorAll('vscode-checkbox[data-kind]')) {
  box.addEventListener('change', () => document.body.classList.toggle('hide-' + box.dataset.kind, !box.checked));
}
window.addEventListener('message', (ev) => {
  if (ev.data.type !== 'step') return;
  const dx = Number(now.dataset.dx), left = Number(now.dataset.left);
  now.setAttribute('x', String(left + ev.data.step * dx - dx / 2));
  document.getElementById('step').textContent = String(ev.data.step);
  now.scrollIntoView({ block: 'nearest', inline: 'center' });
});
</script>
</body>
</html>`;
}
