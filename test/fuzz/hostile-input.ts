// Generators of hostile input for the end-to-end fuzz suite (test/fuzz/cli.test.ts) and its longer
// version in the bench (bench/hostile.ts): mutations of the examples with the abuses of issue #14,
// random valid programs, and random command lines.
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, thread } from '../kernel/random-scenario';

// From test/fuzz (vitest) or out/ (the bench's bundle).
const root = [join(__dirname, '..', '..'), join(__dirname, '..')].find((d) => existsSync(join(d, 'examples')))!;
export const EXAMPLES = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.futex')).sort()
  .map((f) => readFileSync(join(root, 'examples', f), 'utf8'));

/** Pieces an adversary splices in: each once crashed, looped or exhausted memory (issue #14). */
const ABUSES = [
  '9'.repeat(400), '0x' + 'f'.repeat(20), '9223372036854775808', '0xffff_ffff_ffff_ffff', '-9223372036854775808 / -1',
  '\r', '\r\n', '\n\n\n', '\u001b[2J', '\u0000', '\u009b', '"\\n"', '"', '/*', '*/', '//', '@', '(((((((((((', ')', '{', '}', ';',
  'pages 0', 'pages 9007199254740993', 'pages 0x10_0000', 'at 0xbffff000', 'offset 999999',
  'thread t { }', 'fork K { }', 'fork K { while 1 { fork L { } } }', 'spawn s { }', 'exit', 'exit_group', 'exec',
  'while 1 { print "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }', 'while 1 { let f = futex_fd(m) }',
  'mremap m, pages 9007199254740993', 'mremap m, pages 2, to 0', 'munmap m', 'store m, 1', 'let x = load 0',
  'let x = 1 / 0', 'let x = 1 % 0', 'let x = -(-9223372036854775808)', 'print 1 << 70, ~0, 0 - 0',
  'option buckets = 1073741824', 'option max_steps = 0', 'option max_frames = 0', 'option max_output = 0',
  'option max_call_depth = 1', 'option max_fds = 0', 'option max_processes = 1', 'option max_threads = 1',
  'fn r(n) { r(n + 1) }', 'r(0)', 'map m = anon private rw pages 1', 'map m = anon private rw pages 0',
  'key', 'process', 'file f pages 0', 'truncate db, pages 9007199254740991', 'sleep 9007199254740991', 'sleep -5',
  'remap_file_pages fs, page 9007199254740991, file_page 0', 'lock_page fs, ticks 9007199254740991', 'truncate db, pages 0', 'signal A/main', 'kill A', 'set_tid_address 0',
];

/** Statements spliced in at a line start, where they are often valid and run (issue #14 abuses). */
const STATEMENTS = [
  'let x = 9223372036854775807 * 3', 'let x = -9223372036854775808 / -1', 'let x = -(-9223372036854775808)', 'print 1 << 70, ~0, 0 - 0, -0',
  'fork K { while 1 { fork L { } } }', 'while 1 { fork K { } }', 'while 1 { spawn s { } }', 'spawn s { }', 'fork K { }',
  'while 1 { print "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }', 'while 1 { let f = futex_fd(pa) }', 'while 1 { let f = futex_fd(sa) }',
  'mremap pa, pages 9007199254740993', 'mremap pa, pages 2, to 0x20000000', 'mremap pa, pages 2, to 0xbffff000', 'munmap pa',
  'map big = anon private rw pages 700000', 'map z = anon private rw pages 0', 'store z, 1', 'store 0xbffffffc, 1',
  'let x = 1 / 0', 'let x = 1 % 0', 'exit', 'exit_group', 'exec', 'thread q { }', 'r(0)', 'reclaim', 'truncate db, pages 0',
  'while 1 { store pa + 4096, 1\n fork K { exit } }', 'print "\u001b[2J"', 'print "a\nresult: ok"',
];

