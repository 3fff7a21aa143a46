// Bundles every entry point of Futex Lab into out/. Entry points whose source does not exist yet
// are skipped, so each layer can land on its own.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const entries = [
  { in: 'src/cli/main.ts', out: 'cli', platform: 'node' },
  { in: 'bench/bench.ts', out: 'bench', platform: 'node' },
  { in: 'src/debug/main.ts', out: 'debugAdapter', platform: 'node' },
  { in: 'src/extension/extension.ts', out: 'extension', platform: 'node', external: ['vscode'] },
  { in: 'src/extension/webview/elements.ts', out: 'webview-elements', platform: 'browser', format: 'iife' },
];

async function main() {
  const watch = process.argv.includes('--watch');
  for (const e of entries) {
    if (!fs.existsSync(path.join(__dirname, e.in))) continue;
    const options = {
      entryPoints: [path.join(__dirname, e.in)],
      outfile: path.join(__dirname, 'out', e.out + '.js'),
      bundle: true,
      platform: e.platform,
      format: e.format ?? 'cjs',
      target: e.platform === 'browser' ? 'es2022' : 'node20',
      sourcemap: true,
      external: e.external ?? [],
      logLevel: 'warning',
      // `futexlab --version` (src/cli/version.ts).
      define: { FUTEXLAB_VERSION: JSON.stringify(require('./package.json').version) },
    };
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    } else {
      await esbuild.build(options);
    }
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
