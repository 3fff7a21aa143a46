// The deep copy of the kernel state taken for every snapshot (reverse execution) and every state
// the explorer keeps, derived from the state's one shape table (shape.ts): a record is copied
// field by field, each field whose shape holds something mutable by its own copier; what the
// table marks shared is not copied. structuredClone was 90% of the explorer's
// time; test/kernel/clone.test.ts checks this copy against it, test/kernel/shape.test.ts checks
// that it follows the table field by field.
//
// What the live state changes little between two checkpoints is shared, not copied, and copied
// on the first write by whichever state writes it (an `owner` epoch says who may write in place):
// page data (fault.ts writablePage), the futex hash's table and bucket arrays (futex/core.ts
// ownBucket), the queues Map and
// each futex_q (core.ts ownQueues, futexQ/findQ), the open file array, the open files with their
// held futex_q and the processes' fd tables (futex/fd.ts ownFiles, ownFile, ownFds). A checkpoint
// of a state with 10,000 queued waiters then costs little more than its tasks, mms and slot
// arrays. Disk blocks and swap data are replaced when written, never written in place: shared.

import type { FutexQ, KernelState } from './state';
import { FUTEX_Q, KERNEL_STATE, type Field, type Shape } from './shape';

let epochs = 0;

/** A new epoch: a state copy that owns none of the page data it shares. */
export function newEpoch(): number {
  return ++epochs;
}

// The copiers are generated as JavaScript source from the table once, at load: a walker that
// reads the table at every field was 3x slower than the hand-written copy it replaces, and the
// explorer copies once per state. Field names come from the table (identifiers of state.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Copier = (x: any) => any;

const J = JSON.stringify;

export class CopyCompiler {
  protected readonly defs: string[] = [];
  private readonly names = new Map<object, string>();

  /** `helpers`: functions the generated code may call, by these names. */
  constructor(private readonly helperNames: string[] = [], private readonly helpers: unknown[] = []) {}

  /** An expression copying `e` (a name, safe to repeat) of shape `s`, or null: the copy holds `e` itself. */
  copy(s: Shape, e: string): string | null {
    switch (s.k) {
      case 'num': case 'bool': case 'str': case 'words':
        return null;
      case 'opt': {
        const of = this.copy(s.of, e);
        return of && `(${e} == null ? ${e} : ${of})`;
      }
      case 'list': case 'slots': case 'map':
        if (s.share) return null;
        return `${this.fn(s)}(${e})`;
      case 'rec':
        return s.share ? null : `${this.fn(s)}(${e})`;
      case 'union':
        return `${this.fn(s)}(${e})`;
    }
  }

  /** The name of a generated function copying a value of shape `s`, memoized per shape. */
  fn(s: Shape): string {
    const known = this.names.get(s);
    if (known) return known;
    const name = `c${this.names.size}`;
    this.names.set(s, name);
    this.defs.push(`function ${name}(x) { ${this.body(s)} }`);
    return name;
  }

  /** A copier of a record's fields even where the record itself is shared (a copy-on-write writer's copy). */
  record(fields: Record<string, Field>): string {
    const name = `r${this.defs.length}`;
    this.defs.push(`function ${name}(x) { ${this.recordBody(fields)} }`);
    return name;
  }

  private body(s: Shape): string {
    switch (s.k) {
      case 'list': case 'slots': {
        const of = this.copy(s.of, 'e');
        if (!of) return 'return x.slice();';
        return `const n = x.length, o = new Array(n); for (let i = 0; i < n; i++) { const e = x[i]; o[i] = e == null ? e : ${of}; } return o;`;
      }
      case 'map': {
        const of = this.copy(s.of, 'e');
        // new Map(x) goes through the iterator protocol even for an empty Map (most are: a vma's
        // nonlinear map, an mm's names, an inode's shm swap), and is ~3x slower than a loop of
        // sets for a Map of one entry (an mm's page table: issue #11, the explorer's snapshots).
        if (!of) return 'if (x.size === 0) return new Map(); const m = new Map(); for (const [k, e] of x) m.set(k, e); return m;';
        return `const m = new Map(); for (const [k, e] of x) m.set(k, ${of}); return m;`;
      }
      case 'rec': return this.recordBody(s.fields);
      case 'union':
        return `switch (x[${J(s.tag)}]) { ${Object.entries(s.cases).map(([tag, f]) => `case ${J(tag)}: return { ...x${this.deepFields(f)} };`).join(' ')} } return { ...x };`;
      default: throw new Error(`shape: no copier for ${s.k}`);
    }
  }

  /** A union case is copied with a spread (its optional fields stay absent), then its mutable fields. */
  private deepFields(fields: Record<string, Field>): string {
    let o = '';
    for (const [name, f] of Object.entries(fields)) {
      const c = this.copy(f.s, `x[${J(name)}]`);
      if (c) o += `, ${J(name)}: ${c}`;
    }
    return o;
  }

  /**
   * Every field written out in one object literal, not a spread with overrides: V8 copies a
   * literal of known shape fast, while `{ ...x, a: ... }` was 3x slower than the hand copy.
   * A property the table does not list is not copied (test/kernel/shape.test.ts finds it first).
   */
  private recordBody(fields: Record<string, Field>): string {
    const parts: string[] = [];
    for (const [name, f] of Object.entries(fields)) {
      const x = `x[${J(name)}]`;
      parts.push(`${J(name)}: ${this.copy(f.s, x) ?? x}`);
    }
    return `return { ${parts.join(', ')} };`;
  }

  link(entries: string[]): Copier[] {
    return new Function(...this.helperNames, `${this.defs.join('\n')}\nreturn [${entries.join(', ')}];`)(...this.helpers) as Copier[];
  }
}

const compiler = new CopyCompiler();
// A futex_q is shared copy-on-write between states; its writer copies it with its own fields' copiers.
const [copyKernel, copyFutexQ] = compiler.link([
  compiler.fn(KERNEL_STATE),
  compiler.record((FUTEX_Q as Extract<Shape, { k: 'rec' }>).fields),
]);

/** A futex_q copied for writing (copy-on-write, futex/core.ts futexQ). */
export const copyQ = (q: FutexQ): FutexQ => copyFutexQ(q);

export function cloneState(s: KernelState): KernelState {
  const c = copyKernel(s) as KernelState;
  c.epoch = newEpoch();
  return c;
}
