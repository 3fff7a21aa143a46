// "Futex Lab: Open Example" lists every shipped example with its scenario's title, the
// walkthrough's first (src/extension/examples.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COPY_FOLDER, FIRST_EXAMPLE, copyTarget, exampleItems, parseExampleBundle, scenarioTitle } from '../../src/extension/examples';

const dir = join(__dirname, '..', '..', 'examples');
// Files only: Open Example's copies go to futex-examples/ of the workspace, which is examples/
// itself in the Extension Development Host (.vscode/launch.json) and the integration tests.
const files = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => ({ name: e.name, text: readFileSync(join(dir, e.name), 'utf8') }));

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

describe('the user\'s copy of an example', () => {
  it('goes to the workspace\'s futex-examples/ folder, else to the global storage (no folder open)', () => {
    expect(copyTarget('mutex2.futex', true)).toEqual({ base: 'workspace', segments: [COPY_FOLDER, 'mutex2.futex'] });
    expect(COPY_FOLDER).toBe('futex-examples');
    expect(copyTarget('mutex2.futex', false)).toEqual({ base: 'globalStorage', segments: ['examples', 'mutex2.futex'] });
  });

  it('reads the shipped bundle, and refuses a file that is not one', () => {
    const br = (json: unknown) => brotliCompressSync(Buffer.from(JSON.stringify(json)));
    expect(parseExampleBundle(br({ examples: { 'a.futex': 'scenario "a"\n' } }), brotliDecompressSync)).toEqual([{ name: 'a.futex', text: 'scenario "a"\n' }]);
    expect(() => parseExampleBundle(br({ x: 1 }), brotliDecompressSync)).toThrow('out/examples.json.br holds no examples');
    expect(() => parseExampleBundle(Buffer.from('{}'), brotliDecompressSync)).toThrow();
  });
});
