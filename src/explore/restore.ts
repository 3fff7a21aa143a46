// The explorer's restore in place (issue #11: restores cloned the kernel state, 7-13% of the
// explorer's time): the live session goes back to a snapshot by writing the snapshot's kernel
// state into its own (kernel/clone-into.ts), then adopts copies of the small parts (thread list,
// oracle) the way Session.restore does. The snapshot is only read and stays usable.

import type { Session, SessionSnapshot } from '../session/session';
import { cloneOracle, restoreOracleInto } from '../session/oracle';
import { restoreInto } from '../kernel/clone-into';
import { newEpoch } from '../kernel/clone';

/**
 * `enabled`: the oracle too is restored in place (session/oracle.ts restoreOracleInto) rather than
 * copied; false is the plain copy it is tested against (test/explore/restore.test.ts).
 */
export const oracleInPlace = { enabled: true };

/**
 * `kernelToo = false`: the live kernel already equals the snapshot's but for the step count, the
 * clock and page data (search.ts: only quiet steps since, with the page data undone by the word
 * log); the caller sets those two. The rest of the session is restored as usual.
 */
export function restoreInPlace(s: Session, snap: SessionSnapshot, kernelToo = true): void {
  const kernel = kernelToo ? restoreInto(s.k.s, snap.kernel) : s.k.s;
  if (!kernelToo) kernel.epoch = newEpoch(); // as restoreInto: the threads below are shared with the snapshot
  // Session.restoreLive keeps the live kernel state itself, now equal to the snapshot's, and the
  // oracle below, and writes the snapshot's threads (shared copy-on-write) into its own table.
  // The live oracle is the session's own (a snapshot's oracle is adopted only by the last
  // restore to it, after which that snapshot is never used again), so it may be written into.
  let oracle = s.oracle;
  if (oracleInPlace.enabled && oracle !== snap.oracle) restoreOracleInto(oracle, snap.oracle);
  else oracle = cloneOracle(snap.oracle);
  s.restoreLive(snap, kernel, oracle);
}