/** One text mutation: delete, duplicate, insert an abuse anywhere or a statement at a line start, or LF to CR. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.nat(40) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), len: fc.nat(80) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...ABUSES) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 12, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.constantFrom(...STATEMENTS) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.constantFrom(...STATEMENTS) }),
  fc.constant({ kind: 'cr' as const }),
);

type Mutation = { kind: 'delete' | 'dup' | 'insert' | 'line' | 'cr'; at?: number; len?: number; text?: string };

function mutate(text: string, ms: Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : (m.at ?? 0) % (t.length + 1);
    if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + (m.len ?? 0));
    else if (m.kind === 'dup') t = t.slice(0, at) + t.slice(at, at + (m.len ?? 0)) + t.slice(at);
    else if (m.kind === 'insert') t = t.slice(0, at) + ' ' + m.text + ' ' + t.slice(at);
    else if (m.kind === 'line') {
      // A line indented as a thread's statement: most often inside a thread block, where it runs.
      let nl = t.indexOf('\n    ', at);
      if (nl < 0) nl = t.indexOf('\n    ');
      const i = nl < 0 ? t.length : nl + 5;
      t = t.slice(0, i) + m.text + '\n    ' + t.slice(i);
    } else t = t.replace(/\n/g, '\r');
  }
  return t;
}

/** Scenario text: a random valid program, with statements spliced in or mutated; or a mutated example. */
export const scenarioText = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(thread, thread, thread).map(([a, b, c]) => 'fn r(n) { r(n + 1) }\n' + scenario(a, b, c)) },
  { weight: 4, arbitrary: fc.tuple(thread, thread, thread, fc.array(fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.constantFrom(...STATEMENTS) }), { minLength: 1, maxLength: 3 })).map(([a, b, c, ms]) => mutate('fn r(n) { r(n + 1) }\n' + scenario(a, b, c), ms)) },
  { weight: 2, arbitrary: fc.tuple(thread, thread, thread, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([a, b, c, ms]) => mutate(scenario(a, b, c), ms)) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...EXAMPLES), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([t, ms]) => mutate(t, ms)) },
);

/** A command line for the scenario at FILE and a trace at TRACE; explore always bounded. */
const GOOD_FLAGS = [
  ['--json'], ['--trace'], ['--strategy', 'pinned-page'], ['--strategy', 'jamie-2003'], ['--strategy', 'rusty-2003'],
  ['--schedule', 'round-robin'], ['--schedule', 'random:7'], ['--option', 'max_steps=3000'], ['--option', 'max_output=100'],
  ['--option', 'max_frames=3'], ['--option', 'max_fds=2'], ['--option', 'max_processes=2'], ['--option', 'max_threads=3'],
  ['--option', 'max_call_depth=5'], ['--option', 'max_map_count=3'], ['--option', 'max_mm_pages=4'], ['--option', 'buckets=1'], ['--mode', 'random'], ['--mode', 'pct'], ['--runs', '3'],
];
const BAD_FLAGS = [
  ['--strategy', 'nope'], ['--schedule', 'random(-1)'], ['--option', '__proto__=1'], ['--option', 'constructor=1'],
  ['--option', 'buckets=4294967296'], ['--option', 'max_steps=-1'], ['--option', 'modern.toString=1'], ['--option', '=x'],
  ['--seed', '-1'], ['--preemptions', '-5'], ['--max-states', '-1'], ['--max-states', '1e3'], ['--mode', 'x'],
  ['--out', '/nonexistent/x.json'], ['--unknown'], ['-h'], ['extra'], ['--seed'],
];

/** A command line for the scenario at FILE and a trace at TRACE; explore always bounded. */
export const commandLine = fc.tuple(
  fc.oneof({ weight: 6, arbitrary: fc.constant('run') }, { weight: 2, arbitrary: fc.constantFrom('compare', 'explore', 'replay') }, { weight: 1, arbitrary: fc.constantFrom('bogus', '') }),
  fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...GOOD_FLAGS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_FLAGS) }), { maxLength: 3 }),
).map(([cmd, flags]) => {
  const args = [cmd, 'FILE', ...flags.flat()].filter((a) => a !== '');
  if (cmd === 'replay') args.splice(2, 0, 'TRACE');
  // The explorer runs until its budget: keep every fuzzed search small.
  if (cmd === 'explore') args.push('--max-states', '300', '--runs', '5', '--max-depth', '200');
  return args;
});
