// docs/cli.md's JSON contract and exit-status table name every result a run can end with: they
// left out `output-limit` (issue #14's max_output), which `run --json` prints, exit 1.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '../../src/cli/main';
import type { RunResult } from '../../src/session/session-types';

const root = join(__dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
/** Every RunResult: the record makes the compiler refuse a missing or extra one. */
const RESULTS: Record<RunResult, true> = { ok: true, anomaly: true, deadlock: true, 'assert-failed': true, 'step-limit': true, 'output-limit': true };

describe('docs/cli.md names every run result', () => {
  it('in the JSON of run', () => {
    const line = doc.split('\n').find((l) => l.trim().startsWith('"result": "ok" | "anomaly"'))!;
    expect([...line.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]).filter((r) => r !== 'result').sort()).toEqual(Object.keys(RESULTS).sort());
  });

  it('in the exit-status table, row 1, and output-limit does exit 1', async () => {
    const row = doc.split('\n').find((l) => l.startsWith('| 1 |'))!;
    for (const r of Object.keys(RESULTS).filter((r) => r !== 'ok')) expect(row).toContain(`\`${r}\``);
    const out: string[] = [];
    const file = join(root, 'examples', 'mutex1.futex');
    expect(await runMain(['run', file, '--option', 'max_output=10', '--json'], (s) => out.push(s), () => {})).toBe(1);
    expect(JSON.parse(out.join('\n')).result).toBe('output-limit');
  });
});
