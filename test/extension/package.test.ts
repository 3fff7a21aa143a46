// What the .vsix holds (`vsce ls` reads .vscodeignore; npm pack reads .npmignore,
// test/pack/pack.test.ts): the bundles, the language files, the icons, the walkthrough, README,
// CHANGELOG, LICENSE and the examples as one brotli-compressed file, and no node_modules, src or test.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseExampleBundle } from '../../src/extension/examples';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package contents', () => {
  const files = execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .split('\n').map((l) => l.trim()).filter(Boolean);

  it('ships the bundles, language files, icon, docs and examples', () => {
    for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'language-configuration.json', 'syntaxes/futex.tmLanguage.json', 'snippets/futex.json', 'media/icon.png', 'out/extension.js', 'out/engine.js.br', 'out/load-engine.js', 'out/webview-elements.js', 'out/examples.json.br', 'LICENSE', 'media/futex-file.svg']) {
      expect(files).toContain(f);
    }
    for (const s of pkg.contributes.walkthroughs[0].steps) expect(files).toContain(s.media.markdown);
    for (const i of Object.values(pkg.contributes.languages[0].icon) as string[]) expect(files).toContain(i.replace(/^\.\//, ''));
  });

  it('ships the examples as one file, out/examples.json.br, holding every examples/*.futex as it is', () => {
    expect(files.filter((f) => f.startsWith('examples/'))).toEqual([]);
    const bundle = parseExampleBundle(readFileSync(join(root, 'out', 'examples.json.br')), brotliDecompressSync);
    const dir = join(root, 'examples');
    const futex = readdirSync(dir).filter((f) => f.endsWith('.futex')).sort();
    expect(bundle.map((e) => e.name).sort()).toEqual(futex);
    for (const e of bundle) expect(e.text, e.name).toBe(readFileSync(join(dir, e.name), 'utf8'));
  });

  it('ships the engine once, brotli-compressed: out/engine.js.br and its loader, not out/engine.js', () => {
    expect(files).not.toContain('out/engine.js');
    expect(brotliDecompressSync(readFileSync(join(root, 'out', 'engine.js.br'))).equals(readFileSync(join(root, 'out', 'engine.js')))).toBe(true);
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
