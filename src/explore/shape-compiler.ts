// What the two encoders of a state's kernel part share (encode-kernel.ts, a string; encode-vec.ts,
// an integer vector): the walk of the shape table (kernel/shape.ts) and its rules, which field is
// written and by which encoding rule, which is left out, and the checks on the table. Each encoder
// says only how a rule is written. Both generate JavaScript source from the table once, at load
// (a walker reading the table at every field was 4x slower; encode-kernel.ts). Keeping the walk in
// one place is what makes the two identities equal by construction: the differential tests in
// test/explore compare their counts of distinct states.

import { FUTEX_Q, type Field, type Shape } from '../kernel/shape';

export const J = JSON.stringify;

export abstract class ShapeCompiler {
  protected readonly defs: string[] = [];
  private readonly names = new Map<object, string>();

  /** `prefix`: the generated functions' name prefix (one per encoder, for readable stacks). */
  constructor(private readonly prefix: string) {}

  /** A function `(x, cx) => ...` for a value of shape `s` (memoized per shape object). */
  fn(s: Shape): string {
    const known = this.names.get(s);
    if (known) return known;
    const name = `${this.prefix}${this.names.size}`;
    this.names.set(s, name);
    this.defs.push(`function ${name}(x, cx) { ${this.body(s)} }`);
    return name;
  }

  /** A function for a record with some fields omitted. */
  record(fields: Record<string, Field>, omit: string[]): string {
    const name = `${this.prefix}r${this.defs.length}`;
    this.defs.push(`function ${name}(x, cx) { ${this.recordBody(fields, omit)} }`);
    return name;
  }

  /** The code for `e` (a property path, safe to repeat) of shape `s`. */
  abstract value(s: Shape, e: string): string;
  /** A function body for a value of a compound shape (list, slots, map, rec, union). */
  protected abstract body(s: Shape): string;
  /** A record's body from the code of its written fields, in table order. */
  protected abstract joinFields(parts: string[]): string;
  /** The encoding rules of the table other than 'value'; `x` is the field's path. */
  protected abstract clockWhile(x: string, cond: string): string;
  protected abstract present(x: string): string;
  protected abstract clock(x: string): string;
  protected abstract tid(x: string): string;
  /** A list of tids: a set once renamed (a process's threads), written sorted. */
  protected abstract tidSet(x: string): string;
  protected abstract queue(x: string, q: string): string;

  protected recordBody(fields: Record<string, Field>, omit: string[]): string {
    const parts: string[] = [];
    for (const [name, f] of Object.entries(fields)) {
      if (omit.includes(name)) continue;
      const e = this.field(f, name, fields);
      if (e !== null) parts.push(e);
    }
    return this.joinFields(parts);
  }

  /** The code of a field by its rule, or null when the rule leaves it out. */
  private field(f: Field, name: string, fields: Record<string, Field>): string | null {
    const x = `x[${J(name)}]`;
    const e = f.e;
    if (typeof e === 'object') {
      if ('skip' in e) return null;
      if (!(e.clockWhile in fields)) throw new Error(`shape: ${name} is relative to the clock while ${e.clockWhile}, which is not a field`);
      return this.clockWhile(x, `x[${J(e.clockWhile)}]`);
    }
    switch (e) {
      case 'value': return this.value(f.s, x);
      case 'thread': return null; // encoded with the thread (encode.ts threadLocal)
      case 'present': return this.present(x);
      case 'clock': return this.clock(x);
      case 'tid':
        if (f.s.k === 'num') return this.tid(x);
        // A list of tids is a set (a process's threads, in creation order): sorted once renamed,
        // or permutations of twins would encode apart and symmetry would merge nothing.
        if (f.s.k === 'list') return this.tidSet(x);
        throw new Error(`shape: ${name} holds tids but is a ${f.s.k}`);
      case 'queue': return this.queue(x, this.fn(FUTEX_Q));
    }
  }
}
