// `npm run bench -- native`: the differential agreement check of test/native/agreement.test.ts at
// a larger size (BENCH_NATIVE_COUNT random scenarios, default 1,000; BENCH_NATIVE_SEED, default 1),
// with its timing. Linux only.
import { exampleCases, knownDifferences, randomCases, runCases, setRoot, describe } from '../test/native/agreement';

export async function benchNativeAgreement(): Promise<void> {
  if (process.platform !== 'linux') {
    console.log('native agreement: skipped (runs only on Linux)');
    return;
  }
  setRoot(process.cwd());
  process.env.FUTEXLAB_TICK_MS ??= '10';
  const count = Number(process.env.BENCH_NATIVE_COUNT ?? '1000');
  const t0 = Date.now();
  const seed = Number(process.env.BENCH_NATIVE_SEED ?? '1');
  const cases = [...exampleCases(), ...randomCases(count, seed)];
  const outcomes = await runCases(cases);
  const seconds = (Date.now() - t0) / 1000;
  const known = knownDifferences();
  const text = new Map(cases.map((c) => [c.id, c.text]));
  const differing = outcomes.filter((o) => o.diff.differences > 0);
  const unlisted = differing.filter((o) => !known.some((k) => k.id === o.id && k.schedule === o.schedule));
  console.log(`native agreement with modern (seed ${seed}, tick ${process.env.FUTEXLAB_TICK_MS} ms): ${outcomes.length - differing.length} of ${outcomes.length} runs agree ` +
    `(${cases.length} scenarios under fifo and round-robin) in ${seconds.toFixed(1)} s; ${unlisted.length} not listed in docs/native.md`);
  const reruns = outcomes.filter((o) => o.rerunTickMs !== undefined && o.diff.differences === 0).length;
  if (reruns) console.log(`  ${reruns} of them agreed only in a second run with ticks 5x longer (real timeouts on a loaded machine)`);
  for (const o of unlisted.slice(0, 5)) console.log(describe(o, text.get(o.id)!));
}
