// PI futexes, requeue-PI and `sched fifo` on this machine's kernel (issues #12, #16; src/native/
// gen-pi.ts): the same output, result and steps as `run --strategy modern`, op by op.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run32, refusal32 } from './run32';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const fixture = (f: string) => join(__dirname, 'fixtures', f);
const env = { ...process.env, FUTEXLAB_TICK_MS: '10' };

function run(args: string[], prefix: string[] = []) {
  const [cmd, ...rest] = [...prefix, process.execPath, cli, ...args];
  const r = spawnSync(cmd, rest, { cwd: root, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `futexlab diff --json`: the kernel agrees with modern; the kernel's lines. */
function agree(file: string, schedule: string): string[] {
  const r = run(['diff', file, '--schedule', schedule, '--json']);
  const j = JSON.parse(r.stdout);
  expect(j.kernel.errors).toEqual([]);
  expect(j.rows.filter((x: { mark: string }) => x.mark === 'differ')).toEqual([]);
  expect(r.code).toBe(0);
  return j.kernel.output.map((o: { thread: string; text: string }) => `${o.thread}: ${o.text}`);
}

const isRoot = process.getuid?.() === 0;


describe.runIf(process.platform === 'linux' && isRoot)('native PI futexes and priorities', () => {
  for (const schedule of ['fifo', 'round-robin']) {
    it(`lock_pi, lock_pi2, trylock_pi, unlock_pi: the lock goes to the higher-priority waiter (${schedule})`, () => {
      const out = agree(fixture('pi-lock-handover.futex'), schedule);
      expect(out).toEqual(expect.arrayContaining(['P/owner: owner trylock again -35', 'P/hi: hi trylock -11', 'P/hi: hi unlock again -1']));
      // lo queued first, hi (fifo 20) gets the rt_mutex at the unlock.
      expect(out.indexOf('P/hi: hi lock2 0')).toBeLessThan(out.indexOf('P/lo: lo lock 0'));
    });

    it(`wait_requeue_pi / cmp_requeue_pi: a condvar handed to a PI mutex, -EAGAIN, -EINVAL, a timeout (${schedule})`, () => {
      const out = agree(fixture('pi-requeue-condvar.futex'), schedule);
      expect(out).toEqual(expect.arrayContaining(['P/signaller: cmp_requeue_pi wrong value -11', 'P/signaller: cmp_requeue_pi 2',
        'P/signaller: onto itself -22', 'P/signaller: nr_wake 2 -22', 'P/signaller: timed out -110', 'P/w1: w1 returned 0', 'P/w2: w2 returned 0']));
    });

    it(`towelroot (CVE-2014-3153) under modern: the kernel refuses it step by step, as the simulator does (${schedule})`, () => {
      const out = agree('examples/towelroot.futex', schedule);
      expect(out).toEqual(expect.arrayContaining(['P/t1: t1: cmp_requeue_pi(B -> B) returned -22', 'P/t3: t3: lock_pi(B) returned -22', 'P/t1: t1: unlock_pi(B) returned -1']));
      // t1 ends owning B's pi_state: its exit (exit_pi_state_list) hands B's rt_mutex to t2.
      expect(out.at(-1)).toBe('P/t2: t2: wait_requeue_pi returned 0');
    });

    it(`an owner that exits hands the PI lock over where the simulator's thread ends (${schedule})`, () => {
      // fifo: t1 comes after t0's exit (-ESRCH: no owner); round-robin: t1 waits, t0's exit gives it the lock.
      expect(agree(fixture('pi-owner-exits.futex'), schedule)).toEqual(['P/t0: t0 lock 0', `P/t1: t1 lock ${schedule === 'fifo' ? -3 : 0}`]);
    });

    it(`PI ops in a forked child and a spawned 'sched fifo' thread, one PI word in a shared map (${schedule})`, () => {
      // The unlock hands the rt_mutex to the fifo 20 spawn first, then the child (SCHED_OTHER) gets it.
      expect(agree(fixture('pi-across-processes.futex'), schedule)).toEqual(['A/main: parent lock 0', 'A/s: spawn trylock -11', 'A/s: spawn lock 0',
        'A/s: spawn unlock 0', 'A/main: parent unlock 0', 'C/main: child lock 0', 'C/main: child unlock 0']);
    });

    it(`sched fifo: futex_wake wakes the higher-priority waiter first (${schedule})`, () => {
      expect(agree(fixture('fifo-wake-order.futex'), schedule).slice(0, 2)).toEqual(['P/hi: hi woken 0', 'P/waker: woke 1']);
    });
  }

  it('without CAP_SYS_NICE, sched fifo is refused by the kernel and the run says so on a note line per thread', () => {
    const r = run(['native', fixture('fifo-wake-order.futex')], ['setpriv', '--bounding-set=-sys_nice', '--inh-caps=-sys_nice']);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('note: ')).sort()).toEqual([
      'note: P/hi: sched fifo 30: sched_setscheduler failed (errno 1): the thread runs SCHED_OTHER',
      'note: P/lo: sched fifo 10: sched_setscheduler failed (errno 1): the thread runs SCHED_OTHER',
    ]);
  });

  it('robust lists run in a 32-bit build (gen-compat.ts) and agree, or are refused with their location without one', () => {
    const r = run(['diff', 'examples/robust-pending.futex']);
    if (run32 === 'yes') {
      expect(r.stdout).toContain('same output, result and steps');
      expect(r.code).toBe(0);
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^examples\/robust-pending\.futex:\d+:\d+: error: /);
      expect(r.stderr).toContain(refusal32);
    }
  });
});
