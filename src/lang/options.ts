// Checking `option NAME = VALUE` (LANGUAGE.md, "Top-level items"; SEMANTICS.md, variants).
//
// The scenario options are `strategy`, `buckets`, `schedule`, `max_steps` and `pin_limit`; a
// dotted name `STRATEGY.VARIANT` sets a strategy variant. Names and allowed values come from
// kernel/futex/variants.ts, which is data only, so the language knows the strategies without
// loading them. Integer values use the literal syntax of the language (`256`, `0x100`, `1_000`).

import { SCENARIO_OPTIONS, STRATEGY_IDS, VARIANTS, isStrategyId } from '../kernel/futex/variants';
import { parseIntegerText } from './lexer';
import { optionCeiling } from './option-ceilings';

/** What is wrong with an option: its name, or its value. */
export interface OptionProblem {
  where: 'name' | 'value';
  message: string;
}

/** What is wrong with the option, or undefined if it is fine. */
export function checkOption(name: string, value: string): OptionProblem | undefined {
  const dot = name.indexOf('.');
  if (dot >= 0) return checkVariant(name.slice(0, dot), name.slice(dot + 1), value);
  if (!(SCENARIO_OPTIONS as readonly string[]).includes(name)) {
    return { where: 'name', message: `unknown option '${name}' (expected ${list(SCENARIO_OPTIONS)}, or STRATEGY.VARIANT)` };
  }
  const message = checkScenarioOption(name, value);
  return message === undefined ? undefined : { where: 'value', message };
}

function checkScenarioOption(name: string, value: string): string | undefined {
  switch (name) {
    case 'strategy':
      return isStrategyId(value) ? undefined : `unknown strategy '${value}' (expected ${list(STRATEGY_IDS)})`;
    case 'buckets':
      return checkBuckets(value);
    case 'schedule':
      return checkSchedule(value);
    default: { // max_steps, pin_limit, and the limits max_frames ... max_output
      const n = parseIntegerText(value);
      if (n === undefined) return `option '${name}' must be a non-negative integer, not '${value}'`;
      const ceiling = optionCeiling(name);
      if (ceiling !== undefined && n > ceiling) return ceilingMessage(name, value, ceiling);
      return Number.isSafeInteger(n) ? undefined : `option '${name}' must be at most 2^53 - 1, not '${value}'`;
    }
  }
}

/** The message for a value over its option's ceiling (lang/option-ceilings.ts): one wording for the scenario, CLI and launch. */
export function ceilingMessage(name: string, value: string, ceiling: number): string {
  return `option '${name}' is at most ${ceiling} (a ceiling that keeps memory bounded), not '${value}'`;
}

/** The largest hash table a scenario may ask for (the futex table is allocated up front). */
export const MAX_BUCKETS = 2 ** 20;

/**
 * A futex hash table size: a power of two from 1 to MAX_BUCKETS. Decided on the number itself,
 * not with `n & (n - 1)`, whose 32-bit conversion let 2^30 and 2^32 through (issue #14).
 */
export function isBucketCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_BUCKETS && Number.isInteger(Math.log2(n));
}

function checkBuckets(value: string): string | undefined {
  const n = parseIntegerText(value);
  const ok = n !== undefined && isBucketCount(n);
  return ok ? undefined : `option 'buckets' must be a power of two (1, 2, 4, ... up to 2^20), not '${value}'`;
}

/** Exactly what session/options.ts accepts: decimal digits, no blanks. */
const RANDOM = /^random\(\d+\)$/;

/**
 * The largest random(SEED): the generator's state is one 32-bit word (kernel/sched.ts
 * seededRandom), so random(4294967296) ran the schedule of random(0), and a SEED past 2^53 was
 * shown as random(1e+23), a name no schedule parser accepts.
 */
export const MAX_SEED = 0xffff_ffff;

/** A SEED's digits: whether they name a seed from 0 to MAX_SEED. */
export function isSeed(digits: string): boolean {
  return /^\d+$/.test(digits) && Number(digits) <= MAX_SEED;
}

function checkSchedule(value: string): string | undefined {
  if (value === 'fifo' || value === 'round-robin') return undefined;
  if (RANDOM.test(value)) return isSeed(value.slice(7, -1)) ? undefined : `option 'schedule': the SEED of random(SEED) is at most ${MAX_SEED} (32 bits), not ${value.slice(7, -1)}`;
  return `option 'schedule' must be fifo, round-robin or random(SEED) with a decimal SEED, not '${value}'`;
}

function checkVariant(strategy: string, variant: string, value: string): OptionProblem | undefined {
  if (!isStrategyId(strategy)) {
    return { where: 'name', message: `unknown strategy '${strategy}' in option '${strategy}.${variant}' (expected ${list(STRATEGY_IDS)})` };
  }
  const variants = VARIANTS[strategy];
  const spec = Object.hasOwn(variants, variant) ? variants[variant] : undefined;
  if (!spec) {
    const known = Object.keys(variants);
    const has = known.length ? `its variants are ${list(known)}` : 'it has no variants';
    return { where: 'name', message: `strategy '${strategy}' has no variant '${variant}' (${has})` };
  }
  if (spec.values.includes(value)) return undefined;
  return { where: 'value', message: `option '${strategy}.${variant}' must be ${list(spec.values)}, not '${value}'` };
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return items.slice(0, -1).join(', ') + ' or ' + items[items.length - 1];
}
