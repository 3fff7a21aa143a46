// The explorer's restore in place (issue #11: restores cloned the kernel state, 7-13% of the
// explorer's time): the live session goes back to a snapshot by writing the snapshot's kernel
// state into its own (kernel/clone-into.ts), then adopts copies of the small parts (thread list,
// oracle) the way Session.restore does. The snapshot is only read and stays usable.

import type { Session, SessionSnapshot } from '../session/session';
import { cloneOracle } from '../session/oracle';
import { restoreInto } from '../kernel/clone-into';

export function restoreInPlace(s: Session, snap: SessionSnapshot): void {
  const kernel = restoreInto(s.k.s, snap.kernel);
  // Session.restore with consume adopts what it is given: here the live kernel state itself, now
  // equal to the snapshot's, and fresh copies of the rest (threads stay shared copy-on-write).
  s.restore({ ...snap, kernel, threads: snap.threads.slice(), oracle: cloneOracle(snap.oracle) }, true);
}
