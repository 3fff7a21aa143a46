// "Explore schedules" (src/extension/explore-result.ts) against the real command line: the
// arguments it passes, what it tells the user for each exit status, and the replay launch.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compareArgs, compareOutcome, exploreArgs, exploreOutcome, replayConfig } from '../../src/extension/explore-result';
import { checkAttributes } from '../../src/extension/config';
import { FutexDebugSession } from '../../src/debug/session';
import { Client } from './dap-client';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'futexlab-explore-'));
const cli = join(dir, 'cli.js');
buildSync({ entryPoints: [join(root, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });

function explore(example: string, strategy: string | undefined) {
  const trace = join(dir, `${example}.${strategy}.trace.json`);
  const r = spawnSync(process.execPath, exploreArgs(cli, join(root, 'examples', example), trace, strategy), { encoding: 'utf8' });
  return { trace, outcome: exploreOutcome(r.status, r.stdout) };
}

describe('Explore schedules', () => {
  it('reports a counter-example, writes a trace and replays it in the debugger', () => {
    const { trace, outcome } = explore('cow-fork-wrong-wakeup.futex', 'pinned-page');
    expect(outcome.kind).toBe('counterexample');
    expect(outcome.message).toMatch(/^Counter-example under pinned-page: wrong-wakeup at step \d+/);
    expect(existsSync(trace)).toBe(true);
    expect(JSON.parse(readFileSync(trace, 'utf8')).schedule.length).toBeGreaterThan(0);
    const written = JSON.parse(readFileSync(trace, 'utf8'));
    const launch = replayConfig('/w/x.futex', written, undefined);
    expect(launch).toMatchObject({ type: 'futex', request: 'launch', program: '/w/x.futex', replay: { scenarioHash: written.scenarioHash, schedule: written.schedule }, strategy: 'pinned-page', stopOnEntry: true });
    expect(checkAttributes(launch)).toBeUndefined();
  });

  it('says when no schedule fails', () => {
    const { outcome } = explore('cow-fork-wrong-wakeup.futex', 'modern');
    expect(outcome).toEqual({ kind: 'ok', message: expect.stringMatching(/^No schedule reaches an anomaly.*\(\d+ states, \d+ schedules\)\.$/) });
  });

  it('passes the error of a bad scenario or strategy on', () => {
    expect(explore('no-such-file.futex', undefined).outcome).toEqual({ kind: 'error', message: expect.stringContaining('cannot read') });
    expect(explore('cow-fork-wrong-wakeup.futex', 'linux-1.0').outcome.kind).toBe('error');
  });

  it('reads each exit status', () => {
    expect(exploreOutcome(3, '{"states": 5, "schedules": 2}').kind).toBe('incomplete');
    expect(exploreOutcome(null, '')).toEqual({ kind: 'error', message: 'futexlab explore was stopped before it finished' });
    expect(exploreOutcome(2, '')).toEqual({ kind: 'error', message: 'futexlab explore exited with status 2' });
    expect(exploreOutcome(2, '{"version": 1, "error": {"exit": 2, "message": "a.futex:3:1: error: unknown statement"}}')).toEqual({ kind: 'error', message: 'a.futex:3:1: error: unknown statement' });
    expect(exploreArgs('/c.js', 'a.futex', 't.json', undefined)).toEqual(['/c.js', 'explore', 'a.futex', '--json', '--out', 't.json']);
  });
});

describe('Compare strategies, through the command-line tool', () => {
  it('reads one run per strategy from `compare --json`, or the error', () => {
    const ok = spawnSync(process.execPath, compareArgs(cli, join(root, 'examples', 'cow-fork-wrong-wakeup.futex')), { encoding: 'utf8' });
    const r = compareOutcome(ok.status, ok.stdout);
    if ('error' in r) throw new Error(r.error);
    expect(r.runs.map((x) => x.strategy)).toEqual(['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003', 'gorman-2013', 'modern']);
    expect(r.runs[0].anomalies[0]).toMatchObject({ kind: 'wrong-wakeup', cause: { rule: 'cow-shared-page' } });
    const bad = spawnSync(process.execPath, compareArgs(cli, join(root, 'examples', 'no-such.futex')), { encoding: 'utf8' });
    expect(compareOutcome(bad.status, bad.stdout)).toEqual({ error: expect.stringContaining('cannot read') });
    expect(compareOutcome(null, '')).toEqual({ error: 'futexlab compare was stopped before it finished' });
  });
});

describe('Debug It: the counter-example in the debugger', () => {
  const program = join(root, 'examples', 'cow-fork-wrong-wakeup.futex');

  it('replays the schedule to the same wrong wake-up', async () => {
    const { trace } = explore('cow-fork-wrong-wakeup.futex', 'pinned-page');
    const c = new Client(new FutexDebugSession());
    await c.launch({ ...replayConfig(program, JSON.parse(readFileSync(trace, 'utf8')), undefined), stopOnEntry: false });
    expect(c.output()).toMatch(/anomaly: wrong-wakeup/);
  });

  // The adapter and the explorer share one scenarioHash (explore/trace.ts), so the trace file
  // itself is a valid `replay`; its strategy applies when the launch sets none.
  it('accepts the explorer\'s trace file as `replay`', async () => {
    const { trace } = explore('cow-fork-wrong-wakeup.futex', 'pinned-page');
    const c = new Client(new FutexDebugSession());
    await c.launch({ type: 'futex', request: 'launch', name: 'r', program, replay: trace, stopOnEntry: false });
    expect(c.output()).toMatch(/anomaly: wrong-wakeup/);
  });
});
