import { describe, expect, it } from 'vitest';
import type { Expr, NameRef, Scenario, Stmt } from '../../src/lang/index';
import { forEachStmt, stmtExprs } from '../../src/lang/index';
import { errorsOf, inThread, parseOk } from './helpers';

/** Every name expression of a scenario with its resolution, as `name:reg0`, `name:map`, `name:const=4`. */
function refs(sc: Scenario): string[] {
  const out: string[] = [];
  const visitExpr = (e: Expr): void => {
    if (e.kind === 'name') out.push(`${e.name}:${showRef(e.ref)}`);
    if (e.kind === 'unary') visitExpr(e.operand);
    if (e.kind === 'binary') [e.left, e.right].forEach(visitExpr);
  };
  const visit = (s: Stmt): void => stmtExprs(s).forEach(visitExpr);
  for (const f of sc.fns) forEachStmt(f.body, null, visit);
  for (const p of sc.processes) for (const t of p.threads) forEachStmt(t.body, p.name, visit);
  return out;
}

function showRef(r: NameRef): string {
  switch (r.kind) {
    case 'reg':
      return `reg${r.slot}`;
    case 'map':
      return 'map';
    case 'const':
      return `const=${r.value}`;
    default:
      return 'unresolved';
  }
}

function slots(stmts: Stmt[]): string[] {
  const out: string[] = [];
  forEachStmt({ stmts, range: { start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } } }, null, (s) => {
    if (s.kind === 'let' || s.kind === 'assign') out.push(`${s.kind} ${s.name}@${s.slot}`);
  });
  return out;
}

describe('registers', () => {
  it('get slots in order of first declaration; a repeated let reuses the slot', () => {
    const sc = parseOk(inThread('let a = 1\nlet b = a\nlet a = b + 1\na = 3\nb = a'));
    const t = sc.processes[0]!.threads[0]!;
    expect(slots(t.body.stmts)).toEqual(['let a@0', 'let b@1', 'let a@0', 'assign a@0', 'assign b@1']);
    expect(t.frameSize).toBe(2);
    expect(refs(sc)).toEqual(['a:reg0', 'b:reg1', 'a:reg0']);
  });

  it('are frame-wide: a let inside a block is visible after it', () => {
    const sc = parseOk(inThread('if 1 { let x = 1 }\nwhile 0 { let y = 2 }\nprint x, y'));
    expect(refs(sc)).toEqual(['x:reg0', 'y:reg1']);
  });

  it('must be declared before use, in text order', () => {
    expect(errorsOf(inThread('print x\nlet x = 1'))).toEqual(["4:7: unknown name 'x'"]);
    expect(errorsOf(inThread('let x = x + 1'))).toEqual(["4:9: unknown name 'x'"]);
  });

  it('shadow map names; constants resolve to their values', () => {
    const sc = parseOk(inThread('print m\nlet m = 5\nprint m, EINTR, EAGAIN, EWOULDBLOCK, INT_MAX, FUTEX_OP_CMP_GE, ETIMEDOUT'));
    expect(refs(sc)).toEqual(['m:map', 'm:reg0', 'EINTR:const=4', 'EAGAIN:const=11', 'EWOULDBLOCK:const=11', 'INT_MAX:const=2147483647', 'FUTEX_OP_CMP_GE:const=5', 'ETIMEDOUT:const=110']);
  });

  it('of fork and spawn bodies share the frame layout; their lets are not visible after them', () => {
    const sc = parseOk(inThread('let a = 1\nfork B { let b = a\nspawn s { let c = b } }\nspawn h { let d = a }\nlet e = a'));
    const t = sc.processes[0]!.threads[0]!;
    expect(slots(t.body.stmts)).toEqual(['let a@0', 'let b@1', 'let c@2', 'let d@3', 'let e@4']);
    expect(t.frameSize).toBe(5);
    expect(refs(sc)).toEqual(['a:reg0', 'b:reg1', 'a:reg0', 'a:reg0']);
    expect(errorsOf(inThread('fork B { let b = 1 }\nprint b'))).toEqual(["5:7: unknown name 'b'"]);
  });

  it('of a function are its parameters (slots 0..n-1) and lets, not the caller\'s registers', () => {
    const sc = parseOk('fn f(a, b) { let c = a + b\nreturn c }\nprocess A { thread main { let x = 1\nlet y = f(x, 2) } }');
    expect(sc.fns[0]!.frameSize).toBe(3);
    expect(slots(sc.fns[0]!.body.stmts)).toEqual(['let c@2']);
    expect(refs(sc)).toEqual(['a:reg0', 'b:reg1', 'c:reg2', 'x:reg0']);
    expect(errorsOf('fn f() { return x }\nprocess A { thread main { let x = 1\nf() } }')).toEqual(["1:17: unknown name 'x'"]);
  });
});

