// The largest value each bound-like scenario option may take (`option NAME = VALUE`, the CLI's
// `--option NAME=VALUE`, the launch configuration's `options`). Without a ceiling a scenario could
// raise `max_frames` to 720896 and `run` reached 3.5 GB of RSS (found by the seventh session's
// user-path audit); each ceiling keeps the CLI and the debug adapter's memory bounded whatever the
// scenario asks for. Figures: peak RSS of `run` at the ceiling, measured with /usr/bin/time -v
// (docs/language.md, section 9, states them).

/** NAME -> the largest value the option accepts. */
export const OPTION_CEILINGS = {
  /**
   * Steps a run may take. `run` keeps nothing per step, but a step may allocate (a call frame, a
   * vma, an fd): the machine bounds call frames and files as a whole (session/call-frames.ts,
   * kernel/limits.ts FILE_MAX): before them, 10^7 calls over 150 threads peaked at 1.3 GB, and
   * futex_fds in 40 processes at 1.17 GB after 2 * 10^6 steps. 100 times the default.
   */
  max_steps: 10_000_000,
  /** Page frames: ~5.5 KB of RSS each in the simulator (data, page, pte); 131072 peaked at 726 MB. */
  max_frames: 131_072,
  /** Live processes: 32768 is Linux's PID_MAX_DEFAULT; fork costs ~6 KB each here. */
  max_processes: 32_768,
  /** Live threads: as max_processes (threads-max here is PID_MAX_DEFAULT, the default). */
  max_threads: 32_768,
  /** fds per process: 64 times the default; an fd with its futex_q registration costs ~1.1 KB here (2^20 of them peaked at 1.2 GB). */
  max_fds: 65_536,
  /** VMAs per mm: Linux's own default vm.max_map_count, 65530. */
  max_map_count: 65_530,
  /** Pages of address space per mm: the user range 0x10000000 to TASK_SIZE (0xc0000000) holds no more. */
  max_mm_pages: (0xc0000000 - 0x10000000) / 4096,
  /** Frames a thread may hold: 10 times the default; all threads' together are bounded too (session/call-frames.ts). */
  max_call_depth: 100_000,
  /** Characters of print output: 64 MiB, the bound the native runner reads a program's output with. */
  max_output: 64 << 20,
} as const;

export type CeiledOption = keyof typeof OPTION_CEILINGS;

/** The ceiling of option NAME, or undefined for an option that has none. */
export function optionCeiling(name: string): number | undefined {
  return Object.hasOwn(OPTION_CEILINGS, name) ? OPTION_CEILINGS[name as CeiledOption] : undefined;
}
