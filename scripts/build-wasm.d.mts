// Types of scripts/build-wasm.mjs, for test/explore/hash64.test.ts.
/** The bytes src/explore/hash64.wat assembles to. */
export function assemble(text?: string): Promise<Uint8Array>;
/** The text of src/explore/hash64-wasm.ts for these bytes. */
export function render(bytes: Uint8Array): string;
