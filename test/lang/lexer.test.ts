import { describe, expect, it } from 'vitest';
import { lex, parseIntegerText, type Token } from '../../src/lang/index';

function tokens(text: string): Token[] {
  return lex(text, 't.futex').tokens;
}

function kinds(text: string): string[] {
  return tokens(text).map((t) => (t.kind === 'ident' || t.kind === 'punct' ? t.text : t.kind === 'int' ? `#${t.value}` : t.kind));
}

function errors(text: string): string[] {
  return lex(text, 't.futex').diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col}: ${d.severity}: ${d.message}`);
}

describe('lexer', () => {
  it('gives 1-based lines and columns and 0-based offsets', () => {
    const [let_, x, eq, one, nl, y] = tokens('let x = 1\n  y');
    expect(let_!.range).toEqual({ start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 4, offset: 3 } });
    expect(x!.range.start).toEqual({ line: 1, col: 5, offset: 4 });
    expect(eq!.text).toBe('=');
    expect(one!.value).toBe(1);
    expect(nl!.kind).toBe('newline');
    expect(y!.range.start).toEqual({ line: 2, col: 3, offset: 12 });
    expect(y!.lineStart).toBe(true);
    expect(x!.lineStart).toBe(false);
  });

  it('ends with one eof token at the end of the text', () => {
    const ts = tokens('a\n');
    expect(ts.at(-1)!.kind).toBe('eof');
    expect(ts.at(-1)!.range.start).toEqual({ line: 2, col: 1, offset: 2 });
    expect(tokens('')).toHaveLength(1);
  });

  it('skips line and block comments; a multi-line block comment is one newline', () => {
    expect(kinds('a // b c\nd')).toEqual(['a', 'newline', 'd', 'eof']);
    expect(kinds('a /* b */ c')).toEqual(['a', 'c', 'eof']);
    expect(kinds('a /* b\n\n */ c')).toEqual(['a', 'newline', 'c', 'eof']);
    expect(tokens('/* x\n */ c')[1]!.range.start).toEqual({ line: 2, col: 5, offset: 9 });
  });

  it('reads decimal and hex integers with _ separators', () => {
    expect(kinds('42 0x2a 0X2A 1_000 0xdead_beef 0')).toEqual(['#42', '#42', '#42', '#1000', '#3735928559', '#0', 'eof']);
    expect(parseIntegerText('0x10')).toBe(16);
    expect(parseIntegerText('1_2_3')).toBe(123);
    expect(parseIntegerText('abc')).toBeUndefined();
  });

  it('reports malformed integers and keeps going', () => {
    expect(errors('1__0 0x 12ab 1_ 010')).toEqual([
      "1:1: error: invalid integer '1__0'",
      "1:6: error: invalid integer '0x'",
      "1:9: error: invalid integer '12ab'",
      "1:14: error: invalid integer '1_'",
      "1:17: error: invalid integer '010': no leading zeros (there are no octal literals)",
    ]);
    expect(kinds('12ab x')).toEqual(['#0', 'x', 'eof']);
  });

  it('warns about integers beyond 2^53', () => {
    expect(errors('0x7fff_ffff_ffff_ffff')).toEqual(['1:1: warning: integer 0x7fff_ffff_ffff_ffff is larger than 2^53 and is not exact']);
    expect(errors('9007199254740991')).toEqual([]);
  });

  it('refuses literals that do not fit in 64 bits, and wraps hex past 2^63 as a cast to int64_t (issue #14)', () => {
    const big = '9'.repeat(309); // Number() of it is Infinity
    expect(errors(big)).toEqual([`1:1: error: integer ${big} does not fit in 64 bits (the largest is 0x7fff_ffff_ffff_ffff = 9223372036854775807)`]);
    expect(errors('0x1_0000_0000_0000_0000')).toHaveLength(1);
    expect(errors('18446744073709551616')).toHaveLength(1);
    expect(errors('9223372036854775809')).toHaveLength(1);
    expect(errors('9223372036854775808')).toEqual(['1:1: warning: integer 9223372036854775808 is larger than 2^53 and is not exact']);
    expect(errors('0xffff_ffff_ffff_ffff')).toEqual([]);
    expect(tokens('0xffff_ffff_ffff_ffff')[0]!.value).toBe(-1);
    expect(tokens('0x0000000000000000000001')[0]!.value).toBe(1);
  });

  it('decodes strings with \\" \\\\ \\n \\t escapes', () => {
    const [s] = tokens('"a \\"b\\" \\\\ c\\nd\\te"');
    expect(s!.kind).toBe('string');
    expect(s!.str).toBe('a "b" \\ c\nd\te');
    expect(s!.range.end.offset).toBe(20);
  });

  it('reports unterminated strings and unknown escapes', () => {
    expect(errors('"abc\nx')).toEqual(['1:1: error: unterminated string: missing closing "']);
    expect(errors('"abc')).toEqual(['1:1: error: unterminated string: missing closing "']);
    expect(errors('"a\\qb"')).toEqual(['1:3: error: unknown escape \'\\q\' in string (use \\", \\\\, \\n or \\t)']);
    expect(kinds('"abc\nx')).toEqual(['string', 'newline', 'x', 'eof']);
  });

  it('reports an unterminated block comment', () => {
    expect(errors('a /* b')).toEqual(['1:3: error: unterminated comment: missing */']);
  });

  it('matches the longest operator', () => {
    expect(kinds('<<>><=>===!=&&||< > = !&|^~%*/+-.;,(){}')).toEqual([
      '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '<', '>', '=', '!', '&', '|', '^', '~', '%', '*', '/', '+', '-', '.', ';', ',', '(', ')', '{', '}', 'eof',
    ]);
  });

  it('turns a stray character into an invalid token and a diagnostic', () => {
    expect(kinds('a @ b')).toEqual(['a', 'invalid', 'b', 'eof']);
    expect(errors('a @ b')).toEqual(["1:3: error: unexpected character '@' (U+0040)"]);
    expect(errors('é')).toEqual(["1:1: error: unexpected character 'é' (U+00E9)"]);
    expect(errors('\u0001')).toEqual(['1:1: error: unexpected character U+0001']);
    const emoji = tokens('😀 x');
    expect(emoji[1]!.range.start.col).toBe(4); // columns count UTF-16 code units, as VS Code does
  });

  it('treats CRLF as one newline and skips a byte-order mark', () => {
    const ts = tokens('\ufeffa\r\nb');
    expect(kinds('\ufeffa\r\nb')).toEqual(['a', 'newline', 'b', 'eof']);
    expect(ts[0]!.range.start).toEqual({ line: 1, col: 1, offset: 1 });
    expect(ts[2]!.range.start).toEqual({ line: 2, col: 1, offset: 4 });
  });

  it('splits hyphenated and dotted option names into adjacent tokens', () => {
    const ts = tokens('jamie-2003.shared_test');
    expect(ts.map((t) => t.text)).toEqual(['jamie', '-', '2003', '.', 'shared_test', '']);
    for (let i = 1; i < 5; i++) expect(ts[i]!.range.start.offset).toBe(ts[i - 1]!.range.end.offset);
  });
});

describe('line ends (issue #14)', () => {
  it('LF, CR and CRLF all end lines, with the same positions', () => {
    const src = ['let x = 1 // c', 'y /* a', 'b */ z', '"s'];
    for (const eol of ['\n', '\r', '\r\n']) {
      const ts = tokens(src.join(eol));
      expect(kinds(src.join(eol)), JSON.stringify(eol)).toEqual(['let', 'x', '=', '#1', 'newline', 'y', 'newline', 'z', 'newline', 'string', 'eof']);
      const z = ts.find((t) => t.text === 'z')!;
      expect(z.range.start.line).toBe(3);
      expect(z.range.start.col).toBe(6);
      expect(errors(src.join(eol))).toEqual(['4:1: error: unterminated string: missing closing "']);
    }
  });
});

describe('input size (issue #14)', () => {
  it('a text past MAX_SCENARIO_CHARS is one located error, not millions of tokens', async () => {
    const { parseScenario, MAX_SCENARIO_CHARS } = await import('../../src/lang/index');
    const r = parseScenario('x '.repeat(MAX_SCENARIO_CHARS / 2 + 1), 'big.futex');
    expect(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col}: ${d.message}`)).toEqual([
      `1:1: the scenario is ${MAX_SCENARIO_CHARS + 2} characters long, more than the ${MAX_SCENARIO_CHARS} a scenario may have`,
    ]);
  });

  // A run of 130,000 '@' was 130,000 diagnostics and tokens (1 MB of '@' took 600 MB to parse):
  // a run of unexpected characters is one error that counts them.
  it('130,000 unexpected characters in a run: one error with their count, no stack overflow', async () => {
    const { parseScenario } = await import('../../src/lang/index');
    const r = parseScenario('@'.repeat(130_000), 'at.futex');
    expect(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col}-${d.range.end.col}: ${d.severity}: ${d.message}`))
      .toEqual(["1:1-130001: error: 130,000 unexpected characters, the first '@' (U+0040)"]);
    expect(r.omittedErrors).toBeUndefined();
  });

  it('130,000 separate unexpected characters: the first 1,000 kept, the rest counted, every one an error', async () => {
    const { parseScenario } = await import('../../src/lang/index');
    const { MAX_LEX_DIAGNOSTICS } = await import('../../src/lang/lexer');
    const r = parseScenario('@ '.repeat(130_000), 'at.futex');
    expect(r.diagnostics).toHaveLength(MAX_LEX_DIAGNOSTICS);
    expect(r.diagnostics[MAX_LEX_DIAGNOSTICS - 1]!.range.start.col).toBe(2 * MAX_LEX_DIAGNOSTICS - 1);
    expect(r.diagnostics.length + r.omittedErrors!).toBe(130_000);
    expect(r.diagnostics.some((d) => /internal error/.test(d.message))).toBe(false);
  });

  it('a run stops where a token, a blank or a line end starts', () => {
    expect(errors('a @@#$ b')).toEqual(["1:3: error: 4 unexpected characters, the first '@' (U+0040)"]);
    expect(errors('@@\n@@@')).toEqual(["1:1: error: 2 unexpected characters, the first '@' (U+0040)", "2:1: error: 3 unexpected characters, the first '@' (U+0040)"]);
    expect(errors('@@=@')).toEqual(["1:1: error: 2 unexpected characters, the first '@' (U+0040)", "1:4: error: unexpected character '@' (U+0040)"]);
    expect(errors('x = 1 @😀@')).toEqual(["1:7: error: 3 unexpected characters, the first '@' (U+0040)"]);
  });

  it('a run of blank lines is one newline token', () => {
    expect(kinds('a\n\n\r\n\r\rb')).toEqual(['a', 'newline', 'b', 'eof']);
    expect(tokens('a\n\n\nb')[2]!.range.start.line).toBe(4);
  });
});
