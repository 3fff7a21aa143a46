// Futex keys and the hash functions of each era (GROUND-TRUTH.md §5), like kernel/futex/futex.h.
//
// A key is three words, as in `union futex_key`: which object (`ptr`), where in it (`word`), and
// `off`, the offset within the page (plus, from 2.6.0 on, the flag bits that tell an inode key
// from an mm key). `kind` names the union member so the views can print the key the way a kernel
// developer reads it; futex_match compares kind, ptr, word and off, like the kernel compares all
// three words including the flag bits.

import { hex } from '../types';
import { futexFast } from './fast';

/**
 * - `page`:    (struct page *, offset): pinned-page and vcache; rusty-2003 for anon pages.
 * - `mapping`: (page->mapping, page->index, offset): rusty-2003 for page-cache and swap-cache pages.
 * - `private`: (mm, address) of a private op or a private mapping (2.6.0 private key; modern
 *              FUTEX_PRIVATE_FLAG).
 * - `mmshared`: (mm, address | FUT_OFF_MMSHARED): a shared op on an anonymous page (2.6.28+).
 * - `inode`:   (inode *, pgoff, offset | FUT_OFF_INODE): jamie-2003, gorman-2013.
 * - `iseq`:    (i_seq, pgoff, offset | FUT_OFF_INODE): modern (5.8+).
 */
export type FutexKeyKind = 'page' | 'mapping' | 'private' | 'mmshared' | 'inode' | 'iseq';

export interface FutexKey {
  kind: FutexKeyKind;
  /** The object: pfn, mapping (inode slot, or SWAPPER), mm slot, inode slot, or i_seq. */
  ptr: number;
  /** Page index within the object, or the page-aligned address for mm keys; 0 for page keys. */
  word: number;
  /** Offset of the word within its page. */
  off: number;
}

/** page->mapping of swap-cache pages. */
export const SWAPPER = -1;

export function keyEquals(a: FutexKey, b: FutexKey): boolean {
  return a.kind === b.kind && a.ptr === b.ptr && a.word === b.word && a.off === b.off;
}

/** Write key `from`'s words into `to` (a cache's entry: keys themselves are never written). */
export function copyKey(to: FutexKey, from: FutexKey): void {
  to.kind = from.kind;
  to.ptr = from.ptr;
  to.word = from.word;
  to.off = from.off;
}

/** A stable string for a key: equal keys give equal strings. */
export function keyId(k: FutexKey): string {
  if (!keyIdCache.enabled) return plainKeyId(k);
  // The last key asked, by its words (fast.ts): queue_me and the unqueue after it ask for the same.
  const l = lastKeyId;
  if (futexFast.enabled && keyEquals(l, k)) return l.id;
  const id = internedKeyId(k);
  if (futexFast.enabled) {
    copyKey(l, k);
    l.id = id;
  }
  return id;
}

/** keyId's last answer; its `id` is the empty string until the first (no key's string is empty). */
const lastKeyId: FutexKey & { id: string } = { kind: 'page', ptr: NaN, word: 0, off: 0, id: '' };

function internedKeyId(k: FutexKey): string {
  const h = (Math.imul(Math.imul(Math.imul(KIND_NO[k.kind], 0x9e3779b1) ^ k.ptr, 0x85ebca6b) ^ k.word, 0xc2b2ae35) ^ k.off) & 0x3fffffff;
  const e = keyIds.get(h);
  if (e !== undefined && keyEquals(e, k)) return e.id;
  const id = plainKeyId(k);
  if (keyIds.size >= KEY_IDS_MAX) keyIds.clear();
  keyIds.set(h, { kind: k.kind, ptr: k.ptr, word: k.word, off: k.off, id });
  return id;
}

const plainKeyId = (k: FutexKey): string => `${k.kind}:${k.ptr}:${k.word}:${k.off}`;

/**
 * A cache beside the state: keyId's strings by the key's words, so that every queue_me and
 * unqueue of a futex loop does not build the same string again and hash it anew in the bucket's
 * key counts (core.ts keyCounts; issue #11: a tenth of a contended round-robin run). An entry is
 * used only when its four words equal the key's, so a hash collision costs a new string, never a
 * wrong one. `keyIdCache.enabled = false` builds every string (test/kernel/key-id.test.ts).
 */
