// SPIN side of the explorer benchmark: Promela twins of bench/explore-models.ts (mutex2 and
// mutex3, N processes doing lock, critical section, unlock over a futex modelled as a FIFO
// channel of waiters), built into `pan` with -O2 -DSAFETY and run here, on this machine.
// SPIN is installed from Debian (`apt-get install spin`) if it is missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FUTEX = `
inline futex_wait(v) {
  atomic {
    if
    :: val == v -> waiting[_pid] = 1; q!_pid
    :: else -> skip
    fi
  }
  (waiting[_pid] == 0)
}
inline futex_wake() {
  atomic {
    if
    :: nempty(q) -> q?w; waiting[w] = 0; w = 0
    :: empty(q) -> skip
    fi
  }
}`;

const LOCK: Record<'mutex2' | 'mutex3', string> = {
  mutex2: `
  atomic { c = val; if :: val == 0 -> val = 1 :: else -> skip fi }
  if
  :: c != 0 ->
     do
     :: true ->
        if
        :: c == 2 -> futex_wait(2)
        :: else ->
           atomic { d = val; if :: val == 1 -> val = 2 :: else -> skip fi }
           if :: d != 0 -> futex_wait(2) :: else -> skip fi
        fi;
        atomic { c = val; if :: val == 0 -> val = 2 :: else -> skip fi }
        if :: c == 0 -> break :: else -> skip fi
     od
  :: else -> skip
  fi;`,
  mutex3: `
  atomic { c = val; if :: val == 0 -> val = 1 :: else -> skip fi }
  if
  :: c != 0 ->
     if :: c != 2 -> atomic { c = val; val = 2 } :: else -> skip fi;
     do
     :: c != 0 -> futex_wait(2); atomic { c = val; val = 2 }
     :: else -> break
     od
  :: else -> skip
  fi;`,
};

export function promela(kind: 'mutex2' | 'mutex3', n: number): string {
  return `byte val = 0;
byte cs = 0;
bool waiting[${n}];
chan q = [${n}] of { byte };
${FUTEX}
active [${n}] proctype T() {
  byte c, d, w;
${LOCK[kind]}
  c = 0; d = 0;  /* dead after the lock: reset so equal states compare equal */
  cs++;
  assert(cs == 1);
  cs--;
  atomic { c = val; val = val - 1 };
  if
  :: c != 1 -> val = 0; futex_wake()
  :: else -> skip
  fi;
  c = 0
}
`;
}

export function ensureSpin(): boolean {
  if (spawnSync('spin', ['-V']).status === 0) return true;
  const r = spawnSync('bash', ['-c', 'apt-get install -y spin || (apt-get update && apt-get install -y spin)'], { stdio: 'ignore' });
  return r.status === 0 && spawnSync('spin', ['-V']).status === 0;
}

export interface SpinResult {
  states: number;
  transitions: number;
  seconds: number;
  errors: number;
}

/** Generate, compile (-O2 -DSAFETY) and run pan; `seconds` is pan's run time to its verdict. */
export function runSpin(kind: 'mutex2' | 'mutex3', n: number): SpinResult {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-spin-'));
  writeFileSync(join(dir, 'model.pml'), promela(kind, n));
  execFileSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'ignore' });
  execFileSync('gcc', ['-O2', '-DSAFETY', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' });
  const t0 = process.hrtime.bigint();
  const out = spawnSync('./pan', ['-m100000'], { cwd: dir, encoding: 'utf8' }).stdout;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const num = (re: RegExp) => Number((re.exec(out) ?? [])[1] ?? NaN);
  return { states: num(/([\d.e+]+) states, stored/), transitions: num(/([\d.e+]+) transitions/), seconds, errors: num(/errors: (\d+)/) };
}
