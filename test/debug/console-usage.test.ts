// A Debug Console command typed without its operand, as a user tries one (the ninth session's
// audit): `bucket`, `key`, `page`, `swap_out` and `swap_in` answered "empty expression", and
// `run` "no thread ''". Each says its usage.
import { describe, expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, EXAMPLE_COW, failure, launchAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

describe('console commands without their operand', () => {
  test('say their usage, and change nothing', async () => {
    await launchAndStop(dc, { program: EXAMPLE_COW, stopOnEntry: true });
    const before = JSON.stringify((await dc.customRequest('futexlab/state')).body.view);
    const said: string[] = [];
    for (const c of ['bucket', 'key', 'page', 'run', 'swap_out', 'swap_in', 'truncate', 'lock_page', '  bucket  ']) {
      said.push(await failure(dc.evaluateRequest({ expression: c, context: 'repl' })));
    }
    expect(said).toEqual([
      'usage: bucket N', 'usage: key ADDR [, private]', 'usage: page ADDR', 'usage: run THREAD', 'usage: swap_out ADDR|NAME',
      'usage: swap_in ADDR|NAME', 'usage: truncate FILE, pages N', 'usage: lock_page ADDR, ticks T', 'usage: bucket N',
    ]);
    expect(JSON.stringify((await dc.customRequest('futexlab/state')).body.view)).toBe(before);
  });
});
