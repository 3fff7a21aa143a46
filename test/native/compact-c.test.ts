// The shipped bundle's C runtime is the sources' without comments and indentation
// (scripts/compact-c.js, the esbuild plugin of esbuild.js; #10 §5). Differential: the runtime as
// the plugin ships it against the sources' own, (1) token for token after the preprocessor, and
// (2) programs built with each, run under the same schedule, give the same result.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadProgram } from '../../src/session/load';
import { generateC } from '../../src/native/gen';
import { RUNTIME_C } from '../../src/native/runtime';
import { buildC, runBinaryAsync, type PreparedNative } from '../../src/native/run';
import { recordSchedule } from '../../src/native/schedule';
import { usesSwap } from '../../src/native/swap';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compactC, compactCPlugin } = require('../../scripts/compact-c.js') as {
  compactC(src: string): string;
  compactCPlugin(root: string): import('esbuild').Plugin;
};

const root = join(__dirname, '..', '..');
const cc = process.env.CC || 'cc';

/** RUNTIME_C as out/engine.js holds it: src/native/runtime.ts bundled through the plugin. */
async function shippedRuntime(): Promise<string> {
  const r = await build({
    stdin: { contents: "export { RUNTIME_C } from './src/native/runtime';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', write: false, plugins: [compactCPlugin(root)], logLevel: 'silent',
  });
  const mod = { exports: {} as { RUNTIME_C?: string } };
  new Function('module', 'exports', 'require', r.outputFiles[0]!.text)(mod, mod.exports, require);
  return mod.exports.RUNTIME_C!;
}

/** The preprocessor's tokens of a C text, one space between them. */
function tokens(c: string): string {
  const r = spawnSync(cc, ['-E', '-P', '-x', 'c', '-'], { input: c, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\s+/g, ' ').trim();
}

describe('compactC', () => {
  it('drops comments and blanks, keeps literals, directives and continued lines', () => {
    const src = [
      '#define A 1 /* one */',
      '#define B(x) \\',
      '    ((x) + A) // two',
      '  /* a comment',
      '     over lines */',
      'static const char *s = "/* not a comment */ // nor this";',
      "static char c = '/', q = '\\'', d = '\"';",
      'int   f ( int  a )  {   return a/2; }   ',
      '',
    ].join('\n');
    expect(compactC(src)).toBe([
      '#define A 1',
      '#define B(x) \\',
      '((x) + A)',
      'static const char *s = "/* not a comment */ // nor this";',
      "static char c = '/', q = '\\'', d = '\"';",
      'int f ( int a ) { return a/2; }',
      '',
    ].join('\n'));
  });

  it('refuses what it cannot read rather than guess', () => {
    expect(() => compactC('int a; /* open')).toThrow('unterminated comment');
    expect(() => compactC('char *s = "open\n";')).toThrow('unterminated string literal');
  });
});

describe.runIf(process.platform === 'linux')('the shipped C runtime', () => {
  let shipped = '';
  beforeAll(async () => {
    shipped = await shippedRuntime();
    process.env.FUTEXLAB_TICK_MS = '10';
  });

  it('is smaller and is the sources\' runtime token for token', () => {
    expect(shipped).not.toBe(RUNTIME_C);
    expect(shipped).not.toMatch(/\/\*|^\s*\/\//m);
    expect(shipped.length).toBeLessThan(RUNTIME_C.length * 0.8);
    expect(shipped).toBe(compactC(RUNTIME_C));
    expect(tokens(shipped)).toBe(tokens(RUNTIME_C));
  });

  // The native tests' own scenarios (swap-out needs a swap area: native-core.test.ts) and two
  // examples with fork and requeue; built with each runtime, run under the same schedule.
  const scenarios = ['control-flow', 'end-after-sleep', 'exec', 'fault-assert', 'mm-events', 'processes', 'rt-wake-order', 'setup-faults', 'tids']
    .map((n) => join('test', 'native', 'scenarios', `${n}.futex`))
    .concat(['examples/cow-fork-wrong-wakeup.futex', 'examples/requeue-multiple.futex']);
  for (const file of scenarios) {
    it(`${file}: the same result built with either runtime`, async () => {
      const r = loadProgram(readFileSync(join(root, file), 'utf8'), file);
      if (!r.ok) throw new Error(`${file} does not load`);
      const input = recordSchedule(r.program, 'fifo').map((s) => `${s.thread} ${s.stmt}\n`).join('');
      const run = async (runtime: string) => {
        const source = generateC(r.program.scenario, runtime).source;
        const p: PreparedNative = { source, input, swap: usesSwap(r.program.scenario) };
        return runBinaryAsync(buildC(source), [], p);
      };
      const full = await run(RUNTIME_C);
      const compact = await run(shipped);
      expect(full.errors).toEqual([]);
      expect(compact).toEqual(full);
    }, 90_000);
  }
});
