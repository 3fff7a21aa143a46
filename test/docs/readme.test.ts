// Every command README.md writes is tested as it is written (#10 §1, §5). The `futexlab` lines of
// its sh blocks run through the installed package in test/pack/pack.test.ts; this file runs the
// rest in a copy of the repository (its node_modules linked: `npm ci` of this very run is the
// README's `npm install`), so that building there never rewrites the out/ other tests read:
//   - `npm install && npm start` prints the table the README quotes;
//   - `npm run package` writes the .vsix that `code --install-extension` names, of about the size
//     the README gives (the install itself is test/e2e's: code-server --install-extension);
//   - `npm run test:grammar` passes;
//   - every other `npm ...` command the README names, in a block or in the text, is a script of
//     package.json (`npm test` and the suites that need code-server cannot run inside `npm test`).
// A command of a new form fails "every command is one this file knows how to test".
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runAsync } from '../helpers/run-async';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Fenced blocks in order, with their language tag. */
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
/** Lines of the blocks that are commands (sh blocks, and the untagged blocks that hold commands). */
const COMMAND = /^(npm|npx|futexlab|code) /;
const commands = blocks.filter((b) => b.lang === 'sh' || b.lang === '')
  .flatMap((b) => b.body.split('\n'))
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => COMMAND.test(l));

/** Where each form of command is tested. */
const FORMS: [RegExp, string][] = [
  [/^(npx )?futexlab /, 'test/pack/pack.test.ts'],
  [/^npm install && npm start$/, 'here'],
  [/^npm run package$/, 'here'],
  [/^code --install-extension \S+\.vsix$/, 'here (the file) and test/e2e (the install)'],
  [/^npm (test|run [\w:]+)$/, 'here (a script of package.json)'],
];

let copy: string;

function run(cmd: string, args: string[]) {
  return runAsync(cmd, args, { cwd: copy, timeoutMs: 240_000 });
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'futexlab-readme-'));
  const skip = new Set(['node_modules', '.git', 'out', 'out-integration', 'test-results']);
  cpSync(root, copy, {
    recursive: true,
    filter: (src) => !skip.has(relative(root, src).split(/[\\/]/)[0]!) && !src.endsWith('.vsix'),
  });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
});

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('README.md commands, as written', () => {
  it('every command is one this file knows how to test', () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
    const unknown = commands.filter((c) => !FORMS.some(([re]) => re.test(c)));
    expect(unknown).toEqual([]);
  });

  it('`npm install && npm start` prints the table the README quotes', async () => {
    expect(commands).toContain('npm install && npm start');
    const r = await run(npm, ['start']);
    expect(r.code, r.stderr).toBe(0);
    // The untagged block that starts with the table's header.
    const table = blocks.find((b) => b.lang === '' && b.body.startsWith('strategy '))!.body.split('\n').filter((l) => l && l !== '...');
    expect(table.length).toBeGreaterThanOrEqual(3);
    const printed = r.stdout.split('\n').map((l) => l.trimEnd());
    for (const line of table) expect(printed).toContain(line.trimEnd());
  }, 300_000);

  it('`npm run package` writes the .vsix `code --install-extension` names, of about the size the README gives', async () => {
    expect(commands).toContain('npm run package');
    const install = commands.find((c) => c.startsWith('code --install-extension '))!;
    const vsix = install.split(' ')[2]!;
    expect(vsix).toBe(`${pkg.name}-${pkg.version}.vsix`);
    const r = await run(npm, ['run', 'package']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(copy, vsix))).toBe(true);
    const kb = statSync(join(copy, vsix)).size / 1024;
    const said = Number(/npm run package\s+#[^\n]*\(about (\d+) KB\)/.exec(readme)?.[1]);
    expect(said).toBeGreaterThan(0);
    expect(Math.abs(kb - said) / said, `${kb.toFixed(0)} KB, the README says about ${said} KB`).toBeLessThan(0.1);
  }, 300_000);

  it('`npm run test:grammar` passes', async () => {
    expect(readme).toContain('npm run test:grammar');
    const r = await run(npm, ['run', 'test:grammar']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 120_000);

  it('every `npm` command it and docs/development.md name, in a block or in the text, is a script of package.json', () => {
    const npmNamed = (text: string) => [...text.matchAll(/\bnpm (test|start|run ([\w:]+))\b/g)].map((m) => m[2] ?? m[1]!);
    const named = npmNamed(readme);
    expect(named).toEqual(expect.arrayContaining(['test', 'start', 'package', 'test:integration', 'test:e2e', 'bench', 'test:grammar']));
    const dev = npmNamed(readFileSync(join(root, 'docs', 'development.md'), 'utf8'));
    expect(dev).toEqual(expect.arrayContaining(['test', 'watch', 'build', 'bench']));
    expect([...named, ...dev].filter((s) => !(s in pkg.scripts))).toEqual([]);
  });
});
