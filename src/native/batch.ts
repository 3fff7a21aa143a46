// Many scenarios in one native binary, for the differential tests and the bench: the runtime is
// compiled once instead of once per scenario (most of a build's cost; docs/native.md "Agreement").
// Each generated program is the runtime followed by the scenario's own file-scope definitions;
// those are renamed per scenario with #define/#undef (the preprocessor leaves string literals,
// hence the scenario's print text, alone), and a dispatcher `main` runs scenario argv[1]. A
// scenario whose definitions this file cannot name, one built 32-bit (robust lists) and one that
// execs (the new image is /proc/self/exe, started without the batch index) is built alone, as
// runNative builds it; a batch the compiler refuses is built one scenario at a time. Either way
// each run is its own process.

import { RUNTIME_C } from './runtime';
import { buildC, buildPrepared, runBinary, runBinaryAsync, type NativeResult, type PreparedNative } from './run';

/** Words of C that come before the defined name (`static void (*const fl_conts[])(...)`). */
const C_WORDS = new Set(['static', 'const', 'void', 'int', 'char', 'struct', 'int64_t', 'uint32_t', 'unsigned', 'long']);

/** The identifier a file-scope definition line of the generated C defines, if it is one we can name. */
function definedName(line: string): string | undefined {
  if (!/^(static |int main\()/.test(line)) return undefined;
  for (const m of line.matchAll(/\b([A-Za-z_]\w*)\s*[[(;=]/g)) if (!C_WORDS.has(m[1])) return m[1];
  return undefined;
}

/** The scenario part of a generated program, with its definitions renamed; undefined if unnameable. */
export function renamedPart(source: string, tag: string): string | undefined {
  // The shared prefix: the runtime (gen.ts puts the scenario after it).
  if (!source.startsWith(RUNTIME_C)) return undefined;
  const part = source.slice(RUNTIME_C.length);
  // exec runs /proc/self/exe again with the thread's state in argv (runtime-ctl.ts fl_exec).
  if (part.includes('fl_exec(')) return undefined;
  const names = new Set<string>();
  for (const line of part.split('\n')) {
    if (line.startsWith('#')) return undefined;
    const n = definedName(line);
    if (n) names.add(n);
  }
  if (!names.has('main')) return undefined;
  const defs = [...names].map((n) => `#define ${n} ${tag}_${n}`).join('\n');
  const undefs = [...names].map((n) => `#undef ${n}`).join('\n');
  return `${defs}\n${part}\n${undefs}\n`;
}

export interface BatchRun {
  /** Run one of the built programs under its schedule. */
  run(p: PreparedNative): NativeResult;
  /** The same, without blocking the event loop while it runs (the tests' worker). */
  runAsync(p: PreparedNative): Promise<NativeResult>;
}

/** Build every distinct program into as few binaries as possible (one, when all can be named). */
export function buildBatch(all: PreparedNative[]): BatchRun {
  const sources = [...new Set(all.filter((p) => p.compat32 === undefined).map((p) => p.source))];
  const parts = sources.map((s, i) => renamedPart(s, `fl_s${i}`));
  const batched = parts.flatMap((p, i) => (p === undefined ? [] : [i]));
  const bins = new Map<string, { bin: string; arg: string[] }>();
  if (batched.length > 1) {
    const table = batched.map((i) => `fl_s${i}_main`).join(', ');
    const src = `${RUNTIME_C}\n${batched.map((i) => parts[i]).join('\n')}
static int (*const fl_batch[])(int, char **) = { ${table} };
int main(int argc, char **argv) {
  int i = argc > 1 ? atoi(argv[1]) : -1;
  if (i < 0 || i >= (int)(sizeof fl_batch / sizeof fl_batch[0])) fl_fatal("bad batch index");
  /* The scenario's main sees no arguments of its own (argv[1], the index, is its argv[0]). */
  return fl_batch[i](argc - 1, argv + 1);
}
`;
    let bin: string | undefined;
    try {
      bin = buildC(src);
    } catch {
      bin = undefined; // built one at a time below, where a compiler error names its scenario
    }
    if (bin) batched.forEach((i, k) => bins.set(sources[i], { bin: bin!, arg: [String(k)] }));
  }
  const binOf = (p: PreparedNative) => {
    let b = bins.get(p.source);
    if (!b) {
      b = { bin: buildPrepared(p), arg: [] };
      bins.set(p.source, b);
    }
    return b;
  };
  return {
    run(p: PreparedNative): NativeResult {
      const b = binOf(p);
      return runBinary(b.bin, b.arg, p);
    },
    runAsync(p: PreparedNative): Promise<NativeResult> {
      const b = binOf(p);
      return runBinaryAsync(b.bin, b.arg, p);
    },
  };
}
