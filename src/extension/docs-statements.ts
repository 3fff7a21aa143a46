// Hover documentation of the statement keywords: declarations (scenario, file, shm, process,
// thread, map, fn, let), control (if, while, fork, spawn, exit, exec, ...) and the plain statements
// (assert, print, yield, sleep). Split from docs.ts (one concept per file); docs.ts merges these into
// HOVER_DOCS. Pure data, as docs.ts.

import { entry } from './docs-entry';

// ---------------------------------------------------------------------------------------------
// Declarations and control

export const DECLARATION_DOCS: Record<string, string> = {
  scenario: entry(
    'scenario "TITLE"',
    '**scenario**: the optional title of the scenario, shown by the debugger and in `--json` output.',
  ),
  file: entry(
    ['file NAME pages N', 'map NAME = file FILE private|shared [r|rw] [open rdonly|rdwr] pages N [offset P] [at ADDR]'],
    '**file**: at top level, declares a regular file (an inode with a page cache), N pages long, zero-filled.',
    'In a `map`, maps that file: `shared` mappings are VM_MAYSHARE and share the page cache; `private` ones are',
    'copy-on-write. `open` gives the mode the file was opened with (default `rdwr`).',
  ),
  shm: entry(
    ['shm NAME pages N', 'map NAME = shm SHM [r|rw] pages N [offset P] [at ADDR]'],
    '**shm**: at top level, declares a shared-memory object (a tmpfs inode), N pages, zero-filled. In a `map`,',
    'attaches it: always a shared (VM_MAYSHARE) mapping, keyed by inode under the unpinned strategies.',
  ),
  fn: entry(
    'fn NAME(PARAM, ...) { ... }',
    '**fn**: a procedure any thread may call, as a statement `f(ARGS)` or as `x = f(ARGS)`. Each call gets a new',
    'frame with its parameters and `let`s; a function sees map names and constants, not the caller\'s registers.',
  ),
  process: entry(
    'process NAME { map ...  store ...  thread NAME { ... } }',
    '**process**: an initial process with its own mm. Its `map`s and initial `store`s run in order before any',
    'thread starts; its threads are named `PROCESS/THREAD`. A process ends when its last thread ends, and its mm',
    'is then torn down.',
  ),
  thread: entry(
    'thread NAME { ... }',
    '**thread**: a thread of the enclosing process, named `PROCESS/NAME`. The initial run queue holds the',
    'threads in declaration order. A thread ends when its block ends or at `exit`.',
  ),
  map: entry(
    [
      'map NAME = anon  private|shared [r|rw] pages N [at ADDR]',
      'map NAME = file FILE private|shared [r|rw] [open rdonly|rdwr] pages N [offset P] [at ADDR]',
      'map NAME = shm  SHM [r|rw] pages N [offset P] [at ADDR]',
    ],
    '**map**: mmap. Default protection `rw`, default open mode `rdwr`; `shared rw` of a file opened `rdonly`',
    'fails with `-EACCES`. Without `at`, mappings are placed bottom-up from `0x10000000`, one guard page apart.',
    'The name stands for the start address in expressions; a forked child inherits the mapping and its name.',
    'Inside a thread, `map` is an mmap at run time.',
  ),
  let: entry(
    ['let x = EXPR', 'let x = load ADDR', 'let x = futex_wait(ADDR, VAL)'],
    '**let**: declares a register of the current frame (64-bit signed) and assigns it an expression or the',
    'result of a right-hand operation. `let` of a name already in the frame assigns it.',
  ),
};

export const CONTROL_DOCS: Record<string, string> = {
  if: entry('if COND { ... } else { ... }', '**if**: runs the first block when COND is non-zero, else the `else` block.'),
  else: entry('if COND { ... } else { ... }', '**else**: the block run when the `if` condition is zero.'),
  while: entry('while COND { ... }', '**while**: repeats the block while COND is non-zero.'),
  break: entry('break', '**break**: leaves the innermost `while`.'),
  continue: entry('continue', '**continue**: goes back to the condition of the innermost `while`.'),
  return: entry('return [EXPR]', '**return**: returns from the current function, with the value of EXPR if given.'),
  fork: entry(
    'fork NAME { ... }',
    '**fork**: creates process NAME with a copy of the caller\'s mm (private pages shared copy-on-write, shared',
    'mappings shared) and of its file descriptors, futex fds included. Its one thread `NAME/main` starts with a',
    'copy of the caller\'s registers and runs the block; the caller continues after the block without running',
    'it. COW after fork is where `pinned-page` wakes the wrong process or misses a wakeup.',
  ),
  spawn: entry(
    'spawn NAME { ... }',
    '**spawn**: creates thread `PROCESS/NAME` in the caller\'s process (same mm), running the block with a copy',
    'of the caller\'s registers.',
  ),
  exit: entry('exit', '**exit**: ends the calling thread. When the last thread of a process ends, its mm is torn down.'),
  exit_group: entry(
    'exit_group',
    '**exit_group**: ends every thread of the calling process at once; the mm is torn down. Waiters keyed on it',
    'are handled as the strategy dictates (a waiter that outlives its mm is what `stale-match` is for).',
  ),
  exec: entry(
    'exec',
    '**exec**: replaces the caller\'s mm with an empty one (mappings dropped); the process keeps its threads\' names.',
  ),
};

export const OTHER_STATEMENT_DOCS: Record<string, string> = {
  assert: entry(
    'assert COND [, "message"]',
    '**assert**: if COND is zero the run ends with result `assert-failed` (an `assert` anomaly), with the message.',
  ),
  print: entry(
    'print EXPR_OR_STRING, ...',
    '**print**: prints one line: the thread name, `: `, then the arguments separated by single spaces (integers in',
    'decimal, strings as written). Example: `B/main: woken 0`.',
  ),
  yield: entry('yield', '**yield**: the thread goes to the tail of the run queue.'),
  sleep: entry(
    'sleep T',
    '**sleep**: the thread sleeps for T ticks of virtual time (it wakes at clock + T). When no thread is runnable',
    'the clock jumps to the earliest timer.',
  ),
};
