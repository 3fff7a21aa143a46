import { describe, expect, it } from 'vitest';
import { forEachStmt, parseScenario, type Expr, type Rhs, type Stmt } from '../../src/lang/index';
import { fixture, parseOk, textOf, threadStmts } from './helpers';

const ALL_STMT_KINDS: Stmt['kind'][] = [
  'let', 'assign', 'do', 'store', 'close', 'if', 'while', 'break', 'continue', 'return', 'assert', 'print',
  'yield', 'sleep', 'signal', 'set_tid_address', 'fork', 'spawn', 'exit', 'exit_group', 'exec', 'map',
  'munmap', 'mremap', 'mprotect', 'remap_file_pages', 'madvise', 'swap_out', 'swap_in', 'reclaim',
  'truncate', 'lock_page',
];
const ALL_RHS_KINDS: Rhs['kind'][] = [
  'expr', 'load', 'cas', 'xchg', 'fetch_add', 'fetch_sub', 'futex_wait', 'futex_wake', 'futex_requeue',
  'futex_cmp_requeue', 'futex_wake_op', 'futex_fd', 'poll', 'call',
];

/** The value of `let x = EXPR` in a thread, as a compact string: `(1 + (2 * 3))`. */
function exprOf(src: string): string {
  const [s] = threadStmts(`let x = ${src}`, 'map m = anon private pages 1');
  if (s?.kind !== 'let' || s.value.kind !== 'expr') throw new Error('not an expression');
  return show(s.value.expr);
}

function show(e: Expr): string {
  switch (e.kind) {
    case 'int':
      return String(e.value);
    case 'name':
      return e.name;
    case 'unary':
      return `${e.op}${show(e.operand)}`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
  }
}

describe('the all-constructs scenario', () => {
  const text = fixture('all-constructs.futex');
  const { scenario, diagnostics } = parseScenario(text, 'all-constructs.futex');

  it('parses and resolves without diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('contains every statement kind and every right-hand form', () => {
    const stmtKinds = new Set<string>();
    const rhsKinds = new Set<string>();
    const visit = (s: Stmt): void => {
      stmtKinds.add(s.kind);
      if (s.kind === 'let' || s.kind === 'assign' || s.kind === 'do') rhsKinds.add(s.value.kind);
    };
    for (const f of scenario.fns) forEachStmt(f.body, null, visit);
    for (const p of scenario.processes) for (const t of p.threads) forEachStmt(t.body, p.name, visit);
    expect([...stmtKinds].sort()).toEqual([...ALL_STMT_KINDS].sort());
    expect([...rhsKinds].sort()).toEqual([...ALL_RHS_KINDS].sort());
  });

  it('reads the title with its escapes', () => {
    expect(scenario.title).toBe('Every construct: "quoted", back\\slash\nnewline');
  });

  it('keeps option values as written, comments excluded', () => {
    expect(scenario.options.map((o) => [o.name, o.value])).toEqual([
      ['strategy', 'pinned-page'],
      ['buckets', '256'],
      ['schedule', 'random(7)'],
      ['max_steps', '100_000'],
      ['pin_limit', '0x40'],
      ['jamie-2003.shared_test', 'vm_mayshare'],
      ['gorman-2013.lock_page', 'always'],
    ]);
    const o = scenario.options[5]!;
    expect(textOf(text, { range: o.nameRange })).toBe('jamie-2003.shared_test');
    expect(textOf(text, { range: o.valueRange })).toBe('vm_mayshare');
  });

  it('declares files and shm objects, with `;` between items', () => {
    expect(scenario.files.map((f) => [f.kind, f.name, f.pages.kind === 'int' && f.pages.value])).toEqual([
      ['file', 'db', 4],
      ['shm', 'seg', 1],
      ['file', 'log', 2],
    ]);
  });

  it('declares functions with parameters', () => {
    expect(scenario.fns.map((f) => [f.name, f.params.map((p) => p.name)])).toEqual([
      ['lock', ['m']],
      ['unlock', ['m']],
      ['nothing', []],
    ]);
  });

  it('reads every map form', () => {
    const maps = scenario.processes[0]!.setup.flatMap((s) => (s.kind === 'map' ? [s.decl] : []));
    const summary = maps.map((d) => ({
      name: d.name,
      backing: d.backing,
      prot: d.prot,
      pages: d.pages.kind === 'int' ? d.pages.value : '?',
      offset: d.offset?.kind === 'int' ? d.offset.value : undefined,
      at: d.at?.kind === 'int' ? d.at.value : undefined,
    }));
    const strip = JSON.parse(JSON.stringify(summary, (k, v) => (k.endsWith('Range') ? undefined : v)));
    expect(strip).toEqual([
      { name: 'heap', backing: { kind: 'anon', shared: false }, prot: 'rw', pages: 1 },
      { name: 'dbm', backing: { kind: 'file', file: 'db', shared: true, openMode: 'rdwr' }, prot: 'rw', pages: 4, offset: 0 },
      { name: 'ro', backing: { kind: 'file', file: 'db', shared: true, openMode: 'rdonly' }, prot: 'r', pages: 1, offset: 1, at: 0x20000000 },
      { name: 'seg1', backing: { kind: 'shm', shm: 'seg' }, prot: 'rw', pages: 1, offset: 0 },
      { name: 'sh', backing: { kind: 'anon', shared: true }, prot: 'rw', pages: 2 },
      { name: 'logm', backing: { kind: 'file', file: 'log', shared: false, openMode: 'rdwr' }, prot: 'rw', pages: 2 },
    ]);
  });

  it('keeps process setup in source order and threads in declaration order', () => {
    const a = scenario.processes[0]!;
    expect(a.setup.map((s) => s.kind)).toEqual(['map', 'map', 'map', 'map', 'map', 'map', 'store', 'store']);
    expect(a.threads.map((t) => t.name)).toEqual(['main', 'waiter']);
    expect(scenario.processes.map((p) => p.name)).toEqual(['A', 'C']);
  });

  it('gives every node a range inside the text', () => {
    const a = scenario.processes[0]!;
    expect(textOf(text, a.threads[1]!)).toMatch(/^thread waiter \{[^]*exit\n {2}\}$/);
    expect(textOf(text, a).startsWith('process A {')).toBe(true);
    expect(textOf(text, a).endsWith('}')).toBe(true);
  });
});

