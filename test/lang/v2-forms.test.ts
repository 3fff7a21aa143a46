// Parsing the version-2 forms of issue #17: bracketed entries, the `size` / `len` keyword
// arguments (keywords only in the calls that take them), `kill PROCESS`; errors carry locations.
import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../src/lang/index';
import { loadProgram } from '../../src/session/load';

const body = (stmt: string) => `process A {\n  map m = anon private rw pages 1\n  thread t {\n    ${stmt}\n  }\n}\n`;

function errors(stmt: string): string[] {
  const r = loadProgram(body(stmt), 'v2.futex');
  return r.ok ? [] : r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col}: ${d.message}`);
}

describe('version-2 forms', () => {
  it('parses every form', () => {
    for (const stmt of [
      'let a = futex_wait_bitset(m, 0, 1, timeout 3, private)',
      'let a = futex_wake_bitset(m, 1, 0xff, private)',
      'let a = futex_waitv([m, 0], [m + 4, 1, private, size 32], timeout 5)',
      'let a = futex_waitv()',
      'let a = futex2_wait(m, 0, 1, private, size 32, timeout 2)',
      'let a = futex2_wake(m, 1, 1, size 32)',
      'let a = futex2_requeue([m, 0, private], [m + 4, private], 1, INT_MAX)',
      'let a = set_robust_list(m, len 12)',
      'let a = get_robust_list()',
      'let a = get_robust_list(A/t)',
      'kill A',
    ]) expect(errors(stmt), stmt).toEqual([]);
  });

  it('keeps `size` and `len` ordinary names outside the calls that take them', () => {
    expect(errors('let size = 1\n    let len = 2\n    let a = futex_wake(m, size)\n    let b = futex_wait(m, len)')).toEqual([]);
  });

  it('reports a bad entry, a missing count and a misplaced keyword with their locations', () => {
    expect(errors('let a = futex_waitv([m])')).toEqual(["4:25: an entry of futex_waitv holds ADDR, VAL, got 1 values"]);
    expect(errors('let a = futex2_requeue([m, 0], [m + 4], 1)')[0]).toMatch(/^4:13: futex2_requeue takes two entries and two counts/);
    expect(errors('let a = futex_waitv([m, 0], 3)')).toEqual(["4:33: futex_waitv takes entries '[ADDR, VAL]' and 'timeout T', not a bare value"]);
    // `size` is a keyword only where a call takes it: here it is a name, and `32` is out of place.
    expect(errors('let a = futex_wake_bitset(m, 1, 1, size 32)')[0]).toBe("4:45: expected ')' to close the arguments of 'futex_wake_bitset', found '32'");
    expect(errors('let a = futex_waitv([m, 0, timeout 3])')[0]).toContain("futex_waitv does not take 'timeout'");
    expect(errors('let a = set_robust_list(m, len 12, len 12)')[0]).toContain("'len' is given twice");
    expect(errors('let a = futex_waitv([m, 0]')[0]).toMatch(/^5:3: expected '\)' to close the arguments of 'futex_waitv'/);
  });

  it('makes kill a reserved statement word that names a declared or forked process', () => {
    expect(errors('let kill = 1')[0]).toContain("'kill' is a reserved word");
    expect(errors('kill B')).toEqual(["4:10: no process 'B' is declared or forked"]);
    expect(errors('fork B { yield }\n    kill B')).toEqual([]);
    const r = parseScenario(body('kill 3'), 'v2.futex');
    expect(r.diagnostics[0]!.message).toContain('process name');
  });
});
