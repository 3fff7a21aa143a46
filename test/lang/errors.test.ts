import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseScenario } from '../../src/lang/index';
import { errorsOf } from './helpers';

/** `[source, expected diagnostics as LINE:COL: MESSAGE]`. */
type Case = [string, string[]];

function check(cases: Case[]): void {
  for (const [src, expected] of cases) expect(errorsOf(src), src).toEqual(expected);
}

const T = (body: string): string => `process A { thread main { ${body} } }`;

describe('syntax errors', () => {
  it('in statements', () => {
    check([
      [T('let x = 1 +* 2'), ["1:38: expected an expression, found '*'"]],
      ['process A { thread main {\n  let = 3\n} }', ["2:7: expected a register name, found '='"]],
      [T('let load = 3'), ["1:31: 'load' is a reserved word and cannot be a register name"]],
      [T('x + 1'), ["1:27: expected a statement, found 'x' (an assignment is 'x = ...', a call 'x(...)')"]],
      [T('42'), ["1:27: expected a statement, found '42'"]],
      [T('else { }'), ["1:27: 'else' without 'if' (write '} else {' after the if block)"]],
      [T('thread t { }'), ["1:27: 'thread' blocks belong in a process block; use 'spawn NAME { ... }' to start a thread here"]],
      [T('process B { }'), ["1:27: 'process' is only allowed at the top level"]],
      [T('let x = "s"'), ['1:35: a string is only allowed in print and assert']],
      [T('assert 1, 2'), ["1:37: expected a message string after 'assert COND,', found '2'"]],
      [T('signal'), ["1:34: expected a thread name, found '}'"]],
      [T('signal 3'), ["1:34: expected a thread name, found '3'"]],
      [T('let x = 1 2'), ["1:37: expected end of statement, found '2'"]],
      [T('let x = 1\nexit 0'), ["2:6: expected end of statement, found '0'"]],
      [T('munmap 1 + 2'), ["1:34: 'munmap ADDR' needs ', pages N' (or give a map name)"]],
      [T('mprotect m, x'), ["1:39: expected 'r' or 'rw', found 'x'"]],
      [T('madvise m, willneed'), ["1:38: expected 'dontneed', found 'willneed'"]],
      [T('remap_file_pages m, 1, 2'), ["1:47: expected 'page', found '1'"]],
      [T('lock_page 1, 5'), ["1:40: expected 'ticks', found '5'"]],
    ]);
  });

  it('for right-hand forms used as expressions', () => {
    check([
      [T('let v = 1 + load x'), ["1:39: 'load' is not an expression: write 'let t = load ...' on its own line, then use t"]],
      [T('let v = f(1) + 2'), ["1:40: the result of 'f' cannot be used in an expression: assign it to a register first"]],
      [T('let v = 2 * f(1)'), ["1:39: a function call is not an expression: write 'let t = f(...)' on its own line, then use t"]],
      [T('let v = futex_wake(1, 1) == 0'), ["1:52: the result of 'futex_wake' cannot be used in an expression: assign it to a register first"]],
    ]);
  });

  it('in futex call arguments', () => {
    check([
      [T('let x = futex_wait(1)'), ['1:35: futex_wait takes 2 arguments (ADDR, VAL), got 1']],
      [T('let x = futex_wake(1, 2, 3)'), ['1:35: futex_wake takes 2 arguments (ADDR, N), got 3']],
      [T('futex_wake_op(1, 2)'), ['1:27: futex_wake_op takes 8 arguments (ADDR, NWAKE, NWAKE2, ADDR2, OP, OPARG, CMP, CMPARG), got 2']],
      [T('let x = futex_wake(1, 2, timeout 3)'), ["1:52: futex_wake does not take 'timeout' (it takes 'private')"]],
      [T('let x = futex_wake(1, 2, private, private)'), ["1:61: 'private' is given twice"]],
      [T('let x = futex_wake(1, private, 2)'), ["1:58: positional argument after a keyword argument in 'futex_wake'"]],
      [T('let x = poll(1, private)'), ["1:43: poll does not take 'private' (it takes 'timeout')"]],
      [T('let x = futex_fd(1, timeout 2)'), ["1:47: futex_fd does not take 'timeout' (it takes 'signal')"]],
      [T('let x = futex_wait(1, 2'), ["1:51: expected ')' to close the arguments of 'futex_wait', found '}'"]],
      [T('let x = cas 1, 2'), ["1:44: expected ',' between the operands of 'cas', found '}'"]],
    ]);
  });

  it('in map declarations', () => {
    const P = (decl: string): string => `process A { map m = ${decl} }`;
    check([
      [P('anon pages 1'), ["1:21: 'anon' mapping 'm' needs 'private' or 'shared'"]],
      [P('anon private'), ["1:13: map 'm' needs 'pages N'"]],
      [P('anon private pages 1 pages 2'), ["1:42: the 'pages' of a mapping is given twice"]],
      [P('anon private r rw pages 1'), ['1:36: the protection (r|rw) of a mapping is given twice']],
      [P('shm s private pages 1') + '\nshm s pages 1', ["1:13: a shm mapping is always shared: drop 'private'"]],
      [P('anon private open rdonly pages 1 offset 1'), ["1:13: only a file mapping takes 'open'", "1:13: an anon mapping takes no 'offset'"]],
      [P('file f shared open wronly pages 1'), ["1:40: expected 'rdonly' or 'rdwr' after 'open', found 'wronly'"]],
      [P('disk f'), ["1:21: expected 'anon', 'file' or 'shm' after '=', found 'disk'"]],
      [P('anon private pages 1 color 3'), ["1:42: unexpected 'color' in a map declaration (expected private, shared, r, rw, pages or at)"]],
      [P('file pages 1'), ["1:32: unexpected '1' in a map declaration (expected private, shared, r, rw, open, pages, offset or at)"]],
    ]);
  });

  it('at the top level and in process blocks', () => {
    check([
      ['process A { let x = 1 }', ["1:13: a process block holds only 'map', 'store' and 'thread' items, found 'let'"]],
      ['option = 3', ["1:8: expected an option name after 'option', found '='"]],
      ['option strategy', ["1:16: expected '=' after 'option strategy', found end of file"]],
      ['option strategy =', ["1:18: option 'strategy' needs a value"]],
      ['option a..b = 1', ["1:8: invalid option name 'a..b'"]],
      ['scenario 42', ["1:10: expected a title string after 'scenario', found '42'"]],
      ['scenario "a"\nscenario "b"', ['2:1: the scenario title is given twice']],
      ['file f', ["1:7: expected 'pages' after 'file f', found end of file"]],
      ['fn f(1) { }', ["1:6: expected a parameter name, found '1'"]],
      ['fn f(a b) { }', ["1:8: expected ')' to close the parameters of 'f', found 'b'"]],
      ['process { }', ["1:9: expected a process name, found '{'"]],
      ['thread t { }', ["1:1: 'thread' must be inside a process block"]],
      ['let x = 1', ["1:1: expected scenario, option, file, shm, fn or process, found 'let'"]],
      ['process A { }\n}', ["2:1: unexpected '}' (no block is open)"]],
    ]);
  });

  it('for unclosed blocks, once, at the end of the file', () => {
    check([
      ['process A { thread main { yield } ', ["1:35: expected '}' to close the block opened at 1:11"]],
      ['process A {\n thread main {\n  if 1 {\n   yield\n', ["5:1: expected '}' to close the block opened at 3:8"]],
    ]);
  });

  it('for lexical errors, reported by the scanner only', () => {
    check([
      [T('let x = 1 @ 2'), ["1:37: unexpected character '@' (U+0040)"]],
      ['process A { thread main {\n print "abc\n} }', ['2:8: unterminated string: missing closing "']],
      [T('let x = 08'), ["1:35: invalid integer '08': no leading zeros (there are no octal literals)"]],
    ]);
  });
});

