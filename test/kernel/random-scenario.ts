// The random-scenario generator: every statement of the language with random arguments, in three
// threads over two processes that map every kind of memory. Shared by the kernel fuzz test and the
// debugger's breakpoint property test.
import fc from 'fast-check';

const addr = fc.constantFrom('pa', 'pa + 4', 'sa', 'sa + 8', 'fs', 'fp + 4096', 'sh', 'ro', '0x10', 'pa + 2');
const small = fc.integer({ min: -2, max: 3 });
const stmt = fc.oneof(
  fc.tuple(addr, small).map(([a, v]) => `store ${a}, ${v}`),
  addr.map((a) => `let x = load ${a}`),
  fc.tuple(addr, small, small).map(([a, o, n]) => `let x = cas ${a}, ${o}, ${n}`),
  fc.tuple(addr, small).map(([a, v]) => `let x = xchg ${a}, ${v}`),
  fc.tuple(addr, small).map(([a, v]) => `let x = fetch_add ${a}, ${v}`),
  fc.tuple(addr, small, fc.boolean(), fc.nat(20)).map(([a, v, p, t]) => `let x = futex_wait(${a}, ${v}, timeout ${t}${p ? ', private' : ''})`),
  fc.tuple(addr, small, fc.boolean()).map(([a, n, p]) => `let x = futex_wake(${a}, ${n}${p ? ', private' : ''})`),
  fc.tuple(addr, addr, small, small).map(([a, b, w, r]) => `let x = futex_requeue(${a}, ${w}, ${r}, ${b})`),
  fc.tuple(addr, addr, small, small, small).map(([a, b, w, r, v]) => `let x = futex_cmp_requeue(${a}, ${w}, ${r}, ${b}, ${v})`),
  fc.tuple(addr, addr, fc.nat(9), fc.nat(6)).map(([a, b, op, cmp]) => `let x = futex_wake_op(${a}, 1, 1, ${b}, ${op}, 1, ${cmp}, 0)`),
  addr.map((a) => `let x = futex_fd(${a})\n let y = poll(x, timeout 3)\n close(x)`),
  fc.constantFrom('yield', 'sleep 2', 'reclaim', 'swap_out pa', 'swap_out fs', 'swap_out sh', 'swap_in pa', 'lock_page fs, ticks 4',
    'lock_page pa, ticks 2', 'truncate db, pages 1', 'truncate db, pages 3', 'munmap fp', 'mremap pa, pages 3', 'mprotect pa, r',
    'mprotect pa, rw', 'remap_file_pages fs, page 0, file_page 1', 'madvise pa, dontneed', 'set_tid_address pa + 12',
    'signal A/t1', 'map n = anon shared rw pages 1', 'fork K { store pa, 7 }', 'spawn s { let q = load pa }'),
);
export const thread = fc.array(stmt, { minLength: 1, maxLength: 7 }).map((ss) => ss.join('\n    '));

/** The same six mappings in both processes, so every statement names a map either can reach. */
const MAPS = `  map pa = anon private rw pages 2
  map sa = anon shared rw pages 1
  map fs = file db shared rw pages 2
  map fp = file db private rw pages 2
  map sh = shm seg rw pages 1
  map ro = file db shared r open rdonly pages 1
`;

export function scenario(t0: string, t1: string, t2: string): string {
  return `file db pages 2
shm seg pages 1
process A {
${MAPS}  thread t0 {
    ${t0}
  }
  thread t1 {
    ${t1}
  }
}
process B {
${MAPS}  thread t2 {
    fork C {
      ${t2}
    }
    ${t2}
  }
}
`;
}
