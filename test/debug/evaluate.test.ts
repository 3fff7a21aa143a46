// The Debug Console (expressions, inspection commands, environment events), completions, the
// scopes that show the process and the kernel, the `futexlab/state` request, and replay of a
// schedule trace.

import { expect, test } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { scenarioHash } from '../../src/explore/trace';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { EXAMPLE_COW, evaluate, failure, fixture, launchAndStop, lineOf, clientPerTest, stepAndStop, topFrame } from './helpers';

const COUNTER = fixture('counter.futex');
let dc: DebugClient;
const restart = clientPerTest((c) => (dc = c));

/** Run to the futex_wake in main: helper is queued on heap + 4 by then. */
async function toWake(): Promise<number> {
  const stop = await launchAndStop(dc, { program: COUNTER }, () =>
    dc.setBreakpointsRequest({ source: { path: COUNTER }, breakpoints: [{ line: lineOf(COUNTER, 'MARK:wake') }] }),
  );
  return (await topFrame(dc, stop.body.threadId!)).id;
}

test('expressions over registers, maps, constants and memory', async () => {
  const frame = await toWake();
  expect(await evaluate(dc, 'i * 10 + 1', frame)).toBe('31 (0x1f)');
  expect(await evaluate(dc, 'heap', frame)).toBe('268435456 (0x10000000)');
  expect(await evaluate(dc, 'load(heap) + load(heap + 4)', frame)).toBe('4');
  expect(await evaluate(dc, '-EAGAIN', frame)).toBe('-11 (-0xb)');
  expect(await failure(dc.evaluateRequest({ expression: 'load(0x4)', frameId: frame, context: 'repl' }))).toMatch(/nothing is mapped at 0x4/);
  expect(await failure(dc.evaluateRequest({ expression: 'i / 0', frameId: frame, context: 'repl' }))).toMatch(/division by zero/);
  const hover = await dc.evaluateRequest({ expression: 'i', frameId: frame, context: 'hover' });
  expect(hover.body.result).toBe('3');
  // The client's ValueFormat, as the Variables view honours it (supportsValueFormattingOptions).
  const asHex = async (expression: string) => (await dc.evaluateRequest({ expression, frameId: frame, context: 'watch', format: { hex: true } })).body.result;
  expect(await asHex('i')).toBe('0x3');
  expect(await asHex('-EAGAIN')).toBe('-0xb');
});

