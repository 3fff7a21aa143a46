// The two shapes of a hover entry, shared by the docs-*.ts tables that docs.ts merges: a `futex` code
// block with the syntax then the explanation, or prose alone. One helper so the tables render alike.

/** A Markdown entry: a `futex` code block with the syntax, then the explanation. */
export function entry(syntax: string | readonly string[], ...text: string[]): string {
  const lines = typeof syntax === 'string' ? [syntax] : syntax;
  return ['```futex', ...lines, '```', '', ...text].join('\n');
}

/** A Markdown entry without a syntax block. */
export function prose(...text: string[]): string {
  return text.join('\n');
}