describe('expressions', () => {
  it('follow C precedence', () => {
    expect(exprOf('1 + 2 * 3')).toBe('(1 + (2 * 3))');
    expect(exprOf('1 - 2 - 3')).toBe('((1 - 2) - 3)');
    expect(exprOf('m << 1 + 2')).toBe('(m << (1 + 2))');
    expect(exprOf('m & 1 == 1')).toBe('(m & (1 == 1))');
    expect(exprOf('1 | 2 ^ 3 & 4')).toBe('(1 | (2 ^ (3 & 4)))');
    expect(exprOf('1 || 2 && 3 | 4')).toBe('(1 || (2 && (3 | 4)))');
    expect(exprOf('1 < 2 == 3 >= 4')).toBe('((1 < 2) == (3 >= 4))');
    expect(exprOf('1 % 2 / 3 * 4')).toBe('(((1 % 2) / 3) * 4)');
    expect(exprOf('1 >> 2 << 3')).toBe('((1 >> 2) << 3)');
    expect(exprOf('1 <= 2 != 3 > 4')).toBe('((1 <= 2) != (3 > 4))');
  });

  it('have prefix operators binding tighter than binary ones', () => {
    expect(exprOf('-1 * ~2 + !m')).toBe('((-1 * ~2) + !m)');
    expect(exprOf('--1')).toBe('--1');
    expect(exprOf('-(1 + 2)')).toBe('-(1 + 2)');
  });

  it('widen a parenthesized expression to its parentheses', () => {
    const src = 'let x = (m + 1) * 2';
    const [s] = threadStmts(src);
    const expr = (s as Extract<Stmt, { kind: 'let' }>).value;
    const full = `process A {\n  map m = anon private pages 1\n  thread main {\n${src}\n  }\n}\n`;
    if (expr.kind !== 'expr' || expr.expr.kind !== 'binary') throw new Error('shape');
    expect(textOf(full, expr.expr.left)).toBe('(m + 1)');
    expect(textOf(full, expr.expr)).toBe('(m + 1) * 2');
  });

  it('continue on the next line after a binary operator, and across newlines in parentheses', () => {
    expect(exprOf('1 +\n 2')).toBe('(1 + 2)');
    expect(exprOf('(1\n + 2\n)')).toBe('(1 + 2)');
  });
});

