// Bundles Futex Lab into out/, minified (sourcemaps beside them for debugging; the package ships
// without them). `node esbuild.js --watch` rebuilds on every change (`npm run watch`).
//
// The engine (kernel, language, session) is bundled once: out/engine.js holds the command line,
// the debug adapter and the extension's engine half (src/extension/engine.ts: parser, hover,
// completion, symbols, launch check, timeline drawing). out/cli.js and out/debugAdapter.js are
// two-line files that call into it (the extension spawns them by those names, and
// bin/futexlab.js requires out/cli.js). out/extension.js holds only the vscode glue (commands,
// views, providers) and requires out/engine.js the first time a feature needs it
// (src/extension/load-engine.ts), so activation does not load it (bench/activation.ts, and the
// package size, bench/package.ts).
// Entry points whose source does not exist yet are skipped.
//
// out/examples.json.br holds examples/*.futex for the .vsix, which ships it instead of the ~50 files
// (src/extension/examples.ts: Open Example copies one into the user's workspace).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { compactCPlugin } = require('./scripts/compact-c');

const ENGINE = `
import { DebugSession } from '@vscode/debugadapter';
import { FutexDebugSession } from './src/debug/session';
// runMain: the CLI without process.exit, for bench/hostile.ts (in-process and in fresh processes).
export { cli, runMain } from './src/cli/main';
export { FutexDebugSession };
// What out/extension.js loads on first use (src/extension/load-engine.ts).
export * from './src/extension/engine';
/** What src/debug/main.ts does, on demand: DAP over stdio, or a socket with --server=PORT. */
export function debugAdapter() { DebugSession.run(FutexDebugSession); }
`;

const SHIMS = {
  'cli.js': "// The command line, in the shared engine bundle (esbuild.js).\nconst engine = require('./load-engine.js').loadEngine();\nmodule.exports = engine;\nif (require.main === module) engine.cli();\n",
  'debugAdapter.js': "// The debug adapter as a process, in the shared engine bundle (esbuild.js).\nrequire('./load-engine.js').loadEngine().debugAdapter();\n",
  // out/engine.js where it is (the npm package, a development build), else out/engine.js.br,
  // which the .vsix ships instead (writeEngineBrotli), compiled as if it were out/engine.js: same
  // __dirname, same require.cache entry, so it is loaded once per process either way.
  'load-engine.js': `// Loads the shared engine bundle: out/engine.js, or the .vsix's out/engine.js.br (esbuild.js).
'use strict';
const fs = require('fs');
const path = require('path');
const file = path.join(__dirname, 'engine.js');
exports.loadEngine = function loadEngine() {
  if (require.cache[file]) return require.cache[file].exports;
  if (fs.existsSync(file)) return require(file);
  const Module = require('module');
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(__dirname);
  require.cache[file] = m;
  try {
    m._compile(require('zlib').brotliDecompressSync(fs.readFileSync(file + '.br')).toString('utf8'), file);
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  m.loaded = true;
  return m.exports;
};
`,
};

/**
 * In out/extension.js, src/extension/load-engine.ts (a plain import of the extension's engine half,
 * src/extension/engine.ts, for the tests) becomes a require of out/engine.js on first use: the
 * engine is shipped once, and activation does not load it.
 */
const engineOnDemand = {
  name: 'engine-on-demand',
  setup(build) {
    build.onResolve({ filter: /^\.\/load-engine$/ }, (args) =>
      args.importer.includes(path.join('src', 'extension')) ? { path: 'load-engine', namespace: 'engine-on-demand' } : undefined);
    build.onResolve({ filter: /^\.\/load-engine\.js$/, namespace: 'engine-on-demand' }, () => ({ path: './load-engine.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'engine-on-demand' }, () => ({
      contents: 'let loaded;\nexport function engine() { return loaded ??= require("./load-engine.js").loadEngine(); }\n',
      loader: 'js',
    }));
  },
};

// The native runner's C runtime (the String.raw templates of src/native/) without its comments
// and indentation: ~12 KB less in out/engine.js, ~4 KB in the .vsix (scripts/compact-c.js; the
// sources keep their comments; test/native/compact-c.test.ts runs programs built with both).
const compactCRuntime = compactCPlugin(__dirname);

/**
 * In watch mode, lines for the problem matcher of .vscode/tasks.json ("npm: watch"): one
 * started/finished pair for the first build of every bundle, then one per rebuild.
 */
