// The explorer's 64-bit state hash (issue #11): XXH64 in WebAssembly (src/explore/hash64.wat)
// against XXH64 written here from its specification with BigInt
// (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md), against the npm package
// xxhash-wasm, and the committed module bytes against what the .wat assembles to.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import xxhash from 'xxhash-wasm';
import { assemble, render } from '../../scripts/build-wasm.mjs';
import { HASH64_WASM } from '../../src/explore/hash64-wasm';
import { hash64Bytes, inModule } from '../../src/explore/hash64';
import { hashRange, hashSegments, P, vec } from '../../src/explore/vec';

const M = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M;
const round = (acc: bigint, lane: bigint): bigint => (rotl((acc + lane * P2) & M, 31n) * P1) & M;
const merge = (acc: bigint, v: bigint): bigint => (((acc ^ round(0n, v)) * P1) & M) + P4 & M;

/** XXH64 as the specification describes it, seed 0. */
function xxh64Ref(b: Uint8Array): bigint {
  const le = (p: number, n: number): bigint => {
    let x = 0n;
    for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[p + i]);
    return x;
  };
  const len = b.length;
  let p = 0;
  let acc: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & M;
    let v2 = P2;
    let v3 = 0n;
    let v4 = -P1 & M;
    for (; p + 32 <= len; p += 32) {
      v1 = round(v1, le(p, 8));
      v2 = round(v2, le(p + 8, 8));
      v3 = round(v3, le(p + 16, 8));
      v4 = round(v4, le(p + 24, 8));
    }
    acc = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    acc = merge(merge(merge(merge(acc, v1), v2), v3), v4);
  } else acc = P5;
  acc = (acc + BigInt(len)) & M;
  for (; p + 8 <= len; p += 8) acc = ((rotl(acc ^ round(0n, le(p, 8)), 27n) * P1) & M) + P4 & M;
  if (p + 4 <= len) {
    acc = ((rotl(acc ^ ((le(p, 4) * P1) & M), 23n) * P2) & M) + P3 & M;
    p += 4;
  }
  for (; p < len; p++) acc = (rotl(acc ^ ((BigInt(b[p]) * P5) & M), 11n) * P1) & M;
  acc ^= acc >> 33n;
  acc = (acc * P2) & M;
  acc ^= acc >> 29n;
  acc = (acc * P3) & M;
  acc ^= acc >> 32n;
  return acc;
}

/** A deterministic generator (mulberry32), so that a failure repeats. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function randomBytes(r: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = r() & 0xff;
  return b;
}

const out = new Int32Array(2);
function wasm(b: Uint8Array): bigint {
  hash64Bytes(b, out);
  return (BigInt(out[1] >>> 0) << 32n) | BigInt(out[0] >>> 0);
}

/** Byte lengths: every one up to 300, those around 32-byte stripes up to 2048, and random ones. */
function lengths(r: () => number): number[] {
  const ls: number[] = [];
  for (let n = 0; n <= 300; n++) ls.push(n);
  for (let k = 320; k <= 2048; k += 32) for (let d = -5; d <= 5; d++) ls.push(k + d);
  for (let i = 0; i < 100; i++) ls.push(r() % 2001);
  return ls;
}