describe('statements', () => {
  it('end at a newline, a `;` or the closing brace', () => {
    const sc = parseOk('process A { thread main { let a = 1; let b = 2\nyield; yield }; thread t { yield } }; process B { thread t { yield }}');
    expect(sc.processes[0]!.threads[0]!.body.stmts.map((s) => s.kind)).toEqual(['let', 'let', 'yield', 'yield']);
    expect(sc.processes.map((p) => p.threads.length)).toEqual([2, 1]);
  });

  it('allow contextual words as names', () => {
    const words = ['r', 'rw', 'shared', 'private', 'pages', 'at', 'offset', 'open', 'timeout', 'signal', 'page',
      'file_page', 'to', 'ticks', 'anon', 'rdonly', 'rdwr', 'dontneed', 'main'];
    const body = words.map((w) => `let ${w} = 1\n${w} = ${w} + 1`).join('\n');
    expect(threadStmts(body).length).toBe(words.length * 2);
    const [load] = threadStmts('let r = load m');
    expect(load).toMatchObject({ kind: 'let', name: 'r', value: { kind: 'load' } });
    parseOk('process A {\n map shared = anon shared pages 1\n map pages = anon private pages 1 at 0x1000\n thread r { let x = load shared }\n}');
  });

  it('read `signal` as the statement before a thread name, otherwise as a register', () => {
    const ss = threadStmts('let signal = 1\nsignal = 2\nsignal main\nsignal A/main');
    expect(ss.map((s) => s.kind)).toEqual(['let', 'assign', 'signal', 'signal']);
    expect(ss[3]).toMatchObject({ kind: 'signal', thread: 'A/main' });
  });

  it('parse the futex calls with trailing keyword arguments', () => {
    const ss = threadStmts([
      'let a = futex_wait(m, 0, timeout 5 + 1, private)',
      'let b = futex_wait(m, 0, private, timeout 5)',
      'let c = futex_fd(m, signal 10)',
      'let d = poll(c, timeout 0)',
      'futex_wake(m, INT_MAX, private)',
    ].join('\n'));
    expect(ss[0]).toMatchObject({ value: { kind: 'futex_wait', flags: { private: true, timeout: { kind: 'binary', op: '+' } } } });
    expect(ss[1]).toMatchObject({ value: { kind: 'futex_wait', flags: { private: true, timeout: { kind: 'int', value: 5 } } } });
    expect(ss[2]).toMatchObject({ value: { kind: 'futex_fd', flags: { private: false, signal: { kind: 'int', value: 10 } } } });
    expect(ss[3]).toMatchObject({ value: { kind: 'poll', flags: { timeout: { kind: 'int', value: 0 } } } });
    expect(ss[4]).toMatchObject({ kind: 'do', value: { kind: 'futex_wake', flags: { private: true } } });
  });

  it('parse futex_wake_op and the requeues positionally', () => {
    const [op, rq, crq] = threadStmts([
      'let a = futex_wake_op(m, 1, 2, m + 4, FUTEX_OP_ADD, 3, FUTEX_OP_CMP_GT, 4)',
      'let b = futex_requeue(m, 1, 2, m + 4)',
      'let c = futex_cmp_requeue(m, 1, 2, m + 4, 7)',
    ].join('\n'));
    expect(op).toMatchObject({ value: { kind: 'futex_wake_op', nwake: { value: 1 }, nwake2: { value: 2 }, addr2: { op: '+' }, op: { name: 'FUTEX_OP_ADD' }, oparg: { value: 3 }, cmp: { name: 'FUTEX_OP_CMP_GT' }, cmparg: { value: 4 } } });
    expect(rq).toMatchObject({ value: { kind: 'futex_requeue', nwake: { value: 1 }, nrequeue: { value: 2 } } });
    expect(crq).toMatchObject({ value: { kind: 'futex_cmp_requeue', val: { value: 7 } } });
  });

  it('parse the atomics', () => {
    const ss = threadStmts('let a = cas m, 1, 2\nlet b = xchg m, 3\nlet c = fetch_add m, 4\nlet d = fetch_sub m + 4, 5\nload m');
    expect(ss[0]).toMatchObject({ value: { kind: 'cas', old: { value: 1 }, new: { value: 2 } } });
    expect(ss[1]).toMatchObject({ value: { kind: 'xchg', value: { value: 3 } } });
    expect(ss[2]).toMatchObject({ value: { kind: 'fetch_add', value: { value: 4 } } });
    expect(ss[3]).toMatchObject({ value: { kind: 'fetch_sub', addr: { op: '+' }, value: { value: 5 } } });
    expect(ss[4]).toMatchObject({ kind: 'do', value: { kind: 'load' } });
  });

  it('parse else-if chains and an else on the next line', () => {
    const [s] = threadStmts('if m == 1 { yield } else if m == 2 { exit }\nelse { exec }');
    expect(s).toMatchObject({
      kind: 'if',
      else: { stmts: [{ kind: 'if', then: { stmts: [{ kind: 'exit' }] }, else: { stmts: [{ kind: 'exec' }] } }] },
    });
  });

  it('parse the memory statements', () => {
    const ss = threadStmts([
      'munmap m', 'munmap m + 4096, pages 2', 'mremap m, pages 2', 'mremap m, pages 2, to 0x1000',
      'mprotect m, r', 'remap_file_pages m, page 1, file_page 2', 'madvise m, dontneed',
      'swap_out m', 'swap_in m + 4', 'reclaim', 'truncate f, pages 0', 'lock_page m, ticks 3',
    ].join('\n'), 'map m = file f shared pages 4', 'file f pages 4\n');
    expect(ss.map((s) => s.kind)).toEqual(['munmap', 'munmap', 'mremap', 'mremap', 'mprotect', 'remap_file_pages',
      'madvise', 'swap_out', 'swap_in', 'reclaim', 'truncate', 'lock_page']);
    expect(ss[0]).toMatchObject({ target: { kind: 'name', name: 'm' } });
    expect(ss[1]).toMatchObject({ target: { kind: 'range', addr: { op: '+' }, pages: { value: 2 } } });
    expect(ss[2]).not.toHaveProperty('to');
    expect(ss[3]).toMatchObject({ to: { value: 0x1000 } });
    expect(ss[4]).toMatchObject({ prot: 'r' });
    expect(ss[5]).toMatchObject({ page: { value: 1 }, filePage: { value: 2 } });
  }, 10_000);

  it('accept map clauses in any order', () => {
    const s = parseOk('file f pages 2\nprocess A {\n map x = file f at 0x1000 pages 1 offset 1 open rdonly r shared\n}');
    expect(s.processes[0]!.setup[0]).toMatchObject({
      decl: { prot: 'r', backing: { kind: 'file', shared: true, openMode: 'rdonly' }, pages: { value: 1 }, offset: { value: 1 }, at: { value: 0x1000 } },
    });
  });

  it('parse print with mixed strings and expressions, and bare print', () => {
    const [p, q] = threadStmts('print "a", m + 1, "b"\nprint');
    expect(p).toMatchObject({ kind: 'print', args: [{ kind: 'string', value: 'a' }, { kind: 'binary' }, { kind: 'string', value: 'b' }] });
    expect(q).toMatchObject({ kind: 'print', args: [] });
  });

  it('parse fork and spawn bodies', () => {
    const [f, s] = threadStmts('fork B { let x = 1 }\nspawn helper { yield }');
    expect(f).toMatchObject({ kind: 'fork', name: 'B', body: { stmts: [{ kind: 'let' }] } });
    expect(s).toMatchObject({ kind: 'spawn', name: 'helper', body: { stmts: [{ kind: 'yield' }] } });
  });

  it('parse `close fd` with or without parentheses, and `return` with or without a value', () => {
    const ss = parseOk('fn f(a) {\n close(a)\n close a\n if a { return }\n return a + 1\n}').fns[0]!.body.stmts;
    expect(ss.map((s) => s.kind)).toEqual(['close', 'close', 'if', 'return']);
    expect(ss[3]).toMatchObject({ value: { kind: 'binary' } });
  });
});

