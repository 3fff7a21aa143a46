// The scenario's names (src/extension/symbols.ts): the outline, and what each use of a name
// refers to (go to definition), from the parsed scenario of the shipped examples and a sample.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/lang/index';
import { indexScenario, useAt, type Declaration } from '../../src/extension/symbols';
import { example } from './helpers';

const TEXT = `scenario "t"
file db pages 2
fn lock(m) {
  let r = futex_wait(m, 0)
  r = r + 1
  return r
}
process A {
  map heap = anon private rw pages 1
  map dbm = file db shared rw pages 2
  thread main {
    let x = lock(heap)
    spawn helper {
      store heap, x
    }
    fork B {
      let y = futex_wake(heap, 1)
      signal A/helper
    }
    mprotect dbm, r
    x = x + 1
  }
}
`;

const { scenario, diagnostics } = parseScenario(TEXT, 't.futex');

function outline(ds: readonly Declaration[], depth = 0): string[] {
  return ds.flatMap((d) => [`${'  '.repeat(depth)}${d.kind} ${d.name}`, ...outline(d.children, depth + 1)]);
}

/** Where the use at `marker` (the `|` in it) leads: the declaration's kind, name and first line. */
function target(marker: string): string | undefined {
  const i = TEXT.indexOf(marker.replace('|', ''));
  if (i < 0) throw new Error(`no ${marker}`);
  const u = useAt(indexScenario(scenario!, TEXT), i + marker.indexOf('|'));
  return u && `${u.target.kind} ${u.target.name} @${TEXT.slice(0, u.target.nameStart).split('\n').length}`;
}

describe('scenario symbols', () => {
  it('parses', () => expect(diagnostics).toEqual([]));

  it('outlines files, functions with parameters and registers, processes with maps, threads, forks and spawns', () => {
    expect(outline(indexScenario(scenario!, TEXT).outline)).toEqual([
      'file db',
      'fn lock', '  param m', '  register r',
      'process A', '  map heap', '  map dbm', '  thread main', '    register x', '    thread helper', '    process B', '      thread main', '        register y',
    ]);
  });

  it('takes each use of a name to its declaration', () => {
    expect(target('futex_wait(m|')).toBe('param m @3');
    expect(target('r = r| + 1')).toBe('register r @4');
    expect(target('return r|')).toBe('register r @4');
    expect(target('lock|(heap)')).toBe('fn lock @3');
    expect(target('lock(he|ap)')).toBe('map heap @9');
    expect(target('file d|b shared')).toBe('file db @2');
    expect(target('store heap, x|')).toBe('register x @12');
    expect(target('signal A/hel|per')).toBe('thread helper @13');
    expect(target('mprotect db|m')).toBe('map dbm @10');
    expect(target('x = x| + 1')).toBe('register x @12');
    // Not a name: the protection word, a keyword.
    expect(target('mprotect dbm, r|')).toBeUndefined();
    expect(target('spa|wn')).toBeUndefined();
  });

  it('indexes every shipped example without throwing, every use inside the text', () => {
    const names = readdirSync(join(__dirname, '..', '..', 'examples')).filter((n) => n.endsWith('.futex'));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const text = example(name);
      const p = parseScenario(text, name);
      const index = indexScenario(p.scenario!, text);
      expect(index.outline.length).toBeGreaterThan(0);
      // A use spans the name it refers to (a fork's `main` thread is named by the fork).
      for (const u of index.uses) expect(text.slice(u.start, u.end), `${name}: ${u.target.kind} ${u.target.name}`).toBe(u.target.kind === 'thread' && u.target.name === 'main' ? text.slice(u.target.nameStart, u.target.nameEnd) : u.target.name);
    }
  });
});
