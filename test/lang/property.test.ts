// Robustness: parseScenario never throws, and every diagnostic points inside the text, whatever
// the input: random strings, token soup, and mutations of valid scenarios.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lex, parseScenario, RESERVED_WORDS, type Pos } from '../../src/lang/index';
import { fixture, inThread } from './helpers';

const VALID = [
  fixture('all-constructs.futex'),
  inThread('let x = futex_wait(m, 0, timeout 5)\nif x == -ETIMEDOUT { print "t" } else { signal main }'),
  'option strategy = jamie-2003\nfile f pages 1\nfn g(a) { return a + 1 }\nprocess P { map q = file f shared pages 1\nthread t { let v = g(q)\nfork C { exit } } }',
];

const VOCAB = [
  ...RESERVED_WORDS, 'x', 'm', 'r', 'rw', 'pages', 'at', 'private', 'shared', 'timeout', 'signal', 'anon',
  '1', '0x10', '"s"', '{', '}', '(', ')', ',', ';', '=', '==', '+', '-', '*', '/', '<<', '&&', '!', '~', '.',
  '\n', '\n', '\n', ' ', '//c\n', '/*c*/', '@', 'EINTR', 'A/main',
];

/** The position an offset has in the text (1-based line and column; a leading BOM is skipped; LF, CR, CRLF end lines). */
function positionOf(text: string, offset: number): Omit<Pos, 'offset'> {
  // LF, CR and CRLF each end a line (issue #14).
  const before = text.slice(0, offset);
  const ends = [...before.matchAll(/\r\n?|\n/g)];
  const line = ends.length + 1;
  const last = ends[ends.length - 1];
  const lineStart = last ? last.index + last[0].length : 0;
  const bom = line === 1 && text.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : 0;
  return { line, col: offset - lineStart + 1 - bom };
}

function checkPos(text: string, p: Pos): void {
  expect(p.offset).toBeGreaterThanOrEqual(0);
  expect(p.offset).toBeLessThanOrEqual(text.length);
  expect({ line: p.line, col: p.col }).toEqual(positionOf(text, p.offset));
}

/** The property: no exception, and every diagnostic has a consistent range inside the text. */
function checkText(text: string): void {
  const { diagnostics } = parseScenario(text, 'p.futex');
  for (const d of diagnostics) {
    checkPos(text, d.range.start);
    checkPos(text, d.range.end);
    expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
    expect(d.message).not.toMatch(/internal error/);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

type Mutation =
  | { op: 'deleteToken' | 'duplicateToken'; at: number }
  | { op: 'insertToken'; at: number; word: string }
  | { op: 'swapTokens'; at: number; other: number }
  | { op: 'deleteChar'; at: number }
  | { op: 'insertChar'; at: number; ch: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('deleteToken' as const, 'duplicateToken' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insertToken' as const), at: fc.nat(), word: fc.constantFrom(...VOCAB) }),
  fc.record({ op: fc.constant('swapTokens' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('deleteChar' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insertChar' as const), at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }) }),
);

/** The text as pieces: each token with the blanks and comments before it. */
function pieces(text: string): string[] {
  const out: string[] = [];
  let prev = 0;
  for (const t of lex(text, 'm').tokens) {
    out.push(text.slice(prev, t.range.end.offset));
    prev = t.range.end.offset;
  }
  out.push(text.slice(prev));
  return out;
}

function mutate(text: string, m: Mutation): string {
  if (m.op === 'deleteChar') return text.slice(0, m.at % (text.length + 1)) + text.slice((m.at % (text.length + 1)) + 1);
  if (m.op === 'insertChar') {
    const i = m.at % (text.length + 1);
    return text.slice(0, i) + m.ch + text.slice(i);
  }
  const ps = pieces(text);
  const i = m.at % ps.length;
  if (m.op === 'deleteToken') ps.splice(i, 1);
  if (m.op === 'duplicateToken') ps.splice(i, 0, ps[i]!);
  if (m.op === 'insertToken') ps.splice(i, 0, ' ' + m.word + ' ');
  if (m.op === 'swapTokens') {
    const j = m.other % ps.length;
    [ps[i], ps[j]] = [ps[j]!, ps[i]!];
  }
  return ps.join('');
}

describe('parseScenario never throws and reports ranges inside the text', () => {
  it('on the valid scenarios themselves', () => {
    for (const v of VALID) expect(parseScenario(v, 'v.futex').diagnostics).toEqual([]);
  });

  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), checkText), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), checkText), { numRuns: 300 });
  });

  it('on token soup', () => {
    const soup = fc.array(fc.constantFrom(...VOCAB), { maxLength: 120 }).map((ws) => ws.join(' '));
    fc.assert(fc.property(soup, checkText), { numRuns: 400 });
  });

  it('on mutations of valid scenarios', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 6 }))
      .map(([text, ms]) => ms.reduce(mutate, text));
    fc.assert(fc.property(mutated, checkText), { numRuns: 300 });
  });

  it('on absurdly deep or long input', () => {
    const deep = [
      inThread(`let x = ${'('.repeat(5000)}1${')'.repeat(5000)}`),
      inThread(`let x = ${'-'.repeat(20000)}1`),
      inThread(`let x = ${'1 + '.repeat(20000)}1`),
      inThread('if 1 {'.repeat(3000) + '}'.repeat(3000)),
      inThread('if 1 { yield } else '.repeat(3000) + '{ }'),
      '{'.repeat(10000),
      '('.repeat(10000),
      'process A { thread main { futex_wake(' + '\n'.repeat(10000),
    ];
    for (const text of deep) checkText(text);
    expect(parseScenario(deep[0]!, 'd').diagnostics[0]!.message).toMatch(/nesting too deep/);
  });
});
