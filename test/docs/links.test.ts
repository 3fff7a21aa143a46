// Links that resolve (#10 §5): every relative link of the README, CHANGELOG, docs/ and
// examples/README.md points at a file of the repository that the package or the repository
// holds, and every #anchor at a heading of its target.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const pages = ['README.md', 'CHANGELOG.md', 'examples/README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');

describe.each(pages)('%s', (page) => {
  const text = readFileSync(join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));

  it('links only to files that exist, and anchors that exist', () => {
    for (const link of links) {
      const [path, hash] = link.split('#');
      const target = path ? join(root, dirname(page), path) : join(root, page);
      expect(existsSync(target), `${page}: ${link}`).toBe(true);
      expect(relative(root, target).startsWith('..'), `${page}: ${link} leaves the repository`).toBe(false);
      if (hash) {
        const headings = [...readFileSync(target, 'utf8').matchAll(/^#+ (.*)$/gm)].map((m) => anchor(m[1]));
        expect(headings, `${page}: ${link}`).toContain(hash);
      }
    }
  });

  it('names no design file outside the repository', () => {
    expect(text).not.toMatch(OUTSIDE);
  });
});

/** Design files and seed numbers that are not in the repository (or the package). */
const OUTSIDE = /SEMANTICS\.md|GROUND-TRUTH|\bLANGUAGE\.md|\bseed 00\d/;

describe('what users read besides the docs', () => {
  // The examples' comments, and the hover documentation (its sources cite the design files in
  // comments, which users do not see: only the strings are checked).
  it.each(readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.futex')))('examples/%s names no design file outside the repository', (f) => {
    expect(readFileSync(join(root, 'examples', f), 'utf8')).not.toMatch(OUTSIDE);
  });

  it('the hover documentation names no design file outside the repository', async () => {
    const docs = await import('../../src/extension/docs');
    const strings = JSON.stringify([docs.HOVER_DOCS, docs.STRATEGY_DOCS, docs.VARIANT_DOCS]);
    expect(strings).not.toMatch(OUTSIDE);
  });
});
