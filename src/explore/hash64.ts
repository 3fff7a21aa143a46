// XXH64 of the explorer's state vectors, in WebAssembly (issue #11: the cost per distinct state;
// the two-lane murmur-style hash in JS took ~2.7 ns per int, ~580 ns for the ~205 ints of a
// mutex3 state with 4 threads, ~15% of the explorer's time per state). The module
// (src/explore/hash64.wat, assembled into hash64-wasm.ts) implements xxHash's XXH64 with seed 0
// (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md) over bytes of its own memory,
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
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};
interface Memory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

const TAB = 16;
const TAB_RUNS = 256;
const VEC = TAB + 2 * TAB_RUNS;

let memory: Memory | null = null;
let xxh64: (p: number, len: number) => void = () => {};
let gather: (tab: number, count: number, dst: number) => number = () => 0;
/** The whole memory as ints (a new view after each growth). */
let m32 = new Int32Array(0);
/** The module's memory as ints, at least n of them (growing detaches every earlier view of it). */
function moduleInts(n: number): Int32Array<ArrayBuffer> {
  if (memory === null) {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(HASH64_WASM), {});
    memory = inst.exports.memory as Memory;
    xxh64 = inst.exports.xxh64 as typeof xxh64;
    gather = inst.exports.gather as typeof gather;
    m32 = new Int32Array(memory.buffer);
  }
  if (n > m32.length) {
    const pages = memory.buffer.byteLength >>> 16;
    let want = pages;
    while (want * 16384 < n) want *= 2;
    memory.grow(want - pages);
    m32 = new Int32Array(memory.buffer);
  }
  return m32;
}

/** The vector's view last made by vectorView (the only one not detached: only it grows the memory). */
let view: Int32Array | null = null;

/** Whether `a` is the vector's view in the module's memory (made by vectorView, not detached since). */
export function inModule(a: Int32Array): boolean {
  return a === view;
}

/**
 * The vector's view: `len` ints in the module's memory holding the first `n` ints of `from`
 * (copied, unless `from` is the vector's view already: growing keeps the memory's content) and
 * zeros after them, as a new array would; room past it for as many ints to gather. Every earlier
 * view of the memory is detached when it grows: the vector's holders take vec.a again after a
 * reserve (vec.ts), as they did when it was a new JS array.
 */
export function vectorView(from: Int32Array, n: number, len: number): Int32Array<ArrayBuffer> {
  const kept = inModule(from);
  const m = moduleInts(VEC + 2 * len);
  const a = new Int32Array(m.buffer, VEC * 4, len);
  if (!kept) a.set(from.subarray(0, n));
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

let bytesModule: { memory: Memory; xxh64: (p: number, len: number) => void } | null = null;

/**
 * XXH64 (seed 0) of any bytes (tests), in an instance of the module of its own: growing its
 * memory for a large input leaves the vector's view alone.
 */
export function hash64Bytes(bytes: Uint8Array, out: Int32Array): void {
  if (bytesModule === null) {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(HASH64_WASM), {});
    bytesModule = { memory: inst.exports.memory as Memory, xxh64: inst.exports.xxh64 as typeof xxh64 };
  }
  const mem = bytesModule.memory;
  const need = 16 + bytes.length - mem.buffer.byteLength;
  if (need > 0) mem.grow(Math.ceil(need / 65536));
  new Uint8Array(mem.buffer).set(bytes, 16);
  bytesModule.xxh64(16, bytes.length);
  const r = new Int32Array(mem.buffer, 0, 2);
  out[0] = r[0];
  out[1] = r[1];
}
