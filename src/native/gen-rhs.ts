// Right-hand forms beyond the futex wait/wake families of gen.ts: atomics, the requeue ops,
// FUTEX_WAKE_OP, FUTEX_FD and poll (runtime-ops.ts carries them out); the PI ops in gen-pi.ts. Calls are statements' business (gen-stmt.ts).

import type { Rhs } from '../lang/ast';
import { cExpr, Unsupported } from './gen';
import { cCompatRhs } from './gen-compat';
import { cPiRhs } from './gen-pi';

const priv = (p: boolean) => (p ? 1 : 0);

export function cRhsMore(v: Rhs): string {
  switch (v.kind) {
    case 'cas':
      return `fl_cas(${cExpr(v.addr)}, ${cExpr(v.old)}, ${cExpr(v.new)})`;
    case 'xchg':
      return `fl_xchg(${cExpr(v.addr)}, ${cExpr(v.value)})`;
    case 'fetch_add':
      return `fl_fetch_add(${cExpr(v.addr)}, ${cExpr(v.value)})`;
    case 'fetch_sub':
      return `fl_fetch_add(${cExpr(v.addr)}, (int64_t)(0 - (uint64_t)${cExpr(v.value)}))`;
    case 'futex_requeue':
      return `fl_futex_requeue(${cExpr(v.addr)}, ${cExpr(v.nwake)}, ${cExpr(v.nrequeue)}, ${cExpr(v.addr2)}, 0, 0, ${priv(v.flags.private)})`;
    case 'futex_cmp_requeue':
      return `fl_futex_requeue(${cExpr(v.addr)}, ${cExpr(v.nwake)}, ${cExpr(v.nrequeue)}, ${cExpr(v.addr2)}, 1, ${cExpr(v.val)}, ${priv(v.flags.private)})`;
    case 'futex_wake_op':
      return `fl_futex_wake_op(${[v.addr, v.nwake, v.nwake2, v.addr2, v.op, v.oparg, v.cmp, v.cmparg].map(cExpr).join(', ')}, ${priv(v.flags.private)})`;
    case 'futex_fd':
      return `fl_futex_fd(${cExpr(v.addr)}, ${v.flags.signal ? cExpr(v.flags.signal) : '0'})`;
    case 'poll':
      return `fl_poll(${cExpr(v.fd)}, ${v.flags.timeout ? cExpr(v.flags.timeout) : 'FL_NO_TIMEOUT'})`;
    case 'gettid':
    case 'set_robust_list':
    case 'get_robust_list':
      return cCompatRhs(v)!;
    default: {
      // PI futexes and requeue-PI (gen-pi.ts).
      const pi = cPiRhs(v, cExpr);
      if (pi !== undefined) return pi;
      throw new Unsupported(v.range, v.kind);
    }
  }
}
