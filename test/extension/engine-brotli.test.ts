// The .vsix ships the engine as out/engine.js.br (esbuild.js, .vscodeignore): out/load-engine.js
// compiles it as if it were out/engine.js. Here the package's bundles are built into a folder of
// their own, out/engine.js is removed, and the command line, its swarm of worker threads and the
// debug adapter's entry run from the compressed engine and print what the plain one prints.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runAsync, runOk } from '../helpers/run-async';

const root = join(__dirname, '..', '..');
let work: string;
let plain: string;
let packed: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'futexlab-engine-br-'));
  plain = join(work, 'plain');
  packed = join(work, 'packed');
  await runOk(process.execPath, [join(root, 'esbuild.js'), `--outdir=${plain}`], { cwd: root, timeoutMs: 240_000 });
  cpSync(plain, packed, { recursive: true, filter: (f) => basename(f) !== 'engine.js' && !f.endsWith('.map') });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the engine shipped brotli-compressed (out/engine.js.br)', () => {
  const example = join(root, 'examples', 'cow-fork-wrong-wakeup.futex');
  const mutex3 = join(root, 'examples', 'mutex3.futex');
  const cases: [string, string[]][] = [
    ['--version', ['--version']],
    ['run', ['run', example, '--strategy', 'pinned-page', '--json']],
    ['compare', ['compare', example]],
    ['explore on two worker threads', ['explore', mutex3, '--mode', 'pct', '--runs', '300', '--workers', '2', '--max-time', '0']],
  ];

  it('the packed folder has no out/engine.js, only its compressed copy and the loader', () => {
    expect(existsSync(join(packed, 'engine.js'))).toBe(false);
    expect(existsSync(join(packed, 'engine.js.br'))).toBe(true);
    expect(existsSync(join(packed, 'load-engine.js'))).toBe(true);
  });

  it.each(cases)('cli.js %s prints what the plain engine prints', async (_name, args) => {
    const a = await runAsync(process.execPath, [join(plain, 'cli.js'), ...args], { cwd: root });
    const b = await runAsync(process.execPath, [join(packed, 'cli.js'), ...args], { cwd: root });
    expect(b.stderr).toBe(a.stderr);
    expect(b.code).toBe(a.code);
    // explore prints its time; the rest is the same.
    const untimed = (s: string) => s.replace(/ in [\d.]+ s on/g, ' in T s on');
    expect(untimed(b.stdout)).toBe(untimed(a.stdout));
    expect(a.stdout.length).toBeGreaterThan(0);
  }, 120_000);

  it('the loader compiles the engine once per process, under the name out/engine.js', async () => {
    const script = `const l = require(${JSON.stringify(join(packed, 'load-engine.js'))});
      const a = l.loadEngine(); const b = l.loadEngine();
      console.log(a === b, typeof a.cli, typeof a.debugAdapter, Object.keys(require.cache).some((f) => f.endsWith('engine.js')));`;
    const r = await runOk(process.execPath, ['-e', script]);
    expect(r.stdout.trim()).toBe('true function function true');
  }, 60_000);
});
