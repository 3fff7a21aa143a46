// End-to-end fuzzing of the command line (issue #14): random and mutated scenario text, random
// command lines, hostile traces, through the same runMain the bin calls. Whatever the input:
// an exit status in {0, 1, 2, 3}; never "internal error" nor a stack trace; an error is located
// (FILE:LINE:COL) or a `futexlab` usage message; each case ends in bounded time. A longer run
// that reports the worst cases' time and memory is in the bench (bench/hostile.ts).
import { describe, it, expect, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../../src/cli/main';
import { scenarioHash } from '../../src/explore/trace';
import { commandLine, scenarioText } from './hostile-input';

const dir = mkdtempSync(join(tmpdir(), 'futexlab-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generous: a case takes milliseconds; this only catches an endless loop or a quadratic blow-up. */
const CASE_MS = 20_000;

export async function runCase(text: string, args: string[], trace: unknown) {
  const file = join(dir, 'case.futex');
  const traceFile = join(dir, 'trace.json');
  writeFileSync(file, text);
  writeFileSync(traceFile, typeof trace === 'string' ? trace : JSON.stringify(trace));
  const out: string[] = [];
  const err: string[] = [];
  const t0 = performance.now();
  const code = await runMain(args.map((a) => (a === 'FILE' ? file : a === 'TRACE' ? traceFile : a)), (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n'), ms: performance.now() - t0, file };
}

/** The contract every case must keep. */
function check(r: Awaited<ReturnType<typeof runCase>>, what: string): void {
  expect([0, 1, 2, 3], `${what}\nexit ${r.code}\n${r.err}`).toContain(r.code);
  expect(r.out + r.err, what).not.toMatch(/internal error|\n\s+at .*:\d+:\d+\)?$/m);
  if (r.code === 2) {
    for (const line of r.err.split('\n')) {
      expect(line, what).toMatch(/^(.+:\d+:\d+: (error|warning): .+|futexlab[ :].+|usage: futexlab .+|\s+[a-z]+ .+|\s+futexlab .+|\s+\[.+|run 'futexlab help [a-z]+' for its options|)$/);
    }
  }
  expect(r.ms, what).toBeLessThan(CASE_MS);
}

const traceOf = fc.oneof(
  fc.constant('not json'),
  fc.record({ version: fc.constantFrom(1, 2, '1'), schedule: fc.array(fc.oneof(fc.nat(5), fc.constant(-1), fc.constant(1.5)), { maxLength: 30 }), failure: fc.string() }),
);

describe('the command line never crashes on hostile input', () => {
  it('random and mutated scenarios under random command lines', async () => {
    await fc.assert(
      // A step budget in the text keeps `compare` (which takes no --option) at seconds per case;
      // the bench runs the same input under the default budget.
      fc.asyncProperty(scenarioText.map((t) => `option max_steps = 5000\n${t}`), commandLine, traceOf, async (text, args, t) => {
        const trace = typeof t === 'string' ? t : { ...t, scenarioHash: scenarioHash(text), strategy: 'modern', options: {}, threads: [] };
        check(await runCase(text, args, trace), `${args.join(' ')}\n--- scenario:\n${text.slice(0, 2000)}`);
      }),
      { numRuns: 120, seed: 1414 },
    );
  }, 240_000);

  it('every example runs under every strategy with a small output budget', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioText, fc.constantFrom('pinned-page', 'vcache', 'rusty-2003', 'jamie-2003', 'gorman-2013', 'modern'), async (text, strategy) => {
        check(await runCase(text, ['run', 'FILE', '--json', '--strategy', strategy, '--option', 'max_output=200'], ''), `${strategy}\n${text.slice(0, 2000)}`);
      }),
      { numRuns: 80, seed: 77 },
    );
  }, 240_000);
});
