// What explore() (search.ts) takes and gives: its options, the progress it reports and its result.

import type { Overrides } from '../session/options';
import type { Failure } from './failure';

export interface ExploreOptions extends Overrides {
  maxStates?: number;
  maxDepth?: number;
  preemptions?: number;
  symmetry?: boolean;
  partialOrder?: boolean;
  /** Key states by their full string encoding instead of a 64-bit hash (no collision possible; slower, about 1 KB per state). */
  exact?: boolean;
  /**
   * Step only one of several twins (same symmetry class, equal local state, named nowhere else)
   * from a state: the others lead to symmetric states (encode-hash.ts twinsOf). Default: on with
   * symmetry, off in exact mode and under a preemption bound (which counts who ran last).
   */
  twins?: boolean;
  /**
   * false: no state merging at all (a tree search; states are keyed only to see cycles on the DFS
   * stack). The plain version the state identity is tested against: a field the identity leaves
   * out that some future reads shows as a verdict that differs from this one.
   */
  stateHashing?: boolean;
  /** Dynamic partial-order reduction with sleep sets instead (dpor.ts; docs/explore.md). */
  dpor?: boolean;
  /**
   * A program of the flat class (flat-program.ts) searched with reductions off runs on the flat
   * machine (flat-search.ts; default on); false searches it the plain way, the version the flat
   * one is tested against (test/explore/flat.test.ts).
   */
  flat?: boolean;
  /** Shorten the counterexample by delta debugging (default on; shorten.ts). */
  shorten?: boolean;
  /**
   * How a backtrack goes back to a state: 'in-place' (default) writes the snapshot into the live
   * state (kernel/clone-into.ts) and snapshots only a state with two or more choices (the first
   * child runs on the live state, so a state with one choice is never restored); 'clone', the plain
   * version the fast one is tested against (test/explore/restore.test.ts), snapshots every state and
   * copies the snapshot on every restore but the last.
   */
  restore?: 'in-place' | 'clone';
  /**
   * Page data under an undo log of word stores (kernel/word-log.ts): stored in place, the log
   * undone back to a state's mark before its snapshot is restored, instead of the 4 KB frame
   * copied at the first store after every snapshot. Default on with the hashed encoding and
   * restore in place; false is the plain version it is tested against (test/explore/word-log.test.ts).
   */
  wordLog?: boolean;
  /**
   * Write snapshots into kernel states the search no longer uses instead of allocating them
   * (kernel.ts snapshotPool). Default on with restore in place; false is the plain version it is
   * tested against (test/explore/word-log.test.ts).
   */
  snapshotPool?: boolean;
  /**
   * A state reached from its parent by quiet steps only (Session.kernelTouches unchanged: the
   * kernel differs by the step count, the clock and page data alone) shares its parent's kernel
   * snapshot instead of taking its own, and a restore to a state whose kernel the live one still
   * equals that way writes back only those (page data by the undo log). Default on with the undo
   * log; false is the plain version it is tested against (test/explore/quiet-share.test.ts).
   */
  shareQuiet?: boolean;
  /**
   * A state's hash made from its parent's kept hashes where the steps since left a part alone
   * (encode-hash.ts hashState: threads whose thread state and task kept their write stamps, and
   * after quiet steps the kernel structure, the tail and page data). False makes every hash from
   * scratch (the plain version, compared at every state by test/explore/kernel-part.test.ts's
   * check mode).
   */
  reuseHashes?: boolean;
  /** Called every few thousand transitions: report progress, yield to the event loop. */
  progress?: (p: Progress) => void | Promise<void>;
  /** Checked every 256 transitions: true stops the search (Ctrl-C, a time or memory budget). */
  /**
   * `upcoming`: bytes the search is about to allocate at once (its part arena doubling before the
   * next check, search.ts), for a memory budget to count as if already resident.
   */
  cancelled?: (upcoming?: number) => boolean;
}

export interface Progress {
  states: number;
  transitions: number;
  schedules: number;
  seconds: number;
  depth: number;
}

export interface ExploreResult {
  /** ok: the space within the bounds has no failure; counterexample: one was found;
   * incomplete: max-states ran out or the search was cancelled first. */
  result: 'ok' | 'counterexample' | 'incomplete';
  states: number;
  transitions: number;
  schedules: number;
  seconds: number;
  failure: Failure | null;
  /** A bound (max_steps, max_output, depth, preemptions) cut some paths. */
  bounded: boolean;
  /** Which bounds cut paths, and how many (exhaustive search; random and swarm runs leave it out). */
  cut?: CutCounts;
  cancelled: boolean;
  symmetricThreads: number;
  /**
   * An upper bound on the chance that two distinct states shared a 64-bit hash (so that one was
   * taken for the other and its successors maybe left unexplored): n(n-1)/2^64 for n states
   * (state-table.ts). 0 in exact mode.
   */
  collisionBound?: number;
  /** Bytes of the visited-state table (exact mode: an estimate of its strings), for the bench. */
  tableBytes?: number;
  /**
   * Expansions of a state already expanded (states - distinct states): 0 unless a depth bound
   * re-expands a state reached again on a shorter path (issue #11: "no re-expansion on shorter
   * paths"; the counterexample is shortened afterwards instead, shorten.ts). Not set by DPOR.
   */
  reexpanded?: number;
  /** The flat machine searched it (flat-search.ts). */
  flat?: boolean;
  /** With dpor: why DPOR handed the space to this plain search (a cycle, or depth/preemption bounds). */
  dporFallback?: 'cycle' | 'bounds';
}

/**
 * Paths an exhaustive search ended at a bound rather than at their end: schedules whose run ended
 * at the scenario's max_steps or max_output (a thread could have gone on), and paths stopped by
 * --max-depth or --preemptions. "No failure" then holds within these bounds only.
 */
export interface CutCounts {
  maxSteps: number;
  maxOutput: number;
  maxDepth: number;
  preemptions: number;
}

export const noCuts = (): CutCounts => ({ maxSteps: 0, maxOutput: 0, maxDepth: 0, preemptions: 0 });

/** Count a finished run's result as a cut when a bound ended it (step-limit, output-limit). */
export function countCut(cut: CutCounts, result: string): void {
  if (result === 'step-limit') cut.maxSteps++;
  else if (result === 'output-limit') cut.maxOutput++;
}

export const anyCut = (c: CutCounts): boolean => c.maxSteps + c.maxOutput + c.maxDepth + c.preemptions > 0;