test('key, bucket, waiters and page commands; none of them changes the state', async () => {
  const frame = await toWake();
  const before = JSON.stringify((await dc.customRequest('futexlab/state')).body.view);
  const key = await evaluate(dc, 'key heap + 4', frame);
  const m = /^key (\(.*\)), bucket (\d+) \(modern\); reference identity \(mm#1, 0x10000004\); waiters on it: A\/helper$/.exec(key);
  expect(m, key).not.toBeNull();
  expect(await evaluate(dc, `bucket ${m![2]}`, frame)).toMatch(new RegExp(`^bucket ${m![2]}: 1 waiter\\(s\\)\\n  q\\d+ A/helper: .* at 0x10000004, since step \\d+$`));
  expect(await evaluate(dc, 'waiters', frame)).toMatch(/^bucket \d+:\n {2}q\d+ A\/helper/);
  expect(await evaluate(dc, 'page heap', frame)).toMatch(/^0x10000000: pfn \d+, count 1, mapcount 1, pins 0, anon/);
  // An untouched address of a private mapping is not faulted in by looking at it.
  expect(await evaluate(dc, 'key heap + 0x800', frame)).toMatch(/^key /);
  // A negative argument is the command's (issue #14), not `key - 1` on a register named key.
  expect(await failure(dc.evaluateRequest({ expression: 'key -4', frameId: frame, context: 'repl' }))).toMatch(/^key 0xfffffffc: /);
  expect(await failure(dc.evaluateRequest({ expression: 'key - 4', frameId: frame, context: 'repl' }))).toMatch(/'key' is not a register/);
  expect(JSON.stringify((await dc.customRequest('futexlab/state')).body.view)).toBe(before);
});

test('environment events change the state, are announced, and replay when stepping back', async () => {
  const frame = await toWake();
  const invalidated = dc.waitForEvent('invalidated');
  expect(await evaluate(dc, 'swap_out heap', frame)).toMatch(/^swap_out 0x10000000: done at step \d+$/);
  await invalidated;
  expect(await evaluate(dc, 'page heap', frame)).toMatch(/swapped out to slot \d+/);
  expect(await evaluate(dc, 'load(heap)', frame)).toBe('3'); // read from swap, not faulted in
  const step = (await dc.customRequest('futexlab/state')).body.step;
  await stepAndStop(dc, () => dc.nextRequest({ threadId: 1 }));
  await stepAndStop(dc, () => dc.nextRequest({ threadId: 1 }));
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step }));
  expect(await evaluate(dc, 'page heap')).toMatch(/swapped out to slot \d+/);
  await stepAndStop(dc, () => dc.customRequest('futexlab/gotoStep', { step: step - 1 }));
  expect(await evaluate(dc, 'page heap')).toMatch(/pfn \d+/);
  expect(await failure(dc.evaluateRequest({ expression: 'truncate nofile, pages 1', context: 'repl' }))).toMatch(/no file 'nofile'/);
  expect(await evaluate(dc, 'reclaim')).toMatch(/^reclaim: done/);
});

test('completions for commands, registers, maps and threads', async () => {
  const frame = await toWake();
  const labels = async (text: string) => (await dc.completionsRequest({ text, column: text.length + 1, frameId: frame })).body.targets.map((t) => t.label);
  expect(await labels('sw')).toEqual(['swap_out', 'swap_in']);
  expect(await labels('he')).toEqual(['help', 'heap']);
  expect(await labels('run ')).toEqual(['A/main']);
  expect(await labels('i + ol')).toEqual(['old']);
});

test('scopes: registers, memory, the process and the kernel, paged', async () => {
  const frame = await toWake();
  const scopes = (await dc.scopesRequest({ frameId: frame })).body.scopes;
  expect(scopes.map((s) => s.name)).toEqual(['Registers', 'Memory', 'Process A', 'Kernel']);
  const vars = async (ref: number, start?: number, count?: number) => (await dc.variablesRequest({ variablesReference: ref, start, count })).body.variables;
  const proc = await vars(scopes[2].variablesReference);
  // getpid()'s PID (from 101), not the process table's slot (the first process showed "pid 0").
  expect(proc.find((v) => v.name === 'pid')!.value).toBe('101');
  const vmas = proc.find((v) => v.name === 'vmas')!;
  // One VMA (heap): "1 mapping", as the Futex Lab views count (the pane said "1 mappings").
  expect(vmas.value).toBe('1 mapping');
  const heap = (await vars(vmas.variablesReference))[0];
  expect(heap.value).toBe('0x10000000-0x10001000 VM_READ VM_WRITE');
  const heapFields = await vars(heap.variablesReference);
  expect(heapFields.find((v) => v.name === 'pte 0x10000000')!.value).toMatch(/^pfn \d+ rw$/);
  const kernel = await vars(scopes[3].variablesReference);
  const buckets = kernel.find((v) => v.name === 'buckets')!;
  expect(buckets.value).toBe('1 of 256 in use, 1 waiter');
  expect(kernel.find((v) => v.name === 'pages')!.value).toBe('1 frame');
  expect(kernel.find((v) => v.name === 'tasks')!.value).toMatch(/^2 tasks, \d+ runnable$/);
  const [bucket] = await vars(buckets.variablesReference, 0, 1);
  const [waiter] = await vars(bucket.variablesReference, 0, 1);
  expect(waiter.name).toMatch(/^q\d+ A\/helper$/);
  const fields = await vars(waiter.variablesReference);
  expect(fields.find((v) => v.name === 'identity')!.value).toBe('(mm#1, 0x10000004)');
  const pages = kernel.find((v) => v.name === 'pages')!;
  expect(pages.indexedVariables).toBeGreaterThan(0);
  const page = (await vars(pages.variablesReference, 0, 1))[0];
  expect((await vars(page.variablesReference)).map((v) => v.name)).toContain('mapcount');
});

