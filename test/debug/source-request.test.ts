// The source request answers the launched scenario's text for its path only: it answered it for
// any path or sourceReference (the seventh session's user-path audit), so a client asking for
// another file was shown the scenario under that file's name.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { clientPerTest, EXAMPLE_COW, failure, fixture, launchAndStop } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

test('source: the scenario by its path; another path, a sourceReference or no path is an error', async () => {
  const file = fixture('counter.futex');
  await launchAndStop(dc, { program: file, stopOnEntry: true });
  const ok = await dc.sourceRequest({ source: { path: file }, sourceReference: 0 });
  expect(ok.body.content).toBe(readFileSync(file, 'utf8'));
  expect(ok.body.mimeType).toBe('text/x-futex');
  expect(await failure(dc.sourceRequest({ source: { path: EXAMPLE_COW }, sourceReference: 0 }))).toBe(`source: the session's only source is ${file}`);
  expect(await failure(dc.sourceRequest({ sourceReference: 7 }))).toMatch(/^source: no source has sourceReference 7\b/);
  expect(await failure(dc.sourceRequest({ source: { path: file, sourceReference: 3 }, sourceReference: 3 }))).toMatch(/^source: no source has sourceReference 3\b/);
  expect(await failure(dc.sourceRequest({ sourceReference: 0 }))).toMatch(/^source: name the source by its path/);
  expect(await failure(dc.sourceRequest({ sourceReference: -1 }))).toMatch(/^source: sourceReference/);
  // The adapter goes on answering.
  expect((await dc.threadsRequest()).success).toBe(true);
});