let watching = false;
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => { if (watching) console.log('[watch] build started'); });
    build.onEnd((r) => {
      for (const e of r.errors) console.log(`${e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}` : 'esbuild.js:1:1'}: error: ${e.text}`);
      if (watching) console.log('[watch] build finished');
    });
  },
};

const entries = [
  { stdin: ENGINE, needs: ['src/cli/main.ts', 'src/debug/session.ts'], out: 'engine', platform: 'node' },
  { in: 'bench/bench.ts', out: 'bench', platform: 'node', packaged: false },
  { in: 'src/extension/extension.ts', out: 'extension', platform: 'node', external: ['vscode'], plugins: [engineOnDemand] },
  { in: 'src/extension/webview/elements.ts', out: 'webview-elements', platform: 'browser', format: 'iife' },
];

/**
 * out/examples.json.br: `{ examples: { NAME.futex: TEXT } }`, by name, brotli-compressed (17.8 KB;
 * the zip's deflate made 20.7 KB of the JSON, and 40 KB of the files one by one). Node's zlib
 * reads it (src/extension/examples.ts).
 */
/**
 * out/engine.js.br: the engine bundle brotli-compressed, which the .vsix ships in place of
 * out/engine.js (.vscodeignore): 130 KB where the zip's deflate makes 151 KB of it. out/load-engine.js
 * decompresses it on first use (about 2 ms, once per process; not at activation).
 */
function writeEngineBrotli(outdir) {
  const file = path.join(outdir, 'engine.js');
  if (!fs.existsSync(file)) return;
  const js = fs.readFileSync(file);
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: js.length };
  fs.writeFileSync(file + '.br', zlib.brotliCompressSync(js, { params }));
}

function writeExamples(outdir) {
  const dir = path.join(__dirname, 'examples');
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.futex')).sort();
  const examples = Object.fromEntries(names.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  const json = Buffer.from(JSON.stringify({ examples }));
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length };
  fs.writeFileSync(path.join(outdir, 'examples.json.br'), zlib.brotliCompressSync(json, { params }));
}

async function main() {
  const watch = process.argv.includes('--watch');
  // --outdir=DIR: build elsewhere than out/ (test/extension/activate.test.ts builds the package's
  // bundles into a temporary folder, so that it never tests a stale out/).
  const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? path.join(__dirname, 'out');
  // --metafile: also write NAME.meta.json beside each bundle (esbuild's list of the modules in it;
  // the activate test checks that out/extension.js holds no engine module).
  const withMeta = process.argv.includes('--metafile');
  const contexts = [];
  const version = require('./package.json').version;
  fs.mkdirSync(outdir, { recursive: true });
  if (watch) console.log('[watch] build started');
  for (const e of entries) {
    if (!(e.needs ?? [e.in]).every((f) => fs.existsSync(path.join(__dirname, f)))) continue;
    if (e.packaged === false && outdir !== path.join(__dirname, 'out')) continue;
    const options = {
      ...(e.stdin ? { stdin: { contents: e.stdin, resolveDir: __dirname, loader: 'ts', sourcefile: 'engine.ts' } } : { entryPoints: [path.join(__dirname, e.in)] }),
      outfile: path.join(outdir, e.out + '.js'),
      bundle: true,
      platform: e.platform,
      format: e.format ?? 'cjs',
      target: e.platform === 'browser' ? 'es2022' : 'node20',
      minify: true,
      sourcemap: true,
      external: e.external ?? [],
      plugins: [...(e.plugins ?? []), compactCRuntime, ...(watch ? [watchLog] : [])],
      logLevel: 'warning',
      // `futexlab --version` (src/cli/version.ts).
      define: { FUTEXLAB_VERSION: JSON.stringify(version) },
      metafile: withMeta,
    };
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.rebuild().catch(() => undefined); // errors are printed by watchLog
      contexts.push(ctx);
    } else {
      const result = await esbuild.build(options);
      if (withMeta) fs.writeFileSync(path.join(outdir, e.out + '.meta.json'), JSON.stringify(result.metafile));
    }
  }
  for (const [name, text] of Object.entries(SHIMS)) fs.writeFileSync(path.join(outdir, name), text);
  writeExamples(outdir);
  if (!watch) writeEngineBrotli(outdir);
  if (watch) {
    for (const ctx of contexts) await ctx.watch();
    watching = true;
    console.log('[watch] build finished: out/ is rebuilt on every change');
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
