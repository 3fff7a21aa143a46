// Editing features as pure functions (src/extension/language.ts): diagnostics conversion, hover
// lookup, completion items, and where the CodeLens goes.

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/lang/index';
import { completionContext, completionsAt, hoverAt, scenarioLensLine, scenarioNames, toEditorDiagnostics, wordsAt } from '../../src/extension/language';
import { HOVER_DOCS, STRATEGY_DOCS, VARIANT_DOCS } from '../../src/extension/docs';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { example } from './helpers';

const TEXT = `scenario "t"
option strategy = jamie-2003
option jamie-2003.shared_test = vm_shared
file db pages 2
shm seg pages 1
fn lock(m) {
  let r = futex_wait(m, 0)
}
process A {
  map heap = anon private rw pages 1
  map dbm = file db shared rw pages 2
  thread main {
    map late = anon private rw pages 1
    spawn helper {
      store late, 1
    }
    let x = futex_wake(dbm, INT_MAX)
  }
}
`;
const parsed = parseScenario(TEXT, 't.futex');

/** Offset just after the first occurrence of `marker` (or at its `|`). */
function at(text: string, marker: string): number {
  const bar = marker.indexOf('|');
  const needle = marker.replace('|', '');
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  return i + (bar >= 0 ? bar : needle.length);
}

describe('diagnostics', () => {
  it('converts the parser ranges (1-based) to editor positions (0-based)', () => {
    const { diagnostics } = parseScenario('process A {\n  thread t {\n    let x = nosuch\n  }\n}\n', 'e.futex');
    expect(diagnostics.length).toBeGreaterThan(0);
    const [d] = toEditorDiagnostics(diagnostics);
    const src = diagnostics[0]!;
    expect(d!.start).toEqual({ line: src.range.start.line - 1, character: src.range.start.col - 1 });
    expect(d!.severity).toBe('error');
    expect(d!.message).toBe(src.message);
    expect(d!.start.line).toBe(2);
  });

  it('widens an empty range to one character', () => {
    const p = { line: 3, col: 5, offset: 20 };
    const [d] = toEditorDiagnostics([{ file: 'f', range: { start: p, end: p }, severity: 'warning', message: 'm' }]);
    expect(d).toEqual({ start: { line: 2, character: 4 }, end: { line: 2, character: 5 }, severity: 'warning', message: 'm' });
  });

  it('reports nothing for the shipped example', () => {
    expect(parseScenario(example('cow-fork-wrong-wakeup.futex'), 'x.futex').diagnostics).toEqual([]);
    expect(parsed.diagnostics).toEqual([]);
  });
});

describe('hover', () => {
  it('documents keywords, operations and constants from docs.ts', () => {
    expect(hoverAt(TEXT, at(TEXT, 'futex_w|ait'))!.markdown).toBe(HOVER_DOCS.futex_wait);
    expect(hoverAt(TEXT, at(TEXT, 'INT_|MAX'))!.markdown).toBe(HOVER_DOCS.INT_MAX);
    expect(hoverAt(TEXT, at(TEXT, 'sp|awn'))!.markdown).toBe(HOVER_DOCS.spawn);
  });

  it('documents a strategy id and a dotted variant as a whole', () => {
    const h = hoverAt(TEXT, at(TEXT, 'jamie-|2003\n'))!;
    expect(h.markdown).toBe(STRATEGY_DOCS['jamie-2003']);
    expect(TEXT.slice(h.start, h.end)).toBe('jamie-2003');
    const v = hoverAt(TEXT, at(TEXT, 'shared_t|est'))!;
    expect(v.markdown).toBe(VARIANT_DOCS['jamie-2003.shared_test']);
    expect(TEXT.slice(v.start, v.end)).toBe('jamie-2003.shared_test');
  });

  it('shows the declaration of the scenario\'s own names', () => {
    const h = hoverAt(TEXT, at(TEXT, 'futex_wake(db|m'), parsed.scenario)!;
    expect(h.markdown).toContain('map dbm = file db shared rw pages 2');
    expect(hoverAt(TEXT, at(TEXT, 'store la|te'), parsed.scenario)!.markdown).toContain('map late = anon private rw pages 1');
    // Processes, threads and registers have hovers too (they had none).
    expect(hoverAt(TEXT, at(TEXT, 'process A|'), parsed.scenario)!.markdown).toBe('process **A**\n\n```futex\nprocess A\n```\n\n1 thread(s); maps: heap, dbm');
    expect(hoverAt(TEXT, at(TEXT, 'spawn hel|per'), parsed.scenario)!.markdown).toContain('thread **helper**');
  });

  it('shows a register as the register it is, not the protection `r`', () => {
    const h = hoverAt(TEXT, at(TEXT, 'let r|'), parsed.scenario)!;
    expect(h.markdown).toBe('register **r** of lock\n\n```futex\nlet r = futex_wait(m, 0)\n```');
    expect(h.declaration?.kind).toBe('register');
    expect(hoverAt(TEXT, at(TEXT, 'futex_wait(m|'), parsed.scenario)!.markdown).toContain('parameter **m**');
    // The protection word keeps its documentation.
    expect(hoverAt('mprotect a, r', 12)!.markdown).toBe(HOVER_DOCS.r);
  });

  it('finds the words around an offset, longest first', () => {
    expect(wordsAt('x jamie-2003.refs y', 4).map((w) => w.word)).toEqual(['jamie-2003.refs', 'jamie-2003', 'jamie']);
    expect(wordsAt('a-b', 0).map((w) => w.word)).toEqual(['a-b', 'a']);
  });
});

