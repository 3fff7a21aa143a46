// futex2_requeue's flag check (GROUND-TRUTH.md §8.6): different flags on its two futexes are
// -EINVAL since the 2026 fix 19f94b390586 (modern's default), and accepted by plain 6.7
// (`option modern.requeue_flags = 6.7`).
import { describe, it, expect } from 'vitest';
import { run, lines } from './v2-helpers';

const EINVAL = 22;
const text = (variant: string) => `${variant}process A {
  map m = anon private rw pages 1
  thread t {
    let a = futex2_requeue([m, 0, private], [m + 4], 1, 1)
    let b = futex2_requeue([m, 0], [m + 4, private], 1, 1)
    let c = futex2_requeue([m, 0], [m + 4, size 16], 1, 1)
    print a, b, c
  }
}`;

describe('futex2_requeue with different flags', () => {
  it('modern (2026): -EINVAL', () => {
    expect(lines(run(text('')))).toEqual([`A/t: ${-EINVAL} ${-EINVAL} ${-EINVAL}`]);
    expect(lines(run(text('option modern.requeue_flags = 2026\n')))).toEqual([`A/t: ${-EINVAL} ${-EINVAL} ${-EINVAL}`]);
  });

  it('plain 6.7: accepted (0, nobody waits); a size other than 32 bits is still -EINVAL', () => {
    expect(lines(run(text('option modern.requeue_flags = 6.7\n')))).toEqual([`A/t: 0 0 ${-EINVAL}`]);
  });

  it('plain 6.7 requeues a private waiter onto a shared futex', () => {
    const s = run(`option modern.requeue_flags = 6.7
process A {
  map m = anon private rw pages 1
  thread w {
    let r = futex2_wait(m, 0, 0xffffffff, private, timeout 10)
    print "w", r
  }
  thread t {
    sleep 2
    let a = futex2_requeue([m, 0, private], [m + 4], 0, 1)
    let b = futex_wake(m + 4, 1)
    print "t", a, b
  }
}`);
    expect(lines(s)).toEqual(['A/t: t 1 1', 'A/w: w 0']);
  });
});
