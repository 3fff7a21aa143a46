// The "Compare strategies" page: the scenario run under every strategy (cli/compare.ts), one row
// each, as an HTML table styled with the theme's CSS variables, and below it why each anomaly
// happened. Pure: the webview only shows the string.

import type { RunJson } from '../session/report';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px; }
h1 { font-size: 1.3em; font-weight: 600; }
.file { color: var(--vscode-descriptionForeground); }
/* The panel is often narrow (beside the editor): the table scrolls sideways instead of breaking every cell. */
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 12px 0; }
th, td.strategy, td.num, td.result, .line, .anomaly { white-space: nowrap; }
th, td { text-align: left; vertical-align: top; padding: 4px 10px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); }
th { color: var(--vscode-descriptionForeground); font-weight: 600; }
tr:hover td { background: var(--vscode-list-hoverBackground); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .strategy { font-family: var(--vscode-editor-font-family); }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.bad { color: var(--vscode-errorForeground); font-weight: 600; }
.warn { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
ul.why li { margin: 4px 0; }
.muted { color: var(--vscode-descriptionForeground); }
`;

function resultClass(r: RunJson): string {
  if (r.result === 'ok') return 'ok';
  return r.result === 'step-limit' || r.result === 'output-limit' ? 'warn' : 'bad';
}

function row(r: RunJson): string {
  const output = r.output.map((o) => `<div class="line">${escapeHtml(o.thread)}: ${escapeHtml(o.text)}</div>`).join('') || '<span class="muted">-</span>';
  const anomalies = r.anomalies.map((a) => `<span class="bad anomaly">${escapeHtml(a.kind)}</span>`).join(', ') || '<span class="muted">-</span>';
  return `<tr>
<td class="strategy">${escapeHtml(r.strategy)}</td>
<td class="result ${resultClass(r)}">${escapeHtml(r.result)}</td>
<td>${output}</td>
<td>${anomalies}</td>
<td class="num">${r.stats.pinnedPagesMax}</td>
<td class="num">${r.stats.pageLockWaits}</td>
<td class="num">${r.stats.cowCopies}</td>
<td class="num">${r.steps}</td>
</tr>`;
}

/** The whole page. `cspSource` is the webview's own source, for the Content-Security-Policy. */
export function compareHtml(runs: readonly RunJson[], file: string, cspSource = ''): string {
  const title = runs[0]?.scenario ?? file;
  const notes = runs.flatMap((r) => r.anomalies.map((a) => `<li><span class="strategy">${escapeHtml(r.strategy)}</span>: <span class="bad">${escapeHtml(a.kind)}</span> at step ${a.step} (${escapeHtml(a.thread)}): ${escapeHtml(a.message)}</li>`));
  const csp = `default-src 'none'; style-src 'unsafe-inline' ${cspSource}`.trim();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Compare strategies</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="file">${escapeHtml(file)}</div>
<div class="scroll"><table>
<thead><tr><th>strategy</th><th>result</th><th>output</th><th>anomalies</th><th>pinned</th><th>page-lock waits</th><th>COW copies</th><th>steps</th></tr></thead>
<tbody>
${runs.map(row).join('\n')}
</tbody>
</table></div>
${notes.length ? `<h2>Why</h2>\n<ul class="why">\n${notes.join('\n')}\n</ul>` : '<p class="muted">No anomaly under any strategy.</p>'}
</body>
</html>`;
}
