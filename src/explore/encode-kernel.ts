// The kernel's part of a state's identity, derived from the state's one shape table
// (kernel/shape.ts): each field is written by its encoding rule, or left out for the reason the
// table gives. Nothing here walks the state by hand, so a field the table lists cannot be
// forgotten (issue #11: both false proofs were fields a hand walk forgot).
//
// Injective by construction on what it writes: every value is self-delimiting (null is "~", a number ends with
// ',', a boolean is one letter, a string carries its length, lists, Maps and words are bracketed),
// so a record (of fixed fields) is its fields written one after the other. Map entries are written
// sorted by key (equal Maps built in another order encode the same).

import type { KernelState, FutexQ } from '../kernel/state';
import { KERNEL_STATE, TASK, type Shape } from '../kernel/shape';
import { J, ShapeCompiler } from './shape-compiler';

export interface EncodeContext {
  /** tid -> canonical tid (thread symmetry). */
  tids: number[];
  clock: number;
  queues: Map<number, FutexQ>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Enc = (x: any, cx: EncodeContext) => string;

/**
 * Page data, disk blocks and swap data are shared between states and never written in place once
 * a state holding them was encoded (the explorer snapshots a state right after encoding it, after
 * which the next write copies): encode each array once.
 */
const wordsCache = new WeakMap<Int32Array, string>();

function wordsOf(d: Int32Array): string {
  let s = wordsCache.get(d);
  if (s !== undefined) return s;
  s = `<${d.length}|`;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) s += `${i}=${d[i]},`;
  s += '>';
  wordsCache.set(d, s);
  return s;
}

// The encoders are generated as JavaScript source from the table once, at load: a generic walker
// that reads the table at every field was 4x slower than the hand-written encoder it replaces
// (mutex2 N=4: 13.5 s against 3.0 s), and encoding is most of the explorer's time per state.
// Field names come from the table (identifiers of state.ts), never from input.

class Compiler extends ShapeCompiler {
  constructor() {
    super('f');
  }

  value(s: Shape, e: string): string {
    switch (s.k) {
      case 'num': return `(${e} + ',')`;
      case 'bool': return `(${e} ? 't' : 'f')`;
      case 'str': return `(${e}.length + "'" + ${e})`;
      case 'words': return `W(${e})`;
      case 'opt': return `(${e} == null ? '~' : ${this.value(s.of, e)})`;
      default: return `${this.fn(s)}(${e}, cx)`;
    }
  }

  protected body(s: Shape): string {
    switch (s.k) {
      case 'list': case 'slots':
        return `let o = '['; for (let i = 0; i < x.length; i++) { const e = x[i]; o += e == null ? '~' : ${this.value(s.of, 'e')}; } return o + ']';`;
      case 'map':
        return `if (x.size === 0) return '()';` +
          ` if (x.size === 1) for (const [k, e] of x) return '(' + (typeof k === 'string' ? k.length + "'" + k : k) + ':' + ${this.value(s.of, 'e')} + ')';` +
          ` const ks = [...x.keys()]; if (ks.length > 1) ks.sort(CMP); let o = '(';` +
          ` for (const k of ks) { const e = x.get(k); o += (typeof k === 'string' ? k.length + "'" + k : k) + ':' + ${this.value(s.of, 'e')}; } return o + ')';`;
      case 'rec': return this.recordBody(s.fields, []);
      case 'union':
        return `switch (x[${J(s.tag)}]) { ${Object.entries(s.cases).map(([tag, f]) => `case ${J(tag)}: { ${this.recordBody(f, [])} }`).join(' ')} } throw new Error('shape: unknown ' + ${J(s.name)} + ' ' + x[${J(s.tag)}]);`;
      default: return `return ${this.value(s, 'x')};`;
    }
  }

  protected joinFields(parts: string[]): string {
    return `return ${parts.length ? parts.join(' + ') : "''"};`;
  }

  protected clockWhile(x: string, cond: string): string {
    return `(${cond} ? (${x} - cx.clock) + ',' : '_')`;
  }

  protected present(x: string): string {
    return `(${x} >= 0 ? 'y' : 'n')`;
  }

  protected clock(x: string): string {
    return `((${x} - cx.clock) + ',')`;
  }

  protected tid(x: string): string {
    return `((${x} >= 0 ? cx.tids[${x}] : ${x}) + ',')`;
  }

  protected tidSet(x: string): string {
    return `('[' + ${x}.map((t) => (t >= 0 ? cx.tids[t] : t)).sort((a, b) => a - b).join(',') + ']')`;
  }

  protected queue(x: string, q: string): string {
    return `Q(${x}, cx, ${q})`;
  }

  /** Link the generated functions; `entries` are the names to return. */
  link(entries: string[]): Enc[] {
    const src = `${this.defs.join('\n')}\nreturn [${entries.join(', ')}];`;
    return new Function('W', 'CMP', 'Q', src)(wordsOf, cmp, queue) as Enc[];
  }
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** futex.buckets: each non-empty bucket with its queued futex_qs, in queue order. */
function queue(buckets: number[][], cx: EncodeContext, q: Enc): string {
  let o = '';
  for (let b = 0; b < buckets.length; b++) {
    const list = buckets[b];
    if (list.length === 0) continue;
    o += `B${b}:`;
    for (const id of list) o += q(cx.queues.get(id)!, cx) + ',';
    o += ';';
  }
  return o;
}

const taskFields = (TASK as Extract<Shape, { k: 'rec' }>).fields;
const compiler = new Compiler();
const [kernel, task, taskDeadRetval] = compiler.link([
  compiler.fn(KERNEL_STATE),
  compiler.fn(TASK),
  /** A task whose return value was delivered (the thread's pendingSlot -2): retval is dead. */
  compiler.record(taskFields, ['retval']),
]);

/** The kernel's part of the identity of state `s`, tids renamed by `tids`. */
export function encodeKernelState(s: KernelState, tids: number[]): string {
  return kernel(s, { tids, clock: s.clock, queues: s.futex.queues });
}

/** A task's part of its thread's local state (the table marks `tasks` as encoded per thread). */
export function encodeTask(s: KernelState, tid: number, tids: number[], retvalDead: boolean): string {
  return (retvalDead ? taskDeadRetval : task)(s.tasks[tid], { tids, clock: s.clock, queues: s.futex.queues });
}
