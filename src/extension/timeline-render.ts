// The timeline page (timeline-model.ts builds the Timeline): one lane per thread, marks as SVG
// shapes, wake-ups as arrows, the current step's column highlighted.
//
// Layout: every mark, arrow and tick is placed by its step (`data-step`, a translate), so the page's
// script lays the SVG out again for the panel's width: "Fit" (the default) puts the whole run in
// the panel, +/- zoom around it, and the current step is scrolled into view. A 319-step run used to
// be drawn 1,113 px wide in a 496 px panel with the current step off-screen (ISSUE #10 section 4).
// Marks of one thread at one step (a wait and a COW break, say) are stacked in the lane, not drawn
// on top of each other. Pure: no `vscode` import.

import { escapeHtml } from './compare-html';
import { MAX_LANES, MAX_MARKS, type MarkKind, type Timeline, type TimelineMark } from './timeline-model';
import { plural } from '../lang/plural';

const LANE_H = 28;
const LEFT = 150;
const TOP = 24;
/** Room after the last step for its tick label. */
const RIGHT = 24;
/** Vertical distance between marks stacked at one (step, lane). */
const STACK_DY = 9;

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

/** Every kind, in the legend's and the filters' order, with what it means. */
export const MARK_KINDS: { kind: MarkKind; meaning: string }[] = [
  { kind: 'wait', meaning: 'futex_wait queued the thread' },
  { kind: 'wake', meaning: 'a wake that woke nobody (a wake-up is an arrow to the woken thread)' },
  { kind: 'timeout', meaning: 'the wait timed out' },
  { kind: 'signal', meaning: 'a signal reached the thread' },
  { kind: 'requeue', meaning: 'FUTEX_REQUEUE moved a waiter' },
  { kind: 'cow', meaning: 'a COW break copied a page' },
  { kind: 'swap', meaning: 'a page was swapped out or in' },
  { kind: 'exit', meaning: 'the thread exited' },
  { kind: 'anomaly', meaning: 'the oracle found an anomaly' },
];

/** Horizontal pixels per step before the page fits the run to its panel (and for tests). */
export function stepWidth(steps: number): number {
  return Math.max(3, Math.min(24, Math.floor(1200 / Math.max(1, steps))));
}

/** A mark's shape around (0, y): the group is translated to its step's x. */
function shape(kind: MarkKind, y: number): string {
  if (kind === 'anomaly') return `<path d="M0 ${y - 8} L7 ${y + 6} L-7 ${y + 6} Z"/>`;
  if (kind === 'cow' || kind === 'swap') return `<rect x="-5" y="${y - 5}" width="10" height="10"/>`;
  if (kind === 'exit') return `<rect x="-1.5" y="${y - 7}" width="3" height="14"/>`;
  if (kind === 'requeue' || kind === 'signal') return `<path d="M0 ${y - 6} L6 ${y} L0 ${y + 6} L-6 ${y} Z"/>`;
  return `<circle cx="0" cy="${y}" r="5"/>`;
}

function markShape(m: TimelineMark, x: number, y: number): string {
  const title = `<title>step ${m.step}: ${escapeHtml(m.label)}</title>`;
  return `<g class="mark ${m.kind}" data-step="${m.step}" transform="translate(${x} 0)" fill="${COLORS[m.kind]}">${title}${shape(m.kind, y)}</g>`;
}

/** For each mark, its offset in a stack of marks at the same step and lane (0 when alone). */
function stackOffsets(marks: readonly TimelineMark[]): number[] {
  const count = new Map<string, number>();
  for (const m of marks) count.set(`${m.step}/${m.lane}`, (count.get(`${m.step}/${m.lane}`) ?? 0) + 1);
  const seen = new Map<string, number>();
  return marks.map((m) => {
    const k = `${m.step}/${m.lane}`;
    const i = seen.get(k) ?? 0;
    seen.set(k, i + 1);
    return (i - ((count.get(k) ?? 1) - 1) / 2) * STACK_DY;
  });
}

