// How many bytes a checkpoint adds to the history (history.ts budget): snapshots are cheap copies
// (kernel/clone.ts) whose page data, futex queues, open files and fd tables (and the session's
// threads, frame by frame, and the oracle's waiter records) are shared copy-on-write with the
// live state and with other checkpoints, so a checkpoint's size is estimated as what it does not
// share with the previous one.

import type { SessionSnapshot } from '../session/session';

// Heap costs for snapshotBytes, measured on Node 22 (no pointer compression): an object of a few
// fields, an array slot, a Map of its own (empty), and a Map entry.
const OBJECT = 64;
const SLOT = 8;
const MAP = 128;
const ENTRY = 48;

/** Bytes a snapshot adds to the history: what it does not share with `prev`, estimated. */
export function snapshotBytes(snap: SessionSnapshot, prev: SessionSnapshot | undefined): number {
  const shared = new Set<Int32Array>();
  if (prev) for (const p of prev.kernel.pages) if (p) shared.add(p.data);
  const k = snap.kernel;
  const pk = prev?.kernel;
  let bytes = 0;
  for (const p of k.pages) {
    if (!p) continue;
    if (!shared.has(p.data)) bytes += p.data.byteLength;
    bytes += OBJECT * (2 + p.rmap.length);
  }
  // Copied by every snapshot: mms (with their Maps), tasks, processes, timers, and slot arrays.
  for (const m of k.mms) {
    if (m) bytes += OBJECT * (2 + m.vmas.length) + MAP * (2 + m.vmas.length) + ENTRY * (m.pt.size + m.names.size);
  }
  bytes += OBJECT * (k.tasks.length * 2 + k.procs.length * 2 + k.timers.length);
  bytes += SLOT * (k.pages.length + k.runq.length + k.tasks.length + snap.threads.length);
  // Shared copy-on-write: count a Map or an object only where prev does not hold the same one.
  if (k.files !== pk?.files) bytes += SLOT * k.files.length;
  const f = k.futex;
  if (f.buckets !== pk?.futex.buckets) bytes += 2 * SLOT * f.buckets.length; // the table and its owner slots
  if (f.queues !== pk?.futex.queues) bytes += MAP + ENTRY * f.queues.size;
  for (const [id, q] of f.queues) if (pk?.futex.queues.get(id) !== q) bytes += 3 * OBJECT;
  f.buckets.forEach((b, i) => {
    if (b.length > 0 && pk?.futex.buckets[i] !== b) bytes += OBJECT + SLOT * b.length;
  });
  k.files.forEach((x, i) => {
    if (x && pk?.files[i] !== x) bytes += OBJECT * (x.held ? 4 : 1);
  });
  k.procs.forEach((p, i) => {
    if (pk?.procs[i]?.fds !== p.fds) bytes += MAP + ENTRY * p.fds.size;
  });
  // A thread's copy shares the frames below its top one (session/threads.ts copyThread).
  snap.threads.forEach((t, i) => {
    const pt = prev?.threads[i];
    if (t && pt !== t) t.frames.forEach((fr, j) => {
      if (pt?.frames[j] !== fr) bytes += OBJECT * 4 + SLOT * fr.regs.length;
    });
  });
  // The output array the snapshot keeps (its lines are shared): a new one after a trim or a restore.
  if (snap.outputLines !== prev?.outputLines) bytes += SLOT * snap.outputLines.length;
  const waiters = snap.oracle.waiters;
  const pw = prev?.oracle.waiters;
  if (waiters !== pw) {
    bytes += MAP + ENTRY * waiters.size;
    for (const [q, w] of waiters) if (pw?.get(q) !== w) bytes += 2 * OBJECT;
  }
  return bytes;
}
