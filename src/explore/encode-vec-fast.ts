// The kernel part's integer-vector writers (encode-vec.ts) with the vector's end in local
// variables instead of a call per int (issue #11: cost per state). The plain writers call P and N
// (vec.ts) for every int, each loading the vector and its length from `vec`, checking room and
// storing the length back: ~3 ns an int, ~0.4 µs per state at the ~200 ints of a mutex state.
// These write the same ints (test/explore/encode-fast.test.ts compares them int for int):
// - the generated functions share `A` (the vector's array) and `n` (its length) as variables of
//   their scope; an entry point loads them from `vec` and stores `n` back;
// - each function body (and each iteration of a list or map) makes room once for the most ints
//   it writes itself (a number is at most 4: vec.ts N), calls to other generated functions make
//   their own; a call out to a helper that writes through `vec` (page data, the futex buckets, a
//   set of tids, a string not interned) stores `n` before and reloads both after, then makes
//   room again for the rest of the body;
// - a string field goes through a one-entry cache of its intern id (encode-vec.ts str).
// A store past the end of a typed array is dropped silently, so every entry point checks at the
// end that the ints written fit (they always do when the room made is right; a wrong count would
// throw there rather than lose ints).

import type { Field, Shape } from '../kernel/shape';
import { J, ShapeCompiler } from './shape-compiler';

/** What the generated code calls (vec.ts and encode-vec.ts). */
export interface FastHelpers {
  vec: { a: Int32Array; n: number };
  reserve: (k: number) => void;
  N: (v: number) => void;
  S: (s: string) => void;
  SI: (s: string) => number;
  W: (d: Int32Array) => void;
  CMP: (a: number | string, b: number | string) => number;
  Q: (...a: never[]) => void;
  T: (...a: never[]) => void;
  R: (tid: number, cx: never) => number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Writer = (x: any, cx: any) => void;

/** Most ints a number takes (vec.ts N: ESC, a tag, two halves of a double). */
const NUM = 4;

export class FastCompiler extends ShapeCompiler {
  private sites = 0;
  private readonly siteVars: string[] = [];
  /** The room the body being generated makes (remade after a call out). */
  private room = 0;

  constructor() {
    super('f');
  }

  /** Most ints `value(s, ...)` writes itself (not counting calls to other generated functions). */
  private cost(s: Shape): number {
    switch (s.k) {
      case 'num': return NUM;
      case 'bool': case 'str': return 1;
      case 'words': return 0;
      case 'opt': return 1 + this.cost(s.of);
      default: return 0;
    }
  }

  private fieldCost(f: Field): number {
    const e = f.e;
    if (typeof e === 'object') return 'skip' in e ? 0 : 1 + NUM;
    switch (e) {
      case 'value': return this.cost(f.s);
      case 'present': return 1;
      case 'clock': case 'tid': return NUM;
      default: return 0; // thread: not here; tid sets and queues: calls out
    }
  }

  private recordCost(fields: Record<string, Field>, omit: string[]): number {
    let k = 0;
    for (const [name, f] of Object.entries(fields)) if (!omit.includes(name)) k += this.fieldCost(f);
    return k;
  }

  private make(k: number): string {
    return k > 0 ? `if (n + ${k} > A.length) GROW(${k});` : '';
  }

  /** A call out to a helper writing through `vec`: n stored before, A and n reloaded after, room remade. */
  private out(call: string): string {
    return `{ vec.n = n; ${call}; A = vec.a; n = vec.n; ${this.make(this.room)} }`;
  }

  private num(e: string): string {
    return `{ const v = ${e}; if ((v | 0) === v && v !== ESC) A[n++] = v; else n = NX(v); }`;
  }

  private str(e: string): string {
    const site = this.sites++;
    this.siteVars.push(`let s${site} = null, i${site} = 0;`);
    return `{ const v = ${e}; if (v === s${site}) A[n++] = i${site}; else { const id = SI(v); if (id >= 0) { s${site} = v; i${site} = id; A[n++] = id; } else ${this.out('S(v)')} } }`;
  }

  value(s: Shape, e: string): string {
    switch (s.k) {
      case 'num': return this.num(e);
      case 'bool': return `A[n++] = ${e} ? 1 : 0;`;
      case 'str': return this.str(e);
      case 'words': return this.out(`W(${e})`);
      case 'opt': return `if (${e} == null) A[n++] = 0; else { A[n++] = 1; ${this.value(s.of, e)} }`;
      default: return `${this.fn(s)}(${e}, cx);`;
    }
  }

