// Hostile input (issue #14): the futex_fd loop that was quadratic (4.6 s / 22 s / 148 s at
// 25k / 50k / 100k steps under pinned-page), the resource-exhaustion scenarios of the issue with
// their peak RSS under default options, and a long fuzz run of the command line with its worst
// cases (time in-process, then peak RSS in a fresh process each).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProgram } from '../src/session/load';
import { Session } from '../src/session/session';
import { scenarioHash } from '../src/explore/trace';
import { commandLine, scenarioText } from '../test/fuzz/hostile-input';
// The type only (erased): the function itself comes from the built out/cli.js, below.
import type { runMain as cliRunMain } from '../src/cli/main';

const FD_LOOP = 'option strategy = pinned-page\nprocess A {\n  map m = anon shared rw pages 1\n  thread main { while 1 { let fd = futex_fd(m) } }\n}\n';

/** The issue's exhaustion classes, each once an abort or an endless run under default options. */
const EXHAUSTION: [string, string][] = [
  ['fork loop, 20,000-page mm', 'process A {\n  map m = anon private rw pages 20000\n  thread main {\n    let i = 0\n    while i < 20000 {\n      store m + i * 4096, 1\n      i = i + 1\n    }\n    while 1 { fork C { exit } }\n  }\n}\n'],
  ['unbounded recursion', 'fn f(n) { f(n + 1) }\nprocess A { thread main { f(0) } }\n'],
  ['print loop', `process A { thread main { while 1 { print "${'x'.repeat(4000)}" } } }\n`],
  ['futex_fd loop', FD_LOOP],
  ['3 GiB mm forked and mprotected', 'process A {\n  map m = anon private rw pages 720000\n  thread main {\n    store m, 1\n    while 1 {\n      mprotect m, r\n      mprotect m, rw\n      fork C { exit }\n    }\n  }\n}\n'],
  ['mremap past TASK_SIZE', 'process A {\n  map m = anon private rw pages 1\n  thread main { while 1 { mremap m, pages 9007199254740993 } }\n}\n'],
  ['20 million newlines', '\n'.repeat(20_000_000)],
  ['130,000 @', '@'.repeat(130_000)],
  ['2 MiB of tokens', 'process A { thread main { ' + 'x '.repeat(1 << 20) + '} }'],
];

function seconds<T>(f: () => T): { value: T; s: number } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, s: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** The CLI on args in a fresh process: exit status, seconds and peak RSS (process.resourceUsage). */
function child(args: string[]): { code: number; seconds: number; rssMB: number } {
  const cli = join(__dirname, 'cli.js');
  const js = `require(${JSON.stringify(cli)}).runMain(${JSON.stringify(args)}, () => {}, () => {}).then((code) => process.stderr.write('\\n@@' + JSON.stringify({ code, rss: process.resourceUsage().maxRSS })))`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', js], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /@@(.*)$/.exec(r.stderr ?? '');
  // No report: the child never ran the CLI (a figure made of its exit status would be a lie).
  if (!m) throw new Error(`bench/hostile.ts: futexlab ${args.join(' ')} in a fresh process reported nothing (exit ${r.status}): ${(r.stderr ?? '').slice(-500)}`);
  const j = JSON.parse(m[1]!) as { code: number; rss: number };
  return { code: j.code, seconds: s, rssMB: j.rss / 1024 };
}

export async function benchHostile(log: (s: string) => void = console.log): Promise<void> {
  // The built CLI, required at run time: bundling src/cli/main.ts here would run its entry point
  // (require.main is the bench's bundle) on the bench's own argv.
  const cliPath = join(__dirname, 'cli.js');
  const { runMain } = require(cliPath) as { runMain: typeof cliRunMain };
  if (typeof runMain !== 'function') throw new Error(`bench/hostile.ts: ${cliPath} does not export runMain (esbuild.js ENGINE)`);
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-bench-'));
  log('futex_fd loop under pinned-page, fd limit raised (issue #14: 4.6 s / 22 s / 148 s before)');
  const fdProgram = loadProgram(FD_LOOP, 'fd.futex');
  if (!fdProgram.ok) throw new Error('fd loop does not parse');
  for (const n of [25_000, 50_000, 100_000]) {
    const t = seconds(() => new Session(fdProgram.program, { options: { max_steps: String(n), max_fds: '65536' } }).run());
    log(`  ${String(n).padStart(7)} steps: ${t.s.toFixed(2)} s (${t.value})`);
  }
  const fdFile = join(dir, 'fd.futex');
  writeFileSync(fdFile, FD_LOOP);
  const cmp = child(['compare', fdFile]);
  log(`  futexlab compare of it (default limits): ${cmp.seconds.toFixed(2)} s, exit ${cmp.code}, peak RSS ${cmp.rssMB.toFixed(0)} MB`);

  log('');
  log('Resource exhaustion under default options: futexlab run, each in a fresh process');
  for (const [name, text] of EXHAUSTION) {
    const f = join(dir, 'x.futex');
    writeFileSync(f, text);
    const r = child(['run', f]);
    log(`  ${name.padEnd(32)} exit ${r.code}  ${r.seconds.toFixed(2).padStart(6)} s  peak RSS ${r.rssMB.toFixed(0).padStart(5)} MB`);
  }

  const runs = Number(process.env.BENCH_FUZZ_RUNS ?? 1000);
  log('');
  log(`Fuzzed command lines: ${runs} cases in-process, then the 5 slowest again in fresh processes`);
  const cases: { args: string[]; text: string; s: number; code: number }[] = [];
  const codes = new Map<number, number>();
  const file = join(dir, 'case.futex');
  const trace = join(dir, 'trace.json');
  await fc.assert(
    fc.asyncProperty(scenarioText, commandLine, async (text, args) => {
      writeFileSync(file, text);
      writeFileSync(trace, JSON.stringify({ version: 1, scenarioHash: scenarioHash(text), strategy: 'modern', options: {}, threads: [], schedule: [0, 1, 0, 2] }));
      const argv = args.map((a) => (a === 'FILE' ? file : a === 'TRACE' ? trace : a));
      const t0 = process.hrtime.bigint();
      const code = await runMain(argv, () => {}, () => {});
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      cases.push({ args, text, s, code });
    }),
    { numRuns: runs, seed: Number(process.env.BENCH_FUZZ_SEED ?? 14) },
  );
  const total = cases.reduce((a, c) => a + c.s, 0);
  log(`  exits: ${[...codes].sort((a, b) => a[0] - b[0]).map(([c, n]) => `${c}: ${n}`).join(', ')}; ${total.toFixed(1)} s in all, median ${median(cases.map((c) => c.s)).toFixed(3)} s`);
  for (const c of cases.sort((a, b) => b.s - a.s).slice(0, 5)) {
    writeFileSync(file, c.text);
    const r = child(c.args.map((a) => (a === 'FILE' ? file : a === 'TRACE' ? trace : a)));
    log(`  ${c.s.toFixed(2).padStart(6)} s in-process; fresh process ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMB.toFixed(0)} MB, exit ${r.code}: futexlab ${c.args.join(' ')}`);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
