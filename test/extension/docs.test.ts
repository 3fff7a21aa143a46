// The hover documentation (src/extension/docs.ts) against the grammar and the strategy table: every
// word the grammar highlights from a word list has a doc entry, read from the grammar JSON itself so
// that the two cannot drift apart.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOVER_DOCS, STRATEGY_DOCS, VARIANT_DOCS } from '../../src/extension/docs';
import { summaryLine } from '../../src/extension/docs-entry';
import { SCENARIO_OPTIONS, STRATEGY_IDS, VARIANTS } from '../../src/kernel/futex/variants';

const grammarPath = fileURLToPath(new URL('../../syntaxes/futex.tmLanguage.json', import.meta.url));
const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as unknown;

/** Every regex of the grammar (`match`, `begin`, `end`), with the scope names of the rule around it. */
function regexes(node: unknown, out: { re: string; names: string }[] = []): { re: string; names: string }[] {
  if (Array.isArray(node)) {
    for (const n of node) regexes(n, out);
  } else if (node && typeof node === 'object') {
    const rule = node as Record<string, unknown>;
    const names = JSON.stringify([rule.name, rule.captures, rule.beginCaptures]);
    for (const k of ['match', 'begin', 'end']) {
      if (typeof rule[k] === 'string') out.push({ re: rule[k] as string, names });
    }
    for (const v of Object.values(rule)) regexes(v, out);
  }
  return out;
}

/** The word lists of a regex: each group `(a|b|c)` / `(?:a|b|c)` whose alternatives are all plain words. */
function wordLists(re: string): string[][] {
  const lists: string[][] = [];
  for (const m of re.matchAll(/\((?:\?:)?([A-Za-z_][\w-]*(?:\|[A-Za-z_][\w-]*)*)\)/g)) lists.push(m[1]!.split('|'));
  return lists;
}

const allLists = regexes(grammar).flatMap(({ re }) => wordLists(re));
const grammarWords = [...new Set(allLists.flat())].sort();

/** The word list that contains `word` (the grammar keeps each category in one list). */
function listWith(word: string): string[] {
  const list = allLists.find((l) => l.includes(word));
  if (!list) throw new Error(`no grammar word list contains ${word}`);
  return list;
}

describe('hover docs cover the grammar', () => {
  it('finds the keyword lists in the grammar', () => {
    // Statement keywords, operations, events, contextual words, constants, options, strategies.
    for (const w of ['if', 'exit_group', 'scenario', 'let', 'load', 'futex_cmp_requeue', 'set_tid_address', 'signal',
      'remap_file_pages', 'madvise', 'assert', 'sleep', 'anon', 'rdonly', 'file_page', 'dontneed', 'EDEADLK',
      'INT_MAX', 'FUTEX_OP_CMP_GE', 'pin_limit', 'round-robin', 'gorman-2013', 'shared_test']) {
      expect(grammarWords).toContain(w);
    }
    expect(grammarWords.length).toBeGreaterThan(90);
  });

  it.each(grammarWords)('has a doc entry for %s', (word) => {
    expect(HOVER_DOCS[word]?.trim().length ?? 0).toBeGreaterThan(20);
    expect(HOVER_DOCS[word]).toContain(word);
  });
});

describe('the grammar matches variants.ts', () => {
  it('highlights exactly the strategy ids', () => {
    expect([...listWith('pinned-page')].sort()).toEqual([...STRATEGY_IDS].sort());
  });

  it('highlights exactly the scenario options', () => {
    expect([...listWith('max_steps')].sort()).toEqual([...SCENARIO_OPTIONS].sort());
  });

  it('highlights exactly the variant names', () => {
    const names = new Set(STRATEGY_IDS.flatMap((s) => Object.keys(VARIANTS[s])));
    expect([...listWith('shared_test')].sort()).toEqual([...names].sort());
  });
});

