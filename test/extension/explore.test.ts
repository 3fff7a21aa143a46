// "Explore schedules" (src/extension/explore-result.ts) against the real command line: the
// arguments it passes, what it tells the user for each exit status, and the replay launch.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compareArgs, compareOutcome, exploreArgs, exploreOutcome, exploreProgress, progressMessage, replayConfig } from '../../src/extension/explore-result';
import { progressText } from '../../src/cli/explore';
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
    expect(outcome).toEqual({ kind: 'ok', message: expect.stringMatching(/^No schedule reaches an anomaly.*\([\d,]+ states, [\d,]+ schedules\)\.$/) });
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

  it('reads Cancel as information, with what was covered when the explorer could say it', () => {
    expect(exploreOutcome(3, '{"states": 5, "schedules": 2}', true)).toEqual({ kind: 'cancelled', message: 'Exploration cancelled after 5 states, 2 schedules: no failure in what it covered.' });
    expect(exploreOutcome(null, '', true)).toEqual({ kind: 'cancelled', message: 'Exploration cancelled: no failure in what it covered.' });
    // Counted as the progress notification counts (it showed 460,935 states, then "after 1296690").
    expect(exploreOutcome(3, '{"states": 1296690, "schedules": 1167}', true).message).toBe('Exploration cancelled after 1,296,690 states, 1,167 schedules: no failure in what it covered.');
    expect(exploreOutcome(0, '{"states": 12345, "schedules": 20}').message).toBe('No schedule reaches an anomaly, deadlock or failed assert (12,345 states, 20 schedules).');
    // A counter-example found before the cancel still counts.
    const { outcome } = explore('cow-fork-wrong-wakeup.futex', 'pinned-page');
    expect(outcome.kind).toBe('counterexample');
  });

  it('Cancel (SIGINT, as the command sends it) ends a long search with what it covered', async () => {
    const trace = join(dir, 'mutex2.cancel.trace.json');
    const child = spawn(process.execPath, exploreArgs(cli, join(root, 'examples', 'mutex2.futex'), trace, undefined), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    setTimeout(() => child.kill('SIGINT'), 1500);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    const outcome = exploreOutcome(code, stdout, true);
    expect(outcome.kind).toBe('cancelled');
    expect(outcome.message).toMatch(/^Exploration cancelled after [1-9][\d,]* states, [\d,]+ schedules: no failure in what it covered\.$/);
  }, 30_000);

  it('names the failure and the strategy it ran under, as the command line does', () => {
    const { outcome } = explore('cow-fork-wrong-wakeup.futex', 'pinned-page');
    if (outcome.kind !== 'counterexample') throw new Error(`expected a counter-example, got ${outcome.kind}: ${outcome.message}`);
    expect(outcome.failure.strategy).toBe('pinned-page');
    expect(outcome.failure.summary).toMatch(/^wrong-wakeup at step \d+ \(P\/main\)$/);
  });

  it('shows the count and rate of states as progress', () => {
    // The progress line of the command line under --json, as it makes it (cli/explore.ts): data,
    // not the words a reader gets without --json.
    expect(exploreProgress(progressText({ states: 1200, transitions: 1500, schedules: 30, seconds: 1.5 }, 60, true))).toEqual({ states: 1200, rate: 800 });
    expect(exploreProgress(progressText({ states: 12345, transitions: 20000, schedules: 30, seconds: 6.9 }, 0, true))).toEqual({ states: 12345, rate: 1789 });
    expect(exploreProgress('{"progress":{"states":57}}')).toEqual({ states: 57 });
    expect(exploreProgress(progressText({ states: 1200, transitions: 1500, schedules: 30, seconds: 1.5 }, 60, false))).toBeUndefined();
    expect(exploreProgress('cannot read x.futex')).toBeUndefined();
    expect(exploreProgress('{"error":{"message":"x"}}')).toBeUndefined();
    expect(exploreProgress('null')).toBeUndefined();
    expect(progressMessage({ states: 1200, rate: 800 }, 12.7)).toBe('1,200 states · 800 states/s · 12 s');
    expect(progressMessage(undefined, 0.2)).toBe('starting · 0 s');
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