describe('resolution errors', () => {
  it('for unknown and misused names', () => {
    check([
      [T('let x = foo'), ["1:35: unknown name 'foo'"]],
      [T('y = 1'), ["1:27: assignment to undeclared register 'y' (declare it with 'let y = ...')"]],
      [T('EINVAL = 3'), ["1:27: cannot assign to the constant 'EINVAL'"]],
      ['process A { map m = anon private pages 1\nthread main { m = 4 } }', ["2:15: cannot assign to the map name 'm' (map names are addresses; use 'store' to write memory)"]],
      [T('let EINTR = 1'), ["1:31: 'EINTR' is a constant and cannot be a register name"]],
      ['process A { map EINTR = anon private pages 1 }', ["1:17: 'EINTR' is a constant and cannot be a map name"]],
      ['fn f(EINTR) { }', ["1:6: 'EINTR' is a constant and cannot be a parameter name"]],
      ['process A { store zz, 1 }', ["1:19: unknown name 'zz'"]],
      ['process A { map m = anon private pages 1 at x }', ["1:45: unknown name 'x'"]],
    ]);
  });

  it('for functions', () => {
    check([
      [T('let x = g(1)'), ["1:35: unknown function 'g'"]],
      [T('g()'), ["1:27: unknown function 'g'"]],
      [T('let x = f(1)') + '\nfn f() { }', ["1:35: function 'f' takes no arguments, got 1"]],
      [T('f(1)') + '\nfn f(a, b) { }', ["1:27: function 'f' takes 2 arguments (a, b), got 1"]],
      ['fn f(a, a) { }', ["1:9: duplicate parameter 'a'"]],
      ['fn f() { }\nfn f() { }', ["2:4: duplicate function 'f' (first declared at 1:4)"]],
    ]);
  });

  it('for loops, returns and thread starts', () => {
    check([
      [T('continue'), ["1:27: 'continue' outside a loop"]],
      [T('break'), ["1:27: 'break' outside a loop"]],
      ['fn f() { while 1 { fork X { break } } }', ["1:29: 'break' outside a loop"]],
      [T('return'), ["1:27: 'return' outside a function (a thread ends with 'exit' or at the end of its block)"]],
      ['fn f() { spawn s { return } }', ["1:20: 'return' outside a function (a thread ends with 'exit' or at the end of its block)"]],
      [T('fork A { }'), ["1:32: fork 'A' would make a second process 'A' (declared at 1:9)"]],
      [T('spawn main { }'), ["1:33: spawn 'main' would make a second thread 'A/main' (declared at 1:20)"]],
    ]);
  });

  it('for duplicate declarations', () => {
    check([
      ['process A { }\nprocess A { }', ["2:9: duplicate process 'A' (first declared at 1:9)"]],
      ['process A { thread t { }\nthread t { } }', ["2:8: duplicate thread 'A/t' (first declared at 1:20)"]],
      ['process A { map m = anon private pages 1\nmap m = anon private pages 1 }', ["2:5: duplicate map 'm' in process 'A' (first declared at 1:17)"]],
      ['file db pages 1\nshm db pages 1', ["2:5: duplicate shm 'db' (first declared at 1:6)"]],
      ['option buckets = 2\noption buckets = 4', ["2:8: option 'buckets' is already set at 1:8"]],
    ]);
  });

  it('for files, shm objects and maps', () => {
    check([
      ['process A { map m = file nope shared pages 1 }', ["1:26: file 'nope' is not declared"]],
      ['process A { map m = shm nope pages 1 }', ["1:25: shm 'nope' is not declared"]],
      ['file db pages 1\nprocess A { map m = shm db pages 1 }', ["2:25: 'db' is a file, not a shm (write 'map NAME = file db ...')"]],
      ['shm s pages 1\nprocess A { map m = file s shared pages 1 }', ["2:26: 's' is a shm, not a file (write 'map NAME = shm s ...')"]],
      [T('truncate nofile, pages 1'), ["1:36: file 'nofile' is not declared"]],
      [T('munmap nomap'), ["1:34: unknown map 'nomap'"]],
      [T('let x = 1\nmunmap x'), ["2:8: 'x' is a register, not a map (to unmap the address it holds, write 'munmap x, pages N')"]],
      [T('mremap q, pages 2'), ["1:34: unknown map 'q'"]],
      [T('mprotect q, r'), ["1:36: unknown map 'q'"]],
      [T('remap_file_pages q, page 0, file_page 0'), ["1:44: unknown map 'q'"]],
      [T('madvise q, dontneed'), ["1:35: unknown map 'q'"]],
    ]);
  });

  it('for signal targets', () => {
    check([
      [T('signal nobody'), ["1:34: no thread 'nobody' in process 'A' (name a thread of another process as 'PROCESS/nobody')"]],
      [T('signal Z/main'), ["1:34: no thread 'Z/main' is declared"]],
      ['fn f() { signal ghost }', ["1:17: no thread 'ghost' is declared"]],
    ]);
  });

  it('for options', () => {
    check([
      ['option strategy = bogus', ['1:19: unknown strategy \'bogus\' (expected pinned-page, vcache, rusty-2003, jamie-2003, gorman-2013 or modern)']],
      ['option buckets = 3', ["1:18: option 'buckets' must be a power of two (1, 2, 4, ... up to 2^20), not '3'"]],
      ['option buckets = 0', ["1:18: option 'buckets' must be a power of two (1, 2, 4, ... up to 2^20), not '0'"]],
      ['option schedule = random(x)', ["1:19: option 'schedule' must be fifo, round-robin or random(SEED) with a decimal SEED, not 'random(x)'"]],
      ['option schedule = random( 7 )', ["1:19: option 'schedule' must be fifo, round-robin or random(SEED) with a decimal SEED, not 'random( 7 )'"]],
      ['option schedule = lifo', ["1:19: option 'schedule' must be fifo, round-robin or random(SEED) with a decimal SEED, not 'lifo'"]],
      ['option max_steps = -1', ["1:20: option 'max_steps' must be a non-negative integer, not '-1'"]],
      ['option pin_limit = many', ["1:20: option 'pin_limit' must be a non-negative integer, not 'many'"]],
      ['option foo = 1', ["1:8: unknown option 'foo' (expected strategy, buckets, schedule, max_steps, pin_limit, max_frames, max_processes, max_threads, max_fds, max_map_count, max_mm_pages, max_call_depth or max_output, or STRATEGY.VARIANT)"]],
      ['option bogus.gup = read', ["1:8: unknown strategy 'bogus' in option 'bogus.gup' (expected pinned-page, vcache, rusty-2003, jamie-2003, gorman-2013 or modern)"]],
      ['option jamie-2003.nope = 1', ["1:8: strategy 'jamie-2003' has no variant 'nope' (its variants are shared_test, refs or requeue)"]],
      ['option rusty-2003.gup = read', ["1:8: strategy 'rusty-2003' has no variant 'gup' (it has no variants)"]],
      ['option modern.gup = read', ["1:8: strategy 'modern' has no variant 'gup' (its variants are requeue_flags)"]],
      ['option jamie-2003.refs = maybe', ["1:26: option 'jamie-2003.refs' must be true or false, not 'maybe'"]],
    ]);
  });
});

