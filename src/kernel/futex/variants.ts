// The names of the keying strategies and of their variants (design/SEMANTICS.md).
//
// This table is data only, so that lang/ can check `option strategy = ...` and
// `option STRATEGY.NAME = VALUE` without loading the strategies themselves. The strategy modules
// (kernel/futex/strategy/*.ts) read the chosen values through `variantValue`.

export const STRATEGY_IDS = [
  'pinned-page',
  'vcache',
  'rusty-2003',
  'jamie-2003',
  'gorman-2013',
  'modern',
] as const;

export type StrategyId = (typeof STRATEGY_IDS)[number];

export interface VariantSpec {
  /** Allowed values; the first is the released behaviour and the default. */
  values: readonly string[];
  doc: string;
}

export const VARIANTS: Record<StrategyId, Record<string, VariantSpec>> = {
  'pinned-page': {
    gup: { values: ['read', 'write'], doc: 'page lookup mode: read (2.5.40 .. 2.6.0-test4) or write (2.5.38-B8)' },
  },
  vcache: {
    gup: { values: ['read', 'write'], doc: 'page lookup mode, as for pinned-page' },
  },
  'rusty-2003': {},
  'jamie-2003': {
    shared_test: {
      values: ['vm_mayshare', 'vm_shared'],
      doc: 'which vma flag selects an inode key: VM_MAYSHARE (merged) or VM_SHARED (the rejected test)',
    },
    refs: { values: ['true', 'false'], doc: 'waiters hold mm/inode references (8 Sep 2003 patch, in 2.6.0)' },
    requeue: {
      values: ['2003', 'fifo'],
      doc: 'requeue order: 2003 (list_move_tail, reorders) or fifo (the 2006 -rt fix)',
    },
  },
  'gorman-2013': {
    lock_page: {
      values: ['slowpath', 'always'],
      doc: 'slowpath: the RFC (page lock only for shmem-swizzled pages); always: before it (2.6.33 .. 4.5)',
    },
  },
  modern: {
    requeue_flags: {
      values: ['2026', '6.7'],
      doc: 'futex2_requeue with different flags on its two futexes: 2026 refuses it with -EINVAL (19f94b390586); 6.7 (6.7 .. the fix) accepts it',
    },
  },
};

export function isStrategyId(s: string): s is StrategyId {
  return (STRATEGY_IDS as readonly string[]).includes(s);
}

/** The scenario-level options every scenario may set (besides dotted variants). */
export const SCENARIO_OPTIONS = [
  'strategy', 'buckets', 'schedule', 'max_steps', 'pin_limit',
  // The simulated machine's limits (kernel/limits.ts, session/options.ts LIMIT_OPTIONS; issue #14).
  'max_frames', 'max_processes', 'max_threads', 'max_fds', 'max_map_count', 'max_mm_pages', 'max_call_depth', 'max_output',
] as const;
