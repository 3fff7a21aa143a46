// The command as users install it (#10 §1): `npm pack`, the tarball installed into an empty
// folder, then the linked node_modules/.bin/futexlab and `npx futexlab` run there. Also every
// `futexlab` command the README writes in a ```sh block, run as written with the installed bin.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let work: string;
let app: string;
let bin: string;

function sh(cmd: string, args: string[], cwd: string, input?: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', input, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'futexlab-pack-'));
  app = join(work, 'app');
  // `npm pack` runs `prepare` (the build), so the tarball holds fresh bundles.
  execFileSync(npm, ['pack', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
  const tgz = readdirSync(work).find((f) => /^futex-lab-.*\.tgz$/.test(f));
  expect(tgz).toBeDefined();
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tgz!)], { cwd: app, stdio: 'pipe' });
  bin = join(app, 'node_modules', '.bin', 'futexlab');
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('ships the bundles the bin needs, and no sources or maps', () => {
    const pkg = join(app, 'node_modules', 'futex-lab');
    expect(readdirSync(join(pkg, 'out')).sort()).toEqual(expect.arrayContaining(['cli.js', 'extension.js', 'debugAdapter.js']));
    expect(readdirSync(join(pkg, 'out')).some((f) => f.endsWith('.map'))).toBe(false);
    expect(readdirSync(pkg)).not.toContain('src');
    expect(readdirSync(pkg)).toContain('examples');
  });

  for (const how of ['.bin', 'npx'] as const) {
    const cli = (args: string[], input?: string) =>
      how === '.bin' ? sh(bin, args, app, input) : sh(npx, ['--no-install', 'futexlab', ...args], app, input);
    const example = () => join(app, 'node_modules', 'futex-lab', 'examples', 'cow-fork-wrong-wakeup.futex');

    describe(how, () => {
      it('--help prints the usage and exits 0', () => {
        const r = cli(['--help']);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('futexlab run FILE');
      });

      it('run prints the result and exits 1 on an anomaly', () => {
        const r = cli(['run', example(), '--strategy', 'pinned-page']);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^result: anomaly/m);
        expect(r.stdout).toContain('wrong-wakeup');
      });

      it('compare prints one row per strategy', () => {
        const r = cli(['compare', example()]);
        expect(r.stdout).toMatch(/^pinned-page\s+anomaly/m);
        expect(r.stdout).toMatch(/^modern\s+ok/m);
      });

      it('a language error exits 2 with FILE:LINE:COL', () => {
        const bad = join(work, 'bad.futex');
        writeFileSync(bad, 'scenario "x"\nprocess P {\n  frobnicate\n}\n');
        const r = cli(['run', bad]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:3: error: .*'frobnicate'`, 'm'));
        expect(r.stdout).toBe('');
      });
    });
  }
});

describe('README commands, as written', () => {
  // Lines of ```sh blocks that start with `futexlab` or `npx futexlab`; run from the clone's root
  // (where the README's paths point) with the installed bin.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const commands = blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => /^(npx )?futexlab /.test(l));

  it('the README has futexlab commands to run', () => {
    expect(commands.length).toBeGreaterThanOrEqual(4);
  });

  it.each(commands)('%s', (line) => {
    const args = line.replace(/^(npx )?futexlab /, '').split(/\s+/);
    const r = sh(bin, args, root);
    // 0 ok, 1 a failure found (the point of most examples); never a usage error or a crash.
    expect(r.stderr).not.toMatch(/error|internal/i);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
