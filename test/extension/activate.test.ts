// The bundled extension activates against a stand-in `vscode` module (fixtures/vscode-stub.cjs)
// and wires what package.json promises: every contributed command, the four views, the debug
// adapter factory and configuration provider, hover, completion and CodeLens. The vscode glue is
// otherwise only exercised by the end-to-end suite; this catches a broken activation early.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { example, session, stepUntil } from './helpers';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function activate() {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-ext-'));
  const outfile = join(dir, 'extension.js');
  // The package's bundles, built as `npm run build` builds them (out/extension.js requires
  // out/engine.js on first use), into a folder of their own so that a stale out/ is never tested.
  execFileSync(process.execPath, [join(root, 'esbuild.js'), `--outdir=${dir}`, '--metafile'], { cwd: root, stdio: 'pipe' });
  const s = session(example('cow-fork-wrong-wakeup.futex'), { strategy: 'pinned-page' });
  const viewFile = join(dir, 'view.json');
  writeFileSync(viewFile, JSON.stringify(stepUntil(s, (v) => v.waiterCount === 1)));
  // The fake session answers futexlab/state with the adapter's own paging code (issue 9).
  const pagesFile = join(dir, 'state-pages.cjs');
  buildSync({ entryPoints: [join(root, 'src', 'debug', 'state-pages.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: pagesFile, logLevel: 'error' });
  const sourcesFile = join(dir, 'state-sources.cjs');
  buildSync({ entryPoints: [join(root, 'src', 'debug', 'state-sources.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: sourcesFile, logLevel: 'error' });
  const out = execFileSync(process.execPath, [join(__dirname, 'fixtures', 'activate-runner.cjs'), outfile, viewFile, pagesFile, sourcesFile], { encoding: 'utf8' });
  const bundled = (name: string) => {
    const outputs = JSON.parse(readFileSync(join(dir, `${name}.meta.json`), 'utf8')).outputs as Record<string, { inputs: Record<string, unknown> }>;
    return Object.keys(Object.entries(outputs).find(([f]) => f.endsWith(`${name}.js`))![1].inputs);
  };
  return { ...JSON.parse(out), modules: { extension: bundled('extension'), engine: bundled('engine') } };
}

describe('activation', () => {
  const r = activate();

  it('registers every command package.json contributes', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(r.commands).toEqual(contributed);
  });

  it('creates the four views and fills them at a stop', () => {
    const ids = pkg.contributes.views.debug.map((v: { id: string }) => v.id);
    expect(Object.keys(r.trees).sort()).toEqual([...ids].sort());
    expect(r.trees['futexlab.hashTable'].description).toBe('1 waiter in 1/256 buckets');
    expect(r.trees['futexlab.waiters'].roots).toEqual([
      expect.objectContaining({ label: 'C/main', icon: 'pinned', command: 'futexlab.revealThread' }),
    ]);
    expect(r.trees['futexlab.vmas'].roots.map((n: { label: string }) => n.label)).toEqual(['P', 'C']);
    expect(r.trees['futexlab.pages'].roots[0].label).toBe('pfn 1');
  });

  it('fetches the top level at the stop and each view its lists by pages, never the whole state', () => {
    // Issue 9: the store asks for the top level; each view shown for the pages of what it shows
    // (no robust list and no PI word here: those views ask for nothing more).
    expect(r.stateRequests[0]).toEqual({ path: '' });
    expect(r.stateRequests).toContainEqual({ path: 'buckets', start: 0, count: 1 });
    expect(r.stateRequests).toContainEqual({ path: 'processes', start: 0, count: 2 });
    expect(r.stateRequests).toContainEqual(expect.objectContaining({ path: 'pages', start: 0 }));
    expect(r.stateRequests.filter((a: unknown) => a === null)).toHaveLength(0);
    expect(r.stateRequests.filter((a: { path?: string } | null) => a?.path === 'robust' || a?.path === 'pi')).toHaveLength(0);
  });

  it('reveals a bucket and a waiter through the links, and says when a row is not there', () => {
    expect(r.revealed).toMatchObject({ bucket: true, waiter: true, missing: false });
    expect(r.revealed.ids).toEqual(r.revealed.expected);
    expect(r.revealed.messages).toEqual(['Futex Lab: b9999 is not in the hashTable view at this stop.']);
  });

  it('activates without loading the engine, and loads it on first use', () => {
    // load-engine.ts: out/engine.js (parser, kernel, debug adapter) is not required by activate();
    // the providers driven after it (hover, completion, the inline adapter) load it.
    expect(r.engineAtActivation).toBe(false);
    expect(r.engineAfterUse).toBe(true);
  });

  it('ships the engine once: out/extension.js holds the vscode glue, out/engine.js the rest', () => {
    // A module of the engine imported straight into the glue (not through load-engine.ts) would
    // be bundled twice and loaded at activation. Allowed: the strategy ids and limits the
    // settings, pickers and launch checks name, and the count nouns of the views' descriptions
    // (lang/plural.ts) (a few hundred bytes).
    const SHARED = /^src\/(session\/options|kernel\/futex\/variants|kernel\/limits|lang\/options|lang\/lexer|lang\/plural)\.ts$/;
    const glue = r.modules.extension as string[];
    expect(glue.filter((f) => /^src\/(kernel|lang|session|debug|explore|cli|native)\//.test(f) && !SHARED.test(f))).toEqual([]);
    expect(glue.filter((f) => f.startsWith('node_modules/'))).toEqual([]);
    for (const f of ['src/extension/language.ts', 'src/extension/docs.ts', 'src/extension/timeline-render.ts', 'src/debug/session.ts', 'src/lang/parser.ts', 'src/cli/main.ts']) {
      expect(r.modules.engine, f).toContain(f);
    }
  });

  it('provides a debug adapter and resolves F5 on a .futex file', () => {
    // Inline when the adapter's session class is in the bundle (ARCHITECTURE.md), else a process.
    if (existsSync(join(root, 'src/debug/session.ts'))) expect(r.descriptor.kind).toBe('inline');
    else expect(r.descriptor).toEqual({ kind: 'executable', args: ['/ext/out/debugAdapter.js'] });
    expect(r.resolved).toMatchObject({ type: 'futex', request: 'launch', program: '/w/a.futex' });
    // package.json's initialConfigurations fill a new launch.json; the provider offering them too
    // made VS Code write each configuration twice.
    expect(r.providesInitial).toBe(false);
    expect(pkg.contributes.debuggers[0].initialConfigurations.length).toBeGreaterThan(0);
  });

  it('refuses a program that is not a runnable scenario in one line, before the adapter starts', () => {
    // launch.json refused; the bad scenario refused and pointed at Problems; the good one launched.
    expect(r.checked).toEqual([null, null, '/w/good.futex']);
    const [notScenario, errors] = r.messages;
    expect(notScenario).toBe('Futex Lab: launch.json is not a .futex scenario.');
    expect(errors).toMatch(/^Futex Lab: bad\.futex has errors.*; see Problems\. First: bad\.futex:3:\d+: error: /);
    expect(r.messages).toHaveLength(2);
  });

  it('lists each open scenario once in the dynamic picker', () => {
    expect(r.dynamic).toEqual(['Debug /w/bad.futex', 'Debug /w/good.futex']);
  });

  it('answers hover, completion and CodeLens', () => {
    expect(r.hover).toContain('futex_wait');
    expect(r.completions).toContain('gorman-2013');
    expect(r.lenses).toEqual(['futexlab.debugScenario', 'futexlab.runScenario', 'futexlab.compareStrategies', 'futexlab.exploreSchedules', ...(process.platform === 'linux' ? ['futexlab.runOnKernel'] : [])]);
  });
});
