// The ground-truth tests: every example of examples/ under every strategy, checked against the
// summary matrix of GROUND-TRUTH.md (who is woken, return values, pinned pages, anomalies).
//
// One row per (example, strategy). `out` lists print lines ("THREAD: text", or a RegExp) that must
// appear in this order (other lines may come between them); `anomalies` is the exact multiset of
// anomaly kinds; `pins` is stats.pinnedPagesMax. Each row cites the GROUND-TRUTH row it checks.
// Every run has checkInvariants on, so a KernelPanic fails the row.

import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session, type RunResult } from '../../src/session/session';
import type { AnomalyKind } from '../../src/session/oracle';
import type { Program } from '../../src/session/program';
import { STRATEGY_IDS, type StrategyId } from '../../src/kernel/futex/variants';
import { compareRuns } from '../../src/cli/compare';
import { keyLabel } from '../../src/kernel/futex/futex';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

const programs = new Map<string, Program>();
function program(name: string): Program {
  let p = programs.get(name);
  if (!p) {
    const file = join(EXAMPLES, `${name}.futex`);
    const r = loadProgram(readFileSync(file, 'utf8'), file);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${name}:${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
    p = r.program;
    programs.set(name, p);
  }
  return p;
}

function run(name: string, strategy: StrategyId): Session {
  const s = new Session(program(name), { strategy, checkInvariants: true });
  s.run();
  return s;
}

type Out = string | RegExp;

interface Row {
  ex: string;
  st: StrategyId;
  result: RunResult;
  out: Out[];
  anomalies: AnomalyKind[];
  pins: number;
  check?: (s: Session) => void;
}

const row = (ex: string, st: StrategyId, result: RunResult, out: Out[], anomalies: AnomalyKind[], pins: number, check?: (s: Session) => void): Row =>
  ({ ex, st, result, out, anomalies, pins, check });

const A: StrategyId = 'pinned-page';
const B: StrategyId = 'vcache';
const C: StrategyId = 'rusty-2003';
const D: StrategyId = 'jamie-2003';
const E: StrategyId = 'gorman-2013';
const M: StrategyId = 'modern';

// --- helpers for the extra checks ---------------------------------------------------------------

const keysOf = (s: Session, op: string) => s.events.flatMap((e) => (e.type === 'key' && e.op === op ? [keyLabel(e.key)] : []));
const count = (s: Session, type: string, pred: (e: any) => boolean = () => true) => s.events.filter((e) => e.type === type && pred(e)).length;
const cowCopies = (n: number) => (s: Session) => expect(s.k.s.stats.cowCopies).toBe(n);

/** Lines that must hold in every strategy for the counter programs (mutex1/2/3). */
const counter12 = [/^P\/t\d: counter 12$/];

const ROWS: Row[] = [
  // === S1 futex_wait_wouldblock: EAGAIN everywhere, 0 pins after return ===
  row('futex-wait-wouldblock', A, 'ok', ['P/main: futex_wait returned -11'], [], 0), // S1 (a): EAGAIN, pinned only during the call
  row('futex-wait-wouldblock', B, 'ok', ['P/main: futex_wait returned -11'], [], 0), // S1 (b): EAGAIN
  row('futex-wait-wouldblock', C, 'ok', ['P/main: futex_wait returned -11'], [], 0), // S1 (c): EAGAIN
  row('futex-wait-wouldblock', D, 'ok', ['P/main: futex_wait returned -11'], [], 0), // S1 (d): EAGAIN (queue-then-check)
  row('futex-wait-wouldblock', E, 'ok', ['P/main: futex_wait returned -11'], [], 0), // S1 (e): EAGAIN, never queued
  row('futex-wait-wouldblock', M, 'ok', ['P/main: futex_wait returned -11'], [], 0), // S1 M: EAGAIN, never queued

  // === S2 futex_wait_timeout: ETIMEDOUT; (a)(b) 1 pin for the whole wait ===
  row('futex-wait-timeout', A, 'ok', ['P/main: futex_wait returned -110'], [], 1), // S2 (a): ETIMEDOUT (1 pin)
  row('futex-wait-timeout', B, 'ok', ['P/main: futex_wait returned -110'], [], 1), // S2 (b): ETIMEDOUT (1 pin)
  row('futex-wait-timeout', C, 'ok', ['P/main: futex_wait returned -110'], [], 0), // S2 (c): ETIMEDOUT
  row('futex-wait-timeout', D, 'ok', ['P/main: futex_wait returned -110'], [], 0), // S2 (d): ETIMEDOUT
  row('futex-wait-timeout', E, 'ok', ['P/main: futex_wait returned -110'], [], 0), // S2 (e): ETIMEDOUT
  row('futex-wait-timeout', M, 'ok', ['P/main: futex_wait returned -110'], [], 0), // S2 M: ETIMEDOUT

  // === S3 private futex: wake 1, waiter 0; (a)(b) 1 pin while waiting ===
  ...[A, B, C, D, E, M].map((st) =>
    row('futex-wait-private', st, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], st === A || st === B ? 1 : 0)),
  // S3 (a)(b)(c): 1 / waiter 0 (same mm, same page), (a)(b) 1 pin; (d)(e) M: 1 / 0, key (mm, addr), 0 pins

  // === S4 SysV shm: 1 everywhere; (a)(b) pin the shmem page ===
  row('futex-wait-shm', A, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], 1), // S4 (a): 1, shmem page pinned
  row('futex-wait-shm', B, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], 1), // S4 (b): 1, pinned
  row('futex-wait-shm', C, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], 0, (s) =>
    expect(keysOf(s, 'futex_wait')[0]).toMatch(/^\(mapping inode#\d+, index 0/)), // S4 (c): 1, key (shm mapping, index)
  row('futex-wait-shm', D, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], 0, (s) =>
    expect(keysOf(s, 'futex_wait')[0]).toMatch(/^\(inode#\d+, pgoff 0/)), // S4 (d): 1, VM_MAYSHARE (shm inode, pgoff)
  row('futex-wait-shm', E, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], 0, (s) => {
    expect(keysOf(s, 'futex_wait')[0]).toMatch(/^\(inode#\d+, pgoff 0/);
    expect(count(s, 'ref', (e) => e.op === 'get' && /^inode#/.test(e.what))).toBe(1);
  }), // S4 (e): 1, (inode*, index), inode ref held
  row('futex-wait-shm', M, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], 0, (s) =>
    expect(keysOf(s, 'futex_wait')[0]).toMatch(/^\(i_seq \d+, pgoff 0/)), // S4 M: 1, (i_seq, index)

  // === S5 MAP_SHARED file: 1 everywhere; (a)(b) pin 1 page-cache page ===
  ...[A, B, C, D, E, M].map((st) =>
    row('futex-wait-file-backed', st, 'ok', ['P/main: wake returned 1', 'P/waiter: waiter returned 0'], [], st === A || st === B ? 1 : 0)),
  // S5 every strategy: wake 1, waiter 0; (a)(b) pin 1 page-cache page, the rest nothing

  // === S6 uninitialized heap: EAGAIN at once everywhere ===
  row('futex-wait-uninitialized-heap', A, 'ok', ['P/waiter: waiter returned -11'], [], 0, (s) =>
    expect(keysOf(s, 'futex_wait')).toEqual(['(pfn 0, +0x0)'])), // S6 (a) write=0: ZERO_PAGE, not refcounted -> EAGAIN
  row('futex-wait-uninitialized-heap', B, 'ok', ['P/waiter: waiter returned -11'], [], 0), // S6 (b): EAGAIN
  row('futex-wait-uninitialized-heap', C, 'ok', ['P/waiter: waiter returned -11'], [], 0, (s) =>
    expect(keysOf(s, 'futex_wait')).toEqual(['(pfn 0, +0x0)'])), // S6 (c): EAGAIN (ZERO_PAGE, mapping NULL)
  row('futex-wait-uninitialized-heap', D, 'ok', ['P/waiter: waiter returned -11'], [], 0, (s) =>
    expect(keysOf(s, 'futex_wait')[0]).toMatch(/^\(mm#\d+, 0x10000000\)$/)), // S6 (d): private vma key, no page touched
  row('futex-wait-uninitialized-heap', E, 'ok', ['P/waiter: waiter returned -11'], [], 0, (s) =>
    expect(count(s, 'fault', (e) => /new anon page/.test(e.what))).toBe(1)), // S6 (e): FOLL_WRITE breaks the zero page -> EAGAIN
  row('futex-wait-uninitialized-heap', M, 'ok', ['P/waiter: waiter returned -11'], [], 0, (s) =>
    expect(count(s, 'fault', (e) => /new anon page/.test(e.what))).toBe(1)), // S6 M: FOLL_WRITE breaks the zero page -> EAGAIN

  // === S8 requeue_single: 1, then 1 ===
  row('requeue-single', A, 'ok', ['P/main: cmp_requeue returned -38', 'P/main: requeue returned 1', 'P/main: wake f2 returned 1', 'P/waiter: waiter returned 0'], [], 1), // S8 (a): 1, 1 (REQUEUE), pin moved on the same page
  row('requeue-single', B, 'ok', ['P/main: cmp_requeue returned -38', 'P/main: requeue returned 1', 'P/main: wake f2 returned 1', 'P/waiter: waiter returned 0'], [], 1), // S8 (b): same
  row('requeue-single', C, 'ok', ['P/main: cmp_requeue returned -38', 'P/main: requeue returned 1', 'P/main: wake f2 returned 1', 'P/waiter: waiter returned 0'], [], 0), // S8 (c): same
  row('requeue-single', D, 'ok', ['P/main: cmp_requeue returned 1', 'P/main: wake f2 returned 1', 'P/waiter: waiter returned 0'], [], 0), // S8 (d): 1, 1 (CMP needs 2.6.7)
  row('requeue-single', E, 'ok', ['P/main: cmp_requeue returned 1', 'P/main: wake f2 returned 1', 'P/waiter: waiter returned 0'], [], 0), // S8 (e): 1, 1
  row('requeue-single', M, 'ok', ['P/main: cmp_requeue returned 1', 'P/main: wake f2 returned 1', 'P/waiter: waiter returned 0'], [], 0), // S8 M: 1, 1

  // === S9 requeue_multiple: 10, then 7; all ten return 0 ===
  ...[A, B, C].map((st) =>
    row('requeue-multiple', st, 'ok', ['P/main: cmp_requeue returned -38', 'P/main: requeue returned 10', 'P/main: wake f2 returned 7'], [], st === C ? 0 : 1, (s) =>
      expect(s.output.filter((o) => o.text === 'returned 0')).toHaveLength(10))),
  // S9 (a)(b)(c): 10, 7 with FUTEX_REQUEUE (2.5.70)
  ...[D, E, M].map((st) =>
    row('requeue-multiple', st, 'ok', ['P/main: cmp_requeue returned 10', 'P/main: wake f2 returned 7'], [], 0, (s) =>
      expect(s.output.filter((o) => o.text === 'returned 0')).toHaveLength(10))),
  // S9 (d)(e) M: 10, 7; all 10 threads return 0

  // === S11 COW after fork, nobody writes: correct 0 ===
  row('cow-fork-wrong-wakeup', A, 'anomaly', ["P/main: P's wake returned 1", 'C/main: C woken: 0'], ['wrong-wakeup'], 1), // S11 (a): 1, wrong process, 1 pin
  row('cow-fork-wrong-wakeup', B, 'anomaly', ["P/main: P's wake returned 1", 'C/main: C woken: 0'], ['wrong-wakeup'], 1), // S11 (b): 1, wrong process
  row('cow-fork-wrong-wakeup', C, 'anomaly', ["P/main: P's wake returned 1", 'C/main: C woken: 0'], ['wrong-wakeup'], 0), // S11 (c): 1, wrong process, 0 pins
  row('cow-fork-wrong-wakeup', D, 'ok', ["P/main: P's wake returned 0", 'C/main: C woken: -110'], [], 0), // S11 (d): 0
  row('cow-fork-wrong-wakeup', E, 'ok', ["P/main: P's wake returned 0", 'C/main: C woken: -110'], [], 0), // S11 (e): 0
  row('cow-fork-wrong-wakeup', M, 'ok', ["P/main: P's wake returned 0", 'C/main: C woken: -110'], [], 0), // S11 M: 0

  // === S12 COW after fork, child's T2 writes then wakes T1: correct 1 ===
  row('cow-fork-missed-wakeup', A, 'anomaly', ["C/main: T2's wake returned 0", 'C/T1: T1 returned -110'], ['missed-wakeup'], 1), // S12 (a): 0, missed (hang), P0 stays pinned
  row('cow-fork-missed-wakeup', B, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 1, (s) =>
    expect(count(s, 'rehash')).toBe(1)), // S12 (b): 1, the vcache callback moves T1 (pin P0 -> P1)
  row('cow-fork-missed-wakeup', C, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0, (s) =>
    expect(count(s, 'rehash')).toBe(1)), // S12 (c): 1, vcache callback, 0 pins
  row('cow-fork-missed-wakeup', D, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0), // S12 (d): 1
  row('cow-fork-missed-wakeup', E, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0), // S12 (e): 1 (the wait COWed)
  row('cow-fork-missed-wakeup', M, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0), // S12 M: 1

  // === S12 variant, the parent writes first: correct 1 ===
  row('cow-fork-parent-writes-first', A, 'anomaly', ["C/main: T2's wake returned 0", 'C/T1: T1 returned -110'], ['missed-wakeup'], 1, cowCopies(2)), // S12 var (a): the pin forces a 2nd copy -> 0, missed
  row('cow-fork-parent-writes-first', B, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 1, cowCopies(2)), // S12 var (b): break_cow -> callback -> 1
  row('cow-fork-parent-writes-first', C, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0, cowCopies(1)), // S12 var (c): no pin, C reuses P0 -> 1
  row('cow-fork-parent-writes-first', D, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0), // S12 var (d): 1
  row('cow-fork-parent-writes-first', E, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0), // S12 var (e): 1
  row('cow-fork-parent-writes-first', M, 'ok', ["C/main: T2's wake returned 1", 'C/T1: T1 returned 0'], [], 0), // S12 var M: 1

  // === S13 Jamie's fork + swap, K(INT_MAX): correct 1 ===
  row('jamie-fork-swap', A, 'anomaly', ["B/main: B's wake returned 2", "A/main: A's waiter returned 0"], ['wrong-wakeup'], 1, (s) =>
    expect(count(s, 'pin')).toBe(2)), // S13 (a): 2, A's waiter woken wrongly; 1 page, refcount +2
  row('jamie-fork-swap', B, 'anomaly', ["B/main: B's wake returned 2", "A/main: A's waiter returned 0"], ['wrong-wakeup'], 1), // S13 (b): 2
  row('jamie-fork-swap', C, 'anomaly', ["B/main: B's wake returned 2", "A/main: A's waiter returned 0"], ['wrong-wakeup'], 0, (s) =>
    expect(s.events.filter((e) => e.type === 'rehash').map((e: any) => keyLabel(e.to))).toEqual([expect.stringMatching(/^\(swapper_space/), expect.stringMatching(/^\(swapper_space/)])), // S13 (c): add_to_swap rehash -> 2
  row('jamie-fork-swap', D, 'ok', ["B/main: B's wake returned 1", "B/waiter: B's waiter returned 0", "A/main: A's waiter returned -110"], [], 0), // S13 (d): 1
  row('jamie-fork-swap', E, 'ok', ["B/main: B's wake returned 1", "B/waiter: B's waiter returned 0", "A/main: A's waiter returned -110"], [], 0), // S13 (e): 1
  row('jamie-fork-swap', M, 'ok', ["B/main: B's wake returned 1", "B/waiter: B's waiter returned 0", "A/main: A's waiter returned -110"], [], 0), // S13 M: 1

  // === S16 FUTEX_FD outlives its mm (exec): correct 1, A's registration never woken ===
  ...(['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003'] as StrategyId[]).map((st) =>
    row('futex-fd-exec-stale', st, 'anomaly', ["A/main: A's futex_fd returned 3", "C/main: C's wake returned 1", "C/T: T's wait returned -110"],
      ['stale-match', 'missed-wakeup'], 0)), // ZERO_PAGE key (a)(b)(c); recycled mm slot (d, refs = false)
  row('futex-fd-exec-stale', E, 'ok', ["A/main: A's futex_fd returned -38", "C/main: C's wake returned 1", "C/T: T's wait returned 0"], [], 0), // FUTEX_FD gone: -ENOSYS
  row('futex-fd-exec-stale', M, 'ok', ["A/main: A's futex_fd returned -38", "C/main: C's wake returned 1", "C/T: T's wait returned 0"], [], 0), // FUTEX_FD gone: -ENOSYS

  // === seed 001 reference patch: FUTEX_FD outlives its shmem inode: correct 1 ===
  row('futex-fd-shmem-recycled', A, 'ok', ["A/main: A's futex_fd returned 3", "C/main: C's wake returned 1", "C/T: T's wait returned 0"], [], 2), // (page, off): A's page stays pinned by the fd, C's waiter pins its own
  row('futex-fd-shmem-recycled', B, 'ok', ["A/main: A's futex_fd returned 3", "C/main: C's wake returned 1", "C/T: T's wait returned 0"], [], 2),
  ...([C, D] as StrategyId[]).map((st) =>
    row('futex-fd-shmem-recycled', st, 'anomaly', ["A/main: A's futex_fd returned 3", "C/main: C's wake returned 1", "C/T: T's wait returned -110"],
      ['stale-match', 'missed-wakeup'], 0)), // recycled inode slot: (mapping, index) / (inode, pgoff, refs = false)
  row('futex-fd-shmem-recycled', E, 'ok', ["A/main: A's futex_fd returned -38", "C/main: C's wake returned 1", "C/T: T's wait returned 0"], [], 0), // FUTEX_FD gone
  row('futex-fd-shmem-recycled', M, 'ok', ["A/main: A's futex_fd returned -38", "C/main: C's wake returned 1", "C/T: T's wait returned 0"], [], 0), // FUTEX_FD gone

  // === remap_file_pages: a nonlinear mapping keyed by the page it maps (seed 000): 1 everywhere ===
  ...STRATEGY_IDS.map((st) =>
    row('nonlinear-file-wake', st, 'ok', ["R/main: R's wake returned 1", "W/main: W's wait returned 0"], [], st === A || st === B ? 1 : 0,
      st === D ? (s) => expect(s.events.flatMap((e) => (e.type === 'key' && e.op === 'futex_wait' ? [e.reason.rule] : []))).toEqual(['nonlinear-walk']) : undefined)),

  // === S15 shared file page evicted while waited on: 1 everywhere ===
  ...[A, B].map((st) =>
    row('file-page-evicted', st, 'ok', ["Y/main: Y's wake returned 1", "X/main: X's wait returned 0"], [], 1, (s) =>
      expect(count(s, 'writeback', (e) => e.freed)).toBe(0))),
  // S15 (a)(b): not reclaimable (pinned) -> 1
  ...[C, D, E, M].map((st) =>
    row('file-page-evicted', st, 'ok', ["Y/main: Y's wake returned 1", "X/main: X's wait returned 0"], [], 0, (s) =>
      expect(count(s, 'writeback', (e) => e.freed)).toBe(1))),
  // S15 (c): (mapping, index) survives -> 1; (d) (inode, pgoff) -> 1; (e) (inode*, index) -> 1; M: i_seq unchanged -> 1

  // === S16 N x FUTEX_FD (N = 8, pin_limit 4): correct 0 pinned ===
  row('futex-fd-pin-dos', A, 'anomaly', ['P/main: last futex_fd returned 10'], ['pin-limit'], 8), // S16 (a): N pinned
  row('futex-fd-pin-dos', B, 'anomaly', ['P/main: last futex_fd returned 10'], ['pin-limit'], 8), // S16 (b): N pinned
  row('futex-fd-pin-dos', C, 'ok', ['P/main: last futex_fd returned 10'], [], 0), // S16 (c): 0 pinned
  row('futex-fd-pin-dos', D, 'ok', ['P/main: last futex_fd returned 10'], [], 0, (s) =>
    expect(count(s, 'ref', (e) => e.op === 'get' && /^mm#/.test(e.what))).toBe(8)), // S16 (d): 0 pinned (+ mm refs)
  row('futex-fd-pin-dos', E, 'ok', ['P/main: last futex_fd returned -38'], [], 0), // S16 (e): ENOSYS
  row('futex-fd-pin-dos', M, 'ok', ['P/main: last futex_fd returned -38'], [], 0), // S16 M: ENOSYS

  // === S19 read-only MAP_SHARED of an O_RDONLY file: correct 1 ===
  ...[A, B, C, D, E, M].map((st) =>
    row('ro-shared-rdonly-file', st, 'ok', ["Wr/main: Wr's wake returned 1", "R/main: R's wait returned 0"], [], st === A || st === B ? 1 : 0)),
  // S19 (a)(b) write=0: page-cache page -> 1; (c): (mapping, index) -> 1; (d) VM_MAYSHARE: inode key -> 1;
  // (e), M: FOLL_WRITE fails, read-only retry -> inode key -> 1

  // === S19 with jamie-2003.shared_test = vm_shared: only (d) changes ===
  ...[A, B, C, E, M].map((st) =>
    row('ro-shared-rdonly-file-vm-shared', st, 'ok', ["Wr/main: Wr's wake returned 1", "R/main: R's wait returned 0"], [], st === A || st === B ? 1 : 0)),
  row('ro-shared-rdonly-file-vm-shared', D, 'anomaly', ["Wr/main: Wr's wake returned 0", "R/main: R's wait returned -110"], ['missed-wakeup'], 0), // S19 (d) VM_SHARED test: 0, missed

  // === S20 MAP_PRIVATE unwritten file page, cross-process: correct 0 ===
  row('private-file-cross-process', A, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 1), // S20 (a): 1, P1 woken across processes
  row('private-file-cross-process', B, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 1), // S20 (b): 1
  row('private-file-cross-process', C, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 0), // S20 (c): (mapping, index) -> 1
  row('private-file-cross-process', D, 'ok', ["P2/main: P2's wake returned 0", "P1/main: P1's wait returned -110"], [], 0, cowCopies(0)), // S20 (d): (mm, uaddr) -> 0
  row('private-file-cross-process', E, 'ok', ["P2/main: P2's wake returned 0", "P1/main: P1's wait returned -110"], [], 0, cowCopies(2)), // S20 (e): each side COWs its copy -> 0
  row('private-file-cross-process', M, 'ok', ["P2/main: P2's wake returned 0", "P1/main: P1's wait returned -110"], [], 0, cowCopies(2)), // S20 M shared op: 0 (RSS +1 page each)

  // === S20 variant, PROT_READ MAP_PRIVATE: M shared op -> 1 (read-only fallback quirk) ===
  row('private-file-readonly-cross-process', A, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 1), // S20 (a): same page-cache page -> 1
  row('private-file-readonly-cross-process', B, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 1), // S20 (b): 1
  row('private-file-readonly-cross-process', C, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 0), // S20 (c): 1
  row('private-file-readonly-cross-process', D, 'ok', ["P2/main: P2's wake returned 0", "P1/main: P1's wait returned -110"], [], 0), // S20 (d): (mm, uaddr) -> 0
  row('private-file-readonly-cross-process', E, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 0, cowCopies(0)), // S20 variant, (e) = M: read-only retry -> inode key -> 1
  row('private-file-readonly-cross-process', M, 'anomaly', ["P2/main: P2's wake returned 1", "P1/main: P1's wait returned 0"], ['wrong-wakeup'], 0, cowCopies(0)), // S20 variant PROT_READ, M shared op: 1

  // === S21 (i) zero page, foreign process wakes: correct 0 ===
  row('zero-page-foreign-wake', A, 'anomaly', ["Q/main: Q's wake returned 1", 'P/T1: T1 returned 0'], ['wrong-wakeup'], 0), // S21 (i) (a) write=0: 1, cross-process (ZERO_PAGE not refcounted)
  row('zero-page-foreign-wake', B, 'anomaly', ["Q/main: Q's wake returned 1", 'P/T1: T1 returned 0'], ['wrong-wakeup'], 0), // S21 (i) (b): 1, cross-process
  row('zero-page-foreign-wake', C, 'anomaly', ["Q/main: Q's wake returned 1", 'P/T1: T1 returned 0'], ['wrong-wakeup'], 0), // S21 (i) (c): 1 (page* key)
  row('zero-page-foreign-wake', D, 'ok', ["Q/main: Q's wake returned 0", 'P/T1: T1 returned -110'], [], 0), // S21 (i) (d): 0
  row('zero-page-foreign-wake', E, 'ok', ["Q/main: Q's wake returned 0", 'P/T1: T1 returned -110'], [], 0), // S21 (i) (e): 0
  row('zero-page-foreign-wake', M, 'ok', ["Q/main: Q's wake returned 0", 'P/T1: T1 returned -110'], [], 0), // S21 (i) M shared: 0

  // === S21 (ii) zero page, a sibling writes then wakes: correct 1 ===
  row('zero-page-cow-wake', A, 'anomaly', ["P/sibling: sibling's wake returned 0", 'P/T1: T1 returned -110'], ['missed-wakeup'], 0), // S21 (ii) (a) write=0: 0, missed
  row('zero-page-cow-wake', B, 'ok', ["P/sibling: sibling's wake returned 1", 'P/T1: T1 returned 0'], [], 1), // S21 (ii) (b): 1 (vcache re-hash at COW; the pin moves to the new page)
  row('zero-page-cow-wake', C, 'ok', ["P/sibling: sibling's wake returned 1", 'P/T1: T1 returned 0'], [], 0), // S21 (ii) (c): 1 (vcache)
  row('zero-page-cow-wake', D, 'ok', ["P/sibling: sibling's wake returned 1", 'P/T1: T1 returned 0'], [], 0), // S21 (ii) (d): 1
  row('zero-page-cow-wake', E, 'ok', ["P/sibling: sibling's wake returned 1", 'P/T1: T1 returned 0'], [], 0), // S21 (ii) (e): 1
  row('zero-page-cow-wake', M, 'ok', ["P/sibling: sibling's wake returned 1", 'P/T1: T1 returned 0'], [], 0), // S21 (ii) M: 1

  // === S26 requeue to self: correct W2, W3, W4 ===
  ...[A, B, C].map((st) =>
    row('requeue-to-self-fifo', st, 'ok', ['P/main: cmp_requeue returned -38', 'P/main: requeue returned 2', 'P/W1: W1 woken 0', 'P/W3: W3 woken 0', 'P/W4: W4 woken 0', 'P/W2: W2 woken 0'], [], st === C ? 0 : 1)),
  // S26 (a)(b)(c): page-based requeue with list_add_tail: reorder (W3, W4, W2)
  row('requeue-to-self-fifo', D, 'ok', ['P/main: cmp_requeue returned 2', 'P/W1: W1 woken 0', 'P/W3: W3 woken 0', 'P/W4: W4 woken 0', 'P/W2: W2 woken 0'], [], 0), // S26 (d) 2.6.0: W3, W4, W2 (FIFO broken)
  row('requeue-to-self-fifo', E, 'ok', ['P/main: cmp_requeue returned 2', 'P/W1: W1 woken 0', 'P/W2: W2 woken 0', 'P/W3: W3 woken 0', 'P/W4: W4 woken 0'], [], 0), // S26 (e): FIFO
  row('requeue-to-self-fifo', M, 'ok', ['P/main: cmp_requeue returned 2', 'P/W1: W1 woken 0', 'P/W2: W2 woken 0', 'P/W3: W3 woken 0', 'P/W4: W4 woken 0'], [], 0), // S26 M: FIFO, W2, W3, W4

  // === S28 CMP_REQUEUE mismatch: EAGAIN where the op exists, nobody woken or moved ===
  ...[A, B, C].map((st) =>
    row('cmp-requeue-mismatch', st, 'ok', ['P/main: cmp_requeue returned -38', 'P/main: fallback wake returned 2', 'P/a: a returned 0', 'P/b: b returned 0'], [], st === C ? 0 : 1)),
  // S28 (a)(b)(c): n/a (ENOSYS); the wake-all fallback wakes both
  ...[D, E, M].map((st) =>
    row('cmp-requeue-mismatch', st, 'ok', ['P/main: cmp_requeue returned -11', 'P/main: fallback wake returned 2', 'P/a: a returned 0', 'P/b: b returned 0'], [], 0, (s) =>
      expect(count(s, 'requeue')).toBe(0))),
  // S28 (d) 2.6.7+, (e), M: EAGAIN, nobody moved; then glibc's K(F, INT_MAX) -> 2

  // === S29 WAKE_OP cond_signal: 2, L = 0 ===
  ...[A, B, C].map((st) =>
    row('wake-op-cond-signal', st, 'ok', ['P/signaller: wake_op returned -38', 'P/signaller: fallback wakes returned 1 1', 'P/signaller: L is now 0'], [], st === C ? 0 : 1)),
  // S29 (a)(b)(c): n/a (ENOSYS); glibc's fallback: wake C, then unlock L and wake it
  ...[D, E, M].map((st) =>
    row('wake-op-cond-signal', st, 'ok', ['P/signaller: wake_op returned 2', 'P/signaller: L is now 0', 'P/cond_waiter: cond waiter returned 0', 'P/lock_waiter: lock waiter returned 0'], [], 0)),
  // S29 (d) 2.6.14+, (e), M: 2, L = 0

  // === S32 MAP_SHARED|MAP_ANONYMOUS across fork: 1 everywhere ===
  ...[A, B, C, D, E, M].map((st) =>
    row('shared-anon-fork', st, 'ok', ["C/main: child's wake returned 1", 'P/main: parent returned 0'], [], st === A || st === B ? 1 : 0, (s) => {
      if (st === D) expect(keysOf(s, 'futex_wait')[0]).toMatch(/^\(inode#\d+, pgoff 0/);
    })),
  // S32: 1 under all strategies; (a)(b) pin the shmem page; (d) relies on shmem_zero_setup's vm_file

  // === S35 signal during wait: EINTR everywhere; woken-then-signalled returns 0 ===
  ...[A, B, C, D, E, M].map((st) =>
    row('signal-during-wait', st, 'ok', ['P/main: wake returned 1', 'P/interrupted: interrupted waiter returned -4', 'P/woken: woken-then-signalled waiter returned 0'], [], st === A || st === B ? 1 : 0)),
  // S35: EINTR in every strategy; "woken and then signalled": M returns 0
  // === S35 signalled, then woken before it runs: the wake counts t3 (1), t3's wait returns 0 ===
  ...[A, B, C, D, E, M].map((st) =>
    row('signal-then-wake', st, 'ok', ['P/main: wake returned 1', 'P/t3: t3 wait returned 0'], [], st === A || st === B ? 1 : 0, (s) =>
      // the signal left t3 queued: the wake, not the signal, took its futex_q off the queue
      expect(s.events.filter((e) => e.type === 'unqueue').map((e) => e.type === 'unqueue' && e.why)).toEqual(['woken']))),
  // S35 (Linux 6.18, SCHED_FIFO): a signal does not unqueue; futex_unqueue fails, the wait returns 0

  // === S36 bucket collision (1 bucket): K(A, INT_MAX) -> 2, B1 stays ===
  ...[A, B, C, D, E, M].map((st) =>
    row('hash-collision', st, 'ok', ['P/main: wake A returned 2', 'P/A1: A1 returned 0', 'P/A2: A2 returned 0', 'P/main: wake B returned 1', 'P/B1: B1 returned 0'], [], st === A || st === B ? 1 : 0, (s) =>
      expect(s.k.s.stats.hashCollisions).toBeGreaterThan(0))),
  // S36: 2 in every strategy; keys are compared exactly, the bucket only narrows the search

  // === §3.1 mutex1: correct under contention (counter 12), but useless wakes and EWOULDBLOCK spins ===
  ...[A, B, C, D, E, M].map((st) =>
    row('mutex1', st, 'ok', [...counter12, /^P\/t\d: useless wakes [1-9]\d*$/, /^P\/t\d: EWOULDBLOCK returns [1-9]\d*$/], [], st === A || st === B ? 1 : 0)),
  // §3.1 problems 1 and 2 (performance), no anomaly in any strategy (one process, every key agrees)

  // === §3.1 mutex1 problem 3: the word wraps and two threads own the lock, in every strategy ===
  ...[A, B, C, D, E, M].map((st) =>
    row('mutex1-overflow', st, 'assert-failed', ['P/storm: val after the storm -1', "P/B: B's atomic_inc returned -1", 'P/C: enters the critical section; owner was 1'], ['assert'], st === A || st === B ? 1 : 0)),

  // === §3.2 mutex2 and §3.3 mutex3: correct in every strategy ===
  ...[A, B, C, D, E, M].map((st) =>
    row('mutex2', st, 'ok', [...counter12, /^P\/t\d: wake syscalls \d+ of which woke nobody \d+$/, /^P\/t\d: lock word at the end 0$/], [], st === A || st === B ? 1 : 0)),
  ...[A, B, C, D, E, M].map((st) =>
    row('mutex3', st, 'ok', [...counter12, /^P\/t\d: wake syscalls \d+ of which woke nobody [1-9]\d*$/, /^P\/t\d: lock word at the end 0$/], [], st === A || st === B ? 1 : 0)),
  // §3.3 property: after a slow-path acquire val stays 2, so some unlock makes a futex_wake that returns 0

  // === §3.5 old glibc condvar: WAKE_OP for signal, CMP_REQUEUE for broadcast ===
  ...[A, B, C].map((st) =>
    row('condvar-old-glibc', st, 'ok', ['P/producer: signal: wake_op returned -38', 'P/c1: got a token', 'P/producer: broadcast: cmp_requeue returned -38', 'P/producer: broadcast: fallback wake returned 2', 'P/c2: got a token', 'P/c3: got a token'], [], st === C ? 0 : 1)),
  // (a)(b)(c): no WAKE_OP / CMP_REQUEUE (-ENOSYS), glibc's fallbacks keep it correct
  ...[D, E, M].map((st) =>
    row('condvar-old-glibc', st, 'ok', ['P/producer: signal: wake_op returned 1', 'P/c1: got a token', 'P/producer: broadcast: cmp_requeue returned 2', 'P/c2: got a token', 'P/c3: got a token'], [], 0, (s) =>
      expect(count(s, 'requeue')).toBe(1))),
  // (d)(e) M: WAKE_OP wakes 1 and releases the internal lock; CMP_REQUEUE wakes 1 and moves 1 onto the mutex

  // === §3.5 requeue onto a mutex left at 1: lost wake-up where CMP_REQUEUE exists ===
  ...[A, B, C].map((st) =>
    row('condvar-requeue-lost-wakeup', st, 'ok', ['P/producer: broadcast: cmp_requeue returned -38', 'P/c2: got a token', 'P/c3: got a token'], [], st === C ? 0 : 1)),
  ...[D, E, M].map((st) =>
    row('condvar-requeue-lost-wakeup', st, 'deadlock', ['P/producer: broadcast: cmp_requeue returned 2', 'P/c2: got a token'], ['hung'], 0, (s) => {
      expect(s.anomalies[0].thread).toBe('P/c3');
      expect(s.output.some((o) => o.thread === 'P/c3')).toBe(false);
    })),

  // === §3.6 glibc barrier (generation counter) vs the naive barrier ===
  ...[A, B, C, D, E, M].map((st) =>
    row('barrier-glibc', st, 'ok', [/^P\/t\d: done; serial threads so far 3$/], [], st === A || st === B ? 1 : 0, (s) =>
      expect(s.output.filter((o) => /^done; serial threads so far 3$/.test(o.text))).toHaveLength(3))),
  ...[A, B, C, D, E, M].map((st) =>
    row('barrier-naive', st, 'deadlock', ['P/t3: last to arrive; wake returned 2', 'P/t3: round 1'], ['hung', 'hung', 'hung'], st === A || st === B ? 1 : 0, (s) =>
      expect(s.output.some((o) => o.text === 'done')).toBe(false))),

  // === §3.7 pthread_join through the exit wake (shared) ===
  ...[A, B, C, D, E, M].map((st) =>
    row('pthread-join', st, 'ok', ['P/worker: worker exits', 'P/main: join: futex_wait returned 0', 'P/main: joined; tid word 0'], [], st === A || st === B ? 1 : 0)),
  // §3.7 with S30: a private joiner never matches the kernel's shared wake (once FUTEX_PRIVATE_FLAG exists)
  ...[A, B, C, D].map((st) =>
    row('pthread-join-private-wait', st, 'ok', ['P/main: join: futex_wait returned 0', 'P/main: joined; tid word 0'], [], st === A || st === B ? 1 : 0)),
  ...[E, M].map((st) =>
    row('pthread-join-private-wait', st, 'anomaly', ['P/main: join: futex_wait returned -110', 'P/main: joined; tid word 0'], ['missed-wakeup'], 0)),

  // === seed 002: the page lock in get_futex_key ===
  // The RFC (gorman-2013 default): no lookup waits for the page lock, file or anon page; no other
  // strategy takes it either.
  ...[A, B, C, D, E, M].map((st) =>
    row('page-lock-latency', st, 'ok', ['P/rt: file-page wake returned 0', 'P/rt: anon-page wake returned 0'], [], 0, (s) =>
      expect(s.k.s.stats.pageLockWaits).toBe(0))),
  // Before the RFC (`gorman-2013.lock_page = always`): both lookups wait for the holder, and the
  // stats count two waits; the variant changes nothing for the other strategies.
  ...[A, B, C, D, M].map((st) =>
    row('page-lock-latency-pre-rfc', st, 'ok', ['P/rt: file-page wake returned 0', 'P/rt: anon-page wake returned 0'], [], 0, (s) =>
      expect(s.k.s.stats.pageLockWaits).toBe(0))),
  row('page-lock-latency-pre-rfc', E, 'ok', ['P/rt: file-page wake returned 0', 'P/rt: anon-page wake returned 0'], [], 0, (s) => {
    expect(s.k.s.stats.pageLockWaits).toBe(2);
    expect(s.k.s.stats.pageLockWaitTicks).toBeGreaterThan(60);
    expect(count(s, 'page-lock', (e) => e.op === 'acquired')).toBe(2);
  }),

  // === §8.5 robust lists (issue #17). Before 2.6.17 set_robust_list is -ENOSYS and an owner that
  // dies holding the lock leaves its waiters asleep; gorman-2013 and modern walk the list. ===
  ...[A, B, C, D].map((st) =>
    row('robust-mutex-owner-killed', st, 'deadlock', ['Owner/main: owner: set_robust_list -38 lock 0'], ['hung'], st === A || st === B ? 2 : 0)),
  ...[E, M].map((st) =>
    row('robust-mutex-owner-killed', st, 'ok', [
      'Owner/main: owner: set_robust_list 0 lock 0', 'Other/main: locker: lock returned 130', // EOWNERDEAD
      'Other/main: locker: consistent returned 0', 'Other/main: locker: locked again 0', 'Other/main: locker: word 0',
    ], [], 0, (s) => {
      // the word the kernel wrote: WAITERS | OWNER_DIED, TID cleared; one waiter woken
      expect(s.events.filter((e) => e.type === 'owner-died').map((e: any) => [e.word, e.woke])).toEqual([[-2147483648 | 0x40000000, 1]]);
    })),
  ...[A, B, C, D].map((st) =>
    row('robust-mutex-not-recoverable', st, 'deadlock', ['Owner/main: owner: lock 0'], ['hung', 'hung'], st === A || st === B ? 2 : 0)),
  ...[E, M].map((st) =>
    row('robust-mutex-not-recoverable', st, 'ok', [
      'Owner/main: owner: lock 0', 'Other/first: first: lock returned 130', 'Other/second: second: lock returned 131', // ENOTRECOVERABLE
    ], [], 0)),
  // The default run kills Owner while it holds the lock (EOWNERDEAD); the unlock window is the
  // explorer's (test/explore/robust.test.ts).
  ...['robust-pending', 'robust-pending-early-clear'].flatMap((ex) => [
    ...[A, B, C, D].map((st) => row(ex, st, 'deadlock', [], ['hung'], st === A || st === B ? 1 : 0)),
    ...[E, M].map((st) => row(ex, st, 'ok', ['Waiter/main: waiter: got the lock 130'], [], 0)),
  ]),
  // The death wake is shared: the private waiter is not woken (and is no missed wake-up, §8.7).
  ...[A, B, C, D].map((st) =>
    row('robust-private-waiter', st, 'ok', [
      'P/owner: owner: set_robust_list -38', 'P/privwaiter: private waiter: -110', 'P/sharedwaiter: shared waiter: -110 word -2147483547',
    ], [], st === A || st === B ? 1 : 0)),
  ...[E, M].map((st) =>
    row('robust-private-waiter', st, 'ok', [
      'P/owner: owner: set_robust_list 0', 'P/sharedwaiter: shared waiter: 0 word -1073741824', 'P/privwaiter: private waiter: -110',
    ], [], 0, (s) => expect(count(s, 'wake', (e) => e.op === 'robust: owner died' && e.woken.length === 1 && e.woken[0].who === 'P/sharedwaiter')).toBe(1))),
  // === §8.4 CVE-2014-3153 (towelroot): requeue-PI of a PI futex onto itself ===
  ...[A, B, C, D].map((st) =>
    row('towelroot', st, 'ok', ['P/t1: t1: lock_pi(B) returned -38', 'P/t1: t1: cmp_requeue_pi(B -> B) returned -38', 'P/t3: t3: lock_pi(B) returned -38'], [], 0)),
  // gorman-2013: the last requeue takes B for t2 and wakes it with its rt_waiter still linked
  row('towelroot', E, 'anomaly', ['P/t1: t1: cmp_requeue_pi(A -> B) returned 1', 'P/t1: t1: stored 0 into B', 'P/t1: t1: cmp_requeue_pi(B -> B) returned 1',
    'P/t2: t2: wait_requeue_pi returned 0'], ['pi-state-inconsistent', 'dangling-rt-waiter'], 0, (s) => {
    expect(s.anomalies.find((a) => a.kind === 'pi-state-inconsistent')!.message).toContain('row [9]');
    expect(s.anomalies.find((a) => a.kind === 'dangling-rt-waiter')!.thread).toBe('P/t2');
  }),
  // modern: each step refused (-EINVAL, -EINVAL row [9], -EPERM); t2 gets B only when t1 dies (exit_pi_state_list)
  row('towelroot', M, 'anomaly', ['P/t1: t1: cmp_requeue_pi(A -> B) returned 1', 'P/t1: t1: cmp_requeue_pi(B -> B) returned -22', 'P/t3: t3: lock_pi(B) returned -22',
    'P/t1: t1: unlock_pi(B) returned -1', 'P/t2: t2: wait_requeue_pi returned 0'], ['pi-state-inconsistent'], 0),

  // towelroot-race: the same steps in an open order; the plain run (T1 first) builds nothing,
  // explore finds the order (test/explore/towelroot-race.test.ts)
  ...[A, B, C, D].map((st) =>
    row('towelroot-race', st, 'ok', ['P/t1: t1: lock_pi, requeue A -> B, requeue B -> B returned -38 -38 -38', 'P/t2: t2: wait_requeue_pi returned -38'], [], 0)),
  row('towelroot-race', E, 'ok', ['P/t1: t1: lock_pi, requeue A -> B, requeue B -> B returned 0 0 0', 'P/t2: t2: wait_requeue_pi returned -110'], [], 0),
  row('towelroot-race', M, 'ok', ['P/t1: t1: lock_pi, requeue A -> B, requeue B -> B returned 0 0 -22', 'P/t2: t2: wait_requeue_pi returned -110'], [], 0),

  // === §8.7 priority inversion: plain futex mutex vs PI mutex, one CPU ===
  ...[A, B, C, D, E, M].map((st) =>
    row('priority-inversion', st, 'anomaly', ['P/low: low: has the lock', 'P/medium: medium: done spinning', 'P/high: high: has the lock'], ['priority-inversion'], st === A || st === B ? 1 : 0, (s) =>
      expect(s.anomalies[0].message).toMatch(/^priority inversion for \d+ ticks: P\/high \(fifo 30\) waited for P\/low \(fifo 10\) while P\/medium \(fifo 20/))),
  ...[A, B, C, D].map((st) =>
    row('priority-inversion-pi', st, 'ok', ['P/high: high: futex_lock_pi returned -ENOSYS: no PI futexes in this era'], [], 0)),
  ...[E, M].map((st) =>
    row('priority-inversion-pi', st, 'ok', ['P/low: low: has the lock', 'P/high: high: has the lock 0', 'P/medium: medium: done spinning', 'P/low: low: released it'], [], 0, (s) =>
      expect(count(s, 'pi-boost', (e) => e.to === 30)).toBeGreaterThan(0))),
];

// --- the matrix ---------------------------------------------------------------------------------

function matchInOrder(lines: string[], want: Out[]): string | null {
  let i = 0;
  for (const w of want) {
    while (i < lines.length && !(typeof w === 'string' ? lines[i] === w : w.test(lines[i]))) i++;
    if (i === lines.length) return `missing (in order): ${String(w)}\nhave:\n  ${lines.join('\n  ')}`;
    i++;
  }
  return null;
}

describe('GROUND-TRUTH matrix', () => {
  it.each(ROWS.map((r) => [`${r.ex} under ${r.st}`, r] as const))('%s', (_name, r) => {
    const s = run(r.ex, r.st);
    const lines = s.output.map((o) => `${o.thread}: ${o.text}`);
    expect(matchInOrder(lines, r.out)).toBeNull();
    expect(s.result).toBe(r.result);
    expect(s.anomalies.map((a) => a.kind).sort()).toEqual([...r.anomalies].sort());
    expect(s.k.s.stats.pinnedPagesMax).toBe(r.pins);
    r.check?.(s);
  });

  it('has a row for every (example, strategy)', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.futex')).map((f) => f.slice(0, -'.futex'.length));
    const missing: string[] = [];
    for (const ex of files) for (const st of STRATEGY_IDS) if (!ROWS.some((r) => r.ex === ex && r.st === st)) missing.push(`${ex} ${st}`);
    expect(missing).toEqual([]);
    const dup = ROWS.map((r) => `${r.ex} ${r.st}`).filter((k, i, a) => a.indexOf(k) !== i);
    expect(dup).toEqual([]);
  });
});

describe('every example', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.futex')).sort();

  it.each(files)('%s parses, has a title and runs under every strategy without a KernelPanic', (f) => {
    const text = readFileSync(join(EXAMPLES, f), 'utf8');
    const r = loadProgram(text, f);
    if (!r.ok) throw new Error(r.diagnostics.map((d) => `${f}:${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
    expect(r.warnings).toEqual([]);
    expect(r.program.scenario.title).toBeTruthy();
    for (const strategy of STRATEGY_IDS) {
      const s = new Session(r.program, { strategy, checkInvariants: true });
      const result = s.run();
      expect(result, `${f} under ${strategy}`).not.toBe('step-limit');
      expect(result).not.toBeNull();
    }
  });

  it('compare gives the same rows as the sessions (S11, the headline example)', () => {
    const runs = compareRuns(program('cow-fork-wrong-wakeup'), 'cow-fork-wrong-wakeup.futex');
    expect(runs.map((r) => [r.strategy, r.result, r.anomalies.map((a) => a.kind).join(',')])).toEqual([
      ['pinned-page', 'anomaly', 'wrong-wakeup'], // S11 (a): 1, wrong process
      ['vcache', 'anomaly', 'wrong-wakeup'], //      S11 (b): 1, wrong process
      ['rusty-2003', 'anomaly', 'wrong-wakeup'], //  S11 (c): 1, wrong process
      ['jamie-2003', 'ok', ''], //                   S11 (d): 0
      ['gorman-2013', 'ok', ''], //                  S11 (e): 0
      ['modern', 'ok', ''], //                       S11 M: 0
    ]);
  });
});

// --- strategy variants (`option STRATEGY.NAME = VALUE`) and a few more rules of the same rows ----

function runWith(p: Program, strategy: StrategyId, options: Record<string, string> = {}): Session {
  const s = new Session(p, { strategy, options, checkInvariants: true });
  s.run();
  return s;
}
const lines = (s: Session) => s.output.map((o) => `${o.thread}: ${o.text}`);

describe('variants', () => {
  for (const st of [A, B]) {
    const gup = { [`${st}.gup`]: 'write' };
    it(`${st}.gup = write (2.5.38-B8)`, () => {
      // S19 (a) write=1 variant: R's W -> -EFAULT
      expect(lines(runWith(program('ro-shared-rdonly-file'), st, gup))).toContain("R/main: R's wait returned -14");
      // S21 (a) write=1: (i) 0, (ii) 1
      const i = runWith(program('zero-page-foreign-wake'), st, gup);
      expect(lines(i)).toEqual(["Q/main: Q's wake returned 0", 'P/T1: T1 returned -110']);
      expect(i.anomalies).toEqual([]);
      const ii = runWith(program('zero-page-cow-wake'), st, gup);
      expect(lines(ii)).toEqual(["P/sibling: sibling's wake returned 1", 'P/T1: T1 returned 0']);
      expect(ii.anomalies).toEqual([]);
      // S6 (a) write=1: the write fault allocates a private zeroed page -> EAGAIN
      const h = runWith(program('futex-wait-uninitialized-heap'), st, gup);
      expect(lines(h)[0]).toBe('P/waiter: waiter returned -11');
      expect(keysOf(h, 'futex_wait')[0]).not.toBe('(pfn 0, +0x0)');
    });
  }

  it('jamie-2003.requeue = fifo (the 2006 -rt fix) keeps S26 in FIFO order', () => {
    const s = runWith(program('requeue-to-self-fifo'), D, { 'jamie-2003.requeue': 'fifo' });
    expect(matchInOrder(lines(s), ['P/main: cmp_requeue returned 2', 'P/W2: W2 woken 0', 'P/W3: W3 woken 0', 'P/W4: W4 woken 0'])).toBeNull();
  });

  it('S26 (d): with nr_requeue >= 3 the 2.6.0 order is restored (W2, W3, W4)', () => {
    const text = readFileSync(join(EXAMPLES, 'requeue-to-self-fifo.futex'), 'utf8')
      .replace('futex_cmp_requeue(f, 1, 1, f, 0)', 'futex_cmp_requeue(f, 1, 3, f, 0)')
      .replace('futex_requeue(f, 1, 1, f)', 'futex_requeue(f, 1, 3, f)');
    const r = loadProgram(text, 'rq3.futex');
    if (!r.ok) throw new Error('rq3 does not parse');
    for (const st of STRATEGY_IDS) {
      const s = runWith(r.program, st);
      expect(matchInOrder(lines(s), [/returned 4$/, 'P/W2: W2 woken 0', 'P/W3: W3 woken 0', 'P/W4: W4 woken 0']), st).toBeNull();
    }
  });

  it('jamie-2003.refs = false: FUTEX_FD waiters hold no mm reference (before the 8 Sep 2003 patch)', () => {
    const s = runWith(program('futex-fd-pin-dos'), D, { 'jamie-2003.refs': 'false' });
    expect(count(s, 'ref')).toBe(0);
    expect(s.k.s.stats.pinnedPagesMax).toBe(0);
  });

  it('S16 (b): a COW in the fd owner\'s mm moves the pin to the new page; (a) leaves it behind', () => {
    const text = `scenario "FUTEX_FD, then fork, then the owner writes its page"
process P {
  map w = anon private rw pages 1
  store w, 0
  thread main {
    let fd = futex_fd(w)
    fork C {
      sleep 50
      print "C exits"
    }
    store w, 1
    let n = futex_wake(w, 1)
    let r = poll(fd, timeout 5)
    print "wake", n, "poll", r
    close(fd)
  }
}`;
    const r = loadProgram(text, 'fdcow.futex');
    if (!r.ok) throw new Error('fdcow does not parse');
    const a = runWith(r.program, A);
    expect(lines(a)).toContain('P/main: wake 0 poll 0'); // (a): the fd stays pinned on the old page
    expect(a.anomalies.map((x) => x.kind)).toEqual(['missed-wakeup']);
    const b = runWith(r.program, B);
    expect(lines(b)).toContain('P/main: wake 1 poll 1'); // (b): the callback moves the pin
    expect(b.events.filter((e) => e.type === 'pin').map((e: any) => e.pfn)).toEqual([1, 2]);
    expect(b.anomalies).toEqual([]);
  });

  it('a wake with nr = 0 wakes one (2.6.0 and modern)', () => {
    const text = `process P {
  map w = anon private rw pages 1
  thread a {
    let r = futex_wait(w, 0, timeout 20)
    print r
  }
  thread b {
    let r = futex_wait(w, 0, timeout 20)
    print r
  }
  thread main {
    sleep 5
    let n = futex_wake(w, 0)
    print "woke", n
  }
}`;
    const r = loadProgram(text, 'wake0.futex');
    if (!r.ok) throw new Error('wake0 does not parse');
    for (const st of STRATEGY_IDS) {
      const s = runWith(r.program, st);
      expect(lines(s), st).toEqual(['P/main: woke 1', 'P/a: 0', 'P/b: -110']);
    }
  });
});
