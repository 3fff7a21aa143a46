// "Did you mean": for an error whose range starts with a word the scenario does not know (a
// misspelt operation, map, register, keyword, option or strategy), the nearest known word by edit
// distance. The word comes from the diagnostic's range in the text and the candidates from the
// parsed scenario and the language's word lists, not from the message. Pure: no `vscode` import.

import type { Diagnostic, Scenario } from '../lang/ast';
import { CONSTANTS } from '../lang/constants';
import { RESERVED_WORDS } from '../lang/keywords';
import { SCENARIO_OPTIONS, STRATEGY_IDS, VARIANTS } from '../session/options';
import { indexScenario, type Declaration } from './symbols';

export interface Suggestion {
  /** The unknown word and where it is (0-based offsets). */
  word: string;
  start: number;
  end: number;
  /** The known word to put there. */
  replacement: string;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** How far a misspelling may be from the word meant: 1 edit up to 4 letters, 2 up to 8, then 3. */
function tolerance(word: string): number {
  return word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
}

/** The nearest of `known` to `word` within tolerance (ties: the first listed), or undefined. */
export function nearest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = tolerance(word) + 1;
  for (const k of known) {
    if (k === word) return undefined; // a known word is not a misspelling
    const dist = editDistance(word, k);
    if (dist < bestD && dist < Math.max(word.length, k.length)) {
      best = k;
      bestD = dist;
    }
  }
  return best;
}

function names(ds: readonly Declaration[], out: Set<string>): Set<string> {
  for (const d of ds) {
    out.add(d.name);
    names(d.children, out);
  }
  return out;
}

/** Every word a scenario may use: its own names, then the language's. */
export function knownWords(scenario: Scenario | undefined, text: string): Set<string> {
  const words = scenario ? names(indexScenario(scenario, text).outline, new Set()) : new Set<string>();
  for (const w of RESERVED_WORDS) words.add(w);
  for (const c of CONSTANTS.keys()) words.add(c);
  for (const o of SCENARIO_OPTIONS) words.add(o);
  for (const s of STRATEGY_IDS) {
    words.add(s);
    for (const v of Object.keys(VARIANTS[s])) words.add(`${s}.${v}`);
  }
  return words;
}

/** The suggestion for each error that starts at an unknown word close to a known one. */
export function suggestions(diagnostics: readonly Diagnostic[], scenario: Scenario | undefined, text: string): Map<Diagnostic, Suggestion> {
  const out = new Map<Diagnostic, Suggestion>();
  let known: Set<string> | undefined;
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const start = d.range.start.offset;
    const m = /^[A-Za-z_][\w.-]*/.exec(text.slice(start, start + 64));
    if (!m) continue;
    known ??= knownWords(scenario, text);
    const replacement = nearest(m[0], known);
    if (replacement) out.set(d, { word: m[0], start, end: start + m[0].length, replacement });
  }
  return out;
}
