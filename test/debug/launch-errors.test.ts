// A launch of a scenario with very many errors: the error response lists the first
// MAX_LISTED_DIAGNOSTICS and counts the rest. Before, 200 KB of '@' made a 12 MB DAP message
// (one located line per character) for the debug console.
import { expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { MAX_LISTED_DIAGNOSTICS } from '../../src/lang/diagnostic-list';
import { clientPerTest, failure, fixture, launchAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('a launch of 200,000 errors lists the first ones and counts the rest; the adapter goes on', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'futexlab-')), 'at.futex');
  writeFileSync(file, '@ '.repeat(200_000)); // 200,000 separate errors: a run of '@' is one
  const m = await failure(dc.launchRequest({ program: file } as never));
  const lines = m.split('\n');
  expect(lines[0]).toBe('program: the scenario has 200000 error(s):');
  expect(lines.slice(1, -1)).toHaveLength(MAX_LISTED_DIAGNOSTICS);
  expect(lines[1]).toBe(`${file}:1:1: error: unexpected character '@' (U+0040)`);
  expect(lines.at(-1)).toBe(`(${(200_000 - MAX_LISTED_DIAGNOSTICS).toLocaleString('en-US')} more errors not shown)`);
  const stop = await launchAndStop(dc, { program: fixture('counter.futex'), stopOnEntry: true });
  expect(stop.body.reason).toBe('entry');
});
