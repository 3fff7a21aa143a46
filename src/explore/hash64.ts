// XXH64 of the explorer's state vectors, in WebAssembly (issue #11: the cost per distinct state;
// the two-lane murmur-style hash in JS took ~2.7 ns per int, ~580 ns for the ~205 ints of a
// mutex3 state with 4 threads, ~15% of the explorer's time per state). The module
// (src/explore/hash64.wat, assembled into hash64-wasm.ts) implements xxHash's XXH64 with seed 0
// (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md) over bytes of its memory,
// and the state vector itself (vec.ts) lives in that memory, so a state whose segments are in
// canonical order already (always without symmetry) is hashed where it was written, and the
// others are gathered by the module, never copied by JS. The hash is of the ints' little-endian
// bytes (the layout of an Int32Array on every platform Node runs on), read back as two 32-bit
// halves, so no BigInt is made. Instantiated synchronously at first use (hashing stays synchronous).
//
// The memory, in ints: [0, 2) the result (low half, high half); [TAB, VEC) the gather table, up to
// TAB_RUNS (source byte address, byte length) pairs; from VEC on the vector, then as many ints
// again where its segments are gathered.

import { HASH64_WASM } from './hash64-wasm';

// Node's own typings (@types/node 20) do not declare WebAssembly; the part used here.
interface Memory {
  buffer: ArrayBuffer;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => Memory;
};

const TAB = 16;
const TAB_RUNS = 256;
const VEC = TAB + 2 * TAB_RUNS;
/**
 * The first memory's pages (64 KB each): room for the vector's first 16K ints (vec.ts) and as
 * many to gather, so that only a state of more ints than that makes another.
 */
const FIRST_PAGES = 4;

let compiled: object | null = null;
type Xxh64 = (p: number, len: number) => void;
type Gather = (tab: number, count: number, dst: number) => number;

/** An instance of the module over a new memory of `pages` pages. */
function instantiate(pages: number): { memory: Memory; xxh64: Xxh64; gather: Gather } {
  compiled ??= new WebAssembly.Module(HASH64_WASM);
  const memory = new WebAssembly.Memory({ initial: pages });
  const e = new WebAssembly.Instance(compiled, { env: { memory } }).exports;
  return { memory, xxh64: e.xxh64 as Xxh64, gather: e.gather as Gather };
}

let xxh64: Xxh64 = () => {};
let gather: Gather = () => 0;
/** The whole memory of the vector's instance as ints. */
let m32 = new Int32Array(0);

/**
 * The memory of the vector's instance as ints, at least n of them: when it has fewer, a new
 * instance over a memory twice as big or more (never memory.grow: see hash64.wat). The earlier
 * memory is left as it was, and with it every view of it.
 */
function moduleInts(n: number): Int32Array<ArrayBuffer> {
  if (n > m32.length) {
    let pages = Math.max(FIRST_PAGES, (m32.length >>> 14) * 2);
    while (pages * 16384 < n) pages *= 2;
    const inst = instantiate(pages);
    xxh64 = inst.xxh64;
    gather = inst.gather;
    m32 = new Int32Array(inst.memory.buffer);
  }
  return m32;
}

/** The vector's view last made by vectorView. */
let view: Int32Array | null = null;

/** Whether `a` is the vector's view in the module's memory (the last one vectorView made). */
export function inModule(a: Int32Array): boolean {
  return a === view;
}

/**
 * The vector's view: `len` ints in the module's memory holding the first `n` ints of `from`
 * (copied, unless `from` is the vector's view in this same memory already) and zeros after them,
 * as a new array would; room past it for as many ints to gather. A view made before stays valid
 * (a view of the earlier memory, when a new one was made), as a JS array replaced by a bigger
 * one did: the vector's holders take vec.a again after a reserve (vec.ts).
 */
export function vectorView(from: Int32Array, n: number, len: number): Int32Array<ArrayBuffer> {
  const before = m32;
  const m = moduleInts(VEC + 2 * len);
  const a = new Int32Array(m.buffer, VEC * 4, len);
  if (from !== view || m !== before) a.set(from.subarray(0, n));
  a.fill(0, n);
  view = a;
  return a;
}

/**
 * XXH64 (seed 0) of the segments [starts[i], ends[i]) of `a`, the vector's view (inModule), in
 * the order given, that is of their ints concatenated: adjacent segments are one run; a single
 * run is hashed in place, more are gathered past the vector (the caller makes sure their total
 * is at most a.length). The low 32 bits to out[0], the high 32 bits to out[1].
 */
export function hashSegmentsOf(a: Int32Array, starts: ArrayLike<number>, ends: ArrayLike<number>, count: number, out: Int32Array): void {
  const m = m32;
  const base = VEC * 4;
  const d0 = (VEC + a.length) * 4;
  let dst = d0;
  let runs = 0;
  let gathered = false;
  let rb = 0;
  let re = -1;
  for (let s = 0; s < count; s++) {
    const b = starts[s];
    const e = ends[s];
    if (e <= b) continue;
    if (b === re) {
      re = e;
      continue;
    }
    if (re >= 0) {
      m[TAB + 2 * runs] = base + 4 * rb;
      m[TAB + 2 * runs + 1] = 4 * (re - rb);
      if (++runs === TAB_RUNS) {
        dst = gather(TAB * 4, runs, dst);
        runs = 0;
      }
      gathered = true;
    }
    rb = b;
    re = e;
  }
  if (re < 0) xxh64(base, 0);
  else if (!gathered) xxh64(base + 4 * rb, 4 * (re - rb));
  else {
    m[TAB + 2 * runs] = base + 4 * rb;
    m[TAB + 2 * runs + 1] = 4 * (re - rb);
    dst = gather(TAB * 4, runs + 1, dst);
    xxh64(d0, dst - d0);
  }
  out[0] = m[0];
  out[1] = m[1];
}

/**
 * XXH64 (seed 0) of the ints [start, end) of `a`, the vector's view (inModule), hashed in place;
 * the low 32 bits to out[at], the high to out[at + 1]. (hashSegmentsOf of one segment, without its
 * runs table: a state's parts are hashed one by one, several calls a state.)
 */
export function hashRangeOf(start: number, end: number, out: Int32Array, at: number): void {
  xxh64((VEC + start) * 4, (end - start) * 4);
  out[at] = m32[0];
  out[at + 1] = m32[1];
}

let bytesModule: { memory: Memory; xxh64: Xxh64 } | null = null;

/**
 * XXH64 (seed 0) of any bytes (tests), in an instance of the module of its own (the vector's
 * memory is left alone).
 */
export function hash64Bytes(bytes: Uint8Array, out: Int32Array): void {
  if (bytesModule === null || bytesModule.memory.buffer.byteLength < 16 + bytes.length) bytesModule = instantiate(Math.ceil((16 + bytes.length) / 65536) || 1);
  const mem = bytesModule.memory;
  new Uint8Array(mem.buffer).set(bytes, 16);
  bytesModule.xxh64(16, bytes.length);
  const r = new Int32Array(mem.buffer, 0, 2);
  out[0] = r[0];
  out[1] = r[1];
}