describe('map names', () => {
  it('are visible anywhere once declared anywhere (setup, threads, forks, functions)', () => {
    const sc = parseOk([
      'fn f() { map fm = anon private pages 1\nreturn gm }',
      'process A { thread main { map tm = anon private pages 1\nfork B { map km = anon shared pages 1 } } }',
      'process C { map gm = anon private pages 1\nthread main { print tm, km, fm, gm } }',
    ].join('\n'));
    expect(refs(sc).slice(-4)).toEqual(['tm:map', 'km:map', 'fm:map', 'gm:map']);
  });

  it('can be the operand of munmap, mremap, mprotect, remap_file_pages and madvise', () => {
    parseOk('file f pages 2\n' + inThread('munmap m\nmremap m, pages 2\nmprotect m, r\nremap_file_pages m, page 0, file_page 1\nmadvise m, dontneed', 'map m = file f shared pages 2'));
  });
});

describe('signal targets', () => {
  const threads = 'process A { thread main { yield }\nthread helper { spawn sp { yield }\nfork F { spawn fs { yield } } } }\nfn g() { spawn gs { yield } }\n';

  it('accept full names from any process', () => {
    for (const t of ['A/main', 'A/helper', 'A/sp', 'F/main', 'F/fs', 'A/gs', 'Q/gs']) {
      expect(errorsOf(threads + `process Q { thread main { signal ${t} } }`)).toEqual([]);
    }
  });

  it('accept short names of threads of the same process (blocks, spawns, fork mains)', () => {
    const src = [
      'process A {',
      '  thread main { signal helper\nsignal sp\nsignal gs\nfork F { signal main\nspawn x { signal x } } }',
      '  thread helper { spawn sp { signal main } }',
      '}',
      'fn g() { spawn gs { signal helper } }',
    ].join('\n');
    expect(errorsOf(src)).toEqual([]);
  });

  it('report names that match no thread', () => {
    expect(errorsOf(threads + 'process Q { thread main { signal helper } }')).toEqual([
      "5:34: no thread 'helper' in process 'Q' (name a thread of another process as 'PROCESS/helper')",
    ]);
    expect(errorsOf(threads + 'process Q { thread main { signal F/helper } }')).toEqual(["5:34: no thread 'F/helper' is declared"]);
  });
});

describe('options', () => {
  it('accept every strategy, variant and well-formed value', () => {
    const opts = [
      'strategy = modern', 'strategy = rusty-2003', 'buckets = 1', 'buckets = 0x400', 'schedule = fifo',
      'schedule = round-robin', 'schedule = random(0)', 'max_steps = 0', 'pin_limit = 1_000',
      'pinned-page.gup = write', 'vcache.gup = read', 'jamie-2003.refs = false', 'jamie-2003.requeue = fifo',
      'jamie-2003.shared_test = vm_shared', 'gorman-2013.lock_page = slowpath',
    ];
    for (const o of opts) expect(errorsOf(`option ${o}`)).toEqual([]);
  });
});
