// "Run on this kernel" (issue #12): the CodeLens runs `futexlab diff FILE --json` in a child
// process, as Compare and Explore run theirs, and shows the simulator's `modern` run beside the
// kernel's. This file builds the arguments and turns the exit status and JSON output (never
// stderr) into what the user is shown. Pure: no `vscode` import.

// It is engine code (it lays the diff out with native/diff-text.ts): the glue reaches it through
// engine() (engine.ts); the lens test and the arguments are in kernel-lens.ts.

import type { DiffRow } from '../native/diff';
import { diffText } from '../native/diff-text';
import { plural } from '../lang/plural';

export { diffArgs, kernelLensShown } from './kernel-lens';

export type KernelDiffOutcome =
  | { kind: 'same' | 'differ'; differences: number; message: string; lines: string[] }
  | { kind: 'error'; message: string };

interface DiffJson {
  schedule?: string;
  kernelRelease?: string;
  rows?: DiffRow[];
  differences?: number;
  error?: { message?: string };
}

/** What `futexlab diff --json` said (exit 0 same, 1 differ, 2 refused), or what went wrong. */
export function kernelDiffOutcome(code: number | null, stdout: string, file: string): KernelDiffOutcome {
  let j: DiffJson | undefined;
  try {
    j = JSON.parse(stdout) as DiffJson;
  } catch {
    j = undefined;
  }
  if ((code === 0 || code === 1) && Array.isArray(j?.rows) && typeof j.differences === 'number' && typeof j.schedule === 'string') {
    const d = { schedule: j.schedule, rows: j.rows, differences: j.differences };
    const lines = [`${file}: futexlab diff (modern against this kernel)`, '', ...diffText(d, j.kernelRelease ?? 'unknown')];
    const message = d.differences === 0
      ? `${file}: the kernel agrees with modern (${d.schedule})`
      : `${file}: the kernel and modern differ in ${plural(d.differences, 'line')} (${d.schedule})`;
    return { kind: d.differences === 0 ? 'same' : 'differ', differences: d.differences, message, lines };
  }
  if (typeof j?.error?.message === 'string') return { kind: 'error', message: j.error.message };
  return { kind: 'error', message: code === null ? 'futexlab diff was stopped before it finished' : `futexlab diff exited with status ${code}` };
}
