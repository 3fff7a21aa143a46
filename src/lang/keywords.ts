// The reserved words of the `.futex` language (docs/language.md, "Reserved words").
//
// A word is reserved when it starts a top-level item, a process item or a statement, or names a
// right-hand form: the parser decides what a statement is from its first word, so these words
// cannot also be register, map, thread or function names. Every other word with a meaning
// (`r`, `rw`, `shared`, `private`, `pages`, `at`, `offset`, `open`, `timeout`, `signal`, `page`,
// `file_page`, `to`, `ticks`, `anon`, `rdonly`, `rdwr`, `dontneed`) is contextual: the parser
// only looks for it where it can appear, so `let pages = 1` is fine.
//
// `signal` is the one statement word that is NOT reserved, because LANGUAGE.md lists it among
// the contextual words: at the start of a statement, `signal NAME` is the statement while
// `signal = ...` and `signal(...)` are an assignment and a call.

/** Words that start a top-level item (`scenario`, `option`, ...) or a process item (`thread`). */
export const TOP_LEVEL_WORDS = ['scenario', 'option', 'file', 'shm', 'fn', 'process', 'thread'] as const;

/** Words that start a statement inside a thread or function body (besides `signal`). */
export const STATEMENT_WORDS = [
  'let', 'if', 'else', 'while', 'break', 'continue', 'return', 'assert', 'print', 'yield', 'sleep',
  'store', 'close', 'set_tid_address', 'fork', 'spawn', 'exit', 'exit_group', 'exec',
  'map', 'munmap', 'mremap', 'mprotect', 'remap_file_pages', 'madvise',
  'swap_out', 'swap_in', 'reclaim', 'truncate', 'lock_page',
] as const;

/** Words that name a right-hand form (not an expression; LANGUAGE.md, "Statements"). */
export const RHS_WORDS = [
  'load', 'cas', 'xchg', 'fetch_add', 'fetch_sub',
  'futex_wait', 'futex_wake', 'futex_requeue', 'futex_cmp_requeue', 'futex_wake_op', 'futex_fd',
  'poll', 'gettid',
] as const;

/** Every reserved word, for the docs, completion and highlighting. */
export const RESERVED_WORDS: readonly string[] = [...TOP_LEVEL_WORDS, ...STATEMENT_WORDS, ...RHS_WORDS];

const RESERVED = new Set<string>(RESERVED_WORDS);
const RHS = new Set<string>(RHS_WORDS);

export function isReserved(word: string): boolean {
  return RESERVED.has(word);
}

export function isRhsWord(word: string): boolean {
  return RHS.has(word);
}
