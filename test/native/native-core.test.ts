// The native runner's wider slice (issue #12) against `modern`, under fifo and round-robin:
// control flow, functions and spawn; fork, declared processes, shared and private memory across
// processes, kill and exit_group; mremap, madvise, truncate, mprotect, munmap; futex_fd, poll,
// wake_op and cmp_requeue; a fault that kills one thread; a failed assert.
// Scenarios in test/native/scenarios/.
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ensureSwap } from '../../src/native/swap';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { runNativeAsync, type NativeResult } from '../../src/native/run';
import { run32, refusal32 } from './run32';

const dir = join(__dirname, 'scenarios');

async function both(name: string, schedule: string): Promise<{ nat: NativeResult; lines: string[] }> {
  const r = loadProgram(readFileSync(join(dir, name), 'utf8'), name);
  if (!r.ok) throw new Error(`${name} does not load`);
  const sim = new Session(r.program, { strategy: 'modern', schedule, options: {} });
  sim.run();
  const nat = await runNativeAsync(r.program, schedule);
  const lines = nat.output.map((o) => `${o.thread}: ${o.text}`);
  expect(nat.errors).toEqual([]);
  expect(lines).toEqual(sim.output.map((o) => `${o.thread}: ${o.text}`));
  expect(nat.result).toBe(sim.result === 'anomaly' ? 'ok' : sim.result);
  expect(nat.steps).toBe(sim.steps);
  return { nat, lines };
}

beforeAll(() => {
  process.env.FUTEXLAB_TICK_MS = '10';
});

