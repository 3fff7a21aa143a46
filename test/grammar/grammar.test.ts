// Runs the TextMate grammar tests (test/grammar/*.test.futex, `npm run test:grammar`) under vitest,
// and checks that the static language files the extension contributes are consistent.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { COMPLETION_SNIPPETS } from '../../src/extension/completion-snippets';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (rel: string): any => JSON.parse(readFileSync(join(root, rel), 'utf8'));

describe('futex TextMate grammar', () => {
  it('passes vscode-tmgrammar-test on test/grammar/*.test.futex', () => {
    const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vscode-tmgrammar-test.cmd' : 'vscode-tmgrammar-test');
    let status = 0;
    let output = '';
    try {
      // The tool expands the glob itself; no shell is involved.
      output = execFileSync(bin, ['-g', 'syntaxes/futex.tmLanguage.json', 'test/grammar/*.test.futex'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const err = e as { status?: number; stdout?: string; stderr?: string };
      status = err.status ?? -1;
      output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
    }
    expect(status, output).toBe(0);
    // Six test files, each reported as run successfully.
    expect(output.match(/run successfuly/g)?.length ?? 0, output).toBeGreaterThanOrEqual(6);
  });

  it('is a valid grammar with scopeName source.futex', () => {
    const g = readJson('syntaxes/futex.tmLanguage.json');
    expect(g.scopeName).toBe('source.futex');
    expect(Array.isArray(g.patterns)).toBe(true);
    // Every include points at a repository entry.
    const repo = Object.keys(g.repository);
    const includes = JSON.stringify(g).match(/"include":"#([^"]+)"/g) ?? [];
    for (const inc of includes) expect(repo).toContain(inc.slice('"include":"#'.length, -1));
  });
});

describe('package.json contributions', () => {
  const pkg = readJson('package.json');

  it('declares the futex language, grammar and snippets, and the files exist', () => {
    const lang = pkg.contributes.languages.find((l: any) => l.id === 'futex');
    expect(lang).toBeDefined();
    expect(lang.aliases).toEqual(['Futex Scenario', 'futex']);
    expect(lang.extensions).toContain('.futex');
    expect(existsSync(join(root, lang.configuration))).toBe(true);
    const grammar = pkg.contributes.grammars.find((x: any) => x.language === 'futex');
    expect(grammar.scopeName).toBe('source.futex');
    expect(existsSync(join(root, grammar.path))).toBe(true);
    const snippets = pkg.contributes.snippets.find((x: any) => x.language === 'futex');
    expect(existsSync(join(root, snippets.path))).toBe(true);
    expect(pkg.scripts['test:grammar']).toContain('vscode-tmgrammar-test');
  });

  it('pins vscode-tmgrammar-test to an exact version', () => {
    expect(pkg.devDependencies['vscode-tmgrammar-test']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('language configuration', () => {
  const conf = readJson('language-configuration.json');

  it('has comments, brackets and indentation rules', () => {
    expect(conf.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(conf.brackets).toContainEqual(['{', '}']);
    const inc = new RegExp(conf.indentationRules.increaseIndentPattern);
    const dec = new RegExp(conf.indentationRules.decreaseIndentPattern);
    expect(inc.test('process A {')).toBe(true);
    expect(inc.test('  while c != 0 {  // spin')).toBe(true);
    expect(inc.test('  if c { x = 1 }')).toBe(false);
    expect(inc.test('// {')).toBe(false);
    expect(dec.test('  }')).toBe(true);
    expect(dec.test('  } else {')).toBe(true);
  });

  it('has a word pattern for identifiers, numbers and whole strategy ids', () => {
    const words = (s: string) => s.match(new RegExp(conf.wordPattern, 'g'));
    expect(words('let r_2 = load heap-1')).toEqual(['let', 'r_2', 'load', 'heap', '1']);
    expect(words('x = 0x1000_0000')).toEqual(['x', '0x1000_0000']);
    for (const id of STRATEGY_IDS) expect(words(`option strategy = ${id}`)).toEqual(['option', 'strategy', id]);
    expect(words('option schedule = round-robin')).toEqual(['option', 'schedule', 'round-robin']);
  });
});

describe('snippets', () => {
  const snippets = readJson('snippets/futex.json') as Record<string, { prefix: string; body: string[] }>;

  it('cover the scenario skeleton, Drepper mutexes, wait/wake loops and maps', () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    for (const p of ['scenario skeleton', 'mutex2', 'mutex3', 'mutex_unlock', 'waitloop', 'wakeloop', 'map anon', 'map file', 'map shm']) {
      expect(prefixes).toContain(p);
    }
    // A word that completion already inserts with its arguments (process, fork, futex_wait...)
    // would be listed twice, once as a snippet: the snippets are the idioms beyond one word.
    expect(prefixes.filter((p) => p in COMPLETION_SNIPPETS)).toEqual([]);
    for (const s of Object.values(snippets)) {
      expect(s.body.length).toBeGreaterThan(0);
      // Braces balance once the placeholders (`${1:name}`, `${2|a,b|}`) are removed.
      const text = s.body.join('\n').replace(/\$\{[^}]*\}/g, '');
      expect(text.split('{').length, s.prefix).toBe(text.split('}').length);
    }
  });
});
