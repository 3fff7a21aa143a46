// The C the native runner writes for integers and negation (src/native/gen.ts): exact digits past
// 2^53 (2^62 had become 4611686018427388000), INT64_MIN as an expression, and negation through
// uint64_t, as the language wraps it (gcc had folded `-m > 0` for m = INT64_MIN to true).
// Found by a probe against C through `futexlab diff`, session 15.
import { it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { generateC } from '../../src/native/gen';

it('writes integer literals exactly, and negation that wraps', () => {
  const r = loadProgram(`process P {
  thread t {
    let m = 1 << 63
    print 4611686018427387904, -9223372036854775808, -m > 0
  }
}`, 'lit.futex');
  if (!r.ok) throw new Error('does not load');
  const c = generateC(r.program.scenario, '').source;
  expect(c).toContain('INT64_C(4611686018427387904)');
  expect(c).not.toContain('4611686018427388000');
  expect(c).toMatch(/\(int64_t\)\(0 - \(uint64_t\)/);
});
