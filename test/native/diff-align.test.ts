// alignLines trims the common first lines before the LCS table, and pairs the middle row
// by row past MAX_LCS_CELLS: `futexlab diff` of a scenario printing 33,000 lines built a 1.1e9-cell
// table and V8 aborted out of memory. Differential: under the bound it aligns as the plain LCS.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { alignByLcs, alignLines, MAX_LCS_CELLS } from '../../src/native/diff';

describe('alignLines', () => {
  it('the same rows as the plain LCS alignment (random short lists)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 });
    fc.assert(fc.property(lines, lines, (a, b) => {
      expect(alignLines(a, b)).toEqual(alignByLcs(a, b));
    }), { numRuns: 3000, seed: 7 });
  });

  it('two outputs of 200,000 lines that agree: every row same, no table', () => {
    const a = Array.from({ length: 200_000 }, (_, i) => `P/t: ${i}`);
    const rows = alignLines(a, [...a]);
    expect(rows).toHaveLength(200_000);
    expect(rows.every((r) => r.mark === 'same')).toBe(true);
  });

  it('a differing rest too long for the table is paired row by row after the common first lines', () => {
    const n = Math.ceil(Math.sqrt(MAX_LCS_CELLS)) + 10;
    const a = ['first', ...Array.from({ length: n }, (_, i) => `a${i}`), 'last'];
    const b = ['first', ...Array.from({ length: n }, (_, i) => (i === 5 ? 'a5' : `b${i}`)), 'last'];
    const rows = alignLines(a, b);
    expect(rows).toHaveLength(n + 2);
    expect(rows[0]).toEqual({ mark: 'same', simulator: 'first', kernel: 'first' });
    expect(rows[1]).toEqual({ mark: 'differ', simulator: 'a0', kernel: 'b0' });
    expect(rows[6]).toEqual({ mark: 'same', simulator: 'a5', kernel: 'a5' });
    expect(rows.at(-1)).toEqual({ mark: 'same', simulator: 'last', kernel: 'last' });
    expect(rows.filter((r) => r.mark === 'differ')).toHaveLength(n - 1);
  });
});
