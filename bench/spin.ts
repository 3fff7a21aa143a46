// SPIN side of the explorer benchmark: Promela twins of bench/explore-models.ts (mutex2 and
// mutex3, N processes doing lock, critical section, unlock over a futex modelled as a FIFO
// channel of waiters), built into `pan` with -O2 -DSAFETY and run here, on this machine.
// SPIN is installed from Debian (`apt-get install spin`) if it is missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The twins are written at the scenario language's step granularity (issue #11, "an honest
// bench"): one Promela transition per step of bench/explore-models.ts, as the simulator counts
// them (bench/mutex3.ts): each statement, branch and loop test, call; a jump back to a loop head
// and a return folded into the step before them. Each thread is a `do` loop over d_steps guarded
// by its own pc (the statement index, below), so SPIN's state is exactly (pcs, registers, memory
// words, the futex queue in order, who is blocked, whether the page was faulted in):
// - a register is reset to 0 once dead, as the explorer leaves dead registers out
//   (explore/liveness.ts): lock's c after its last read, unlock's c, the thread's `inside`;
// - `paged`: the first write faults the anonymous page in (the simulated kernel's page table);
// - a futex_wait that blocks leaves its thread at the next statement with waiting[_pid] set, and
//   that statement's d_step is guarded by waiting[_pid] == 0 (the wake makes it runnable there, as
//   in the simulator: no separate step for the return from the wait);
// - a thread that ended sits at pc END, with every register 0;
// - a blocked thread is where it resumes (the explorer's canonical positions, explore/position.ts).
// With this, pan's "states, stored" is the explorer's distinct states with reductions off, plus
// one: the final state (every thread ended), which the explorer counts as a complete schedule and
// does not store. The bench prints both and checks the difference.

const END = 99;

/** The thread: call lock (pc 0), lock from pc 1, the critical section from 40, unlock from 50. */
function body(lock: string): string {
  return `
  :: d_step { pc == 0 -> pc = 1 }                                  /* lock(mem): the call */
${lock}
  :: d_step { pc == 40 -> inside = cs; cs++; pc = 41 }             /* let inside = fetch_add mem + 4, 1 */
  :: d_step { pc == 41 -> assert(inside == 0); inside = 0; pc = 42 }  /* assert inside == 0 */
  :: d_step { pc == 42 -> cs--; pc = 43 }                           /* fetch_sub mem + 4, 1 */
  :: d_step { pc == 43 -> pc = 50 }                                 /* unlock(mem): the call */
  :: d_step { pc == 50 -> c = val; val = val - 1; pc = 51 }         /* let c = fetch_sub m, 1 */
  :: d_step { pc == 51 -> if :: c != 1 -> pc = 52 :: else -> pc = ${END} fi; c = 0 }  /* if c != 1 (else: return, end) */
  :: d_step { pc == 52 -> val = 0; pc = 53 }                        /* store m, 0 */
  :: d_step { pc == 53 -> if :: nempty(q) -> q?w; waiting[w] = 0; w = 0 :: empty(q) -> skip fi; pc = ${END} }  /* futex_wake(m, 1): return, end */`;
}

/** futex_wait(m, 2) as a step: blocks (queued, waiting) when the word is 2, else returns at once. */
const wait = (at: number, next: number) =>
  `  :: d_step { pc == ${at} -> if :: val == 2 -> waiting[_pid] = 1; q!_pid :: val != 2 -> skip fi; pc = ${next} }  /* futex_wait(m, 2) */`;

