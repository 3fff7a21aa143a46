// The explorer's state hash, per hash of a vector shaped like a mutex3 N=4 state (issue #11):
// segments of 20, 26, 27, 27 ints (the threads, in a permuted order) and 102 (the kernel part),
// 202 ints, hashed by the previous JS hash (two murmur-style 32-bit lanes, kept here for the
// comparison) and by XXH64 in WebAssembly (src/explore/hash64.ts, through vec.ts hashSegments).

import { hashSegments, vec } from '../src/explore/vec';

function murmur2Lanes(a: Int32Array, starts: ArrayLike<number>, ends: ArrayLike<number>, count: number, out: Int32Array): void {
  let h1 = 0x9747b28c;
  let h2 = 0x2f1d7a35;
  let len = 0;
  for (let s = 0; s < count; s++) {
    const e = ends[s];
    for (let i = starts[s]; i < e; i++) {
      const w = a[i];
      let k = Math.imul(w, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h1 ^= Math.imul(k, 0x1b873593);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      let m = Math.imul(w ^ 0x5bd1e995, 0x85ebca77);
      m = (m << 13) | (m >>> 19);
      h2 ^= Math.imul(m, 0xc2b2ae3d);
      h2 = (h2 << 17) | (h2 >>> 15);
      h2 = (Math.imul(h2, 9) + 0x52dce729) | 0;
    }
    len += e - starts[s];
  }
  h1 ^= len;
  h2 ^= len;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  out[0] = fmix(h1);
  out[1] = fmix(h2 ^ 0x6a09e667);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

export function benchHash64(log: (s: string) => void = console.log): void {
  const lens = [20, 26, 27, 27, 102];
  const a = new Int32Array(1024);
  for (let i = 0; i < a.length; i++) a[i] = (i * 2654435761) % 97;
  const starts = new Int32Array(5);
  const ends = new Int32Array(5);
  // The threads' segments where they were written, taken in another (canonical) order.
  const at = [0, 20, 46, 73];
  const order = [2, 0, 3, 1];
  for (let s = 0; s < 4; s++) {
    starts[s] = at[order[s]];
    ends[s] = starts[s] + lens[order[s]];
  }
  const inOrder = Int32Array.of(0, 20, 46, 73, 100);
  const inOrderEnds = Int32Array.of(20, 46, 73, 100, 202);
  starts[4] = 100;
  ends[4] = 202;
  const total = 202;
  vec.a = a;
  vec.n = 202;
  const out = new Int32Array(2);
  const N = 1_000_000;
  const time = (name: string, f: () => void) => {
    for (let i = 0; i < 200_000; i++) f();
    let best = Infinity;
    for (let rep = 0; rep < 5; rep++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < N; i++) {
        a[i & 1023] ^= 1; // the vector changes between hashes, as between states
        f();
      }
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / N);
    }
    log(`${name.padEnd(48)} ${best.toFixed(1).padStart(6)} ns/hash  ${(best / total).toFixed(2)} ns/int`);
  };
  log(`State hash of a ${total}-int vector in 5 segments (mutex3 N=4 shape), best of 5 x ${N}`);
  time('JS, two murmur-style lanes (before)', () => murmur2Lanes(a, starts, ends, 5, out));
  time('XXH64 wasm, segments permuted (gathered)', () => hashSegments(starts, ends, 5, out));
  time('XXH64 wasm, segments in order (in place)', () => hashSegments(inOrder, inOrderEnds, 5, out));
}
