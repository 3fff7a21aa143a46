// Robust lists and TIDs for the native run. The language's robust list is the 32-bit
// `compat_robust_list_head` (12 bytes: next, futex_offset, list_op_pending; LANGUAGE.md
// "Version 2 additions"), which only a 32-bit (compat) task can register: a scenario that uses
// set_robust_list or get_robust_list is built with `cc -m32`, and the kernel's
// compat_exit_robust_list walks it at thread exit. gettid is the kernel's real TID.

import type { Range, Rhs, Scenario, Stmt, Block } from '../lang/ast';
import { forEachStmt } from '../lang/walk';
import { cExpr, cString, Unsupported } from './gen';

/** The first robust-list call of the scenario (its range), if any: the program is then 32-bit. */
export function compat32Use(sc: Scenario): Range | undefined {
  let first: Range | undefined;
  let v2: Range | undefined;
  const visit = (b: Block) =>
    forEachStmt(b, null, (s: Stmt) => {
      const r = s.kind === 'let' || s.kind === 'assign' || s.kind === 'do' ? s.value : undefined;
      if (!r) return;
      if ((r.kind === 'set_robust_list' || r.kind === 'get_robust_list') && !first) first = r.range;
      // futex_waitv and futex2 take 64-bit values and a __kernel_timespec: not in a 32-bit build.
      if ((r.kind === 'futex_waitv' || r.kind.startsWith('futex2_')) && !v2) v2 = r.range;
    });
  sc.fns.forEach((f) => visit(f.body));
  sc.processes.forEach((p) => p.threads.forEach((t) => visit(t.body)));
  if (first && v2) throw new Unsupported(v2, 'futex_waitv or futex2 in a scenario with robust lists (built 32-bit for the compat robust list)');
  return first;
}

export function cCompatRhs(v: Rhs): string | undefined {
  switch (v.kind) {
    case 'gettid':
      return v.thread === undefined ? 'fl_gettid(self)' : `fl_gettid_of(${cString(v.thread)})`;
    case 'set_robust_list':
      return `fl_set_robust_list(${cExpr(v.head)}, ${v.flags.len ? cExpr(v.flags.len) : 'INT64_C(12)'})`;
    case 'get_robust_list':
      return v.thread === undefined ? 'fl_get_robust_list(self, 0)' : `fl_get_robust_list(self, ${cString(v.thread)})`;
    default:
      return undefined;
  }
}

/** Unsupported for a 64-bit build: no 32-bit toolchain here, or a kernel that does not run 32-bit programs. */
export function noCompat32(range: Range, why: 'toolchain' | 'kernel'): Unsupported {
  const because = why === 'toolchain' ? 'cc -m32 failed: install gcc-multilib' : 'this kernel does not run 32-bit programs: no IA32 emulation';
  // Not "not supported ... yet": the runner supports it; this machine cannot build or run it.
  const what = `'set_robust_list' on this machine: the language's robust list is the 32-bit compat layout and needs a 32-bit build (${because})`;
  return new Unsupported(range, what, ', so the native runner cannot run this scenario here');
}
