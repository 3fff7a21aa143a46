;; XXH64 with seed 0, the explorer's 64-bit hash of a state's integer vector (issue #11: the cost
;; per distinct state; the two-lane murmur-style hash in JS took ~2.7 ns per int, ~15% of it).
;; The algorithm is xxHash's XXH64 as its specification gives it
;; (https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md, "XXH64 Algorithm
;; Description"): four accumulators over 32-byte stripes, their convergence and merge, the
;; length, the tail in 8-, 4- and 1-byte lanes, the final avalanche. Lanes are read little-endian,
;; as WebAssembly loads do. Assembled by scripts/build-wasm.mjs (npm run build:wasm) into
;; src/explore/hash64-wasm.ts; test/explore/hash64.test.ts checks the two agree and the result
;; against a BigInt XXH64 written from the specification and against xxhash-wasm.
;;
;; xxh64(p, len): hash the len bytes at p (any length); the hash is stored at byte 0 as an i64
;; (low 32 bits at byte 0, high 32 bits at byte 4). The rest of the memory is the caller's
;; (src/explore/hash64.ts: the gather table, the state vector, the gathered segments).
(module
  ;; The memory is the caller's (hash64.ts), imported: to make room it instantiates the module
  ;; again over a bigger memory rather than growing this one (memory.grow detaches the old
  ;; ArrayBuffer, and the first detach anywhere in a process makes V8 check every typed-array
  ;; access of optimized code for it: 2x slower typed-array loops from then on, measured).
  (import "env" "memory" (memory 1))

  ;; PRIME64_1 .. PRIME64_5 are written out at each use, so that every multiply takes an
  ;; immediate: 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
  ;; 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5.

  ;; round(0, lane): rotl(lane * PRIME64_2, 31) * PRIME64_1.
  (func $round0 (param $lane i64) (result i64)
    (i64.mul
      (i64.rotl (i64.mul (local.get $lane) (i64.const 0xC2B2AE3D27D4EB4F)) (i64.const 31))
      (i64.const 0x9E3779B185EBCA87)))

  ;; mergeAccumulator(acc, accN): (acc ^ round(0, accN)) * PRIME64_1 + PRIME64_4.
  (func $merge (param $acc i64) (param $n i64) (result i64)
    (i64.add
      (i64.mul
        (i64.xor (local.get $acc) (call $round0 (local.get $n)))
        (i64.const 0x9E3779B185EBCA87))
      (i64.const 0x85EBCA77C2B2AE63)))

  ;; gather(tab, count, dst): copy count runs of bytes to dst, one after the other, and return
  ;; the end of what was copied. The table at tab holds (source address, byte length) pairs of
  ;; i32: the explorer's state vector lives in this memory, and the segments of a state, taken in
  ;; their canonical order, are gathered here before xxh64 (memory.copy: ~10 ns a run here, where
  ;; JS's copyWithin cost ~30 ns and an i64 copy loop more).
  (func (export "gather") (param $tab i32) (param $count i32) (param $dst i32) (result i32)
    (local $end i32)
    (local $n i32)
    (local.set $end (i32.add (local.get $tab) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $run
        (br_if $done (i32.ge_u (local.get $tab) (local.get $end)))
        (local.set $n (i32.load offset=4 (local.get $tab)))
        (memory.copy (local.get $dst) (i32.load (local.get $tab)) (local.get $n))
        (local.set $dst (i32.add (local.get $dst) (local.get $n)))
        (local.set $tab (i32.add (local.get $tab) (i32.const 8)))
        (br $run)))
    (local.get $dst))

  (func (export "xxh64") (param $p i32) (param $len i32)
    (local $end i32)
    (local $limit i32)
    (local $v1 i64)
    (local $v2 i64)
    (local $v3 i64)
    (local $v4 i64)
    (local $h i64)
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (if (i32.ge_u (local.get $len) (i32.const 32))
      (then
        ;; seed + PRIME64_1 + PRIME64_2, seed + PRIME64_2, seed, seed - PRIME64_1 (seed 0).
        (local.set $v1 (i64.const 0x60EA27EEADC0B5D6))
        (local.set $v2 (i64.const 0xC2B2AE3D27D4EB4F))
        (local.set $v3 (i64.const 0))
        (local.set $v4 (i64.const 0x61C8864E7A143579))
        (local.set $limit (i32.sub (local.get $end) (i32.const 32)))
        ;; Each stripe: acc = rotl(acc + lane * PRIME64_2, 31) * PRIME64_1, for the four lanes.
        (loop $stripe
          (local.set $v1
            (i64.mul
              (i64.rotl
                (i64.add (local.get $v1)
                  (i64.mul (i64.load offset=0 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F)))
                (i64.const 31))
              (i64.const 0x9E3779B185EBCA87)))
          (local.set $v2
            (i64.mul
              (i64.rotl
                (i64.add (local.get $v2)
                  (i64.mul (i64.load offset=8 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F)))
                (i64.const 31))
              (i64.const 0x9E3779B185EBCA87)))
          (local.set $v3
            (i64.mul
              (i64.rotl
                (i64.add (local.get $v3)
                  (i64.mul (i64.load offset=16 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F)))
                (i64.const 31))
              (i64.const 0x9E3779B185EBCA87)))
          (local.set $v4
            (i64.mul
              (i64.rotl
                (i64.add (local.get $v4)
                  (i64.mul (i64.load offset=24 (local.get $p)) (i64.const 0xC2B2AE3D27D4EB4F)))
                (i64.const 31))
              (i64.const 0x9E3779B185EBCA87)))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (br_if $stripe (i32.le_u (local.get $p) (local.get $limit))))
        ;; Convergence, then each accumulator merged in.
        (local.set $h
          (i64.add
            (i64.add (i64.rotl (local.get $v1) (i64.const 1)) (i64.rotl (local.get $v2) (i64.const 7)))
            (i64.add (i64.rotl (local.get $v3) (i64.const 12)) (i64.rotl (local.get $v4) (i64.const 18)))))
        (local.set $h (call $merge (local.get $h) (local.get $v1)))
        (local.set $h (call $merge (local.get $h) (local.get $v2)))
        (local.set $h (call $merge (local.get $h) (local.get $v3)))
        (local.set $h (call $merge (local.get $h) (local.get $v4))))
      (else
        ;; Short input: seed + PRIME64_5.
        (local.set $h (i64.const 0x27D4EB2F165667C5))))
    (local.set $h (i64.add (local.get $h) (i64.extend_i32_u (local.get $len))))
    ;; The remaining 8-byte lanes: h = rotl(h ^ round(0, lane), 27) * PRIME64_1 + PRIME64_4.
    (block $done8
      (loop $lane8
        (br_if $done8 (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $end)))
        (local.set $h
          (i64.add
            (i64.mul
              (i64.rotl
                (i64.xor (local.get $h) (call $round0 (i64.load (local.get $p))))
                (i64.const 27))
              (i64.const 0x9E3779B185EBCA87))
            (i64.const 0x85EBCA77C2B2AE63)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $lane8)))
    ;; A 4-byte lane: h = rotl(h ^ lane * PRIME64_1, 23) * PRIME64_2 + PRIME64_3.
    (if (i32.le_u (i32.add (local.get $p) (i32.const 4)) (local.get $end))
      (then
        (local.set $h
          (i64.add
            (i64.mul
              (i64.rotl
                (i64.xor (local.get $h)
                  (i64.mul (i64.load32_u (local.get $p)) (i64.const 0x9E3779B185EBCA87)))
                (i64.const 23))
              (i64.const 0xC2B2AE3D27D4EB4F))
            (i64.const 0x165667B19E3779F9)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))))
    ;; Single bytes (the explorer's input is ints, so never; kept for the whole algorithm):
    ;; h = rotl(h ^ byte * PRIME64_5, 11) * PRIME64_1.
    (block $done1
      (loop $lane1
        (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $h
          (i64.mul
            (i64.rotl
              (i64.xor (local.get $h)
                (i64.mul (i64.load8_u (local.get $p)) (i64.const 0x27D4EB2F165667C5)))
              (i64.const 11))
            (i64.const 0x9E3779B185EBCA87)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $lane1)))
    ;; Avalanche.
    (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 33))))
    (local.set $h (i64.mul (local.get $h) (i64.const 0xC2B2AE3D27D4EB4F)))
    (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))))
    (local.set $h (i64.mul (local.get $h) (i64.const 0x165667B19E3779F9)))
    (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 32))))
    (i64.store (i32.const 0) (local.get $h))))
