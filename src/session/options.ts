// Scenario options (`option NAME = VALUE`) merged with the overrides of the command line or the
// launch configuration, and checked. A bad override is a UsageError naming the field.

import type { Scenario } from '../lang/ast';
import { ceilingMessage, isBucketCount, isSeed, MAX_SEED } from '../lang/options';
import { optionCeiling } from '../lang/option-ceilings';
import { parseIntegerText } from '../lang/lexer';
import { STRATEGY_IDS, VARIANTS, isStrategyId, type StrategyId } from '../kernel/futex/variants';
import type { SchedPolicy } from '../kernel/sched';
import { DEFAULT_LIMITS, type MachineLimits } from '../kernel/limits';
import { SCENARIO_OPTIONS } from '../kernel/futex/variants';

/** The strategies and their variants, for the front ends (which import session/, not kernel/). */
export { SCENARIO_OPTIONS, STRATEGY_IDS, VARIANTS, isStrategyId, type StrategyId } from '../kernel/futex/variants';

/**
 * A strategy, schedule or option value refused. `detail` says why without naming the field, so a
 * front end can name it its own way (the launch: `replay.options.NAME`); the message names it as
 * the command line shows it (`label: detail`, no label for an unknown option).
 */
export class UsageError extends Error {
  constructor(readonly field: string, readonly detail: string, label: string | null = field) {
    super(label === null ? detail : `${label}: ${detail}`);
  }
}

export interface RunOptions {
  strategy: StrategyId;
  schedule: SchedPolicy;
  buckets: number;
  maxSteps: number;
  pinLimit: number;
  /** Frames, processes, threads, fds of the simulated machine (kernel/limits.ts). */
  limits: MachineLimits;
  /** Frames a thread may hold: a deeper call is a stack overflow (the thread dies with SIGSEGV). */
  maxCallDepth: number;
  /** Characters of `print` output (a newline counted per line) before the run ends with output-limit. */
  maxOutput: number;
  /** The chosen strategy's variants: NAME -> VALUE (defaults filled in). */
  variants: Record<string, string>;
}

export interface Overrides {
  strategy?: string;
  /** `fifo`, `round-robin`, `random(SEED)` or `random:SEED`. */
  schedule?: string;
  /** More `option` values, as the scenario would write them. */
  options?: Record<string, string>;
}

export const DEFAULTS = { strategy: 'modern' as StrategyId, buckets: 256, maxSteps: 100000, pinLimit: 64, maxCallDepth: 10000, maxOutput: 4 << 20 };

/** The limit options (issue #14): name -> default. Each is a non-negative integer, 0 allowed. */
export const LIMIT_OPTIONS = {
  max_frames: DEFAULT_LIMITS.maxFrames,
  max_processes: DEFAULT_LIMITS.maxProcesses,
  max_threads: DEFAULT_LIMITS.maxThreads,
  max_fds: DEFAULT_LIMITS.maxFds,
  max_map_count: DEFAULT_LIMITS.maxMapCount,
  max_mm_pages: DEFAULT_LIMITS.maxMmPages,
  max_call_depth: DEFAULTS.maxCallDepth,
  max_output: DEFAULTS.maxOutput,
} as const;

export function parseSchedule(s: string, field = 'schedule'): SchedPolicy {
  const v = s.trim();
  if (v === 'fifo') return { kind: 'fifo' };
  if (v === 'round-robin') return { kind: 'round-robin' };
  const m = /^random(?:\((\d+)\)|:(\d+))$/.exec(v);
  if (m) {
    const digits = m[1] ?? m[2]!;
    if (!isSeed(digits)) throw new UsageError(field, `the SEED of '${s}' is at most ${MAX_SEED} (32 bits, the generator's state)`);
    return { kind: 'random', seed: Number(digits) };
  }
  throw new UsageError(field, `'${s}' is not a schedule (fifo, round-robin, random(SEED) or random:SEED)`);
}

export function scheduleName(p: SchedPolicy): string {
  return p.kind === 'random' ? `random(${p.seed})` : p.kind;
}

/**
 * An integer option as the language writes it (`256`, `0x100`, `1_000`: lang/lexer.ts
 * parseIntegerText), for `--option` and the launch configuration alike: Number() let `1e3`, `2.0`
 * and `0b10` through, which `option max_steps = 1e3` refuses.
 */
function parseCount(name: string, v: string, min: number): number {
  const n = parseIntegerText(v.trim());
  if (n === undefined || !Number.isSafeInteger(n) || n < min) throw new UsageError(name, `'${v}' is not an integer >= ${min}`, `option ${name}`);
  const ceiling = optionCeiling(name);
  if (ceiling !== undefined && n > ceiling) throw new UsageError(name, ceilingMessage(name, v, ceiling), null);
  return n;
}

export function resolveOptions(sc: Scenario, o: Overrides = {}): RunOptions {
  const values = new Map<string, string>();
  const limit = (name: keyof typeof LIMIT_OPTIONS) => parseCount(name, values.get(name) ?? String(LIMIT_OPTIONS[name]), 0);
  for (const d of sc.options) values.set(d.name, d.value);
  for (const [k, v] of Object.entries(o.options ?? {})) values.set(k, String(v));
  if (o.strategy !== undefined) values.set('strategy', o.strategy);
  const strategy = values.get('strategy') ?? DEFAULTS.strategy;
  if (!isStrategyId(strategy)) {
    throw new UsageError('strategy', `'${strategy}' is not a strategy (${STRATEGY_IDS.join(', ')})`);
  }
  const schedule = o.schedule !== undefined ? parseSchedule(o.schedule) : parseSchedule(values.get('schedule') ?? 'fifo');
  const buckets = parseCount('buckets', values.get('buckets') ?? String(DEFAULTS.buckets), 1);
  if (!isBucketCount(buckets)) throw new UsageError('buckets', `${buckets} is not a power of two from 1 to 2^20`, 'option buckets');
  const variants: Record<string, string> = {};
  for (const [name, spec] of Object.entries(VARIANTS[strategy])) variants[name] = spec.values[0];
  for (const [key, v] of values) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      if (!(SCENARIO_OPTIONS as readonly string[]).includes(key)) throw new UsageError(key, `unknown option '${key}'`, null);
      continue;
    }
    const sid = key.slice(0, dot);
    const name = key.slice(dot + 1);
    if (!isStrategyId(sid) || !Object.hasOwn(VARIANTS[sid], name)) throw new UsageError(key, `unknown option '${key}'`, null);
    if (!VARIANTS[sid][name].values.includes(v)) {
      throw new UsageError(key, `'${v}' is not one of ${VARIANTS[sid][name].values.join(', ')}`, `option ${key}`);
    }
    if (sid === strategy) variants[name] = v;
  }
  return {
    strategy, schedule, buckets, variants,
    maxSteps: parseCount('max_steps', values.get('max_steps') ?? String(DEFAULTS.maxSteps), 0),
    pinLimit: parseCount('pin_limit', values.get('pin_limit') ?? String(DEFAULTS.pinLimit), 0),
    limits: {
      maxFrames: limit('max_frames'), maxProcesses: limit('max_processes'), maxThreads: limit('max_threads'), maxFds: limit('max_fds'),
      maxMapCount: limit('max_map_count'), maxMmPages: limit('max_mm_pages'),
    },
    maxCallDepth: limit('max_call_depth'),
    maxOutput: limit('max_output'),
  };
}