describe.runIf(process.platform === 'linux')('futexlab native: control flow, processes, events', () => {
  for (const schedule of ['fifo', 'round-robin']) {
    it(`while/if/break/continue, recursion, implicit return, nested spawn, atomics under ${schedule}`, async () => {
      const { lines } = await both('control-flow.futex', schedule);
      expect(lines).toContain('P/a: sum 25 8');
      expect(lines).toContain('P/a: fib 8 0 7');
    }, 60_000);

    it(`mremap moves where the simulator moves, MADV_DONTNEED, truncate, mprotect, munmap under ${schedule}`, async () => {
      const { lines, nat } = await both('mm-events.futex', schedule);
      // 0x10006000: the simulator's placement, carried out with MAP_FIXED_NOREPLACE / MREMAP_FIXED.
      expect(lines[0]).toBe('P/a: moved 3 268460032');
      expect(lines).toContain('P/a: after dontneed 0');
      expect(lines).toContain('P/a: after truncate 0');
      expect(lines).toContain('P/a: wake ro 0');
      // The use of the unmapped name kills the thread, as in the simulator: nothing is left.
      expect(nat.left).toEqual([]);
    }, 60_000);

    it(`fork (COW private, shared anon), exit_group, kill, futex_fd -ENOSYS, poll, wake_op, cmp_requeue under ${schedule}`, async () => {
      const { lines } = await both('processes.futex', schedule);
      expect(lines).toContain('B/k: killed A');
      if (schedule === 'fifo') {
        expect(lines).toContain('A/main: parent p 5');
        expect(lines).toContain('C/main: child p 6');
        expect(lines).toContain('A/main: futex_fd -38');
        expect(lines).toContain('A/main: poll 0'); // fd -38: ignored, as poll(2) does: nothing to report
      }
    }, 60_000);

    // The PID namespace needs root (CAP_SYS_ADMIN); without it TIDs are the machine's (docs/native.md).
    it.runIf(process.getuid?.() === 0)(`TIDs are the simulator's (a PID namespace from 101), gettid(THREAD), robust lists in a 32-bit build under ${schedule}`, async () => {
      if (run32 !== 'yes') {
        // No 32-bit program runs here (run32.ts): refused at the robust list's location, saying why.
        const r = loadProgram(readFileSync(join(dir, 'tids.futex'), 'utf8'), 'tids.futex');
        if (!r.ok) throw new Error('tids.futex does not load');
        await expect(runNativeAsync(r.program, schedule)).rejects.toThrow(refusal32);
        return;
      }
      const { lines } = await both('tids.futex', schedule);
      expect(lines).toContain('A/main: main 101 103 -3');
      expect(lines).toContain('C/main: C 105 0');
      expect(lines).toContain('B/x: x 0 268435456');
    }, 60_000);

    it(`exec from a spawned thread: a real execve, registers kept, the mm (and every map name) gone, the other threads ended under ${schedule}`, async () => {
      const { lines, nat } = await both('exec.futex', schedule);
      expect(lines).toEqual(['P/t: t after exec 42 41', 'P/t: file map 268435456 shm word 7']);
      expect(nat.left).toEqual([]);
    }, 60_000);

    it.runIf(process.getuid?.() === 0)(`sched fifo and nice are real (root): the kernel wakes RT waiters first, by priority, then the others in order, under ${schedule}`, async () => {
      const { lines, nat } = await both('rt-wake-order.futex', schedule);
      expect(nat.notes).toEqual([]);
      expect(lines.filter((l) => !l.startsWith('P/waker'))).toEqual(['P/twenty: fifo 20 0', 'P/ten: fifo 10 0', 'P/plain: plain 0', 'P/nice5: nice 5 0']);
    }, 60_000);

    it(`division by zero and a store to a read-only map kill one thread; a failed setup item is skipped (mmap of 0 pages, a store through it, a name of another process) under ${schedule}`, async () => {
      const { lines, nat } = await both('setup-faults.futex', schedule);
      expect(lines).toContain('Q/q: q runs');
      expect(nat.left).toEqual([]);
    }, 60_000);

    it(`a thread whose last statement is a sleep exits (clear-tid) where the simulator's ends, after a real timeout under ${schedule}`, async () => {
      const { lines } = await both('end-after-sleep.futex', schedule);
      expect(lines).toEqual(['P/joiner: timed out -110 word 1', 'P/joiner: joined 0 word 0']);
    }, 60_000);

    it(`an unaligned load, store or atomic kills the thread, as in the simulator (x86 does not trap) under ${schedule}`, async () => {
      const { lines, nat } = await both('unaligned.futex', schedule);
      expect(lines).toEqual(['P/t1: t1 aligned 7', 'P/t7: t7 swap_in of an unaligned address', 'P/t8: t8 0 0']);
      expect(nat.left).toEqual([]);
    }, 60_000);

    it(`print and assert text with tabs, line ends, backslashes, control characters, an empty first argument and 5000 bytes comes back whole under ${schedule}`, async () => {
      const { lines, nat } = await both('print-text.futex', schedule);
      expect(lines).toEqual([
        'P/t: 100% %s %d %n \\ "q" \t tab', 'P/t: multi\nline', 'P/t:  b', 'P/t: raw\tctl\x01\x7f', `P/t: ${'x'.repeat(5000)} 7`,
      ]);
      expect(nat.asserts).toEqual([{ thread: 'P/t', message: 'msg\twith tab\nand a line' }]);
    }, 60_000);

    it(`40 files, 300 map names and 600 mappings, past the runner's old tables, under ${schedule}`, async () => {
      const { lines } = await both('tables.futex', schedule);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^P\/t: file 39 3 /);
    }, 60_000);

    it(`max_output: the line that passes the budget is dropped natively too under ${schedule}`, async () => {
      const { lines, nat } = await both('output-limit.futex', schedule);
      expect(lines).toHaveLength(9);
      expect(nat.result).toBe('output-limit');
    }, 60_000);

    it(`exec keeps every register of a frame past 256 slots under ${schedule}`, async () => {
      const { lines } = await both('exec-regs.futex', schedule);
      expect(lines).toEqual(['P/t: 0 1785 1792 2093']);
    }, 60_000);

    it(`long process and thread names come back whole under ${schedule}`, async () => {
      const { lines } = await both('long-names.futex', schedule);
      expect(lines).toHaveLength(3);
      expect(lines.every((l) => l.startsWith('Proc'))).toBe(true);
      expect(lines).toContain(`Proc${'r'.repeat(76)}Child/thr${'h'.repeat(57)}Spawned: spawned`);
    }, 60_000);

    it(`a fault kills one thread; a failed assert ends the run under ${schedule}`, async () => {
      const { nat } = await both('fault-assert.futex', schedule);
      expect(nat.result).toBe('assert-failed');
      expect(nat.asserts).toEqual([{ thread: 'P/b', message: 'b was not woken' }]);
    }, 60_000);
  }

  // swap_out is MADV_PAGEOUT: an anonymous page leaves memory only if the machine has swap. As
  // root with none configured, the run makes a 16 MiB swap file (this machine: swapon works).
  const noSwap = readFileSync('/proc/swaps', 'utf8').trim().split('\n').length === 1;
  it.runIf(noSwap)('swap_out with no swap: the page stays, and a note line says so', async () => {
    process.env.FUTEXLAB_NATIVE_SWAP = '0';
    try {
      const { nat } = await both('swap-out.futex', 'fifo');
      expect(nat.notes.map((n) => n.message)).toEqual(['P/main: swap_out 0x10000000: the kernel kept the page in memory (MADV_PAGEOUT; swap on this machine: none (FUTEXLAB_NATIVE_SWAP=0))']);
    } finally {
      delete process.env.FUTEXLAB_NATIVE_SWAP;
    }
  }, 60_000);

  it.runIf(noSwap && process.getuid?.() === 0)('swap_out as root: a swap file is made for the run, the page goes out, no note', async () => {
    const { nat } = await both('swap-out.futex', 'round-robin');
    expect(nat.notes).toEqual([]);
  }, 60_000);

  it.runIf(noSwap && process.getuid?.() === 0)('the swap file is swapped on for the run and off and removed after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'futexlab-swap-test-'));
    const s = ensureSwap(dir, {});
    expect(s.state).toBe('a 16 MiB swap file made for this run');
    expect(readFileSync('/proc/swaps', 'utf8')).toContain(join(dir, 'swapfile'));
    s.release();
    expect(readFileSync('/proc/swaps', 'utf8')).not.toContain(join(dir, 'swapfile'));
    expect(existsSync(join(dir, 'swapfile'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('FUTEXLAB_NATIVE_SWAP=0 makes no swap file', () => {
    expect(ensureSwap('/nonexistent', { FUTEXLAB_NATIVE_SWAP: '0' }).state).toBe('none (FUTEXLAB_NATIVE_SWAP=0)');
  });
});
