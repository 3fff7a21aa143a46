// The one rule for a count and its noun (src/lang/plural.ts), and no message that writes it by hand.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noun, plural } from '../../src/lang/plural';

describe('plural', () => {
  it('gives the count and the singular for 1, the plural for every other count', () => {
    expect(plural(1, 'step')).toBe('1 step');
    expect(plural(0, 'step')).toBe('0 steps');
    expect(plural(2, 'step')).toBe('2 steps');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(12, 'entry', 'entries')).toBe('12 entries');
    expect(plural(10000, 'waiter')).toBe('10000 waiters');
    expect(noun(1, 'line')).toBe('line');
    expect(noun(3, 'line')).toBe('lines');
    expect(noun(0, 'anomaly', 'anomalies')).toBe('anomalies');
  });

  it('is written by hand nowhere in src/', () => {
    // `step${n === 1 ? '' : 's'}` and `n === 1 ? 'entry' : 'entries'`: the forms it replaced.
    const src = join(__dirname, '..', '..', 'src');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
    const bad: string[] = [];
    for (const f of files(src)) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (/[!=]== ?1 \? '' : 's'|[!=]== ?1 \? '(\w+)' : '\1s'|[!=]== ?1 \? '\w*y' : '\w*ies'/.test(line)) bad.push(`${f.slice(src.length + 1)}:${i + 1}`);
      });
    }
    expect(bad).toEqual([]);
  });
});
