// The command as users install it: `npm pack`, the tarball installed into an empty folder, and the
// `futexlab` that npm links into node_modules/.bin, run directly and through `npx`. A bin that
// decided from process.argv[1] whether to run printed nothing through the link (issue 10).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir = '';

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'futexlab-pack-'));
  // `npm pack` runs `prepare`, which builds out/ first.
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }));
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  expect(files).toContain('out/cli.js');
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pack-test', version: '1.0.0', private: true }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tgz}`], { cwd: dir, encoding: 'utf8' });
  copyFileSync(join(root, 'examples', 'cow-fork-wrong-wakeup.futex'), join(dir, 'cow.futex'));
  writeFileSync(join(dir, 'bad.futex'), 'scenario "bad"\nprocess P {\n  thread main {\n    futex_wait(\n  }\n}\n');
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const bin = () => join(dir, 'node_modules', '.bin', 'futexlab');

describe('the packed and installed futexlab', () => {
  for (const how of ['.bin link', 'npx'] as const) {
    const run = (args: string[]) => (how === 'npx' ? sh(npm, ['exec', '--no', '--', 'futexlab', ...args]) : sh(bin(), args));

    it(`prints its usage with --help (${how})`, () => {
      const r = run(['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/futexlab run FILE/);
    });

    it(`runs a scenario (${how})`, () => {
      const r = run(['run', 'cow.futex', '--strategy', 'pinned-page']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/wrong-wakeup/);
      const ok = run(['run', 'cow.futex', '--json']);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout).result).toBe('ok');
    });

    it(`compares the strategies (${how})`, () => {
      const r = run(['compare', 'cow.futex']);
      expect(r.code).not.toBe(2);
      for (const s of ['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003', 'gorman-2013', 'modern']) expect(r.stdout).toContain(s);
    });

    it(`exits 2 with a located message on a syntax error (${how})`, () => {
      const r = run(['run', 'bad.futex']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/bad\.futex:\d+:\d+: error: /);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }
});