export const keyIdCache = { enabled: true };
const KIND_NO: Record<FutexKeyKind, number> = { page: 1, mapping: 2, private: 3, mmshared: 4, inode: 5, iseq: 6 };
const KEY_IDS_MAX = 1 << 16;
const keyIds = new Map<number, FutexKey & { id: string }>();

/** How a kernel developer would write the key: `(mm#1, 0x10000000)`, `(pfn 7, +0x0)`. */
export function keyLabel(k: FutexKey): string {
  const off = `+${hex(k.off)}`;
  switch (k.kind) {
    case 'page':
      return `(pfn ${k.ptr}, ${off})`;
    case 'mapping':
      return k.ptr === SWAPPER
        ? `(swapper_space, entry ${k.word}, ${off})`
        : `(mapping inode#${k.ptr}, index ${k.word}, ${off})`;
    case 'private':
      return `(mm#${k.ptr}, ${hex(k.word + k.off)})`;
    case 'mmshared':
      return `(mm#${k.ptr}, ${hex(k.word + k.off)}, MMSHARED)`;
    case 'inode':
      return `(inode#${k.ptr}, pgoff ${k.word}, ${off})`;
    case 'iseq':
      return `(i_seq ${k.ptr}, pgoff ${k.word}, ${off})`;
  }
}

// --- simulated kernel addresses, so that hashing sees pointer-like words ----------------------

/** Where each kind of object would live in a 32-bit kernel (lowmem, 0xc0000000 up). */
const MEM_MAP = 0xc1000000; // struct page array: mem_map + pfn * sizeof(struct page)
const MM_CACHE = 0xc3000000; // mm_struct slab
const INODE_CACHE = 0xc5000000; // inode slab
const SWAPPER_SPACE = 0xc0400000; // &swapper_space

export function kernelPointer(k: FutexKey): number {
  switch (k.kind) {
    case 'page':
      return (MEM_MAP + k.ptr * 0x40) >>> 0;
    case 'mapping':
      return k.ptr === SWAPPER ? SWAPPER_SPACE : (INODE_CACHE + k.ptr * 0x200 + 0x80) >>> 0;
    case 'private':
    case 'mmshared':
      return (MM_CACHE + k.ptr * 0x400) >>> 0;
    case 'inode':
      return (INODE_CACHE + k.ptr * 0x200) >>> 0;
    case 'iseq':
      return k.ptr >>> 0;
  }
}

/** The offset word with its flag bits: FUT_OFF_INODE = 1, FUT_OFF_MMSHARED = 2 (2.6.0 on). */
export function offsetWord(k: FutexKey): number {
  if (k.kind === 'inode' || k.kind === 'iseq') return (k.off | 1) >>> 0;
  if (k.kind === 'mmshared') return (k.off | 2) >>> 0;
  return k.off >>> 0;
}

// --- hash functions ---------------------------------------------------------------------------

/** include/linux/hash.h, 32-bit: hash_long(val, bits) = (val * GOLDEN_RATIO_PRIME_32) >> (32 - bits). */
export function hashLong(val: number, bits: number): number {
  if (bits === 0) return 0;
  return Math.imul(val >>> 0, 0x9e370001) >>> (32 - bits);
}

/** Bob Jenkins' lookup2 mix, as in 2.6.0's include/linux/jhash.h. */
function mix2(a: number, b: number, c: number): [number, number, number] {
  a = (a - b - c) ^ (c >>> 13); b = (b - c - a) ^ (a << 8); c = (c - a - b) ^ (b >>> 13);
  a = (a - b - c) ^ (c >>> 12); b = (b - c - a) ^ (a << 16); c = (c - a - b) ^ (b >>> 5);
  a = (a - b - c) ^ (c >>> 3); b = (b - c - a) ^ (a << 10); c = (c - a - b) ^ (b >>> 15);
  return [a >>> 0, b >>> 0, c >>> 0];
}

/** 2.6.0 jhash2(k, length, initval) (lookup2, JHASH_GOLDEN_RATIO 0x9e3779b9). */
export function jhash2Lookup2(words: number[], initval: number): number {
  let a = 0x9e3779b9, b = 0x9e3779b9, c = initval >>> 0;
  let i = 0;
  let len = words.length;
  while (len >= 3) {
    a = (a + words[i]) >>> 0; b = (b + words[i + 1]) >>> 0; c = (c + words[i + 2]) >>> 0;
    [a, b, c] = mix2(a, b, c);
    i += 3; len -= 3;
  }
  c = (c + words.length * 4) >>> 0;
  if (len === 2) b = (b + words[i + 1]) >>> 0;
  if (len >= 1) a = (a + words[i]) >>> 0;
  [a, b, c] = mix2(a, b, c);
  return c >>> 0;
}

