// FUTEX_FD (2.5.40 .. 2.6.25), poll and close.
//
// Contract (2.6-era man page and 2.6.0 code, GROUND-TRUTH.md S16): FUTEX_FD returns a new fd that
// becomes readable once the futex is woken, one-shot; the value is not checked ("the caller
// should test if the futex has been upped after FUTEX_FD returns"); a FUTEX_WAKE counts the
// registration in its return value. The registration pins its page (pinned-page, vcache) or holds
// an mm/inode reference (jamie-2003) until the last close of the fd, woken or not. Removed in
// 2.6.26 "because it was inherently racy": -ENOSYS under gorman-2013 and modern.
//
// Open files (with their held futex_q) and fd tables are copy-on-write between snapshots
// (kernel/clone.ts): write a file only as ownFile returns it, and a process's fds through ownFds.

import type { Kernel } from '../kernel';
import type { FutexQ, OpenFile, Process, Task } from '../state';
import { EBADF, EINVAL, EMFILE, ENFILE } from '../types';
import { FILE_MAX, filesInUse, limits } from '../limits';
import { slabAlloc, slabFree } from '../slab';
import { addTimer, blockTask, wakeTask } from '../sched';
import { deliverSignal } from '../signal';
import {
  assertOwnedQ, futexQ, isSysResult, lookupKey, newQ, ownCopyQ, queueMe, ret, taskMm, unlinkQ, unqueueMe,
  type SysResult,
} from './core';
import { refIdentity } from './reference';
import { taskWritten } from '../task-stamp';
import { procsWritten } from '../vm-stamp';

const NSIG = 64;

/** The open file array, for setting slots: copied first if a snapshot shares it. */
function ownFiles(k: Kernel): (OpenFile | null)[] {
  if (k.s.filesOwner !== k.s.epoch) {
    k.s.files = k.s.files.slice();
    k.s.filesOwner = k.s.epoch;
  }
  return k.s.files;
}

/** Open file `id` for writing, with its held futex_q: copied first if a snapshot shares them. */
export function ownFile(k: Kernel, id: number): OpenFile {
  const f = k.s.files[id]!;
  if (f.owner === k.s.epoch) return f;
  const own: OpenFile = { ...f, held: f.held && ownCopyQ(k, f.held), owner: k.s.epoch };
  ownFiles(k)[id] = own;
  return own;
}

/** A process's fd table for writing: copied first if a snapshot shares it. */
export function ownFds(k: Kernel, p: Process): Map<number, number> {
  procsWritten(k.s);
  if (p.fdsOwner !== k.s.epoch) {
    p.fds = new Map(p.fds);
    p.fdsOwner = k.s.epoch;
  }
  return p.fds;
}

export function futexFd(k: Kernel, t: Task, uaddr: number, signal: number): SysResult {
  procsWritten(k.s);
  if (signal < 0 || signal > NSIG) return ret(-EINVAL);
  if (uaddr % 4 !== 0) return ret(-EINVAL);
  // get_unused_fd comes first in futex_fd (2.6.0): past RLIMIT_NOFILE nothing is queued or pinned.
  if (k.s.procs[t.pid].fds.size >= limits(k).maxFds) return ret(-EMFILE);
  if (filesInUse(k) >= FILE_MAX) return ret(-ENFILE); // then get_empty_filp: the machine's file-max
  const found = lookupKey(k, t, uaddr, 'read', false, 'futex_fd');
  if (isSysResult(found)) return found;
  const m = taskMm(k, t);
  const proc = k.s.procs[t.pid];
  const id = slabAlloc(k.s.fileSlab);
  const fd = lowestFreeFd(proc);
  proc.nextFd = fd + 1;
  const f: OpenFile = { id, count: 1, q: -1, readable: false, signal, ownerPid: t.pid, fd, held: null, owner: k.s.epoch };
  ownFiles(k)[id] = f;
  ownFds(k, proc).set(fd, id);
  const q = newQ(k, { key: found.key, reason: found.reason, tid: -1, pid: t.pid, file: id, mm: m.id, uaddr, identity: refIdentity(k, m, uaddr, false) });
  f.q = q.id;
  queueMe(k, q, found.pfn);
  k.emit({ type: 'fd', pid: t.pid, fd, file: id, op: 'open' });
  return ret(fd);
}

