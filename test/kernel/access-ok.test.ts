// get_futex_key's access_ok under `modern` (strategies/modern.ts USER_PTR_MAX): a private op
// looks no page up, but an address past x86-64's USER_PTR_MAX (TASK_SIZE_MAX, (1 << 47) - 4096)
// or a negative one is -EFAULT, after the alignment check, as on Linux 6.18.44 (futexlab diff).
// Before, modern gave every private op at such an address a key (a private wake returned 0).
import { describe, it, expect } from 'vitest';
import { run } from './pi-helpers';

const EFAULT = 14, EINVAL = 22;

const prog = (strategy: string) => run(`process P {
  thread t {
    let a = futex_wake(0x7ffffffff000, 1, private)
    let b = futex_wake(0x7ffffffff004, 1, private)
    let c = futex_wake(0x800000000000, 1, private)
    let d = futex_wake(-4, 1, private)
    let e = futex_wake(-3, 1, private)
    let f = futex_requeue(0x1000, 1, 1, 0x800000000000, private)
    let g = futex_requeue(0x800000000000, 1, 1, 0x1000, private)
    let h = futex2_wake(0x7ffffffff000, 0xffffffff, 1, private)
    let i = futex_wake_bitset(0x800000000000, 1, 1, private)
    let j = futex_wake(0xc0000000, 1, private)
    print a, b, c, d, e, f, g, h, i, j
  }
}
`, strategy).output.map((o) => o.text);

describe('access_ok for private futex ops', () => {
  it('modern: up to USER_PTR_MAX a private wake finds nobody (0); past it, or negative, -EFAULT; unaligned is -EINVAL first', () => {
    expect(prog('modern')).toEqual([[0, -EFAULT, -EFAULT, -EFAULT, -EINVAL, -EFAULT, -EFAULT, 0, -EFAULT, 0].join(' ')]);
  });
});
