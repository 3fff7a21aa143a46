// A count and its noun, for every message that counts something (`1 step`, `2 steps`). One rule,
// in the lowest layer that writes such messages (lang's diagnostics), so that every layer above
// can take it (ARCHITECTURE.md, Layers). Small and pure: the extension's views share it with the
// engine bundle (test/extension/activate.test.ts, SHARED).

/** The noun for a count: `noun(1, 'step')` is `step`, `noun(2, 'entry', 'entries')` `entries`. */
export function noun(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}

/** A count and its noun: `plural(1, 'waiter')` is `1 waiter`, `plural(2, 'entry', 'entries')` `2 entries`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${noun(n, word, many)}`;
}