const LOCK: Record<'mutex2' | 'mutex3', string> = {
  mutex3: [
    '  :: d_step { pc == 1 -> paged = 1; c = val; if :: val == 0 -> val = 1 :: else -> skip fi; pc = 2 }  /* let c = cas m, 0, 1 */',
    '  :: d_step { pc == 2 -> if :: c != 0 -> pc = 3 :: else -> c = 0; pc = 40 fi }  /* if c != 0 (else: return) */',
    '  :: d_step { pc == 3 -> if :: c != 2 -> c = 0; pc = 4 :: else -> pc = 5 fi }  /* if c != 2 */',
    '  :: d_step { pc == 4 -> c = val; val = 2; pc = 5 }  /* c = xchg m, 2 */',
    '  :: d_step { pc == 5 -> if :: c != 0 -> c = 0; pc = 6 :: else -> c = 0; pc = 40 fi }  /* while c != 0 (else: return) */',
    wait(6, 7),
    '  :: d_step { pc == 7 && waiting[_pid] == 0 -> c = val; val = 2; pc = 5 }  /* c = xchg m, 2; loop */',
  ].join('\n'),
  mutex2: [
    '  :: d_step { pc == 1 -> paged = 1; c = val; if :: val == 0 -> val = 1 :: else -> skip fi; pc = 2 }  /* let c = cas m, 0, 1 */',
    '  :: d_step { pc == 2 -> if :: c != 0 -> pc = 3 :: else -> c = 0; pc = 40 fi }  /* if c != 0 (else: return) */',
    '  :: d_step { pc == 3 -> pc = 4 }  /* while 1 */',
    '  :: d_step { pc == 4 -> if :: c == 2 -> pc = 5 :: else -> pc = 6 fi; c = 0 }  /* if c == 2 */',
    wait(5, 9),
    '  :: d_step { pc == 6 -> d = val; if :: val == 1 -> val = 2 :: else -> skip fi; pc = 7 }  /* let d = cas m, 1, 2 */',
    '  :: d_step { pc == 7 -> if :: d != 0 -> pc = 8 :: else -> pc = 9 fi; d = 0 }  /* if d != 0 */',
    wait(8, 9),
    '  :: d_step { pc == 9 && waiting[_pid] == 0 -> c = val; if :: val == 0 -> val = 2 :: else -> skip fi; pc = 10 }  /* c = cas m, 0, 2 */',
    '  :: d_step { pc == 10 -> if :: c == 0 -> pc = 11 :: else -> pc = 3 fi }  /* if c == 0 (else: loop) */',
    '  :: d_step { pc == 11 -> c = 0; pc = 40 }  /* break: return */',
  ].join('\n'),
};

export function promela(kind: 'mutex2' | 'mutex3', n: number): string {
  return `byte val = 0;
byte cs = 0;
bit paged = 0;
bool waiting[${n}];
chan q = [${n}] of { byte };
active [${n}] proctype T() {
  byte pc = 0, c = 0, d = 0, inside = 0, w = 0;
end:
  do${body(LOCK[kind])}
  od
}
`;
}

export function ensureSpin(): boolean {
  // GNU time counts pan's page faults (runSpin); the bench goes on without them.
  if (!existsSync('/usr/bin/time')) spawnSync('bash', ['-c', 'apt-get install -y time'], { stdio: 'ignore' });
  if (spawnSync('spin', ['-V']).status === 0) return true;
  const r = spawnSync('bash', ['-c', 'apt-get install -y spin || (apt-get update && apt-get install -y spin)'], { stdio: 'ignore' });
  return r.status === 0 && spawnSync('spin', ['-V']).status === 0;
}

export interface SpinResult {
  states: number;
  transitions: number;
  /** pan's own report of its search time (elapsed). */
  seconds: number;
  /** pan's CPU seconds (user + system, start-up included). */
  cpu: number;
  /** pan's minor page faults, start-up (its hash table zeroed) included; NaN without GNU time. */
  faults: number;
  errors: number;
  memoryMb: number;
}

/** Generate, compile (-O2 -DSAFETY) and run pan; `seconds` is pan's own elapsed time. */
export function runSpin(kind: 'mutex2' | 'mutex3', n: number): SpinResult {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-spin-'));
  writeFileSync(join(dir, 'model.pml'), promela(kind, n));
  execFileSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'ignore' });
  execFileSync('gcc', ['-O2', '-DSAFETY', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  // -w24: a 2^24-slot hash table, so that no model here overflows it; pan's own elapsed time
  // (the search, not the zeroing of its table at start-up nor the process spawn).
  // Under bash's `time` for pan's CPU seconds too (the machine may be shared: its elapsed time then
  // counts other processes' turns); those include its start-up.
  // GNU time (Debian's `time`), when there, also gives its minor page faults.
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time -f "cpu %U %S faults %R"' : 'TIMEFORMAT="cpu %3U %3S"; time';
  const r = spawnSync('bash', ['-c', `${time} ./pan -m100000 -w24`], { cwd: dir, encoding: 'utf8' });
  const out = r.stdout;
  const num = (re: RegExp) => Number((re.exec(out) ?? [])[1] ?? NaN);
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  const faults = /faults (\d+)/.exec(r.stderr);
  return {
    cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
    faults: faults ? Number(faults[1]) : NaN,
    states: num(/([\d.e+]+) states, stored/), transitions: num(/([\d.e+]+) transitions/),
    seconds: num(/pan: elapsed time ([\d.e+-]+) seconds/), errors: num(/errors: (\d+)/), memoryMb: num(/([\d.]+)\s+total actual memory usage/),
  };
}