describe('recovery', () => {
  it('reports three syntax errors on three lines', () => {
    const src = [
      'process A {',
      '  thread main {',
      '    let x = 1 +',
      '    let y = x',
      '    store x,',
      '    print x y',
      '    yield',
      '  }',
      '}',
    ].join('\n');
    expect(errorsOf(src)).toEqual([
      "3:16: expected an expression after '+', found end of line",
      '5:13: expected an expression, found end of line',
      "6:13: expected end of statement, found 'y'",
    ]);
  });

  it('keeps going across blocks, threads, processes and functions', () => {
    const src = [
      'fn f(a) { let = 1 }',
      'process A {',
      '  thread main {',
      '    if x == { yield }',
      '    while 1 { let z = ) }',
      '  }',
      '  thread two { futex_wake(1 1) }',
      '  bogus',
      '}',
      'process B { thread main { let q = undefined_name } }',
    ].join('\n');
    expect(errorsOf(src)).toEqual([
      "1:15: expected a register name, found '='",
      "4:13: expected an expression, found '{'",
      "5:23: expected an expression, found ')'",
      "7:29: expected ')' to close the arguments of 'futex_wake', found '1'",
      "8:3: a process block holds only 'map', 'store' and 'thread' items, found 'bogus'",
      "10:35: unknown name 'undefined_name'",
    ]);
  });

  it('keeps the register of a broken let, so later uses do not cascade', () => {
    expect(errorsOf(T('let x = )\nprint x\nx = 2'))).toEqual(["1:35: expected an expression, found ')'"]);
    expect(errorsOf(T('let x = 1 2\nprint x'))).toEqual(["1:37: expected end of statement, found '2'"]);
  });

  it('places an unclosed parenthesis at the end of its line and resumes on the next', () => {
    expect(errorsOf(T('let t = (1 + 2\nlet u = t\nprint u, bad'))).toEqual([
      "1:41: expected ')' to close the parenthesis, found end of line",
      "3:10: unknown name 'bad'",
    ]);
    expect(errorsOf(T('futex_wake(1,\n2,\n)\nyield'))).toEqual(["3:1: expected an expression, found ')'"]);
  });

  it('formats diagnostics as FILE:LINE:COL: error: MESSAGE, sorted by position', () => {
    const r = parseScenario('process A { thread main { y = 1 } }\noption foo = 1\nprocess A { }', 'x.futex');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "x.futex:1:27: error: assignment to undeclared register 'y' (declare it with 'let y = ...')",
      "x.futex:2:8: error: unknown option 'foo' (expected strategy, buckets, schedule, max_steps, pin_limit, max_frames, max_processes, max_threads, max_fds, max_map_count, max_mm_pages, max_call_depth or max_output, or STRATEGY.VARIANT)",
      "x.futex:3:9: error: duplicate process 'A' (first declared at 1:9)",
    ]);
  });
});
