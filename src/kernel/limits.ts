// Limits of the simulated machine (issue #14), as the kernel has them: a finite number of page
// frames, of processes and threads, of open files per process, of page-table memory. Hitting one
// gives the errno Linux returns (fork/clone -EAGAIN at RLIMIT_NPROC or threads-max, -EMFILE at
// RLIMIT_NOFILE, -ENOMEM when dup_mmap cannot allocate page tables, an OOM kill when a fault
// finds no free frame), never an abort of the simulator. The defaults keep the CLI and the
// debug adapter well under 1 GB of RSS on any input; each is a scenario option (session/options.ts).

import type { Kernel } from './kernel';

export interface MachineLimits {
  /** Page frames in use at once (the ZERO_PAGE not counted): `option max_frames`. */
  maxFrames: number;
  /** Live processes (RLIMIT_NPROC of the one user): `option max_processes`. */
  maxProcesses: number;
  /** Live threads of the machine (kernel.threads-max): `option max_threads`. */
  maxThreads: number;
  /** Open fds per process (RLIMIT_NOFILE): `option max_fds`. */
  maxFds: number;
  /**
   * VMAs per mm (vm.max_map_count): `option max_map_count`. Linux allows 65530; 4096 here, since
   * the simulator's vma list is searched linearly on every fault (a loop of mmaps was quadratic).
   */
  maxMapCount: number;
  /** Pages of address space per mm (RLIMIT_AS): `option max_mm_pages`; TASK_SIZE bounds it anyway. */
  maxMmPages: number;
}

/** Pages mapped by an mm's vmas (total_vm). */
export function totalVm(m: { vmas: { start: number; end: number }[] }): number {
  let n = 0;
  for (const v of m.vmas) n += (v.end - v.start) / 4096;
  return n;
}

// threads-max as PID_MAX_DEFAULT (32768): the views are built for 10,000 waiters.
export const DEFAULT_LIMITS: MachineLimits = { maxFrames: 65536, maxProcesses: 4096, maxThreads: 32768, maxFds: 1024, maxMapCount: 4096, maxMmPages: (0xc0000000 - 0x10000000) / 4096 };

/**
 * Page-table entries the machine may hold, per allowed frame. Page tables are memory too (one
 * 4 KiB page maps 1024 ptes on i386); the simulator keeps a pte in a Map entry of ~100 bytes, so
 * it allows 16 per frame: 2^20 with the default max_frames. Only fork copies ptes in bulk.
 */
export const PTES_PER_FRAME = 16;

/**
 * Open files of the whole machine (fs.file-max): a futex_fd past it returns -ENFILE, as
 * get_empty_filp does past files_stat.max_files. Not an option: max_fds bounds one process, and
 * with max_steps at its ceiling (10^7) fds opened by 40 processes took `run` to 1.17 GB in 2,000,000
 * steps (~1.1 KB a file with its futex_q). 65536, max_fds's own ceiling (lang/option-ceilings.ts).
 */
export const FILE_MAX = 65536;

/** Open files now (the file slab's slots start at 1). */
export function filesInUse(k: Kernel): number {
  return k.s.fileSlab.next - k.s.fileSlab.free.length - 1;
}

/** A fault found no free frame: handle_mm_fault's VM_FAULT_OOM. Thrown by allocPage only. */
export class OutOfFrames extends Error {}

export function limits(k: Kernel): MachineLimits {
  return k.config.limits ?? DEFAULT_LIMITS;
}

/** Frames allocated now, the reserved ZERO_PAGE (pfn 0) excluded. */
export function framesInUse(k: Kernel): number {
  return k.s.pageSlab.next - k.s.pageSlab.free.length - 1;
}

export function liveProcesses(k: Kernel): number {
  let n = 0;
  for (const p of k.s.procs) if (p.alive) n++;
  return n;
}

export function liveThreads(k: Kernel): number {
  let n = 0;
  for (const t of k.s.tasks) if (t.state !== 'ended' && t.state !== 'killed') n++;
  return n;
}

/** Page-table entries over every live mm. */
export function ptesInUse(k: Kernel): number {
  let n = 0;
  for (const m of k.s.mms) if (m) n += m.pt.size;
  return n;
}
