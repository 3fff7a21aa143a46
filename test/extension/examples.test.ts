// "Futex Lab: Open Example" lists every shipped example with its scenario's title, the
// walkthrough's first (src/extension/examples.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_EXAMPLE, exampleItems, scenarioTitle } from '../../src/extension/examples';

const dir = join(__dirname, '..', '..', 'examples');
const files = readdirSync(dir).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

describe('Open Example', () => {
  const items = exampleItems(files);

  it('lists every .futex file once, the walkthrough\'s example first, the rest by name', () => {
    const futex = files.filter((f) => f.name.endsWith('.futex')).map((f) => f.name);
    expect(items.map((i) => i.file).sort()).toEqual([...futex].sort());
    expect(items[0]!.file).toBe(FIRST_EXAMPLE);
    const rest = items.slice(1).map((i) => i.file);
    expect(rest).toEqual([...rest].sort((a, b) => a.localeCompare(b)));
    expect(items.some((i) => i.file === 'README.md')).toBe(false);
  });

  it('gives each its scenario title', () => {
    for (const i of items) expect(i.title, i.file).not.toBe('');
    expect(items[0]!.title).toBe('COW after fork: the wrong process is woken');
    expect(scenarioTitle('// c\nscenario "a \\"b\\""\n')).toBe('a \\"b\\"');
    expect(scenarioTitle('process P {}')).toBe('');
  });
});
