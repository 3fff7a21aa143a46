// Command-line conventions (#10 §2), through main() with its output captured: per-command help
// from the command table, options refused where they do not apply, '-' for stdin, the JSON
// format version, and the explore time budget.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main, errorJson, CliExit } from '../../src/cli/main';
import { COMMANDS } from '../../src/cli/commands';
import { JSON_FORMAT_VERSION, VERSION } from '../../src/cli/version';

const root = join(__dirname, '..', '..');
const example = join(root, 'examples', 'cow-fork-wrong-wakeup.futex');

async function call(argv: string[], stdin?: string): Promise<{ code: number; out: string; err: CliExit | null }> {
  const lines: string[] = [];
  try {
    const code = await main(argv, { out: (s) => lines.push(s), stdin: stdin === undefined ? undefined : () => stdin });
    return { code, out: lines.join('\n'), err: null };
  } catch (e) {
    if (!(e instanceof CliExit)) throw e;
    return { code: e.code, out: lines.join('\n'), err: e };
  }
}

describe('--version and help', () => {
  it('--version prints the package version', async () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    const r = await call(['--version']);
    expect(r).toMatchObject({ code: 0, out: `futexlab ${VERSION}` });
  });

  it('help CMD and CMD --help print the same text: every option with its meaning and default, and the exit codes', async () => {
    for (const c of COMMANDS) {
      const a = await call(['help', c.name]);
      const b = await call([c.name, '--help']);
      expect(a.code).toBe(0);
      expect(b).toEqual(a);
      for (const o of c.options) {
        expect(a.out).toContain(`--${o.name}`);
        if (o.default) expect(a.out.replace(/\s+/g, ' ')).toContain(`default: ${o.default}`);
      }
      expect(a.out).toMatch(/^exit status:$/m);
      for (const [code] of c.exits) expect(a.out).toMatch(new RegExp(`^  ${code}  `, 'm'));
    }
    const explore = (await call(['help', 'explore'])).out;
    expect(explore).toMatch(/--max-time SECONDS\s+stop after this many seconds \(0: no time limit\); default: 60/);
    expect(explore).toMatch(/^  3  a budget/m);
  });

  it('help with no command, or --help, prints the usage and exits 0; no arguments is a usage error', async () => {
    expect((await call(['help'])).code).toBe(0);
    expect((await call(['--help'])).out).toContain('futexlab help COMMAND');
    const r = await call([]);
    expect(r.code).toBe(2);
    expect(r.err!.message).toContain('usage: futexlab COMMAND FILE');
    expect((await call(['help', 'nope'])).err!.message).toBe("futexlab help: unknown command 'nope'");
    expect((await call(['--version', 'x'])).err!.message).toBe("futexlab --version: unexpected argument 'x'");
    expect(JSON.parse((await call(['--version', '--json'])).out)).toEqual({ version: JSON_FORMAT_VERSION, futexlab: VERSION });
  });
});

describe('options that do not apply', () => {
  it.each([
    [['compare', example, '--strategy', 'modern'], 'futexlab compare: --strategy does not apply to compare; it is an option of run, explore'],
    [['replay', example, 't.json', '--trace'], 'futexlab replay: --trace does not apply to replay; it is an option of run'],
    [['run', example, '--max-states=10'], 'futexlab run: --max-states does not apply to run; it is an option of explore'],
    [['native', example, '--strategy', 'modern'], 'futexlab native: --strategy does not apply to native; it is an option of run, explore'],
    [['run', example, '--bogus'], 'futexlab run: --bogus does not apply to run'],
    [['explore', example, '--seed', '3'], 'futexlab explore: --seed does not apply to --mode exhaustive (only to random, pct)'],
    [['explore', example, '--mode', 'random', '--preemptions', '2'], 'futexlab explore: --preemptions does not apply to --mode random (only to exhaustive)'],
    [['run'], 'futexlab run: missing FILE'],
    [['replay', example], 'futexlab replay: missing TRACE'],
    [['run', example, 'extra'], "futexlab run: unexpected argument 'extra'"],
    [['run', example, '--strategy'], "futexlab run: Option '--strategy <value>' argument missing"],
  ])('%j', async (argv, message) => {
    const r = await call(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err!.message).toBe(message);
  });
});

describe("'-' reads the scenario from stdin", () => {
  it('runs the text given on stdin, and names it <stdin> in errors', async () => {
    const text = readFileSync(example, 'utf8');
    const r = await call(['run', '-', '--strategy', 'pinned-page', '--json'], text);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ file: '<stdin>', result: 'anomaly' });
    const bad = await call(['run', '-'], 'scenario "x"\nprocess P {\n  frobnicate\n}\n');
    expect(bad.code).toBe(2);
    expect(bad.err!.message).toMatch(/^<stdin>:3:3: error: /);
  });
});

describe('--json', () => {
  it('every command\'s object carries the format version first', async () => {
    for (const argv of [['run', example], ['compare', example], ['explore', example, '--strategy', 'pinned-page']]) {
      const j = JSON.parse((await call([...argv, '--json'])).out);
      expect(Object.keys(j)[0], argv[0]).toBe('version');
      expect(j.version).toBe(JSON_FORMAT_VERSION);
    }
  });

  it('an error is one JSON object with the exit code, the message and the located diagnostics', async () => {
    const r = await call(['run', '-', '--json'], 'scenario "x"\nprocess P {\n  frobnicate\n}\n');
    const j = JSON.parse(errorJson(r.err!));
    expect(j).toEqual({
      version: JSON_FORMAT_VERSION,
      error: { exit: 2, message: r.err!.message, diagnostics: [{ file: '<stdin>', line: 3, col: 3, severity: 'error', message: expect.stringContaining("'frobnicate'") }] },
    });
    const u = JSON.parse(errorJson((await call(['compare', example, '--trace', '--json'])).err!));
    expect(u.error).toEqual({ exit: 2, message: 'futexlab compare: --trace does not apply to compare; it is an option of run', diagnostics: [] });
  });
});

describe('explore budgets', () => {
  it('--max-time stops a search that would run long, says so, and exits 3', async () => {
    const t0 = Date.now();
    const r = await call(['explore', join(root, 'examples', 'mutex2.futex'), '--max-time', '1', '--json']);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ result: 'ok', complete: false, stoppedBy: 'max-time', counterexample: null });
    expect(j.states).toBeGreaterThan(0);
    const text = await call(['explore', join(root, 'examples', 'mutex2.futex'), '--max-time', '1']);
    expect(text.out).toMatch(/^the time budget \(--max-time 1 s\) ran out before the space was covered/m);
  });

  it('--max-time stops a random search too, and says how many schedules it ran', async () => {
    const r = await call(['explore', join(root, 'examples', 'mutex2.futex'), '--mode', 'random', '--runs', '100000000', '--max-time', '1']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^the time budget \(--max-time 1 s\) ran out after \d+ of 100000000 random schedules: no failure in them \(not a proof\)$/m);
  });

  it('a search that covers its space says complete, and --max-states still stops with its own name', async () => {
    const ok = JSON.parse((await call(['explore', example, '--json'])).out);
    expect(ok).toMatchObject({ result: 'ok', complete: true, stoppedBy: null });
    const r = await call(['explore', join(root, 'examples', 'mutex2.futex'), '--max-states', '100', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ complete: false, stoppedBy: 'max-states' });
  });
});