describe('hash64: XXH64 in WebAssembly', () => {
  it('XXH64 of the empty input, seed 0, is 0xEF46DB3751D8E999', () => {
    expect(xxh64Ref(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
    expect(wasm(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
  });

  it('equals XXH64 written from the specification (BigInt), lengths 0..2048 around stripe boundaries', () => {
    const r = rng(11);
    for (const n of lengths(r)) {
      const b = randomBytes(r, n);
      expect(wasm(b), `length ${n}`).toBe(xxh64Ref(b));
    }
  });

  it('equals xxhash-wasm h64Raw (seed 0) on random inputs', async () => {
    const { h64Raw } = await xxhash();
    const r = rng(64);
    for (const n of lengths(r)) {
      const b = randomBytes(r, n);
      expect(wasm(b), `length ${n}`).toBe(h64Raw(b, 0n));
    }
    // Bigger than the module's first 64 KB page: its memory grows.
    for (const n of [65536, 65537, 400_003]) {
      const b = randomBytes(r, n);
      expect(wasm(b), `length ${n}`).toBe(h64Raw(b, 0n));
    }
  });

  it('the committed src/explore/hash64-wasm.ts is what wabt assembles src/explore/hash64.wat to', async () => {
    const bytes = await assemble();
    expect(Array.from(HASH64_WASM)).toEqual(Array.from(bytes));
    expect(readFileSync(join(__dirname, '../../src/explore/hash64-wasm.ts'), 'utf8')).toBe(render(bytes));
  });
});

describe('hashSegments: the vector segments, in the order given, hashed where the vector lives', () => {
  const saved = { a: vec.a, n: vec.n };
  afterEach(() => {
    vec.a = saved.a;
    vec.n = saved.n;
  });
  let h64Raw: (b: Uint8Array, seed?: bigint) => bigint;
  beforeAll(async () => {
    h64Raw = (await xxhash()).h64Raw;
  });

  /** Hash the segments of `a` (made the vector) and check it against the concatenation's XXH64. */
  function check(a: Int32Array<ArrayBuffer>, starts: Int32Array, ends: Int32Array, what: string): void {
    vec.a = a;
    vec.n = a.length;
    const parts: number[] = [];
    for (let s = 0; s < starts.length; s++) for (let i = starts[s]; i < ends[s]; i++) parts.push(a[i]);
    const copy = Array.from(a);
    hashSegments(starts, ends, starts.length, out);
    const got = (BigInt(out[1] >>> 0) << 32n) | BigInt(out[0] >>> 0);
    const bytes = new Uint8Array(new Int32Array(parts).buffer);
    expect(got, what).toBe(xxh64Ref(bytes));
    expect(got, what).toBe(h64Raw(bytes, 0n));
    // The vector now lives in the module's memory, with its ints.
    expect(inModule(vec.a), what).toBe(true);
    expect(vec.n, what).toBe(copy.length);
    expect(Array.from(vec.a.subarray(0, vec.n)), what).toEqual(copy);
  }

  it('hashRange: one range, hashed in place (the parts of a state), equals the XXH64 of its ints', () => {
    const r = rng(11);
    const got = new Int32Array(4);
    for (let trial = 0; trial < 300; trial++) {
      const size = 1 + (r() % 3000);
      const a = new Int32Array(size);
      for (let i = 0; i < size; i++) a[i] = r() | 0;
      const start = r() % (size + 1);
      const end = start + (r() % (size - start + 1));
      vec.a = a;
      vec.n = size;
      hashRange(start, end, got, 2);
      const h = (BigInt(got[3] >>> 0) << 32n) | BigInt(got[2] >>> 0);
      const bytes = new Uint8Array(new Int32Array(Array.from(a.subarray(start, end))).buffer);
      expect(h, `trial ${trial}: [${start}, ${end}) of ${size}`).toBe(xxh64Ref(bytes));
      expect(inModule(vec.a)).toBe(true);
      expect(Array.from(vec.a.subarray(0, size))).toEqual(Array.from(a));
    }
  });

  it('random segments (adjacent ones one run, others gathered; empty ones; in place; overlapping)', () => {
    const r = rng(5);
    for (let trial = 0; trial < 300; trial++) {
      const size = 1 + (r() % 3000);
      const a = new Int32Array(size);
      for (let i = 0; i < size; i++) a[i] = r() | 0;
      const count = r() % 9;
      const starts = new Int32Array(count);
      const ends = new Int32Array(count);
      let at = r() % size;
      for (let s = 0; s < count; s++) {
        const len = trial % 3 === 0 ? r() % 8 : r() % 200;
        // A third of the segments follow the one before (one run with it), the others anywhere.
        const b = r() % 3 === 0 ? at : r() % (size - Math.min(len, size) + 1);
        starts[s] = Math.min(b, size);
        ends[s] = Math.min(size, b + len);
        at = ends[s];
      }
      check(a, starts, ends, `trial ${trial}`);
    }
  });

  it('the threads then the kernel part, in their order: one run, hashed in place', () => {
    const a = Int32Array.from({ length: 205 }, (_, i) => i * 7919);
    check(a, Int32Array.of(0, 20, 46, 73, 100), Int32Array.of(20, 46, 73, 100, 205), 'in order');
    check(a, Int32Array.of(46, 0, 73, 20, 100), Int32Array.of(73, 20, 100, 46, 205), 'permuted');
    check(a, new Int32Array(0), new Int32Array(0), 'no segment');
  });

  it('more runs than the gather table holds at once (256), and more ints than the vector holds', () => {
    const size = 2000;
    const a = Int32Array.from({ length: size }, (_, i) => (i * 2654435761) | 0);
    const starts = Int32Array.from({ length: 700 }, (_, s) => (s * 37) % (size - 3));
    const ends = starts.map((b, s) => b + 1 + (s % 3));
    check(a, starts, ends, '700 runs');
    // Each segment the whole vector, three times: their total is thrice its length.
    check(a, Int32Array.of(0, 0, 0), Int32Array.of(size, size, size), 'overlapping');
  });

  it('a vector bigger than the module memory: a bigger one is made, the ints are kept, the hash is the concatenation', () => {
    const size = 300_000;
    const a = new Int32Array(size);
    const r = rng(9);
    for (let i = 0; i < size; i++) a[i] = r() | 0;
    check(a, Int32Array.of(200_000, 0, 150_000), Int32Array.of(300_000, 150_000, 200_000), 'large');
  });

  it('growing the vector in the module keeps its ints, zeros the rest (as a new array would), detaches no earlier view', () => {
    vec.a = new Int32Array(0);
    vec.n = 0;
    const v = (i: number) => (i * 3 - 7) | 0;
    for (let i = 0; i < 1000; i++) P(v(i));
    const early = vec.a;
    expect(inModule(early)).toBe(true);
    // Past the memory the vector is in: the module is instantiated again over a bigger memory.
    const total = early.buffer.byteLength / 4 + 1000;
    for (let i = 1000; i < total; i++) P(v(i));
    expect(inModule(vec.a)).toBe(true);
    expect(vec.a.buffer === early.buffer).toBe(false);
    expect(early.length).toBeGreaterThanOrEqual(1000);
    for (let i = 0; i < 1000; i++) if (early[i] !== v(i)) expect(early[i], `early int ${i}`).toBe(v(i));
    for (let i = 0; i < total; i++) if (vec.a[i] !== v(i)) expect(vec.a[i], `int ${i}`).toBe(v(i));
    expect(vec.a.subarray(vec.n).every((x) => x === 0)).toBe(true);
    hashSegments(Int32Array.of(0), Int32Array.of(vec.n), 1, out);
    const got = (BigInt(out[1] >>> 0) << 32n) | BigInt(out[0] >>> 0);
    expect(got).toBe(h64Raw(new Uint8Array(Int32Array.from({ length: total }, (_, i) => v(i)).buffer), 0n));
  });
});
