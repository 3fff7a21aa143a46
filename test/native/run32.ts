// Whether this machine builds and runs a 32-bit program, which the native run of a scenario with
// robust lists needs (src/native/gen-compat.ts): 'yes', or why not, as src/native/run.ts tells it
// (no toolchain: cc -m32 fails; or a kernel that refuses a 32-bit exec: no IA32 emulation, as on
// some virtual machines). Tests of those scenarios assert the agreement where it can run, and the
// refusal at the scenario's location, with its reason, where it cannot. Probed here apart from
// run.ts's own probe on purpose: a wrong answer there fails these tests rather than turning
// them into refusals.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function probe(): 'yes' | 'toolchain' | 'kernel' {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-run32-'));
  try {
    const bin = join(dir, 'p');
    if (spawnSync(process.env.CC || 'cc', ['-m32', '-x', 'c', '-o', bin, '-'], { input: 'int main(void){return 0;}' }).status !== 0) return 'toolchain';
    const r = spawnSync(bin, []);
    return r.error === undefined && r.status === 0 ? 'yes' : 'kernel';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const run32 = probe();

/** The part of the refusal's message that names this machine's reason (src/native/gen-compat.ts noCompat32). */
export const refusal32 = run32 === 'kernel' ? 'needs a 32-bit build (this kernel does not run 32-bit programs: no IA32 emulation)' : 'needs a 32-bit build (cc -m32 failed: install gcc-multilib)';
