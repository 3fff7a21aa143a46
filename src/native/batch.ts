// Many scenarios in one native binary, for the differential tests and the bench: the runtime is
// compiled once instead of once per scenario (most of a build's cost; docs/native.md "Agreement").
// Each generated program is the runtime followed by the scenario's own file-scope definitions;
// those are renamed per scenario with #define/#undef (the preprocessor leaves string literals,
// hence the scenario's print text, alone), and a dispatcher `main` runs scenario argv[1]. A
// scenario whose definitions this file cannot name is built alone, as runNative builds it; a batch
// the compiler refuses is built one scenario at a time. Either way each run is its own process.

import { RUNTIME_C } from './runtime';
import { PI_RUNTIME_C } from './gen-pi';
import { buildC, runBinary, type NativeResult } from './run';

/** The identifier a file-scope definition line of the generated C defines, if it is one we can name. */
function definedName(line: string): string | undefined {
  if (!/^(static |int main\()/.test(line)) return undefined;
  return /\b([A-Za-z_]\w*)\s*[[(;=]/.exec(line)?.[1];
}

/** The scenario part of a generated program, with its definitions renamed; undefined if unnameable. */
export function renamedPart(source: string, tag: string): string | undefined {
  // The shared prefix: the runtime and the PI runtime gen.ts puts after it.
  const shared = `${RUNTIME_C}\n${PI_RUNTIME_C}`;
  if (!source.startsWith(shared)) return undefined;
  const part = source.slice(shared.length);
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
  /** Run one of the built sources under a schedule's input (PreparedNative). */
  run(source: string, input: string): NativeResult;
}

/** Build every distinct source into as few binaries as possible (one, when all can be named). */
export function buildBatch(all: string[]): BatchRun {
  const sources = [...new Set(all)];
  const parts = sources.map((s, i) => renamedPart(s, `fl_s${i}`));
  const batched = parts.flatMap((p, i) => (p === undefined ? [] : [i]));
  const bins = new Map<string, { bin: string; arg: string[] }>();
  if (batched.length > 1) {
    const table = batched.map((i) => `fl_s${i}_main`).join(', ');
    const src = `${RUNTIME_C}\n${PI_RUNTIME_C}\n${batched.map((i) => parts[i]).join('\n')}
static int (*const fl_batch[])(void) = { ${table} };
int main(int argc, char **argv) {
  int i = argc > 1 ? atoi(argv[1]) : -1;
  if (i < 0 || i >= (int)(sizeof fl_batch / sizeof fl_batch[0])) fl_fatal("bad batch index");
  return fl_batch[i]();
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
  return {
    run(source: string, input: string): NativeResult {
      let b = bins.get(source);
      if (!b) {
        b = { bin: buildC(source), arg: [] };
        bins.set(source, b);
      }
      return runBinary(b.bin, b.arg, input);
    },
  };
}
