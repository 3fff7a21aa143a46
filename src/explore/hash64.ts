// XXH64 of the explorer's state vectors, in WebAssembly (issue #11: the cost per distinct state;
// the two-lane murmur-style hash in JS took ~2.7 ns per int, ~580 ns for the ~213 ints of a
// mutex3 state with 4 threads, ~15% of the explorer's time per state). The module
// (src/explore/hash64.wat, assembled into hash64-wasm.ts) implements xxHash's XXH64 with seed 0
// (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md) over bytes of its own memory;
// the caller copies its ints there (little-endian, as the ints of an Int32Array are on every
// platform Node runs on; the hash is of those bytes) and reads the two 32-bit halves back from it,
// so no BigInt is made. Instantiated synchronously at first use, so hashing stays synchronous.

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

/** Where the input starts in the module's memory, in ints (bytes 0..7 hold the result). */
export const HASH_IN = 4;

let memory: Memory | null = null;
let xxh64: (p: number, len: number) => void = () => {};
let m32 = new Int32Array(0);

function instantiate(): void {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(HASH64_WASM), {});
  memory = inst.exports.memory as Memory;
  xxh64 = inst.exports.xxh64 as (p: number, len: number) => void;
  m32 = new Int32Array(memory.buffer);
}

/**
 * The module's memory as ints, with room for n ints of input from HASH_IN on (grown when it has
 * not: growing detaches the old buffer, so take this view again before each hash).
 */
export function hashInput(n: number): Int32Array {
  if (HASH_IN + n > m32.length) {
    if (memory === null) instantiate();
    if (HASH_IN + n > m32.length) {
      const mem = memory!;
      const pages = mem.buffer.byteLength >>> 16;
      let want = pages;
      while (want * 16384 < HASH_IN + n) want *= 2;
      mem.grow(want - pages);
      m32 = new Int32Array(mem.buffer);
    }
  }
  return m32;
}

/** XXH64 (seed 0) of the n ints at HASH_IN of hashInput's view: low half to out[0], high to out[1]. */
export function hashInputInts(n: number, out: Int32Array): void {
  xxh64(HASH_IN * 4, n * 4);
  out[0] = m32[0];
  out[1] = m32[1];
}

/** XXH64 (seed 0) of any bytes (tests; the explorer hashes ints through hashInput). */
export function hash64Bytes(bytes: Uint8Array, out: Int32Array): void {
  hashInput((bytes.length + 3) >> 2);
  new Uint8Array(m32.buffer).set(bytes, HASH_IN * 4);
  xxh64(HASH_IN * 4, bytes.length);
  out[0] = m32[0];
  out[1] = m32[1];
}
