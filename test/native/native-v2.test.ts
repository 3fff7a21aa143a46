// `futexlab native` on the version-2 calls of issue #17 (bitset ops, futex_waitv, futex2): this
// machine's kernel gives the same output, result and steps as `run --strategy modern`.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, release } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const env = { ...process.env, FUTEXLAB_TICK_MS: '10' };

function json(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args, '--json'], { cwd: root, encoding: 'utf8', env });
  return JSON.parse(r.stdout);
}

const lines = (out: { thread: string; text: string }[]) => out.map((o) => `${o.thread}: ${o.text}`);

function agree(text: string, schedule: string) {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-native-v2-'));
  const file = join(dir, 's.futex');
  writeFileSync(file, text);
  const sim = json(['run', file, '--strategy', 'modern', '--schedule', schedule]);
  const nat = json(['native', file, '--schedule', schedule]);
  expect(nat.errors).toEqual([]);
  expect(lines(nat.output)).toEqual(lines(sim.output));
  expect(nat.result).toBe(sim.result);
  expect(nat.steps).toBe(sim.steps);
  return lines(nat.output);
}

// futex2 needs 6.7 (the machine the suite runs on has 6.18).
const [major, minor] = release().split('.').map(Number) as [number, number];
const hasFutex2 = major > 6 || (major === 6 && minor >= 7);


describe.runIf(process.platform === 'linux' && process.arch === 'x64' && hasFutex2)('futexlab native: version-2 calls', () => {
  const scenario = `process P {
  map m = anon private rw pages 1
  thread w1 {
    let r = futex_waitv([m, 0, private], [m + 4, 0, private])
    print "w1", r
  }
  thread w2 {
    let r = futex_wait_bitset(m + 8, 0, 2, private)
    print "w2", r
  }
  thread w3 {
    let r = futex2_wait(m + 12, 0, 0xffffffff, private)
    print "w3", r
  }
  thread waker {
    let a = futex_wake(m + 4, 1, private)
    let b = futex_wake_bitset(m + 8, 1, 1, private)
    let c = futex_wake_bitset(m + 8, 1, 2, private)
    let d = futex2_wake(m + 12, 0xffffffff, 0, private)
    let e = futex2_wake(m + 12, 0xffffffff, 1, private)
    let f = futex2_wake(m, 1, 1, private, size 16)
    let g = futex_waitv()
    let h = futex2_requeue([m, 0, private], [m + 4], 1, 1)
    store m + 16, 5
    let i = futex_waitv([m + 16, 0, private])
    print "waker", a, b, c, d, e, f, g, h, i
  }
}
`;
  for (const schedule of ['fifo', 'round-robin']) {
    it(`bitset ops, futex_waitv and futex2 under ${schedule}: the same as modern`, () => {
      const out = agree(scenario, schedule);
      expect(out).toContain('P/waker: waker 1 0 1 0 1 -22 -22 -22 -11');
      expect(out).toContain('P/w1: w1 1');
    }, 60_000);
  }

  it('a futex_waitv timeout is -ETIMEDOUT natively too', () => {
    const out = agree(`process P {
  map m = anon private rw pages 1
  thread t {
    let r = futex_waitv([m, 0, private], timeout 3)
    print "t", r
  }
}
`, 'fifo');
    expect(out).toEqual(['P/t: t -110']);
  }, 60_000);
});
