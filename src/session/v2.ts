// The version-2 right-hand forms of issue #17, compiled and run: bitset waits and wakes,
// futex_waitv, the futex2 calls, set_robust_list and get_robust_list (LANGUAGE.md "Version 2
// additions"). The kernel rules are in kernel/futex/{bitset,waitv,futex2,robust}.ts; this file
// only evaluates the arguments and hands the call to do_futex (kernel/futex/syscalls.ts, which
// makes the era's -ENOSYS check) (`size` defaults to 32 bits, `len` to the 12-byte head).

import type { Futex2Entry, Rhs } from '../lang/ast';
import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/state';
import { compileExpr, type CompiledExpr, type EvalEnv } from './expr';
import type { Futex2Operand } from '../kernel/futex/futex2';
import { ROBUST_HEAD_SIZE } from '../kernel/futex/robust';
import { doFutex, robustCall } from '../kernel/futex/syscalls';
import type { SysResult } from '../kernel/futex/core';
import { compileTimeout, evalTimeout, type CTimeout } from './timeout';
import { count } from './futex-call';

export interface CEntry {
  addr: CompiledExpr;
  val?: CompiledExpr;
  priv: boolean;
  size?: CompiledExpr;
}

export type CRhsV2 =
  | { kind: 'futex_wait_bitset'; addr: CompiledExpr; val: CompiledExpr; mask: CompiledExpr; timeout?: CTimeout; priv: boolean }
  | { kind: 'futex_wake_bitset'; addr: CompiledExpr; n: CompiledExpr; mask: CompiledExpr; priv: boolean }
  | { kind: 'futex_waitv'; entries: CEntry[]; timeout?: CTimeout }
  | { kind: 'futex2_wait'; entry: CEntry; mask: CompiledExpr; timeout?: CTimeout }
  | { kind: 'futex2_wake'; addr: CompiledExpr; mask: CompiledExpr; n: CompiledExpr; priv: boolean; size?: CompiledExpr }
  | { kind: 'futex2_requeue'; from: CEntry; to: CEntry; nwake: CompiledExpr; nrequeue: CompiledExpr }
  | { kind: 'set_robust_list'; head: CompiledExpr; len?: CompiledExpr }
  | { kind: 'get_robust_list'; thread?: string };

export type RhsV2 = Extract<Rhs, { kind: CRhsV2['kind'] }>;

const V2_KINDS: ReadonlySet<string> = new Set<CRhsV2['kind']>([
  'futex_wait_bitset', 'futex_wake_bitset', 'futex_waitv', 'futex2_wait', 'futex2_wake', 'futex2_requeue',
  'set_robust_list', 'get_robust_list',
]);

export const isV2Rhs = (r: Rhs): r is RhsV2 => V2_KINDS.has(r.kind);
export const isCV2 = (r: { kind: string }): r is CRhsV2 => V2_KINDS.has(r.kind);

const opt = (e: Parameters<typeof compileExpr>[0] | undefined) => (e ? compileExpr(e) : undefined);
const entry = (e: Futex2Entry): CEntry => ({ addr: compileExpr(e.addr), val: opt(e.val), priv: e.private, size: opt(e.size) });

export function compileV2(r: RhsV2): CRhsV2 {
  switch (r.kind) {
    case 'futex_wait_bitset':
      return { kind: r.kind, addr: compileExpr(r.addr), val: compileExpr(r.val), mask: compileExpr(r.mask), timeout: compileTimeout(r.flags), priv: r.flags.private };
    case 'futex_wake_bitset':
      return { kind: r.kind, addr: compileExpr(r.addr), n: compileExpr(r.n), mask: compileExpr(r.mask), priv: r.flags.private };
    case 'futex_waitv':
      return { kind: r.kind, entries: r.entries.map(entry), timeout: compileTimeout(r.flags) };
    case 'futex2_wait':
      return {
        kind: r.kind, entry: { addr: compileExpr(r.addr), val: compileExpr(r.val), priv: r.flags.private, size: opt(r.flags.size) },
        mask: compileExpr(r.mask), timeout: compileTimeout(r.flags),
      };
    case 'futex2_wake':
      return { kind: r.kind, addr: compileExpr(r.addr), mask: compileExpr(r.mask), n: compileExpr(r.n), priv: r.flags.private, size: opt(r.flags.size) };
    case 'futex2_requeue':
      return { kind: r.kind, from: entry(r.from), to: entry(r.to), nwake: compileExpr(r.nwake), nrequeue: compileExpr(r.nrequeue) };
    case 'set_robust_list':
      return { kind: r.kind, head: compileExpr(r.head), len: opt(r.flags.len) };
    case 'get_robust_list':
      return { kind: r.kind, thread: r.thread };
  }
}

const operand = (e: CEntry, env: EvalEnv): Futex2Operand => ({
  uaddr: e.addr(env), val: e.val ? e.val(env) : 0, priv: e.priv, size: e.size ? e.size(env) : 32,
});

/** Run a version-2 call for task t. `findThread` resolves get_robust_list's THREAD (as gettid does). */
export function execV2(k: Kernel, t: Task, r: CRhsV2, env: EvalEnv, findThread: (name: string, caller: Task) => number | undefined): SysResult {
  const timeout = (c: { timeout?: CTimeout }) => evalTimeout(c.timeout, env);
  switch (r.kind) {
    case 'futex_wait_bitset':
      return doFutex(k, t, { cmd: 'wait_bitset', uaddr: r.addr(env), val: r.val(env), mask: r.mask(env), timeout: timeout(r), priv: r.priv });
    case 'futex_wake_bitset':
      return doFutex(k, t, { cmd: 'wake_bitset', uaddr: r.addr(env), n: count(r.n(env)), mask: r.mask(env), priv: r.priv });
    case 'futex_waitv':
      return doFutex(k, t, { cmd: 'waitv', entries: r.entries.map((e) => operand(e, env)), timeout: timeout(r) });
    case 'futex2_wait':
      return doFutex(k, t, { cmd: 'futex2_wait', entry: operand(r.entry, env), mask: r.mask(env), timeout: timeout(r) });
    case 'futex2_wake':
      return doFutex(k, t, { cmd: 'futex2_wake', uaddr: r.addr(env), mask: r.mask(env), n: count(r.n(env)), priv: r.priv, size: r.size ? r.size(env) : 32 });
    case 'futex2_requeue':
      return doFutex(k, t, { cmd: 'futex2_requeue', from: operand(r.from, env), to: operand(r.to, env), nwake: count(r.nwake(env)), nrequeue: count(r.nrequeue(env)) });
    case 'set_robust_list':
      return robustCall(k, t, { cmd: 'set_robust_list', head: r.head(env), len: r.len ? r.len(env) : ROBUST_HEAD_SIZE });
    case 'get_robust_list': {
      const tid = r.thread === undefined ? t.tid : findThread(r.thread, t);
      return robustCall(k, t, { cmd: 'get_robust_list', target: tid === undefined ? undefined : k.s.tasks[tid] });
    }
  }
}
