// A print loop does not flood the client (src/debug/output-gate.ts, issue 9: the adapter runs in
// the extension host): between two stops at most LINES_PER_RUN lines go out as output events, the
// others are counted and said in the Debug Console; the state keeps the last lines either way,
// and the next run between stops sends lines again.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { GATE_CLOSED, LINES_PER_RUN } from '../../src/debug/output-gate';
import { clientPerTest, launchAndStop, lineOf, stepAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

const LOOP = `scenario "a long print loop"
process P {
  thread main {
    let i = 0
    while i < 25000 {
      print i
      i = i + 1
    }
    print "done" // stop here
  }
}
`;

test('25,000 lines in one run: 10,000 events, the rest counted and said; the next run sends again', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'futexlab-gate-')), 'loop.futex');
  writeFileSync(file, LOOP);
  const lines: string[] = [];
  const console: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    if (e.body.category === 'stdout') lines.push(e.body.output.trim());
    if (e.body.category === 'console') console.push(e.body.output.trim());
  });
  const line = lineOf(file, 'stop here');
  const stop = await launchAndStop(dc, { program: file, stopOnEntry: false }, () => dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line }] }));
  expect(stop.body.reason).toBe('breakpoint');
  expect(lines).toHaveLength(LINES_PER_RUN);
  expect(lines[LINES_PER_RUN - 1]).toBe(`P/main: ${LINES_PER_RUN - 1}`);
  expect(console.filter((c) => c === GATE_CLOSED)).toHaveLength(1);
  expect(console).toContain(`${25000 - LINES_PER_RUN} more output lines were not shown (more than ${LINES_PER_RUN} in one run); the last ones are in the state (futexlab/state output)`);
  const st = (await dc.customRequest('futexlab/state')).body;
  expect(st.output[st.output.length - 1].text).toBe('24999');
  expect(st.outputDropped + st.output.length).toBe(25000);
  // The next run, to the end: its line goes out.
  const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: stop.body.threadId ?? 1 }));
  expect(end.body.reason).toBe('end');
  expect(lines[lines.length - 1]).toBe('P/main: done');
  expect(lines).toHaveLength(LINES_PER_RUN + 1);
}, 60_000);