describe('completion', () => {
  const labels = (text: string, marker: string) => completionsAt(text, at(text, marker), parseScenario(text, 't.futex').scenario).map((c) => c.label);

  it('offers option names, then their values', () => {
    expect(labels('option ', 'option ')).toEqual(expect.arrayContaining(['strategy', 'schedule', 'buckets', 'jamie-2003.shared_test', 'gorman-2013.lock_page']));
    expect(labels('option strategy = ', '= ')).toEqual([...STRATEGY_IDS]);
    expect(labels('option strategy = ja', '= ja')).toEqual([...STRATEGY_IDS]);
    expect(labels('option schedule = ', '= ')).toEqual(['fifo', 'round-robin', 'random(1)']);
    expect(labels('option gorman-2013.lock_page = ', '= ')).toEqual(['slowpath', 'always']);
  });

  it('documents strategies in their completion items', () => {
    const items = completionsAt('option strategy = ', 18);
    expect(items.find((i) => i.label === 'modern')!.documentation).toBe(STRATEGY_DOCS.modern);
  });

  it('offers the declared files and shm objects in a map', () => {
    const text = TEXT.replace('  thread main {', '  map x = file \n  map y = shm \n  thread main {');
    expect(labels(text, 'map x = file ')).toEqual(['db']);
    expect(labels(text, 'map y = shm ')).toEqual(['seg']);
    expect(labels('process A {\n  map z = ', 'map z = ')).toEqual(['anon', 'file', 'shm']);
  });

  it('offers map names after the memory statements and thread names after signal', () => {
    const text = TEXT.replace('    let x = futex_wake', '    munmap \n    signal \n    let x = futex_wake');
    expect(labels(text, 'munmap ')).toEqual(['heap', 'dbm', 'late']);
    expect(labels(text, 'signal ')).toEqual(['A/main', 'A/helper']);
  });

  it('offers keywords, operations, constants and names in a statement', () => {
    const text = TEXT.replace('    let x = futex_wake', '    \n    let x = futex_wake');
    const items = completionsAt(text, at(text, 'late, 1\n    }\n    '), parseScenario(text, 't.futex').scenario);
    const kinds = Object.fromEntries(items.map((i) => [i.label, i.kind]));
    expect(kinds).toMatchObject({ let: 'keyword', futex_wait: 'function', EAGAIN: 'constant', heap: 'variable', lock: 'function', timeout: 'keyword' });
    expect(items.find((i) => i.label === 'futex_wake')!.documentation).toBe(HOVER_DOCS.futex_wake);
  });

  it('collects the names a scenario declares', () => {
    const n = scenarioNames(parsed.scenario, TEXT);
    expect([...n.maps.keys()]).toEqual(['heap', 'dbm', 'late']);
    expect([...n.files.keys()]).toEqual(['db']);
    expect([...n.fns.values()]).toEqual(['fn lock(m)']);
  });
});

describe('CodeLens', () => {
  it('goes on the scenario line, else the first top-level item', () => {
    expect(scenarioLensLine(example('cow-fork-wrong-wakeup.futex'))).toBe(0);
    expect(scenarioLensLine('// c\n\nscenario "x"\n')).toBe(2);
    expect(scenarioLensLine('// c\noption buckets = 4\nprocess A {}\n')).toBe(1);
    expect(scenarioLensLine('')).toBe(0);
  });
});

describe('completion context', () => {
  it('tells a specific position from a statement (a space opens the list only at the former)', () => {
    expect(completionContext('option ', 7)).toEqual({ kind: 'option-name' });
    expect(completionContext('option strategy = ', 18)).toEqual({ kind: 'option-value', option: 'strategy' });
    expect(completionContext('  map x = file ', 15)).toEqual({ kind: 'map-file' });
    expect(completionContext('  let x ', 8)).toEqual({ kind: 'statement' });
    expect(completionContext('  munmap ', 9)).toEqual({ kind: 'map-name' });
  });
});
