// A debugger expression's `load(...)` (src/debug/expr.ts) stands in the outer expression as a
// placeholder name, known by the name it was given, not by a prefix: a name of the user's own that
// began like one (`__load0`) was taken for a load: it read past the frame's registers (undefined,
// or NaN and a BigInt RangeError's text as the answer) or aliased the real load.
import { describe, expect, it } from 'vitest';
import { compileDebugExpr, ExprError } from '../../src/debug/expr';

// Register x = 5; map m at 0x1000 holding 7, and 0x2000 holding 0x1000.
const scope = {
  regs: [5],
  mapAddr: (n: string) => (n === 'm' ? 0x1000 : undefined),
  load: (a: number) => (a === 0x1000 ? 7 : a === 0x2000 ? 0x1000 : undefined),
};
const run = (text: string) => compileDebugExpr(text, ['x'])(scope);

describe('load() in a debugger expression', () => {
  it('reads the word, nested too', () => {
    expect(run('load(m) + x')).toBe(12);
    expect(run('load(load(0x2000)) + load(m)')).toBe(14);
  });

  it('a name of the user that looks like a placeholder is a name like any other', () => {
    for (const text of ['__load0', '__load0 + 1', 'load(m) + __load0', '__load1 + load(m)', '__loadx']) {
      expect(() => run(text), text).toThrow(ExprError);
      expect(() => run(text), text).toThrow(/^'__load[0-9x]' is not a register of this frame, a constant or a map of this process$/);
    }
  });

  it('an unaligned address is said to be one, not "nothing is mapped" (the word at m is mapped)', () => {
    expect(() => run('load(m + 1)')).toThrow(/^0x1001 is not a word address \(a load reads 4 bytes at a multiple of 4\)$/);
    expect(() => run('load(0x3000)')).toThrow(/^nothing is mapped at 0x3000$/);
  });
});
