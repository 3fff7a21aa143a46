// Counterexample shortening (src/explore/shorten.ts): the schedule kept is 1-minimal, no longer
// than the one found, and replays to the same failure.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { randomExplore } from '../../src/explore/random';
import { explore } from '../../src/explore/search';
import { replayToFailure, shortenFailure } from '../../src/explore/shorten';
import { replay } from '../../src/explore/trace';
import { failureOf } from '../../src/explore/failure';

function program(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.program;
}

// A check-then-set spin lock lets two threads in; a third thread only adds noise to schedules.
const lock = `fn lock(m) {\n  let v = load m\n  while v != 0 {\n    yield\n    v = load m\n  }\n  store m, 1\n}\n`;
const th = (i: number) => `  thread t${i} {\n    lock(mem)\n    let inside = fetch_add mem + 4, 1\n    assert inside == 0, "two inside"\n    fetch_sub mem + 4, 1\n    store mem, 0\n  }\n`;
const noise = `  thread noise {\n    let i = 0\n    while i < 6 {\n      store mem + 8, i\n      i = i + 1\n    }\n  }\n`;
const spin = program(`${lock}process P {\n  map mem = anon private rw pages 1\n${th(0)}${th(1)}${noise}}\n`);

describe('counterexample shortening', () => {
  it('shortens a wandering random schedule to a 1-minimal one that fails the same way', async () => {
    const rnd = await randomExplore(spin, { mode: 'random', runs: 50, seed: 3, depth: 3 });
    expect(rnd.result).toBe('counterexample');
    const f = rnd.failure!;
    expect(f.kind).toBe('assert-failed');
    // The noise thread's steps are never needed: none is left.
    expect(f.schedule.filter((t) => t === 2)).toEqual([]);
    const s = replay(spin, { schedule: f.schedule });
    expect(failureOf(s)?.kind).toBe('assert-failed');
    expect(s.steps).toBe(f.schedule.length);
    for (let i = 0; i < f.schedule.length; i++) {
      const without = [...f.schedule.slice(0, i), ...f.schedule.slice(i + 1)];
      expect(replayToFailure(spin, without, 'assert-failed'), `dropping step ${i} still fails`).toBeNull();
    }
  });

  it('is no longer than the unshortened schedule, for exhaustive and random search', async () => {
    const long = await randomExplore(spin, { mode: 'random', runs: 50, seed: 3, depth: 3 });
    // The same run without shortening: shortenFailure of its schedule gives the shortened one.
    const raw = { ...long.failure!, schedule: [...long.failure!.schedule, 2, 2, 2] };
    const short = shortenFailure(spin, raw);
    expect(short.schedule.length).toBeLessThan(raw.schedule.length);
    const ex = await explore(spin, { shorten: false });
    const exShort = await explore(spin);
    expect(exShort.failure!.kind).toBe(ex.failure!.kind);
    expect(exShort.failure!.schedule.length).toBeLessThanOrEqual(ex.failure!.schedule.length);
    expect(replay(spin, { schedule: exShort.failure!.schedule }).result).toBe('assert-failed');
  });

  it('keeps a livelock as found (a replay does not see a cycle)', () => {
    const f = { kind: 'livelock' as const, schedule: [0, 0, 0], message: 'cycle' };
    expect(shortenFailure(spin, f)).toBe(f);
  });

  it('a budget stops the shortening between replays, with the shortest failing schedule found so far', async () => {
    const found = (await explore(spin, { shorten: false, symmetry: false, partialOrder: false })).failure!;
    const minimal = shortenFailure(spin, found);
    expect(found.schedule.length).toBeGreaterThan(minimal.schedule.length);
    // Stopped before the first replay: the schedule as found.
    expect(shortenFailure(spin, found, {}, () => true).schedule).toEqual(found.schedule);
    // Stopped after a few replays: still failing the same way, between the two.
    let replays = 0;
    const part = shortenFailure(spin, found, {}, () => ++replays > 3);
    expect(part.schedule.length).toBeLessThanOrEqual(found.schedule.length);
    expect(part.schedule.length).toBeGreaterThanOrEqual(minimal.schedule.length);
    expect(replayToFailure(spin, part.schedule, found.kind)).not.toBeNull();
  });
});
