// noDebug (Ctrl+F5) on a replay launch, as "Replay counter-example" run without debugging (the
// ninth session's audit): the trace's failure stopped the run (exception) and so did its end or a
// divergence, leaving a "run" waiting for a Continue no one would press. Now the run goes on to
// the end as every noDebug run does (the anomaly is printed), and a trace that diverges ends the
// session, saying why, exit code 1.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { scenarioHash } from '../../src/explore/trace';
import { clientPerTest, EXAMPLE_COW } from './helpers';

let dc: DebugClient;
clientPerTest((c) => (dc = c));

const HASH = scenarioHash(readFileSync(EXAMPLE_COW, 'utf8'));

/** Launch without debugging; the stops and output of the whole session, and its exit code. */
async function runToEnd(replay: unknown): Promise<{ stops: string[]; out: string[]; exitCode: number }> {
  const stops: string[] = [];
  const out: string[] = [];
  dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(`${e.body.reason}: ${e.body.description}`));
  dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output.trim()));
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ program: EXAMPLE_COW, noDebug: true, replay } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.configurationDoneRequest();
  const exitCode = (await exited).body.exitCode as number;
  await terminated;
  return { stops, out, exitCode };
}

describe('noDebug replay', () => {
  test('a trace that fails: no stop, the anomaly printed, the run to its end', async () => {
    const r = await runToEnd({ scenarioHash: HASH, strategy: 'pinned-page', schedule: [0, 0, 1, 0] });
    expect(r.stops).toEqual([]);
    expect(r.out.filter((l) => l.startsWith('anomaly: wrong-wakeup at step 4'))).toHaveLength(1);
    expect(r.out).toContain('the run is over: anomaly · strategy pinned-page · 6 steps · 1 anomaly (wrong-wakeup)');
    expect(r.exitCode).toBe(1);
  });

  test('a trace that ends without a failure: no stop at its end', async () => {
    const r = await runToEnd({ scenarioHash: HASH, schedule: [0, 0] });
    expect(r.stops).toEqual([]);
    expect(r.out).toContain('the run is over: ok · strategy modern · 6 steps · no anomalies');
    expect(r.exitCode).toBe(0);
  });

  test('a trace that diverges: the session ends, saying where', async () => {
    const r = await runToEnd({ scenarioHash: HASH, schedule: [0, 0, 5] });
    expect(r.stops).toEqual([]);
    expect(r.out).toContain('the replayed trace diverges at step 3: thread 5 cannot run there (runnable: C/main)');
    expect(r.exitCode).toBe(1);
  });
});
