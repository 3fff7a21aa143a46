// The syntax tree of a `.futex` scenario (design/LANGUAGE.md, version 1).
//
// The parser builds it once, with a source range on every node; name resolution (resolve.ts)
// fills in the `slot` of register references and the frame sizes. The session compiles the
// resolved tree into flat instructions; nothing below lang/ ever sees source text.

/** 1-based line and column, 0-based offset into the text. */
export interface Pos {
  line: number;
  col: number;
  offset: number;
}

export interface Range {
  start: Pos;
  end: Pos;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type UnaryOp = '-' | '!' | '~';
export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>' | '&' | '^' | '|'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/**
 * What a bare name in an expression stands for, decided by resolve.ts:
 * - `reg`: a register of the current frame, at index `slot`;
 * - `map`: a map name (its start address in the running thread's process, looked up at run time);
 * - `const`: an errno or FUTEX_OP_* constant, INT_MAX, with its value.
 * `unresolved` until resolution ran (or if it failed; a diagnostic then says why).
 */
export type NameRef =
  | { kind: 'unresolved' }
  | { kind: 'reg'; slot: number }
  | { kind: 'map'; name: string }
  | { kind: 'const'; value: number };

export type Expr =
  | { kind: 'int'; value: number; range: Range }
  | { kind: 'name'; name: string; ref: NameRef; range: Range }
  | { kind: 'unary'; op: UnaryOp; operand: Expr; range: Range }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; range: Range };

// ---------------------------------------------------------------------------------------------
// Right-hand forms: the operations that may follow `let x =` / `x =` or stand alone.
// They do not nest inside expressions (LANGUAGE.md, "Statements").

/** Trailing keyword arguments of the futex calls. */
export interface FutexFlags {
  /** FUTEX_PRIVATE_FLAG was given. */
  private: boolean;
  /** `timeout T`: T ticks from now, for every call that takes a timeout. */
  timeout?: Expr;
  /** `timeout {SEC, NSEC}`: a struct timespec, read as the op reads it (relative or absolute). */
  timespec?: Timespec;
  /** `clock C`: futex_waitv's and futex2_wait's clockid (with a timespec timeout). */
  clock?: Expr;
  /** `signal S`, for futex_fd. */
  signal?: Expr;
  /** `size BITS`, for futex2_wait and futex2_wake (version 2). */
  size?: Expr;
  /** `len L`, for set_robust_list (version 2). */
  len?: Expr;
}

/** `{SEC, NSEC}` after `timeout`. */
export interface Timespec {
  sec: Expr;
  nsec: Expr;
  range: Range;
}

/**
 * An entry of `futex_waitv` or `futex2_requeue` (version 2): `[ADDR, VAL [, private] [, size BITS]]`.
 * futex2_requeue's second entry has no VAL (the kernel ignores it).
 */
export interface Futex2Entry {
  addr: Expr;
  val?: Expr;
  private: boolean;
  size?: Expr;
  range: Range;
}

export type Rhs =
  | { kind: 'expr'; expr: Expr; range: Range }
  | { kind: 'load'; addr: Expr; range: Range }
  | { kind: 'cas'; addr: Expr; old: Expr; new: Expr; range: Range }
  | { kind: 'xchg'; addr: Expr; value: Expr; range: Range }
  | { kind: 'fetch_add' | 'fetch_sub'; addr: Expr; value: Expr; range: Range }
  | { kind: 'futex_wait'; addr: Expr; val: Expr; flags: FutexFlags; range: Range }
  | { kind: 'futex_wake'; addr: Expr; n: Expr; flags: FutexFlags; range: Range }
  | {
      kind: 'futex_requeue';
      addr: Expr; nwake: Expr; nrequeue: Expr; addr2: Expr;
      flags: FutexFlags; range: Range;
    }
  | {
      kind: 'futex_cmp_requeue';
      addr: Expr; nwake: Expr; nrequeue: Expr; addr2: Expr; val: Expr;
      flags: FutexFlags; range: Range;
    }
  | {
      kind: 'futex_wake_op';
      addr: Expr; nwake: Expr; nwake2: Expr; addr2: Expr;
      op: Expr; oparg: Expr; cmp: Expr; cmparg: Expr;
      flags: FutexFlags; range: Range;
    }
  | { kind: 'futex_fd'; addr: Expr; flags: FutexFlags; range: Range }
  | { kind: 'poll'; fd: Expr; flags: FutexFlags; range: Range }
  | { kind: 'call'; fn: string; args: Expr[]; range: Range }
  /** `gettid()` or `gettid(THREAD)` (short or full thread name; LANGUAGE.md "Version 2 additions"). */
  | { kind: 'gettid'; thread?: string; threadRange?: Range; range: Range }
  // --- version 2: bitsets, futex_waitv, futex2, robust lists (LANGUAGE.md "Version 2 additions") ---
  | { kind: 'futex_wait_bitset'; addr: Expr; val: Expr; mask: Expr; flags: FutexFlags; range: Range }
  | { kind: 'futex_wake_bitset'; addr: Expr; n: Expr; mask: Expr; flags: FutexFlags; range: Range }
  | { kind: 'futex_waitv'; entries: Futex2Entry[]; flags: FutexFlags; range: Range }
  | { kind: 'futex2_wait'; addr: Expr; val: Expr; mask: Expr; flags: FutexFlags; range: Range }
  | { kind: 'futex2_wake'; addr: Expr; mask: Expr; n: Expr; flags: FutexFlags; range: Range }
  | { kind: 'futex2_requeue'; from: Futex2Entry; to: Futex2Entry; nwake: Expr; nrequeue: Expr; flags: FutexFlags; range: Range }
  | { kind: 'set_robust_list'; head: Expr; flags: FutexFlags; range: Range }
  | { kind: 'get_robust_list'; thread?: string; threadRange?: Range; range: Range }
  // PI futexes and requeue-PI (LANGUAGE.md "Version 2 additions"; kernel/futex/pi.ts, requeue-pi.ts).
  | { kind: PiLockKind; addr: Expr; flags: FutexFlags; range: Range }
  | { kind: 'futex_wait_requeue_pi'; addr: Expr; val: Expr; addr2: Expr; flags: FutexFlags; range: Range }
  | {
      kind: 'futex_cmp_requeue_pi';
      addr: Expr; nwake: Expr; nrequeue: Expr; addr2: Expr; val: Expr;
      flags: FutexFlags; range: Range;
    };

export type PiLockKind = 'futex_lock_pi' | 'futex_lock_pi2' | 'futex_trylock_pi' | 'futex_unlock_pi';

// ---------------------------------------------------------------------------------------------
// Mappings

export type Prot = 'r' | 'rw';

export interface MapDecl {
  name: string;
  nameRange: Range;
  backing:
    | { kind: 'anon'; shared: boolean }
    | { kind: 'file'; file: string; fileRange: Range; shared: boolean; openMode: 'rdonly' | 'rdwr' }
    | { kind: 'shm'; shm: string; shmRange: Range };
  prot: Prot;
  pages: Expr;
  /** `offset P`, in pages, for file and shm mappings. */
  offset?: Expr;
  /** `at ADDR`. */
  at?: Expr;
  range: Range;
}

// ---------------------------------------------------------------------------------------------
// Statements

export interface Block {
  stmts: Stmt[];
  range: Range;
}

export type Stmt =
  | { kind: 'let'; name: string; nameRange: Range; slot: number; value: Rhs; range: Range }
  | { kind: 'assign'; name: string; nameRange: Range; slot: number; value: Rhs; range: Range }
  /** A right-hand form standing alone: `futex_wake(a, 1)`, `f(x)`, `load a`. */
  | { kind: 'do'; value: Rhs; range: Range }
  | { kind: 'store'; addr: Expr; value: Expr; range: Range }
  | { kind: 'close'; fd: Expr; range: Range }
  | { kind: 'if'; cond: Expr; then: Block; else?: Block; range: Range }
  | { kind: 'while'; cond: Expr; body: Block; range: Range }
  | { kind: 'break' | 'continue'; range: Range }
  | { kind: 'return'; value?: Expr; range: Range }
  | { kind: 'assert'; cond: Expr; message?: string; range: Range }
  | { kind: 'print'; args: (Expr | { kind: 'string'; value: string; range: Range })[]; range: Range }
  | { kind: 'yield'; range: Range }
  | { kind: 'sleep'; ticks: Expr; range: Range }
  | { kind: 'signal'; thread: string; threadRange: Range; range: Range }
  /** `kill PROCESS` (version 2): SIGKILL from outside, every thread of PROCESS ends. */
  | { kind: 'kill'; process: string; processRange: Range; range: Range }
  | { kind: 'set_tid_address'; addr: Expr; range: Range }
  /** Body runs in the new process's main thread, in the same frame layout as the caller. */
  | { kind: 'fork'; name: string; nameRange: Range; body: Block; range: Range }
  /** Body runs in a new thread of the caller's process, in the same frame layout as the caller. */
  | { kind: 'spawn'; name: string; nameRange: Range; sched?: SchedDecl; body: Block; range: Range }
  | { kind: 'exit' | 'exit_group' | 'exec'; range: Range }
  | { kind: 'map'; decl: MapDecl; range: Range }
  | {
      kind: 'munmap';
      /** `munmap NAME` or `munmap ADDR, pages N`. */
      target: { kind: 'name'; name: string; nameRange: Range } | { kind: 'range'; addr: Expr; pages: Expr };
      range: Range;
    }
  | { kind: 'mremap'; name: string; nameRange: Range; pages: Expr; to?: Expr; range: Range }
  | { kind: 'mprotect'; name: string; nameRange: Range; prot: Prot; range: Range }
  | { kind: 'remap_file_pages'; name: string; nameRange: Range; page: Expr; filePage: Expr; range: Range }
  | { kind: 'madvise'; name: string; nameRange: Range; advice: 'dontneed'; range: Range }
  /** `swap_out ADDR | NAME`: a NAME is a map-name expression. */
  | { kind: 'swap_out'; addr: Expr; range: Range }
  | { kind: 'swap_in'; addr: Expr; range: Range }
  | { kind: 'reclaim'; range: Range }
  | { kind: 'truncate'; file: string; fileRange: Range; pages: Expr; range: Range }
  | { kind: 'lock_page'; addr: Expr; ticks: Expr; range: Range };

// ---------------------------------------------------------------------------------------------
// Top level

export interface OptionDecl {
  /** `strategy`, `buckets`, ... or a dotted variant name such as `jamie-2003.shared_test`. */
  name: string;
  nameRange: Range;
  /** The value as written, whitespace-trimmed: `pinned-page`, `256`, `random(7)`, `true`. */
  value: string;
  valueRange: Range;
  range: Range;
}

export interface FileDecl {
  kind: 'file' | 'shm';
  name: string;
  nameRange: Range;
  pages: Expr;
  range: Range;
}

export interface FnDecl {
  name: string;
  nameRange: Range;
  params: { name: string; range: Range }[];
  body: Block;
  /** Number of register slots the frame needs (parameters first, in order). Set by resolve.ts. */
  frameSize: number;
  range: Range;
}

/** `sched fifo P` or `nice N` on a thread or spawn (LANGUAGE.md "Version 2 additions"). */
export type SchedDecl =
  | { kind: 'fifo'; prio: number; range: Range }
  | { kind: 'nice'; nice: number; range: Range };

export interface ThreadDecl {
  name: string;
  nameRange: Range;
  /** SCHED_FIFO priority or nice value; SCHED_OTHER nice 0 when absent. */
  sched?: SchedDecl;
  body: Block;
  /** Register slots of the thread's frame (fork and spawn bodies inside share it). */
  frameSize: number;
  range: Range;
}

/** A `map` or an initial `store` of a process block, in source order. */
export type ProcessSetup =
  | { kind: 'map'; decl: MapDecl; range: Range }
  | { kind: 'store'; addr: Expr; value: Expr; range: Range };

export interface ProcessDecl {
  name: string;
  nameRange: Range;
  setup: ProcessSetup[];
  threads: ThreadDecl[];
  range: Range;
}

export interface Scenario {
  file: string;
  title?: string;
  options: OptionDecl[];
  files: FileDecl[];
  fns: FnDecl[];
  processes: ProcessDecl[];
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

export interface Diagnostic {
  file: string;
  range: Range;
  severity: 'error' | 'warning';
  message: string;
}

/** `FILE:LINE:COL: error: MESSAGE`, the form the command line prints (SEMANTICS.md). */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.range.start.line}:${d.range.start.col}: ${d.severity}: ${d.message}`;
}
