// Swap for `swap_out` and `reclaim` on the real kernel. MADV_PAGEOUT can only move an anonymous
// page out when the machine has swap; with none configured and running as root, a 16 MiB swap
// file is made for the run (fallocate, mkswap, swapon) in the run's private folder and removed
// afterwards (swapoff). FUTEXLAB_NATIVE_SWAP=0 turns this off. What happened is passed to the
// program (FUTEXLAB_SWAP), which says it on a note line when the kernel kept a page.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario, Block } from '../lang/ast';
import { forEachStmt } from '../lang/walk';

export interface SwapSetup {
  /** One phrase for notes: what swap the run has. */
  state: string;
  release(): void;
}

/** Does the scenario page anything out? */
export function usesSwap(sc: Scenario): boolean {
  let found = false;
  const visit = (b: Block) => forEachStmt(b, null, (s) => { if (s.kind === 'swap_out' || s.kind === 'reclaim') found = true; });
  sc.fns.forEach((f) => visit(f.body));
  sc.processes.forEach((p) => p.threads.forEach((t) => visit(t.body)));
  return found;
}

const none = (state: string): SwapSetup => ({ state, release: () => {} });

export function ensureSwap(dir: string, env = process.env): SwapSetup {
  if (env.FUTEXLAB_NATIVE_SWAP === '0') return none('none (FUTEXLAB_NATIVE_SWAP=0)');
  let swaps = '';
  try {
    swaps = readFileSync('/proc/swaps', 'utf8');
  } catch {
    return none('unknown (/proc/swaps unreadable)');
  }
  if (swaps.trim().split('\n').length > 1) return none('configured on the machine');
  if (process.getuid?.() !== 0) return none('none, and not root to make a swap file');
  const file = join(dir, 'swapfile');
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  for (const [cmd, args] of [['fallocate', ['-l', '16M', file]], ['chmod', ['600', file]], ['mkswap', [file]], ['swapon', [file]]] as [string, string[]][]) {
    const r = run(cmd, args);
    if (r.error || r.status !== 0) {
      rmSync(file, { force: true });
      return none(`none (${cmd} failed: ${(r.stderr || String(r.error ?? '')).trim().split('\n')[0]})`);
    }
  }
  return {
    state: 'a 16 MiB swap file made for this run',
    release: () => {
      run('swapoff', [file]);
      rmSync(file, { force: true });
    },
  };
}
