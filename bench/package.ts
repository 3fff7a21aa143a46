// Package size (#10 §5: the .vsix at most 231 KB, vscode-mock-debug's being 231,557 B): build the
// package with `vsce package` exactly as `npm run package` does, into a temporary folder, and
// report its size and what each bundle weighs in it.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VSIX_GOAL_BYTES = 231_557;

export function benchPackage(log: (s: string) => void = console.log): number {
  const root = join(__dirname, '..');
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-vsix-'));
  try {
    const vsix = join(dir, 'futex-lab.vsix');
    execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: root, stdio: 'pipe' });
    const bytes = statSync(vsix).size;
    const bundles = ['engine.js', 'extension.js', 'webview-elements.js'].map((f) => `${f} ${(statSync(join(root, 'out', f)).size / 1024).toFixed(0)} KB`);
    log(`.vsix: ${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(1)} KB), goal <= ${VSIX_GOAL_BYTES.toLocaleString('en-US')} B: ${bytes <= VSIX_GOAL_BYTES ? 'met' : 'NOT met'}; minified bundles: ${bundles.join(', ')}`);
    return bytes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
