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

/**
 * The first paragraph of a prose entry as one line, without Markdown marks: the summary the
 * strategy pickers show. A paragraph may wrap over several source lines: gorman-2013's first line
 * ends in "(29 Oct 2013)," and the pickers showed just that, cut before "merged as ... in Linux 4.6.".
 */
export function summaryLine(doc: string): string {
  const lines = doc.replace(/[*`]/g, '').split('\n');
  const start = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('```'));
  if (start < 0) return '';
  const para: string[] = [];
  for (let i = start; i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.startsWith('```'); i++) para.push(lines[i]!.trim());
  return para.join(' ');
}
