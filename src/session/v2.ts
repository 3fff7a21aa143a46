// The version-2 right-hand forms of issue #17, compiled and run: bitset waits and wakes,
// futex_waitv, the futex2 calls, set_robust_list and get_robust_list (LANGUAGE.md "Version 2
// additions"). The kernel rules are in kernel/futex/{bitset,waitv,futex2,robust}.ts; this file
// only evaluates the arguments (`size` defaults to 32 bits, `len` to the 12-byte head).

import type { Futex2Entry, Rhs } from '../lang/ast';
import type { Kernel } from '../kernel/kernel';
import type { Task } from '../kernel/state';
import { compileExpr, type CompiledExpr, type EvalEnv } from './expr';
import { futexWaitBitset, futexWakeBitset } from '../kernel/futex/bitset';
import { futexWaitv } from '../kernel/futex/waitv';
import { futex2Requeue, futex2Wait, futex2Wake, type Futex2Operand } from '../kernel/futex/futex2';
import { getRobustList, ROBUST_HEAD_SIZE, setRobustList } from '../kernel/futex/robust';
import type { SysResult } from '../kernel/futex/core';

export interface CEntry {
  addr: CompiledExpr;
  val?: CompiledExpr;
  priv: boolean;
  size?: CompiledExpr;
}

export type CRhsV2 =
  | { kind: 'futex_wait_bitset'; addr: CompiledExpr; val: CompiledExpr; mask: CompiledExpr; timeout?: CompiledExpr; priv: boolean }
  | { kind: 'futex_wake_bitset'; addr: CompiledExpr; n: CompiledExpr; mask: CompiledExpr; priv: boolean }
  | { kind: 'futex_waitv'; entries: CEntry[]; timeout?: CompiledExpr }
  | { kind: 'futex2_wait'; entry: CEntry; mask: CompiledExpr; timeout?: CompiledExpr }
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
      return { kind: r.kind, addr: compileExpr(r.addr), val: compileExpr(r.val), mask: compileExpr(r.mask), timeout: opt(r.flags.timeout), priv: r.flags.private };
    case 'futex_wake_bitset':
      return { kind: r.kind, addr: compileExpr(r.addr), n: compileExpr(r.n), mask: compileExpr(r.mask), priv: r.flags.private };
    case 'futex_waitv':
      return { kind: r.kind, entries: r.entries.map(entry), timeout: opt(r.flags.timeout) };
    case 'futex2_wait':
      return {
        kind: r.kind, entry: { addr: compileExpr(r.addr), val: compileExpr(r.val), priv: r.flags.private, size: opt(r.flags.size) },
        mask: compileExpr(r.mask), timeout: opt(r.flags.timeout),
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
  const timeout = (c: { timeout?: CompiledExpr }) => (c.timeout ? c.timeout(env) : undefined);
  switch (r.kind) {
    case 'futex_wait_bitset':
      return futexWaitBitset(k, t, r.addr(env), r.val(env), r.mask(env), timeout(r), r.priv);
    case 'futex_wake_bitset':
      return futexWakeBitset(k, t, r.addr(env), r.n(env), r.mask(env), r.priv);
    case 'futex_waitv':
      return futexWaitv(k, t, r.entries.map((e) => operand(e, env)), timeout(r));
    case 'futex2_wait':
      return futex2Wait(k, t, operand(r.entry, env), r.mask(env), timeout(r));
    case 'futex2_wake':
      return futex2Wake(k, t, r.addr(env), r.mask(env), r.n(env), r.priv, r.size ? r.size(env) : 32);
    case 'futex2_requeue':
      return futex2Requeue(k, t, operand(r.from, env), operand(r.to, env), r.nwake(env), r.nrequeue(env));
    case 'set_robust_list':
      return setRobustList(k, t, r.head(env), r.len ? r.len(env) : ROBUST_HEAD_SIZE);
    case 'get_robust_list': {
      const tid = r.thread === undefined ? t.tid : findThread(r.thread, t);
      return getRobustList(k, tid === undefined ? undefined : k.s.tasks[tid]);
    }
  }
}