  /** A record's body (also a union case's): its room made first. */
  protected override recordBody(fields: Record<string, Field>, omit: string[]): string {
    const saved = this.room;
    this.room = this.recordCost(fields, omit);
    const code = `${this.make(this.room)} ${super.recordBody(fields, omit)}`;
    this.room = saved;
    return code;
  }

  protected body(s: Shape): string {
    const saved = this.room;
    try {
      switch (s.k) {
        case 'list': case 'slots': {
          this.room = 1 + this.cost(s.of);
          const el = this.value(s.of, 'e');
          return `const len = x.length; ${this.make(1)} A[n++] = len; for (let i = 0; i < len; i++) { ${this.make(this.room)} const e = x[i]; if (e == null) A[n++] = 0; else { A[n++] = 1; ${el} } }`;
        }
        case 'map': {
          // A key: 1 (number or string) and the key (a number, or an interned string's id).
          this.room = 1 + NUM + this.cost(s.of);
          const key = `if (typeof k === 'string') { A[n++] = 1; ${this.str('k')} } else { A[n++] = 0; ${this.num('k')} }`;
          const el = this.value(s.of, 'e');
          return `${this.make(1)} A[n++] = x.size; if (x.size === 0) return;` +
            ` if (x.size === 1) { for (const [k, e] of x) { ${this.make(this.room)} ${key} ${el} } return; }` +
            ` const ks = [...x.keys()]; ks.sort(CMP);` +
            ` for (const k of ks) { const e = x.get(k); ${this.make(this.room)} ${key} ${el} }`;
        }
        case 'rec': return this.recordBody(s.fields, []);
        case 'union': {
          const cases = Object.entries(s.cases).map(([tag, f], i) => `case ${J(tag)}: { ${this.make(1)} A[n++] = ${i}; ${this.recordBody(f, [])} return; }`);
          return `switch (x[${J(s.tag)}]) { ${cases.join(' ')} } throw new Error('shape: unknown ' + ${J(s.name)} + ' ' + x[${J(s.tag)}]);`;
        }
        default:
          this.room = this.cost(s);
          return `${this.make(this.room)} ${this.value(s, 'x')}`;
      }
    } finally {
      this.room = saved;
    }
  }

  protected joinFields(parts: string[]): string {
    return parts.join(' ');
  }

  protected clockWhile(x: string, cond: string): string {
    return `if (${cond}) { cx.clockRead = true; A[n++] = 1; ${this.num(`${x} - cx.clock`)} } else A[n++] = 0;`;
  }

  protected present(x: string): string {
    return `A[n++] = ${x} >= 0 ? 1 : 0;`;
  }

  protected clock(x: string): string {
    return `{ cx.clockRead = true; ${this.num(`${x} - cx.clock`)} }`;
  }

  protected tid(x: string): string {
    return this.num(`${x} >= 0 ? R(${x}, cx) : ${x}`);
  }

  protected tidSet(x: string): string {
    return this.out(`T(${x}, cx)`);
  }

  protected queue(x: string, q: string): string {
    // The futex_q writer is called from the helper (vec.ts state): its entry point loads and stores.
    return this.out(`Q(${x}, cx, ${this.entry(q)})`);
  }

  private readonly entries = new Map<string, string>();

  /** A function callable from outside the generated code: loads A and n, calls `f`, stores n. */
  entry(f: string): string {
    let name = this.entries.get(f);
    if (name) return name;
    name = `E${f}`;
    this.entries.set(f, name);
    this.defs.push(`function ${name}(x, cx) { A = vec.a; n = vec.n; ${f}(x, cx); if (n > A.length) throw new Error('encode-vec-fast: room made too small'); vec.n = n; }`);
    return name;
  }

  link(entries: string[], h: FastHelpers): Writer[] {
    const names = entries.map((f) => this.entry(f));
    const src = `let A = vec.a, n = 0;
const ESC = -2147483648;
function GROW(k) { vec.n = n; reserve(k); A = vec.a; }
/** A number that is not an int32 (or is ESC): vec.ts N's long form, written there and read back. */
function NX(v) { vec.n = n; N(v); const m = vec.n; A = vec.a; return m; }
${this.siteVars.join('\n')}
${this.defs.join('\n')}
return [${names.join(', ')}];`;
    return new Function('vec', 'reserve', 'N', 'S', 'SI', 'W', 'CMP', 'Q', 'T', 'R', src)(h.vec, h.reserve, h.N, h.S, h.SI, h.W, h.CMP, h.Q, h.T, h.R) as Writer[];
  }
}