test('futexlab/state: the kernel view plus the run', async () => {
  await toWake();
  const st = (await dc.customRequest('futexlab/state')).body;
  expect(st.view.strategy).toBe('modern');
  expect(st.view.waiterCount).toBe(1);
  expect(st.view.buckets[0].waiters[0].who).toBe('A/helper');
  expect(st.view.processes[0].vmas[0].name).toBe('heap');
  expect(st.result).toBe(null);
  expect(st.running).toBe(false);
  const end = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
  expect(end.body.reason).toBe('end');
  const done = (await dc.customRequest('futexlab/state')).body;
  expect(done.result).toBe('ok');
  expect(done.output.map((o: { text: string }) => o.text)).toEqual(['main woke 1', 'helper woken 0']);
});

test('replay a schedule trace: run it and stop where it fails', async () => {
  const text = readFileSync(EXAMPLE_COW, 'utf8');
  const r = loadProgram(text, EXAMPLE_COW);
  if (!r.ok) throw new Error('example does not load');
  const s = new Session(r.program, { strategy: 'pinned-page', schedule: 'round-robin' });
  const schedule: number[] = [];
  while (s.step()) schedule.push(s.lastStep.tid);
  const dir = mkdtempSync(path.join(tmpdir(), 'futexlab-'));
  const trace = path.join(dir, 'trace.json');
  writeFileSync(trace, JSON.stringify({ scenarioHash: scenarioHash(text), schedule }));
  const entry = await launchAndStop(dc, { program: EXAMPLE_COW, strategy: 'pinned-page', replay: trace, stopOnEntry: true }, () =>
    dc.setExceptionBreakpointsRequest({ filters: [] }),
  );
  expect(entry.body.reason).toBe('entry');
  const fail = await stepAndStop(dc, () => dc.continueRequest({ threadId: 1 }));
  expect(fail.body.reason).toBe('exception');
  expect(fail.body.description).toMatch(/^the replayed trace fails here: .*C\/main/);
  const st = (await dc.customRequest('futexlab/state')).body;
  expect(st.anomalies[0].kind).toBe('wrong-wakeup');
  // A trace that names a thread that cannot run diverges, and says where.
  await restart();
  const bad = await launchAndStop(dc, { program: EXAMPLE_COW, replay: { scenarioHash: scenarioHash(readFileSync(EXAMPLE_COW, 'utf8')), schedule: [0, 0, 0, 5] } });
  expect(bad.body.reason).toBe('exception');
  expect(bad.body.description).toMatch(/the replayed trace diverges at step \d: thread \d cannot run/);
});

test('a register or map named like a command that needs an operand, typed alone, is its value', async () => {
  const program = fixture('command-names.futex');
  await launchAndStop(dc, { program }, () => dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(program, 'MARK:print') }] }));
  expect(await evaluate(dc, 'key')).toBe('5');
  expect(await evaluate(dc, 'bucket')).toBe('7');
  expect(await evaluate(dc, 'run')).toBe('3');
  expect(await evaluate(dc, 'page')).toBe('268435456 (0x10000000)');
  // With an operand they are the commands; a command without one keeps its meaning.
  expect(await evaluate(dc, 'bucket bucket')).toBe('bucket 7 is empty');
  expect(await evaluate(dc, 'page page')).toMatch(/^0x10000000: pfn \d+/);
  expect(await evaluate(dc, 'waiters')).toBe('no waiters');
});