describe('options', () => {
  it('capture raw values without comments, trimmed', () => {
    const s = parseScenario('option schedule = random( 7 )   // seed\noption strategy = /* c */ modern /* d */\noption buckets=0x100', 't').scenario;
    expect(s.options.map((o) => o.value)).toEqual(['random( 7 )', 'modern', '0x100']);
  });

  it('accept a statement keyword after the dot of a variant name', () => {
    const s = parseOk('option gorman-2013.lock_page = slowpath\noption pinned-page.gup = write');
    expect(s.options.map((o) => o.name)).toEqual(['gorman-2013.lock_page', 'pinned-page.gup']);
  });
});

describe('performance', () => {
  // Speed is measured by `npm run bench`, not asserted here (a timed test flakes under load).
  it('parses a 1000-line scenario without diagnostics', () => {
    const lines = [
      'let r# = futex_wake(m + # * 4, 1, private)',
      'if r# == -EAGAIN || (r# & 0xff) > 3 { store m + 4, r# } else { yield }',
      'let v# = cas m, r#, r# + 1 // a comment',
      'while v# < 10 { v# = v# + 1 }',
    ];
    const body = Array.from({ length: 1000 }, (_, i) => '    ' + lines[i % 4]!.replaceAll('#', String(Math.floor(i / 4) % 50))).join('\n');
    const text = `process A {\n  map m = anon private pages 4\n  thread main {\n${body}\n  }\n}\n`;
    const r = parseScenario(text, 'big.futex');
    expect(r.diagnostics).toEqual([]);
    expect(r.scenario.processes[0]!.threads[0]!.body.stmts.length).toBe(1000);
  });
});

describe('docs/language.md', () => {
  it('lists exactly the reserved words of keywords.ts', async () => {
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { RESERVED_WORDS } = await import('../../src/lang/index');
    const doc = readFileSync(fileURLToPath(new URL('../../docs/language.md', import.meta.url)), 'utf8');
    const block = /```\ntop level \/ process:([^]*?)```/.exec(doc)![1]!;
    const listed = block.replace(/^[a-z -]+:/gm, ' ').split(/\s+/).filter((w) => /^[a-z_][a-z0-9_]*$/.test(w));
    expect([...listed].sort()).toEqual([...RESERVED_WORDS].sort());
  });
});
