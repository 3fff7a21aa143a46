// Program output while debugging (issue 9 item 8): every line reaches the client as an output
// event; the adapter keeps only the last lines (Runner OUTPUT_KEPT .. 2x) and counts the others,
// going backward and forward in the history included.

import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { OUTPUT_KEPT } from '../../src/debug/runner';
import { clientPerTest, fixture, launchAndStop, stepAndStop } from './helpers';

const LOOP = fixture('print-loop.futex');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('5,000 lines: all sent as events, the last ones kept, the others counted', async () => {
  const lines: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => e.body.category === 'stdout' && lines.push(e.body.output.trim()));
  const end = await launchAndStop(dc, { program: LOOP });
  expect(end.body.reason).toBe('end');
  expect(lines).toHaveLength(5000);
  expect(lines[4999]).toBe('P/main: 4999');
  const st = (await dc.customRequest('futexlab/state')).body;
  expect(st.output.length).toBeLessThanOrEqual(2 * OUTPUT_KEPT);
  expect(st.outputDropped + st.output.length).toBe(5000);
  expect(st.output[st.output.length - 1].text).toBe('4999');
  // Back to the middle and forward to the end again: the count stays right.
  const middle = Math.floor(st.historyLength / 2);
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: middle }));
  const mid = (await dc.customRequest('futexlab/state')).body;
  const printed = mid.outputDropped + mid.output.length;
  expect(printed).toBeGreaterThan(1000);
  expect(printed).toBeLessThan(5000);
  if (mid.output.length > 0) expect(mid.output[mid.output.length - 1].text).toBe(String(printed - 1));
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: st.historyLength }));
  const again = (await dc.customRequest('futexlab/state')).body;
  expect(again.outputDropped + again.output.length).toBe(5000);
  expect(again.output.every((o: unknown) => o !== null)).toBe(true);
});
