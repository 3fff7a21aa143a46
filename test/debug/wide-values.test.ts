// Values past 2^53 in the debugger, as print shows them (docs/language.md: "print shows values
// past 2^53 in full decimal"): the Debug Console and the Variables view showed INT64_MIN as
// -9223372036854776000, JavaScript's shortest form of the double (the ninth session's audit).
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, evaluate, launchAndStop, registers, stepAndStop, topFrame } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

const FILE = path.join(mkdtempSync(path.join(tmpdir(), 'futexlab-wide-')), 'wide.futex');
writeFileSync(FILE, `scenario "a value past 2^53"
process A {
  thread main {
    let x = -9223372036854775808
    print x
    print x
  }
}
`);

describe('values past 2^53', () => {
  test('the Debug Console, the Variables view and print agree on INT64_MIN', async () => {
    const entry = await launchAndStop(dc, { program: FILE, stopOnEntry: true });
    const printed = new Promise<string>((resolve) => dc.on('output', (e) => e.body.category === 'stdout' && resolve(e.body.output)));
    await stepAndStop(dc, () => dc.nextRequest({ threadId: entry.body.threadId! }));
    await stepAndStop(dc, () => dc.nextRequest({ threadId: entry.body.threadId! }));
    expect(await printed).toBe('A/main: -9223372036854775808\n');
    expect(await evaluate(dc, 'x')).toBe('-9223372036854775808 (-0x8000000000000000)');
    expect(await evaluate(dc, '-9223372036854775808 / -1')).toBe('-9223372036854775808 (-0x8000000000000000)');
    expect(await evaluate(dc, '0x7fff_ffff_ffff_fc00')).toBe('9223372036854774784 (0x7ffffffffffffc00)');
    const frame = await topFrame(dc, entry.body.threadId!);
    expect((await registers(dc, frame.id)).x).toBe('-9223372036854775808 (-0x8000000000000000)');
  });
});

describe('addresses past 32 bits in console commands', () => {
  test('the command names the address it acted on, not its low 32 bits', async () => {
    await launchAndStop(dc, { program: FILE, stopOnEntry: true });
    // Was "swap_out 0x0: done at step 0" and "key 0x0: ...": the echo named another address.
    expect(await evaluate(dc, 'swap_out 0x1_0000_0000')).toBe('swap_out 0x100000000: done at step 0');
    const key = await dc.evaluateRequest({ expression: 'key 0x1_0000_1000', context: 'repl' }).then(() => 'answered', (e: Error) => e.message);
    expect(key).toBe('key 0x100001000: get_futex_key fails with -14');
    expect(await evaluate(dc, 'page 0x1_0000_0000')).toBe('0x100000000: no page mapped (not faulted in, and no mapping)');
  });
});
