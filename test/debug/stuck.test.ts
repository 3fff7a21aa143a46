// Hung threads, deadlock and the end of a replayed trace that hangs (issue 9 item 4, stuck.ts):
// the stop is an exception on the stuck thread (not on the thread that ran last, which has
// ended), shown on the statement it is blocked in, with exceptionInfo naming every stuck thread
// and what it waits on.

import { scenarioHash } from '../../src/explore/trace';
import { expect, test } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { readFileSync } from 'node:fs';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { runJson } from '../../src/session/report';
import { clientPerTest, fixture, launchAndStop, lineOf, threadId } from './helpers';

const LOST = fixture('lost-wakeup.futex');
const WAIT = lineOf(LOST, 'MARK:wait');
let dc: DebugClient;
clientPerTest((c) => (dc = c));

async function topLine(tid: number): Promise<{ line: number; name: string }> {
  const f = (await dc.stackTraceRequest({ threadId: tid })).body.stackFrames[0];
  return { line: f.line, name: f.name };
}

test('a hung thread: an exception stop on the hung thread, at its futex_wait, naming what it waits on', async () => {
  const stop = await launchAndStop(dc, { program: LOST });
  const waiter = await threadId(dc, 'P/waiter');
  expect(stop.body.reason).toBe('exception');
  expect(stop.body.threadId).toBe(waiter);
  expect(stop.body.description).toMatch(/^hung: a thread is blocked forever, with no timeout and no wake-up to come: P\/waiter in futex_wait on \(mm#1, 0x10000000[^)]*\), bucket \d+; deadlock: /);
  const info = await dc.exceptionInfoRequest({ threadId: waiter });
  expect(info.body.exceptionId).toBe('hung');
  expect(info.body.description).toMatch(/P\/waiter in futex_wait on \(mm#1, 0x10000000[^)]*\), bucket \d+$/);
  expect(await topLine(waiter)).toEqual({ line: WAIT, name: expect.stringMatching(/^futex_wait on/) });
  // The run is over: continuing ends the session.
  const exited = dc.waitForEvent('exited');
  await dc.continueRequest({ threadId: waiter });
  expect((await exited).body.exitCode).toBe(1);
});

test('a deadlock alone (the hung filter off): exception on the stuck thread, exceptionInfo names it', async () => {
  const stop = await launchAndStop(dc, { program: LOST }, () => dc.setExceptionBreakpointsRequest({ filters: ['deadlock'] }));
  const waiter = await threadId(dc, 'P/waiter');
  expect([stop.body.reason, stop.body.threadId]).toEqual(['exception', waiter]);
  const info = await dc.exceptionInfoRequest({ threadId: waiter });
  expect(info.body.exceptionId).toBe('deadlock');
  expect(info.body.description).toMatch(/^nothing can run and no timer is pending; left: P\/waiter in futex_wait on \(mm#1, 0x10000000[^)]*\)/);
  expect((await topLine(waiter)).line).toBe(WAIT);
});

test('replaying a trace that ends in a hang says so, not "no failure"', async () => {
  const r = loadProgram(readFileSync(LOST, 'utf8'), LOST);
  if (!r.ok) throw new Error('fixture does not load');
  const s = new Session(r.program, {});
  const schedule: number[] = [];
  while (s.step()) schedule.push(s.lastStep.tid);
  expect(s.result).toBe('deadlock');
  const stop = await launchAndStop(dc, { program: LOST, replay: { scenarioHash: scenarioHash(readFileSync(LOST, 'utf8')), schedule } }, () => dc.setExceptionBreakpointsRequest({ filters: [] }));
  const waiter = await threadId(dc, 'P/waiter');
  expect([stop.body.reason, stop.body.threadId]).toEqual(['exception', waiter]);
  expect(stop.body.description).toMatch(/^the replayed trace fails here: the run ends with P\/waiter blocked forever in futex_wait on /);
  expect(stop.body.description).not.toMatch(/no failure/);
  expect((await dc.exceptionInfoRequest({ threadId: waiter })).body.exceptionId).toBe('hung');
  expect((await dc.customRequest('futexlab/state')).body.result).toBe('deadlock');
});

test('two hung threads of one name: each is named with its own wait (by tid, not by name)', async () => {
  const file = fixture('same-name-hung.futex');
  const stop = await launchAndStop(dc, { program: file });
  expect(stop.body.reason).toBe('exception');
  // Before, the first P/w was found for both anomalies: its word twice, the second word never.
  expect(stop.body.description).toMatch(
    /^hung: 2 threads are blocked forever, with no timeout and no wake-up to come: P\/w in futex_wait on \(mm#1, 0x10000000[^)]*\), bucket \d+; P\/w in futex_wait on \(mm#1, 0x10002000[^)]*\), bucket \d+; deadlock: /,
  );
  // The slot the debugger matches by stays out of the run's JSON (SEMANTICS.md's anomaly fields).
  const r = loadProgram(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error('fixture does not load');
  const s = new Session(r.program, {});
  while (s.step());
  expect(s.anomalies.map((a) => [a.kind, a.thread, a.tid])).toEqual([['hung', 'P/w', 1], ['hung', 'P/w', 2]]);
  expect(runJson(s, file).anomalies.map((a) => Object.keys(a))).toEqual([['kind', 'step', 'thread', 'others', 'message'], ['kind', 'step', 'thread', 'others', 'message']]);
});
