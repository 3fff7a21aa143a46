// The canonical encoding of a whole state (kernel and threads) for state hashing: two states
// that no future can tell apart encode the same, so each is visited once.
//
// Left out because no future step can observe them: the clock and step counter (timers are
// encoded relative to the clock), allocation counters (futex_q ids, timer ids, lifetime
// numbers), the run-queue order (the explorer picks any runnable thread) and the event log.
//
// Symmetry reduction: threads declared with identical code in the same process, started with
// the same registers, are interchangeable. Their local states are sorted and tids renamed before
// the global part is written, so permutations of identical threads encode once.

import type { Session } from '../session/session';
import type { ThreadState } from '../session/interp';
import type { Kernel } from '../kernel/kernel';
import type { Program } from '../session/program';
import { liveness, type Liveness } from './liveness';
import { encodePi, encodeQPi } from './encode-pi';
import { exprIdentity, type CompiledExpr } from '../session/expr';

export interface SymmetryInfo {
  /** Unit id -> canonical unit id (the first unit with the same code). */
  unitClass: number[];
  /** Registers live at each instruction: dead ones are left out of the encoding. */
  live: Liveness;
  /** tid -> symmetry class (tids of one class are interchangeable), -1 for none. */
  classOf: (tid: number) => number;
  /** Number of threads that belong to a class of two or more. */
  symmetricThreads: number;
}

/**
 * A structural fingerprint of a code unit: its instructions without source positions, each
 * compiled expression by what it computes (exprIdentity), never by its closure's source text.
 */
function unitFingerprint(program: Program, unit: number): string {
  return JSON.stringify(program.units[unit].code, (key, v) => (key === 'range' ? undefined : typeof v === 'function' ? exprIdentity(v as CompiledExpr) : v));
}

/**
 * Threads of the scenario's process blocks whose code is identical (and that are started the
 * same way) form a class. Threads created later by fork/spawn are left alone (no class).
 */
export function symmetryOf(program: Program, enabled: boolean): SymmetryInfo {
  const fp = new Map<string, number>();
  const unitClass = program.units.map((_, u) => {
    const f = unitFingerprint(program, u);
    if (!fp.has(f)) fp.set(f, u);
    return fp.get(f)!;
  });
  // A thread named by a `signal` statement is not interchangeable with its twins.
  const signalled = new Set<string>();
  for (const u of program.units) for (const i of u.code) if (i.op === 'signal') signalled.add(i.thread);
  const classes = new Map<number, number>();
  let tid = 0;
  const sizes = new Map<number, number>();
  program.processes.forEach((p, pi) => {
    for (const t of p.threads) {
      const named = signalled.has(t.name) || signalled.has(`${p.name}/${t.name}`);
      // A thread with a priority is not interchangeable with a twin of another (sched is not in its code).
      const prioritized = t.sched.policy !== 'other' || t.sched.nice !== 0;
      const cls = named || prioritized ? -1 - tid : pi * 100000 + unitClass[t.unit];
      classes.set(tid++, cls);
      sizes.set(cls, (sizes.get(cls) ?? 0) + 1);
    }
  });
  let symmetricThreads = 0;
  for (const n of sizes.values()) if (n > 1) symmetricThreads += n;
  return {
    unitClass,
    live: liveness(program),
    classOf: (t) => (enabled && (sizes.get(classes.get(t) ?? -1) ?? 0) > 1 ? classes.get(t)! : -1),
    symmetricThreads: enabled ? symmetricThreads : 0,
  };
}

function threadLocal(k: Kernel, th: ThreadState, sym: SymmetryInfo): string {
  const t = k.s.tasks[th.tid];
  let s = `${t.state[0]}${t.sigpending ? 'S' : ''}${t.clearTid ? 'C' + t.clearTid : ''}${t.robustHead ? 'R' + t.robustHead + '.' + t.robustLen : ''}|`;
  for (let fi = 0; fi < th.frames.length; fi++) {
    const f = th.frames[fi];
    const live = sym.live[f.unit][f.pc];
    // A caller's retSlot and a blocked call's pendingSlot are about to be overwritten.
    const dead = fi < th.frames.length - 1 ? th.frames[fi + 1].retSlot : th.pendingSlot;
    s += `${sym.unitClass[f.unit]}@${f.pc}:`;
    for (let r = 0; r < f.regs.length; r++) s += (live && live[r] && r !== dead ? f.regs[r] : '') + ',';
    s += `/${f.retSlot};`;
  }
  // task.retval is dead once delivered (pendingSlot -2) unless the 2.6.0 two-step wait is pending.
  s += th.pendingSlot === -2 && t.state === 'runnable' ? 'p' : `p${th.pendingSlot}r${t.retval}`;
  if (t.timer >= 0) {
    const tm = k.s.timers.find((x) => x.id === t.timer);
    if (tm) s += `T${tm.kind[0]}${tm.expires - k.s.clock}`;
  }
  switch (t.wait.kind) {
    case 'futex': {
      // A futex_waitv waits on each of its entries' futex_qs (futex/waitv.ts).
      for (const id of t.wait.v ?? [t.wait.q]) {
        const q = k.s.futex.queues.get(id);
        s += q ? `Wf${q.bucket}.${k.s.futex.buckets[q.bucket].indexOf(q.id)}${q.unchecked ? 'u' : ''}` : 'Wf-';
      }
      if (t.wait.signalled) s += 's'; // signalled but still queued until it runs (kernel/signal.ts)
      if (t.wait.vwoken) s += 'v'; // futex_waitv entry woken, the others queued until it runs (futex/waitv.ts)
      break;
    }
    case 'poll': s += `Wp${t.wait.fd}`; break;
    case 'page-lock': s += `Wl${t.wait.pfn}`; break;
    case 'sleep': s += 'Ws'; break;
  }
  return s;
}

