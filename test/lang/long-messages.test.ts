// A diagnostic that echoes a long token keeps its start and its explanation, not the whole token:
// a 200,000-character name or integer made each of its errors 200 KB (stderr, JSON, Problems).
import { describe, it, expect } from 'vitest';
import { parseScenario } from '../../src/lang/index';
import { MAX_MESSAGE } from '../../src/lang/diagnostic-list';

const inThread = (line: string) => `process P {\n  thread t {\n    ${line}\n  }\n}\n`;

describe('diagnostics that echo a long token', () => {
  it('an integer of 100,000 digits: the message keeps both ends', () => {
    const [d] = parseScenario(inThread(`let x = ${'9'.repeat(100_000)}`), 'n.futex').diagnostics;
    expect(d!.range.start).toMatchObject({ line: 3, col: 13 });
    expect(d!.message.length).toBeLessThan(MAX_MESSAGE + 60);
    expect(d!.message).toMatch(/^integer 9{192}…\[99,693 characters left out\]…9+ does not fit in 64 bits \(the largest is 0x7fff_ffff_ffff_ffff = 9223372036854775807\)$/);
  });

  it('a name of 200,000 characters', () => {
    const [d] = parseScenario(inThread(`let x = ${'a'.repeat(200_000)}`), 'a.futex').diagnostics;
    expect(d!.message).toBe(`unknown name '${'a'.repeat(186)}…[199,615 characters left out]…${'a'.repeat(199)}'`);
  });

  it('a short message is untouched', () => {
    const [d] = parseScenario(inThread('let x = nosuch'), 's.futex').diagnostics;
    expect(d!.message).toBe("unknown name 'nosuch'");
  });
});