/** The SVG of a timeline, with the current step's column highlighted (id `now`). */
export function timelineSvg(t: Timeline, currentStep: number): string {
  const dx = stepWidth(t.steps);
  const width = LEFT + (t.steps + 2) * dx + RIGHT;
  const height = TOP + t.lanes.length * LANE_H + 8;
  const x = (step: number) => LEFT + step * dx;
  const y = (lane: number) => TOP + lane * LANE_H + LANE_H / 2;
  const tracks = t.lanes.map((_, i) => `<line class="track" x1="${LEFT}" x2="${width}" y1="${y(i)}" y2="${y(i)}"/>`);
  // The thread names over a backdrop, drawn last: the page keeps them at the left edge when a
  // zoomed timeline scrolls (script(): the `names` group follows scrollLeft).
  const names = `<g id="names"><rect class="names-bg" x="0" y="${TOP - 4}" width="${LEFT - 8}" height="${height - TOP + 4}"/>${
    t.lanes.map((l, i) => `<text class="lane" x="6" y="${y(i) + 4}">${escapeHtml(l.name)}</text>`).join('')}</g>`;
  const arrows = t.arrows.map((a) => {
    // From just off the waker's lane (where a mark of the same step may sit) to the woken lane.
    const dir = a.to > a.from ? 1 : a.to < a.from ? -1 : 0;
    const y1 = y(a.from) + dir * 8;
    const y2 = y(a.to) - dir * 6;
    return `<g class="arrow" data-step="${a.step}" transform="translate(${x(a.step)} 0)"><title>step ${a.step}: ${escapeHtml(a.label)}</title><line x1="0" y1="${y1}" x2="0" y2="${y2}" marker-end="url(#head)"/></g>`;
  });
  const ticks: string[] = [];
  const every = Math.max(1, Math.ceil(60 / dx));
  for (let s = 0; s <= t.steps; s += every) ticks.push(`<text class="tick" x="${x(s)}" y="14">${s}</text>`);
  const offsets = stackOffsets(t.marks);
  return `<svg xmlns="http://www.w3.org/2000/svg" id="timeline" width="${width}" height="${height}" data-steps="${t.steps}">
<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="var(--vscode-charts-green)"/></marker></defs>
<rect id="now" x="${x(currentStep) - dx / 2}" y="${TOP - 4}" width="${Math.max(dx, 4)}" height="${height - TOP}" data-dx="${dx}" data-left="${LEFT}"/>
<g id="ticks">${ticks.join('')}</g>
${tracks.join('\n')}
${arrows.join('\n')}
${t.marks.map((m, i) => markShape(m, x(m.step), y(m.lane) + offsets[i]!)).join('\n')}
${names}
</svg>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 0; padding: 8px; }
.legend { line-height: 20px; }
.legend span, span.legend { margin-right: 12px; white-space: nowrap; }
svg.icon { vertical-align: middle; margin-right: 3px; }
.filters { display: flex; gap: 4px 12px; align-items: center; flex-wrap: wrap; margin-bottom: 4px; }
p.note { margin: 4px 0; }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
svg text.tick { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.track { stroke: var(--vscode-editorWidget-border, #8884); stroke-width: 1; }
.arrow line, line.arrow { stroke: var(--vscode-charts-green); stroke-width: 2; }
.mark, .arrow { cursor: pointer; }
.mark:hover, .arrow:hover { opacity: 0.7; }
#now { fill: var(--vscode-editor-findMatchHighlightBackground, #ea5c0055); }
.names-bg { fill: var(--vscode-editor-background); }
.note { color: var(--vscode-descriptionForeground); }
.scroll { overflow-x: auto; overflow-y: hidden; }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
.zoom button { font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 2px 8px; cursor: pointer; }
.zoom button:hover { background: var(--vscode-button-secondaryHoverBackground); }
${MARK_KINDS.map(({ kind }) => `body.hide-${kind} .mark.${kind}`).join(', ')}, body.hide-wake .arrow { display: none; }
`;

/** The legend: every kind of mark with its shape, and the wake-up arrow. */
const icon = (svg: string) => `<svg class="icon" width="14" height="14" viewBox="-8 -8 16 16">${svg}</svg>`;
const kindIcon = (kind: MarkKind) => icon(`<g fill="${COLORS[kind]}">${shape(kind, 0)}</g>`);
const ARROW_ICON = icon('<line class="arrow" x1="-6" y1="0" x2="4" y2="0" marker-end="url(#head)"/>');
const ARROW_MEANING = 'a wake-up: an arrow from the waker\'s lane to the woken thread\'s lane';

/** The legend without the components: every kind with its shape, and the wake-up arrow. */
function legend(): string {
  const item = (svg: string, label: string, title: string) => `<span title="${escapeHtml(title)}">${svg}${label}</span>`;
  return MARK_KINDS.map(({ kind, meaning }) => item(kindIcon(kind), kind, meaning)).join('') + item(ARROW_ICON, 'wake-up', ARROW_MEANING);
}

/**
 * The filters with the components: one checkbox per kind that is also its legend entry (the
 * shape, the name, the meaning as a tooltip), so that a narrow panel is not half legend.
 */
function filters(): string {
  const boxes = MARK_KINDS.map(({ kind, meaning }) => `<vscode-checkbox data-kind="${kind}" checked title="${escapeHtml(meaning)}">${kindIcon(kind)}${kind}</vscode-checkbox>`);
  return `<div class="filters">${boxes.join('')}<span class="legend" title="${escapeHtml(ARROW_MEANING)}">${ARROW_ICON}wake-up</span></div>`;
}

/** The page's script: clicks, the toolbar, the zoom and the layout for the panel's width. */
function script(): string {
  return `
const vscode = acquireVsCodeApi();
const svg = document.getElementById('timeline');
const now = document.getElementById('now');
const STEPS = Number(svg.dataset.steps), LEFT = Number(now.dataset.left), RIGHT = ${RIGHT};
const scroller = document.querySelector('.scroll');
const names = document.getElementById('names');
scroller.addEventListener('scroll', () => names.setAttribute('transform', 'translate(' + scroller.scrollLeft + ' 0)'));
let zoom = (vscode.getState() || {}).zoom || 1; // 1 = the whole run fits the panel
let dx = Number(now.dataset.dx);
const current = () => Number(document.getElementById('step').textContent);
function layout() {
  const room = Math.max(100, scroller.clientWidth - LEFT - RIGHT - 4);
  dx = Math.max(0.5, room / (STEPS + 2)) * zoom;
  const width = LEFT + (STEPS + 2) * dx + RIGHT;
  svg.setAttribute('width', String(width));
  for (const g of svg.querySelectorAll('.mark[data-step], .arrow[data-step]')) g.setAttribute('transform', 'translate(' + (LEFT + Number(g.dataset.step) * dx) + ' 0)');
  for (const l of svg.querySelectorAll('line.track')) l.setAttribute('x2', String(width));
  const every = Math.max(1, Math.ceil(60 / dx));
  let ticks = '';
  for (let s = 0; s <= STEPS; s += every) ticks += '<text class="tick" x="' + (LEFT + s * dx) + '" y="14">' + s + '</text>';
  document.getElementById('ticks').innerHTML = ticks;
  document.getElementById('zoom-level').textContent = zoom === 1 ? 'fit' : Math.round(zoom * 100) + '%';
  moveNow(current());
}
function moveNow(step) {
  now.setAttribute('x', String(LEFT + step * dx - Math.max(dx, 4) / 2));
  now.setAttribute('width', String(Math.max(dx, 4)));
  document.getElementById('step').textContent = String(step);
  now.scrollIntoView({ block: 'nearest', inline: 'center' });
}
function setZoom(z) {
  zoom = Math.min(64, Math.max(1, z));
  vscode.setState({ zoom });
  layout();
}
document.getElementById('zoom-in').addEventListener('click', () => setZoom(zoom * 2));
document.getElementById('zoom-out').addEventListener('click', () => setZoom(zoom / 2));
document.getElementById('zoom-fit').addEventListener('click', () => setZoom(1));
window.addEventListener('resize', layout);
document.addEventListener('click', (ev) => {
  const g = ev.target.closest('svg [data-step]');
  if (g && g.id !== 'now') vscode.postMessage({ type: 'goto', step: Number(g.dataset.step) });
});
// The toolbar: the nearest visible mark before / after the current step, and the kind filters.
const steps = () => [...document.querySelectorAll('.mark[data-step]')].filter((m) => m.getBoundingClientRect().width > 0).map((m) => Number(m.dataset.step)).sort((a, b) => a - b);
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
  if (ev.data.type === 'step') moveNow(ev.data.step);
});
layout();
`;
}

/**
 * The page: a toolbar of @vscode-elements/elements components (previous / next mark, one
 * checkbox per kind of mark) when `elementsUri` is given, the zoom, the legend, the SVG, and the
 * script that lays it out, moves the highlight and reports clicks.
 */
export function timelineHtml(t: Timeline, currentStep: number, nonce: string, cspSource = '', elementsUri = ''): string {
  const zoom = '<span class="zoom"><button id="zoom-out" title="Zoom out">−</button><button id="zoom-fit" title="Fit the whole run in the panel">Fit</button><button id="zoom-in" title="Zoom in">+</button></span>';
  const toolbar = elementsUri
    ? `<div class="toolbar"><vscode-button id="prev" secondary icon="arrow-left">Previous mark</vscode-button><vscode-button id="next" icon-after="arrow-right">Next mark</vscode-button>${zoom}<vscode-badge variant="counter">${plural(t.marks.length, 'mark')}</vscode-badge></div>${filters()}`
    : `<div class="legend">${legend()}</div><div class="toolbar">${zoom}</div>`;
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
<p class="note">zoom <span id="zoom-level">fit</span> · step <b id="step">${currentStep}</b> of ${t.steps}; click a mark to go there</p>
${t.truncated ? `<p class="note">Only the first ${MAX_LANES} threads and ${MAX_MARKS} marks are drawn.</p>` : ''}
<div class="scroll">${timelineSvg(t, currentStep)}</div>
<script nonce="${nonce}">${script()}</script>
</body>
</html>`;
}

/** The page when no session runs (the session ended, or none started yet). */
export function noSessionHtml(message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><style>body { font-family: var(--vscode-font-family); color: var(--vscode-descriptionForeground); padding: 8px; }</style></head><body><p>${escapeHtml(message)}</p></body></html>`;
}
