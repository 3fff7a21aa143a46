// "Did you mean" (src/extension/suggest.ts) on the parser's real errors.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/lang/index';
import { editDistance, nearest, suggestions } from '../../src/extension/suggest';

const TEXT = `option stratgy = modern
option strategy = modren
process P {
  map word = anon private rw pages 1
  thread main {
    let r = futex_wiat(word, 0)
    let n = futex_wake(wrod, 1)
    print rr
    sleeep 10
    mprotect wrod, r
    let q = completely_unknown + 1
  }
}
`;

describe('did you mean', () => {
  it('measures edits, a swap of two letters counting as one', () => {
    expect(editDistance('futex_wiat', 'futex_wait')).toBe(1);
    expect(editDistance('sleeep', 'sleep')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'ab')).toBe(2);
  });

  it('suggests only a near word, never for a known one', () => {
    expect(nearest('wrod', ['word', 'wake'])).toBe('word');
    expect(nearest('word', ['word', 'wrod'])).toBeUndefined();
    expect(nearest('xyz', ['word'])).toBeUndefined();
  });

  it('offers the known word for each misspelling the parser reports', () => {
    const p = parseScenario(TEXT, 't.futex');
    const s = suggestions(p.diagnostics, p.scenario, TEXT);
    const got = p.diagnostics.map((d) => {
      const x = s.get(d);
      return `${d.range.start.line}: ${x ? `${x.word} -> ${x.replacement}` : '-'}`;
    });
    expect(got).toEqual([
      '1: stratgy -> strategy',
      '2: modren -> modern',
      '6: futex_wiat -> futex_wait',
      '7: wrod -> word',
      '8: rr -> r',
      '9: sleeep -> sleep',
      '10: wrod -> word',
      '11: -',
    ]);
    const first = s.get(p.diagnostics[2]!)!;
    expect(TEXT.slice(first.start, first.end)).toBe('futex_wiat');
  });
});
