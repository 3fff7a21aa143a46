// The progress line (#10 §2): live on a terminal, at most one line every 10 s otherwise.
import { describe, it, expect } from 'vitest';
import { progressLine } from '../../src/cli/progress';
import { progressText } from '../../src/cli/explore';

function fake(isTTY: boolean) {
  const writes: string[] = [];
  let t = 0;
  const line = progressLine({ isTTY, write: (s: string) => writes.push(s) }, () => t);
  return { writes, line, at: (ms: number) => (t = ms) };
}

describe('progressLine', () => {
  it('into a log: nothing in the first 10 s, then at most one line every 10 s', () => {
    const f = fake(false);
    for (let ms = 0; ms <= 35_000; ms += 250) {
      f.at(ms);
      f.line.update(`at ${ms}`);
    }
    f.line.done();
    expect(f.writes).toEqual(['at 10000\n', 'at 20000\n', 'at 30000\n']);
  });

  it('on a terminal: one line rewritten in place, at most ten times a second, erased at the end', () => {
    const f = fake(true);
    for (let ms = 0; ms <= 1000; ms += 25) {
      f.at(ms);
      f.line.update(`at ${ms}`);
    }
    expect(f.writes.length).toBe(10);
    for (const w of f.writes) expect(w).toMatch(/^\r\x1b\[Kat \d+$/);
    f.line.done();
    expect(f.writes[f.writes.length - 1]).toBe('\r\x1b[K');
  });

  it('a terminal run too short to show anything leaves nothing to erase', () => {
    const f = fake(true);
    f.line.update('x');
    f.line.done();
    expect(f.writes).toEqual([]);
  });
});

describe('progressText', () => {
  const p = { states: 12345, transitions: 20000, schedules: 67, seconds: 2.7 };
  it('for a reader: the figures grouped, and the time budget', () => {
    expect(progressText(p, 60, false)).toBe('explore: 12,345 states, 67 schedules, 4,572 states/s, 3 s of 60 s');
    expect(progressText(p, 0, false)).toBe('explore: 12,345 states, 67 schedules, 4,572 states/s, 3 s');
  });
  it('under --json: one JSON object (docs/cli.md), what the extension reads', () => {
    expect(JSON.parse(progressText(p, 60, true))).toEqual({ progress: { states: 12345, schedules: 67, statesPerSecond: 4572, seconds: 3 } });
  });
});
