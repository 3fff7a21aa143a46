// What the .vsix holds (`vsce ls` reads package.json "files", the one list npm pack reads too): the bundles, the language files, the
// icon, README, CHANGELOG and the examples, and no node_modules, src or test.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package contents', () => {
  const files = execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .split('\n').map((l) => l.trim()).filter(Boolean);

  it('ships the bundles, language files, icon, docs and examples', () => {
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'language-configuration.json', 'syntaxes/futex.tmLanguage.json', 'snippets/futex.json', 'media/icon.png', 'out/extension.js', 'out/engine.js', 'out/webview-elements.js', 'examples/cow-fork-wrong-wakeup.futex']) {
      expect(files).toContain(f);
    }
  });

  it('leaves out node_modules, sources, tests and source maps', () => {
    expect(files.filter((f) => /^(node_modules|src|test|bench|docs)\/|\.map$|\.ts$/.test(f))).toEqual([]);
  });

  it('has a 128x128 PNG icon', () => {
    expect(pkg.icon).toBe('media/icon.png');
    const png = readFileSync(join(root, pkg.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
  });

  it('packages with `npm run package`, bundled (no node_modules in the vsix)', () => {
    expect(pkg.scripts.package).toMatch(/^vsce package --no-dependencies/);
    expect(pkg.scripts['vscode:prepublish']).toBe('node esbuild.js');
  });
});