/**
 * wake_futex on a FUTEX_FD registration. It is one-shot: off the chain and readable, but its pin
 * and refs stay until close.
 * The fd's owner gets its signal (2.6.0 futex_fd: f_setown + send_sigio on wake).
 */
export function wakeFdWaiter(k: Kernel, q: FutexQ): void {
  unlinkQ(k, q);
  k.emit({ type: 'unqueue', q: q.id, tid: -1, why: 'woken' });
  const f = ownFile(k, q.file);
  assertOwnedQ(k, q);
  f.q = -1;
  q.vcache = null; // futex_wake: __detach_vcache(&this->vcache) (vcache, rusty-2003)
  f.held = q;
  f.readable = true;
  const proc = k.s.procs[f.ownerPid];
  let fdNum = -1;
  for (const [fd, id] of proc.fds) if (id === f.id) fdNum = fd;
  k.emit({ type: 'fd', pid: f.ownerPid, fd: fdNum, file: f.id, op: 'readable' });
  for (const t of k.s.tasks) {
    if (t.state === 'blocked' && t.wait.kind === 'poll' && t.wait.file === f.id) wakeTask(k, t, 1, 'fd readable');
  }
  if (f.signal > 0) {
    const owner = proc.tids.map((tid) => k.s.tasks[tid]).find((x) => x.state !== 'ended' && x.state !== 'killed');
    if (owner) deliverSignal(k, -1, owner);
  }
}

/** __alloc_fd: the lowest free fd, searched from next_fd (a search from 3 made n opens cost n^2). */
function lowestFreeFd(p: Process): number {
  let fd = p.nextFd;
  while (p.fds.has(fd)) fd++;
  return fd;
}

/**
 * poll on one fd: 1 when readable, 0 on timeout, -EINTR on a signal while blocked
 * (kernel/signal.ts). As poll(2) does (checked on Linux 6.18 by `futexlab diff`): a descriptor
 * that is not open is POLLNVAL, so poll returns 1 at once; a negative one is ignored, so poll
 * only sleeps, until its timeout (0) or for good; a negative timeout is no timeout.
 */
export function pollFd(k: Kernel, t: Task, fdArg: number, timeout: number | undefined): SysResult {
  const fd = fdArg | 0; // struct pollfd's int fd
  if (timeout !== undefined && timeout < 0) timeout = undefined;
  const fileId = fd < 0 ? undefined : k.s.procs[t.pid].fds.get(fd);
  if (fileId === undefined && fd >= 0) return ret(1); // POLLNVAL
  if (fileId !== undefined && k.s.files[fileId]!.readable) return ret(1);
  if (timeout === 0) return ret(0);
  t.wait = { kind: 'poll', fd, file: fileId ?? -1 };
  taskWritten(t);
  blockTask(k, t, 'blocked', `poll(fd ${fd})`);
  if (timeout !== undefined) addTimer(k, t, 'timeout', timeout);
  return { kind: 'block' };
}

export function closeFd(k: Kernel, pid: number, fd: number): number {
  procsWritten(k.s);
  const proc = k.s.procs[pid];
  const fileId = proc.fds.get(fd);
  if (fileId === undefined) return -EBADF;
  ownFds(k, proc).delete(fd);
  if (fd < proc.nextFd) proc.nextFd = fd;
  k.emit({ type: 'fd', pid, fd, file: fileId, op: 'close' });
  fput(k, fileId);
  return 0;
}

/** Drop a file reference; the last one unregisters the futex and drops pins and refs. */
export function fput(k: Kernel, fileId: number): void {
  const f = ownFile(k, fileId);
  if (--f.count > 0) return;
  if (f.q >= 0) unqueueMe(k, futexQ(k, f.q), 'close');
  else if (f.held) k.strategy.detach(k, f.held);
  ownFiles(k)[fileId] = null;
  procsWritten(k.s);
  slabFree(k.s.fileSlab, fileId);
}

/** fork duplicates the fd table: each open file gains a reference. */
export function dupFds(k: Kernel, from: Map<number, number>): Map<number, number> {
  for (const id of from.values()) ownFile(k, id).count++;
  return new Map(from);
}
