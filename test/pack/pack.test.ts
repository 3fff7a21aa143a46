// The command as users install it (#10 §1): `npm pack`, the tarball installed into an empty
// folder, then the linked node_modules/.bin/futexlab and `npx futexlab` run there. Also every
// `futexlab` command the README writes in a ```sh block, run as written with the installed bin.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAsync, runOk } from '../helpers/run-async';

const root = join(__dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
let work: string;
let app: string;
let bin: string;

function sh(cmd: string, args: string[], cwd: string, input?: string) {
  return runAsync(cmd, args, { cwd, input, timeoutMs: 120_000 });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'futexlab-pack-'));
  app = join(work, 'app');
  // `npm pack` runs `prepare` (the build), so the tarball holds fresh bundles.
  await runOk(npm, ['pack', '--pack-destination', work], { cwd: root, timeoutMs: 300_000 });
  const tgz = readdirSync(work).find((f) => /^futex-lab-.*\.tgz$/.test(f));
  expect(tgz).toBeDefined();
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  await runOk(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tgz!)], { cwd: app, timeoutMs: 300_000 });
  bin = join(app, 'node_modules', '.bin', 'futexlab');
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('ships the bundles the bin needs, and no sources or maps', async () => {
    const pkg = join(app, 'node_modules', 'futex-lab');
    expect(readdirSync(join(pkg, 'out')).sort()).toEqual(expect.arrayContaining(['cli.js', 'engine.js', 'load-engine.js', 'extension.js', 'debugAdapter.js']));
    expect(readdirSync(join(pkg, 'out')).some((f) => f.endsWith('.map'))).toBe(false);
    expect(readdirSync(pkg)).not.toContain('src');
    expect(readdirSync(pkg)).toContain('examples');
  });

  for (const how of ['.bin', 'npx'] as const) {
    const cli = (args: string[], input?: string) =>
      how === '.bin' ? sh(bin, args, app, input) : sh(npx, ['--no-install', 'futexlab', ...args], app, input);
    const example = () => join(app, 'node_modules', 'futex-lab', 'examples', 'cow-fork-wrong-wakeup.futex');

    describe(how, () => {
      it('--help prints the usage and exits 0', async () => {
        const r = await cli(['--help']);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^usage: futexlab COMMAND FILE/);
        for (const c of ['run', 'compare', 'explore', 'replay', 'native']) expect(r.stdout).toMatch(new RegExp(`^  ${c} +\\w`, 'm'));
      });

      it('run prints the result and exits 1 on an anomaly', async () => {
        const r = await cli(['run', example(), '--strategy', 'pinned-page']);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^result: anomaly/m);
        expect(r.stdout).toContain('wrong-wakeup');
      });

      it('compare prints one row per strategy', async () => {
        const r = await cli(['compare', example()]);
        expect(r.stdout).toMatch(/^pinned-page\s+anomaly/m);
        expect(r.stdout).toMatch(/^modern\s+ok/m);
      });

      it('--version prints the version of the package installed', async () => {
        const version = JSON.parse(readFileSync(join(app, 'node_modules', 'futex-lab', 'package.json'), 'utf8')).version;
        const r = await cli(['--version']);
        expect(r).toMatchObject({ code: 0, stdout: `futexlab ${version}\n`, stderr: '' });
      });

      it('help explore and explore --help list the options with defaults and the exit codes', async () => {
        const a = await cli(['help', 'explore']);
        expect(a.code).toBe(0);
        expect(a.stdout).toMatch(/--max-time SECONDS\s+stop after this many seconds \(0: no time limit\); default: 60/);
        expect(a.stdout).toMatch(/^  3  a budget/m);
        expect((await cli(['explore', '--help'])).stdout).toBe(a.stdout);
      });

      it('an option that does not apply is a usage error on stderr, exit 2', async () => {
        const r = await cli(['compare', example(), '--strategy', 'modern']);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^futexlab compare: --strategy does not apply to compare/);
      });

      it("'-' reads the scenario from stdin; with --json an error is JSON on stdout too", async () => {
        const r = await cli(['run', '-', '--strategy', 'pinned-page', '--json'], readFileSync(example(), 'utf8'));
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stdout)).toMatchObject({ version: 1, file: '<stdin>', result: 'anomaly' });
        const bad = await cli(['run', '-', '--json'], 'scenario "x"\nprocess P {\n  frobnicate\n}\n');
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/^<stdin>:3:3: error: /);
        expect(JSON.parse(bad.stdout).error).toMatchObject({ exit: 2, diagnostics: [{ file: '<stdin>', line: 3, col: 3 }] });
      });

      it('explore with defaults ends with the verdict and no progress lines when stderr is not a terminal', async () => {
        const r = await cli(['explore', example(), '--strategy', 'pinned-page']);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^counterexample/m);
        expect(r.stderr).toBe('');
      });

      it('a language error exits 2 with FILE:LINE:COL', async () => {
        const bad = join(work, 'bad.futex');
        writeFileSync(bad, 'scenario "x"\nprocess P {\n  frobnicate\n}\n');
        const r = await cli(['run', bad]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:3: error: .*'frobnicate'`, 'm'));
        expect(r.stdout).toBe('');
      });
    });
  }
});

describe('progress on a terminal', () => {
  it('explore draws one live line on a terminal and erases it before the verdict', async () => {
    // util-linux `script` gives the command a pseudo-terminal for stdout and stderr.
    const mutex2 = join(app, 'node_modules', 'futex-lab', 'examples', 'mutex2.futex');
    const r = await sh('script', ['-qfec', `${bin} explore ${mutex2} --max-time 5`, '/dev/null'], app);
    expect(r.code).toBe(3);
    const live = r.stdout.match(/\r\x1b\[Kexplore: [\d,]+ states, [\d,]+ schedules, [\d,]+ states\/s, \d+ s of 5 s/g) ?? [];
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toMatch(/\r\x1b\[K\r?\n?the time budget \(--max-time 5 s\) ran out/);
    expect(r.stdout).not.toMatch(/explore: [^\r]*\n/); // no progress line is left behind
  });
});

describe('README commands, as written', () => {
  // Lines of ```sh blocks that start with `futexlab` or `npx futexlab`; run from the clone's root
  // (where the README's paths point) with the installed bin.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const commands = blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => /^(npx )?futexlab /.test(l));

  it('the README has futexlab commands to run', async () => {
    expect(commands.length).toBeGreaterThanOrEqual(4);
  });

  it.each(commands)('%s', async (line) => {
    const args = line.replace(/^(npx )?futexlab /, '').split(/\s+/);
    const r = await sh(bin, args, root);
    // 0 ok, 1 a failure found (the point of most examples); never a usage error or a crash.
    expect(r.stderr).not.toMatch(/error|internal/i);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout.length).toBeGreaterThan(0);
  });
});
