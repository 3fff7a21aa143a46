// A call's timeout argument, compiled and evaluated: `timeout T` (ticks) or `timeout {SEC, NSEC}`
// with futex_waitv's and futex2_wait's `clock C` (LANGUAGE.md, docs/language.md "Timeouts"). The
// kernel reads it as the op reads it (kernel/futex/timeout.ts).

import type { FutexFlags } from '../lang/ast';
import type { Timeout } from '../kernel/futex/timeout';
import { compileExpr, type CompiledExpr, type EvalEnv } from './expr';

export type CTimeout =
  | { kind: 'ticks'; ticks: CompiledExpr }
  | { kind: 'timespec'; sec: CompiledExpr; nsec: CompiledExpr; clock?: CompiledExpr };

export function compileTimeout(flags: FutexFlags): CTimeout | undefined {
  if (flags.timespec) {
    const { sec, nsec } = flags.timespec;
    return { kind: 'timespec', sec: compileExpr(sec), nsec: compileExpr(nsec), ...(flags.clock ? { clock: compileExpr(flags.clock) } : {}) };
  }
  return flags.timeout ? { kind: 'ticks', ticks: compileExpr(flags.timeout) } : undefined;
}

export function evalTimeout(c: CTimeout | undefined, env: EvalEnv): Timeout | undefined {
  if (c === undefined) return undefined;
  if (c.kind === 'ticks') return { kind: 'ticks', ticks: c.ticks(env) };
  return { kind: 'timespec', sec: c.sec(env), nsec: c.nsec(env), ...(c.clock ? { clockid: c.clock(env) } : {}) };
}
