// The explorer's restore in place (issue #11: restores cloned the kernel state, 7-13% of the
// explorer's time): the live session goes back to a snapshot by writing the snapshot's kernel
// state into its own (kernel/clone-into.ts), then adopts copies of the small parts (thread list,
// oracle) the way Session.restore does. The snapshot is only read and stays usable.

import type { Session, SessionSnapshot } from '../session/session';
import { cloneOracle, restoreOracleInto } from '../session/oracle';
import { restoreInto } from '../kernel/clone-into';

/**
 * `enabled`: the oracle too is restored in place (session/oracle.ts restoreOracleInto) rather than
 * copied; false is the plain copy it is tested against (test/explore/restore.test.ts).
 */
export const oracleInPlace = { enabled: true };

export function restoreInPlace(s: Session, snap: SessionSnapshot): void {
  const kernel = restoreInto(s.k.s, snap.kernel);
  // Session.restore with consume adopts what it is given: here the live kernel state itself, now
  // equal to the snapshot's, and fresh copies of the rest (threads stay shared copy-on-write).
  // The live oracle is the session's own (a snapshot's oracle is adopted only by the last
  // restore to it, after which that snapshot is never used again), so it may be written into.
  let oracle = s.oracle;
  if (oracleInPlace.enabled && oracle !== snap.oracle) restoreOracleInto(oracle, snap.oracle);
  else oracle = cloneOracle(snap.oracle);
  s.restore({ ...snap, kernel, threads: snap.threads.slice(), oracle }, true);
}