const rol32 = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Today's jhash2 (lookup3, JHASH_INITVAL 0xdeadbeef), include/linux/jhash.h. */
export function jhash2Lookup3(words: number[], initval: number): number {
  let a = (0xdeadbeef + (words.length << 2) + initval) >>> 0;
  let b = a, c = a;
  let i = 0, len = words.length;
  while (len > 3) {
    a = (a + words[i]) >>> 0; b = (b + words[i + 1]) >>> 0; c = (c + words[i + 2]) >>> 0;
    // __jhash_mix
    a = (a - c) >>> 0; a ^= rol32(c, 4); c = (c + b) >>> 0;
    b = (b - a) >>> 0; b ^= rol32(a, 6); a = (a + c) >>> 0;
    c = (c - b) >>> 0; c ^= rol32(b, 8); b = (b + a) >>> 0;
    a = (a - c) >>> 0; a ^= rol32(c, 16); c = (c + b) >>> 0;
    b = (b - a) >>> 0; b ^= rol32(a, 19); a = (a + c) >>> 0;
    c = (c - b) >>> 0; c ^= rol32(b, 4); b = (b + a) >>> 0;
    a >>>= 0; b >>>= 0; c >>>= 0;
    i += 3; len -= 3;
  }
  if (len === 0) return c >>> 0;
  if (len >= 3) c = (c + words[i + 2]) >>> 0;
  if (len >= 2) b = (b + words[i + 1]) >>> 0;
  a = (a + words[i]) >>> 0;
  // __jhash_final
  c ^= b; c = (c - rol32(b, 14)) >>> 0;
  a ^= c; a = (a - rol32(c, 11)) >>> 0;
  b ^= a; b = (b - rol32(a, 25)) >>> 0;
  c ^= b; c = (c - rol32(b, 16)) >>> 0;
  a ^= c; a = (a - rol32(c, 4)) >>> 0;
  b ^= a; b = (b - rol32(a, 14)) >>> 0;
  c ^= b; c = (c - rol32(b, 24)) >>> 0;
  return c >>> 0;
}

/**
 * jhash2Lookup3 of exactly four words, without the array and with int32 arithmetic (the same
 * bits: every step of lookup3 is mod 2^32, so `| 0` where jhash2Lookup3 has `>>> 0` changes no
 * bit). hashModern's and hashWordFirst's call: every futex wait and wake hashes its key (#11). The general
 * version is the reference (fast.ts; test/kernel/futex-fast.test.ts compares them).
 */
export function jhash2Lookup3x4(w0: number, w1: number, w2: number, w3: number, initval: number): number {
  let a = (0xdeadbeef + 16 + initval) | 0;
  let b = a;
  let c = a;
  a = (a + w0) | 0; b = (b + w1) | 0; c = (c + w2) | 0;
  // __jhash_mix
  a = (a - c) | 0; a ^= (c << 4) | (c >>> 28); c = (c + b) | 0;
  b = (b - a) | 0; b ^= (a << 6) | (a >>> 26); a = (a + c) | 0;
  c = (c - b) | 0; c ^= (b << 8) | (b >>> 24); b = (b + a) | 0;
  a = (a - c) | 0; a ^= (c << 16) | (c >>> 16); c = (c + b) | 0;
  b = (b - a) | 0; b ^= (a << 19) | (a >>> 13); a = (a + c) | 0;
  c = (c - b) | 0; c ^= (b << 4) | (b >>> 28); b = (b + a) | 0;
  // the last word (len == 1), then __jhash_final
  a = (a + w3) | 0;
  c ^= b; c = (c - ((b << 14) | (b >>> 18))) | 0;
  a ^= c; a = (a - ((c << 11) | (c >>> 21))) | 0;
  b ^= a; b = (b - ((a << 25) | (a >>> 7))) | 0;
  c ^= b; c = (c - ((b << 16) | (b >>> 16))) | 0;
  a ^= c; a = (a - ((c << 4) | (c >>> 28))) | 0;
  b ^= a; b = (b - ((a << 14) | (a >>> 18))) | 0;
  c ^= b; c = (c - ((b << 24) | (b >>> 8))) | 0;
  return c >>> 0;
}

export const log2 = (n: number): number => 31 - Math.clz32(n);