describe('strategy docs', () => {
  it.each([...STRATEGY_IDS])('documents %s: key, pins, era and seed', (id) => {
    const doc = STRATEGY_DOCS[id];
    expect(doc.length).toBeGreaterThan(200);
    expect(doc).toMatch(/keys on/i);
    expect(doc).toMatch(/pins?\b/i);
    expect(doc).toMatch(/\b(2\.[56]\.\d+|[3-9]\.\d+)/); // a kernel version
    expect(doc).toMatch(/seeds?\b/i);
    expect(HOVER_DOCS[id]).toBe(doc);
  });

  it('names the seeds each strategy comes from (shared/seeds/README.md)', () => {
    const seeds: Record<string, string[]> = {
      'pinned-page': ['003', '000'],
      vcache: ['004', '003'],
      'rusty-2003': ['001'],
      'jamie-2003': ['000', '001'],
      'gorman-2013': ['002'],
    };
    for (const [id, ss] of Object.entries(seeds)) {
      for (const s of ss) expect(STRATEGY_DOCS[id as keyof typeof STRATEGY_DOCS]).toContain(s);
    }
  });

  // The strategy pickers (status bar, Explore Schedules) show this line under each strategy; in
  // code-server gorman-2013's ended "(29 Oct 2013)," (its first source line only).
  it.each([...STRATEGY_IDS])('summarises %s in a whole sentence for the pickers', (id) => {
    const line = summaryLine(STRATEGY_DOCS[id]);
    expect(line.startsWith(`${id}: `)).toBe(true);
    expect(line).toMatch(/[.)]$/);
    expect(line).not.toMatch(/[*`\n]/);
  });

  it('gives gorman-2013\'s summary its merge', () => {
    expect(summaryLine(STRATEGY_DOCS['gorman-2013'])).toBe(
      'gorman-2013: Mel Gorman\'s RFC "futex: Remove requirement for lock_page in get_futex_key" (29 Oct 2013), merged as 65d8fc777f6d in Linux 4.6.');
  });
});

describe('option and variant docs', () => {
  it.each([...SCENARIO_OPTIONS])('documents option %s', (name) => {
    expect(HOVER_DOCS[name]).toContain(`option ${name}`);
  });

  const variants = STRATEGY_IDS.flatMap((s) => Object.keys(VARIANTS[s]).map((n) => [s, n] as const));
  it.each(variants)('documents variant %s.%s and its values', (s, n) => {
    const doc = VARIANT_DOCS[`${s}.${n}`];
    expect(doc).toBeDefined();
    expect(doc).toContain(`option ${s}.${n}`);
    for (const v of VARIANTS[s][n]!.values) expect(doc).toContain(`\`${v}\``);
    expect(HOVER_DOCS[`${s}.${n}`]).toBe(doc);
    expect(HOVER_DOCS[n]).toContain(`${s}.${n}`);
  });

  it('documents the lock_page event and the gorman-2013.lock_page variant under the same word', () => {
    expect(HOVER_DOCS.lock_page).toContain('lock_page ADDR, ticks T');
    expect(HOVER_DOCS.lock_page).toContain('gorman-2013.lock_page');
  });
});

describe('constant docs', () => {
  const values: Record<string, number> = {
    EINTR: 4, EFAULT: 14, EACCES: 13, EAGAIN: 11, EWOULDBLOCK: 11, EINVAL: 22, ENOSYS: 38, ETIMEDOUT: 110,
    ENOMEM: 12, EDEADLK: 35, INT_MAX: 2147483647,
    FUTEX_OP_SET: 0, FUTEX_OP_ADD: 1, FUTEX_OP_OR: 2, FUTEX_OP_ANDN: 3, FUTEX_OP_XOR: 4,
    FUTEX_OP_CMP_EQ: 0, FUTEX_OP_CMP_NE: 1, FUTEX_OP_CMP_LT: 2, FUTEX_OP_CMP_LE: 3, FUTEX_OP_CMP_GT: 4,
    FUTEX_OP_CMP_GE: 5,
  };
  it.each(Object.entries(values))('documents %s = %i', (name, value) => {
    expect(HOVER_DOCS[name]).toContain(`${name} = ${value}`);
  });
});
