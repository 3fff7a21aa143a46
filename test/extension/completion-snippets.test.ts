// Completion snippets (src/extension/completion-snippets.ts): each, with its placeholders filled
// by their defaults (or a valid name for an upper-case one), parses without errors where it goes.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/lang/index';
import { COMPLETION_SNIPPETS } from '../../src/extension/completion-snippets';
import { completionsAt } from '../../src/extension/language';
import { RESERVED_WORDS, RHS_WORDS } from '../../src/lang/keywords';

/** Valid stand-ins for the upper-case placeholders, in the scenario below. */
const STAND_INS: Record<string, string> = {
  ADDR: 'word', ADDR2: 'word', VAL: '0', NWAKE: '1', NREQUEUE: '1', NWAKE2: '1', OLD: '0', NEW: '1', V: '1', FD: '0',
  COND: '1', OP: '0', OPARG: '0', CMP: '0', CMPARG: '0', NAME: 'word', FILE: 'db', T: 't2', C: 'C', P: 'Q', 'P/main': 'P/main', MASK: '1', HEAD: 'word', PROCESS: 'P',
};

/** The text a snippet inserts with every placeholder at its default (choices: the first). */
export function expand(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, (_, d: string) => STAND_INS[d] ?? d)
    .replace(/\$\d+/g, '');
}

const TOP = new Set(['scenario', 'option', 'file', 'shm', 'fn', 'process']);
const RHS = new Set<string>(RHS_WORDS);

function place(word: string, code: string): string {
  const head = 'file db pages 2\n';
  if (word === 'thread') return `${head}process P {\n  map word = anon private rw pages 1\n  ${code}\n}\n`;
  if (TOP.has(word)) return `${head}${code}\n`;
  // `return` belongs in a function; the rest in a thread that has a register x.
  if (word === 'return') return `${head}fn f(m) {\n  ${code}\n}\n`;
  const stmt = RHS.has(word) ? `let y = ${code}` : code;
  return `${head}process P {\n  map word = anon private rw pages 1\n  map fm = file db shared rw pages 2\n  thread main {\n    let x = 0\n    ${stmt}\n  }\n}\n`;
}

describe('completion snippets', () => {
  for (const [word, snippet] of Object.entries(COMPLETION_SNIPPETS)) {
    it(`${word}: ${expand(snippet).split('\n')[0]} parses`, () => {
      expect(expand(snippet).startsWith(word)).toBe(true);
      const text = place(word, word === 'remap_file_pages' || word === 'madvise' || word === 'truncate' ? expand(snippet).replace('word', word === 'truncate' ? 'db' : 'fm') : expand(snippet));
      const errors = parseScenario(text, 's.futex').diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.message), text).toEqual([]);
    });
  }

  it('covers every word that takes arguments, and completion offers them', () => {
    const bare = ['else', 'break', 'continue', 'yield', 'exit', 'exit_group', 'exec', 'reclaim'];
    expect(RESERVED_WORDS.filter((w) => !COMPLETION_SNIPPETS[w] && !bare.includes(w))).toEqual([]);
    const list = completionsAt('process P {\n  thread main {\n    fut\n  }\n}\n', 32);
    expect(list.find((c) => c.label === 'futex_wait')?.snippet).toBe('futex_wait(${1:ADDR}, ${2:VAL})');
    expect(list.find((c) => c.label === 'yield')?.snippet).toBeUndefined();
  });
});
