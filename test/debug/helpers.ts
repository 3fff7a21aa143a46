// Shared by the DAP tests: they drive the BUILT adapter (out/debugAdapter.js, built by
// `node esbuild.js`, which `npm test` runs first) over stdio with DebugClient, as VS Code does.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Runner } from '../../src/debug/runner';
import type { Session } from '../../src/session/session';

export const ROOT = path.resolve(__dirname, '../..');
export const ADAPTER = path.join(ROOT, 'out/debugAdapter.js');
export const FIXTURES = path.join(__dirname, 'fixtures');
export const fixture = (name: string): string => path.join(FIXTURES, name);
export const EXAMPLE_COW = path.join(ROOT, 'examples/cow-fork-wrong-wakeup.futex');

/** The 1-based line of the fixture line that contains `marker`. */
export function lineOf(file: string, marker: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`${marker} not in ${file}`);
  return i + 1;
}

/**
 * A fresh adapter process for every test of the file: `set` receives each new client (and the
 * one `restart` starts, for a test that needs a second launch); each is stopped after its test.
 */
export function clientPerTest(set: (dc: DebugClient) => void): () => Promise<void> {
  let current: DebugClient | undefined;
  const restart = async () => {
    await current?.stop();
    current = await startClient();
    set(current);
  };
  beforeEach(restart);
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return restart;
}

export async function startClient(): Promise<DebugClient> {
  if (!existsSync(ADAPTER)) throw new Error(`${ADAPTER} is missing: run 'node esbuild.js' first`);
  const dc = new DebugClient('node', ADAPTER, 'futex', undefined, true);
  dc.defaultTimeout = 10_000;
  await dc.start();
  await dc.initializeRequest({ adapterID: 'futex', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsInvalidatedEvent: true });
  return dc;
}

/**
 * Launch, let `configure` set breakpoints, send configurationDone, and wait for the first stop.
 * Resolves with the stopped event.
 */
export async function launchAndStop(
  dc: DebugClient,
  args: Record<string, unknown>,
  configure: () => Promise<unknown> = async () => undefined,
): Promise<DebugProtocol.StoppedEvent> {
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
  await initialized;
  await configure();
  const stopped = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

/** Send a stepping request and wait for the stop it causes. */
export async function stepAndStop(dc: DebugClient, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await send();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

export async function threadId(dc: DebugClient, name: string): Promise<number> {
  const { body } = await dc.threadsRequest();
  const t = body.threads.find((x) => x.name === name);
  if (!t) throw new Error(`no thread ${name} in ${body.threads.map((x) => x.name).join(', ')}`);
  return t.id;
}

export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const { body } = await dc.stackTraceRequest({ threadId });
  return body.stackFrames[0];
}

/** Registers of a frame, by name. */
export async function registers(dc: DebugClient, frameId: number): Promise<Record<string, string>> {
  const { body } = await dc.scopesRequest({ frameId });
  const regs = body.scopes.find((s) => s.name === 'Registers')!;
  const vars = await dc.variablesRequest({ variablesReference: regs.variablesReference });
  return Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value]));
}

export async function evaluate(dc: DebugClient, expression: string, frameId?: number): Promise<string> {
  const r = await dc.evaluateRequest({ expression, frameId, context: 'repl' });
  return r.body.result;
}

/** The error message of a request that must fail. */
export async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the request succeeded');
}

/**
 * Every stop a forward run makes, as (position, clock, thread, reason): the first stop at each
 * place (a reverse search stops once per place). The run ends at the end stop.
 */
export async function forwardStops(runner: Runner, s: Session): Promise<string[]> {
  const out: string[] = [];
  for (let guard = 0; guard < 100_000; guard++) {
    const stop = await runner.run('continue', 0, false);
    if (stop.reason === 'end') return out;
    const at = `${s.steps}@${s.k.s.clock} ${stop.tid} ${stop.reason}`;
    if (!out.some((x) => x.startsWith(`${s.steps}@${s.k.s.clock} `))) out.push(at);
  }
  throw new Error('the run never ended');
}

/**
 * Every stop reverseContinue makes from the session's position back to the start, in forward
 * order, as forwardStops writes them.
 */
export async function backwardStops(runner: Runner, s: Session): Promise<string[]> {
  const out: string[] = [];
  for (let guard = 0; guard < 100_000; guard++) {
    const stop = await runner.reverseContinue(0);
    if (stop.reason === 'entry') break;
    out.push(`${s.steps}@${s.k.s.clock} ${stop.tid} ${stop.reason}`);
    if (s.steps === 0) break; // a breakpoint at the launch position: nothing before it
  }
  return out.reverse();
}