/** Encode the state of `s`. Also returns the canonical tid of each tid (for traces). */
export function encodeState(s: Session, sym: SymmetryInfo): string {
  const k = s.k;
  const n = s.threads.length;
  const locals: string[] = new Array(n);
  for (let tid = 0; tid < n; tid++) locals[tid] = threadLocal(k, s.threads[tid], sym);
  const rename = canonicalTids(n, locals, sym);
  const parts: string[] = [];
  for (let c = 0; c < n; c++) parts.push(locals[rename.inverse[c]]);
  parts.push(encodeKernel(s, rename.forward));
  parts.push(encodePi(s, rename.forward));
  return parts.join('\n');
}

function canonicalTids(n: number, locals: string[], sym: SymmetryInfo): { forward: number[]; inverse: number[] } {
  const forward = Array.from({ length: n }, (_, i) => i);
  const byClass = new Map<number, number[]>();
  for (let tid = 0; tid < n; tid++) {
    const c = sym.classOf(tid);
    if (c < 0) continue;
    const list = byClass.get(c);
    if (list) list.push(tid);
    else byClass.set(c, [tid]);
  }
  for (const tids of byClass.values()) {
    const sorted = [...tids].sort((a, b) => (locals[a] < locals[b] ? -1 : locals[a] > locals[b] ? 1 : a - b));
    sorted.forEach((tid, i) => (forward[tid] = tids[i]));
  }
  const inverse = new Array<number>(n);
  forward.forEach((c, tid) => (inverse[c] = tid));
  return { forward, inverse };
}

/**
 * Page data is shared copy-on-write between states (kernel/clone.ts): encode each array once.
 * Sound because the explorer snapshots a state right after encoding it, after which its arrays
 * are never written in place again (the next write copies).
 */
const wordsCache = new WeakMap<Int32Array, string>();

function wordsOf(d: Int32Array): string {
  let s = wordsCache.get(d);
  if (s !== undefined) return s;
  s = '';
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) s += `${i}=${d[i]},`;
  wordsCache.set(d, s);
  return s;
}

function encodeKernel(s: Session, tidMap: number[]): string {
  const k = s.k;
  let out = '';
  for (const m of k.s.mms) {
    if (!m) { out += 'm-;'; continue; }
    out += `m${m.id}u${m.users}c${m.count}:`;
    for (const v of m.vmas) out += `${v.start}-${v.end}${v.write ? 'w' : ''}${v.shared ? 's' : ''}${v.ino},`;
    for (const [vpn, pte] of m.pt) out += `${vpn}=${pte},`;
    out += ';';
  }
  for (const p of k.s.pages) {
    if (!p) { out += 'P-;'; continue; }
    out += `P${p.count}.${p.pins}${p.locked ? 'L' + (p.lockedUntil - k.s.clock) : ''}${p.swapCache ? 'S' : ''}${p.mapping ? (p.mapping.kind === 'swap' ? 's' : 'i' + p.mapping.ino) + '.' + p.index : ''}:`;
    out += wordsOf(p.data) + ';';
  }
  for (const sl of k.s.swap) out += sl ? `s${sl.count}.${sl.cachePfn}${sl.data ? ':' + Array.from(sl.data).filter((x) => x !== 0).join(',') : ''};` : 's-;';
  // Written-back blocks: what a page read back from disk holds (reclaim, inode eviction).
  for (const [name, d] of k.s.disk) {
    out += `d${JSON.stringify(name)}.${d.pages}.${d.ino}:`;
    for (const [idx, b] of [...d.blocks].sort((x, y) => x[0] - y[0])) out += `${idx}{${wordsOf(b)}}`;
    out += ';';
  }
  for (const i of k.s.inodes) out += i ? `i${i.count}.${i.size}.${[...i.cache].join(',')}.${[...i.shmSwap].join(',')};` : 'i-;';
  const buckets = k.s.futex.buckets;
  for (let b = 0; b < buckets.length; b++) {
    const list = buckets[b];
    if (list.length === 0) continue;
    out += `B${b}:`;
    for (const id of list) {
      const q = k.s.futex.queues.get(id)!;
      out += `${q.key.kind}.${q.key.ptr}.${q.key.word}.${q.key.off}.${q.tid >= 0 ? tidMap[q.tid] : 'f' + q.file}.${q.pinned}${q.ref ? q.ref.kind[0] + q.ref.id : ''}${q.vcache ? 'v' + q.vcache.mm + '.' + q.vcache.addr : ''}`;
      // version 2: a waiter's bitset and its futex_waitv entry decide which wakes take it and what it returns
      out += `${q.bitset !== 0xffffffff ? 'b' + q.bitset : ''}${q.vindex >= 0 ? 'x' + q.vindex : ''}${q.pi !== undefined || q.requeuePi ? encodeQPi(s, q) : ''},`;
    }
    out += ';';
  }
  for (const f of k.s.files) if (f) out += `f${f.count}.${f.q >= 0 ? 'q' : ''}${f.readable ? 'r' : ''}${f.held ? 'h' + f.held.pinned : ''};`;
  for (const p of k.s.procs) out += `p${p.mm}${p.alive ? '' : 'x'}${[...p.fds].join(',')};`;
  for (const tm of k.s.timers) if (tm.kind === 'page-unlock') out += `tu${tm.pfn}.${tm.expires - k.s.clock};`;
  return out;
}
