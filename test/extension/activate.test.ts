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
  buildSync({ entryPoints: [join(root, 'src/extension/extension.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'silent' });
  const s = session(example('cow-fork-wrong-wakeup.futex'), { strategy: 'pinned-page' });
  const viewFile = join(dir, 'view.json');
  writeFileSync(viewFile, JSON.stringify(stepUntil(s, (v) => v.waiterCount === 1)));
  const out = execFileSync(process.execPath, [join(__dirname, 'fixtures', 'activate-runner.cjs'), outfile, viewFile], { encoding: 'utf8' });
  return JSON.parse(out);
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
