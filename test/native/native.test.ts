// `futexlab native` through the built bin: the scenario on this machine's kernel gives the same
// output and result as `run --strategy modern`, under fifo and round-robin (issue #12).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
// 10 ms per tick: timeouts in the examples stay far from the controller's real-time overhead on
// a loaded machine.
const env = { ...process.env, FUTEXLAB_TICK_MS: '10' };

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]) {
  const r = run([...args, '--json']);
  return { code: r.code, j: JSON.parse(r.stdout), stderr: r.stderr };
}

function lines(out: { thread: string; text: string }[]) {
  return out.map((o) => `${o.thread}: ${o.text}`);
}

function scenario(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-native-test-'));
  const f = join(dir, 's.futex');
  writeFileSync(f, text);
  return f;
}

/** Native against modern for one file and schedule. */
function agree(file: string, schedule: string) {
  const sim = json(['run', file, '--strategy', 'modern', '--schedule', schedule]);
  const nat = json(['native', file, '--schedule', schedule]);
  expect(nat.j.errors).toEqual([]);
  expect(lines(nat.j.output)).toEqual(lines(sim.j.output));
  expect(nat.j.result).toBe(sim.j.result);
  expect(nat.j.steps).toBe(sim.j.steps);
  return nat.j;
}


describe.runIf(process.platform === 'linux')('futexlab native', () => {
  it('refuses an unsupported statement with FILE:LINE:COL on one line, exit 2', () => {
    const r = run(['native', 'examples/page-lock-latency.futex']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^examples\/page-lock-latency\.futex:\d+:\d+: error: 'lock_page' \(no system call holds a page lock from user space\) is not supported by the native runner yet$/);
  });

  for (const ex of ['futex-wait-private.futex', 'futex-wait-uninitialized-heap.futex', 'hash-collision.futex', 'zero-page-cow-wake.futex']) {
    for (const schedule of ['fifo', 'round-robin']) {
      it(`${ex} under ${schedule}: same output, result and steps as modern`, () => {
        agree(`examples/${ex}`, schedule);
      });
    }
  }

  it('sees the waiter asleep in the kernel before the waker runs, and the wake returns 1', () => {
    const j = agree('examples/futex-wait-private.futex', 'fifo');
    expect(j.asleep).toEqual(['P/waiter']);
    expect(lines(j.output)).toEqual(['P/main: wake returned 1', 'P/waiter: waiter returned 0']);
  });

  it('a real timeout gives -ETIMEDOUT; a changed word gives -EAGAIN', () => {
    const f = scenario(`scenario "t"
process P {
  map m = anon private rw pages 1
  store m, 0
  thread waiter {
    let r = futex_wait(m, 0, timeout 3, private)
    print "timed out", r
    let e = futex_wait(m, 7, private)
    print "wrong value", e
  }
  thread main {
    sleep 20
    store m + 4, 5
    let v = load m + 4
    print "loaded", v * 2 - 1
  }
}
`);
    for (const s of ['fifo', 'round-robin']) {
      const j = agree(f, s);
      expect(lines(j.output)).toContain('P/waiter: timed out -110');
      expect(lines(j.output)).toContain('P/waiter: wrong value -11');
      expect(lines(j.output)).toContain('P/main: loaded 9');
    }
  });

  it('--tick-ms sets the real time of a tick; a bad value is a usage error naming the option', () => {
    const f = scenario(`scenario "tick"
process P {
  map m = anon private rw pages 1
  thread waiter {
    let r = futex_wait(m, 0, timeout 100, private)
    print "timed out", r
  }
}
`);
    const t0 = Date.now();
    const slow = json(['native', f, '--tick-ms', '5']);
    // 100 ticks of 5 ms: the real wait lasted at least 500 ms.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(lines(slow.j.output)).toEqual(['P/waiter: timed out -110']);
    for (const bad of ['0', '-1', '1001', 'fast']) {
      const r = run(['native', f, '--tick-ms', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--tick-ms/);
    }
  });

  it('a waiter nobody wakes is left asleep in the futex: deadlock, as in the simulator', () => {
    const f = scenario(`scenario "d"
process P {
  map m = anon private rw pages 1
  thread waiter {
    let r = futex_wait(m, 0, private)
    print "never", r
  }
  thread main {
    print "main ends"
  }
}
`);
    const j = agree(f, 'fifo');
    expect(j.left).toEqual([{ thread: 'P/waiter', state: 'asleep-in-futex' }]);
    expect(run(['native', f]).code).toBe(1);
  });

  it('--json prints a RUN object of the run shape (SEMANTICS.md): strategy native, no anomalies, the threads and their states', () => {
    const f = scenario(`scenario "shape"
process P {
  map m = anon private rw pages 1
  thread waiter {
    let r = futex_wait(m, 0, private)
  }
  thread main {
    print "main ends"
  }
}
`);
    const { code, j } = json(['native', f, '--schedule', 'round-robin']);
    expect(code).toBe(1);
    expect(j).toMatchObject({ version: 1, file: f, scenario: 'shape', strategy: 'native', schedule: 'round-robin', result: 'deadlock', anomalies: [], notes: [] });
    expect(j.output).toEqual([{ thread: 'P/main', text: 'main ends' }]);
    expect(j.threads).toEqual([{ name: 'P/waiter', state: 'blocked' }, { name: 'P/main', state: 'ended' }]);
    expect(typeof j.steps).toBe('number');
  });

  it('text output has the lines of run', () => {
    const r = run(['native', 'examples/hash-collision.futex']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('result: ok (12 steps)');
  });
});
