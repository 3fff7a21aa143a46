// The debugger's side of issue #17: the robust list of each thread in the state snapshot (what a
// Robust Lists view shows), and the thread-end walk as events a function breakpoint stops on
// ("owner died: word set, waiter woken").
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { Breakpoints, EVENT_NAMES } from '../../src/debug/breakpoints';
import { History } from '../../src/debug/history';
import { Runner } from '../../src/debug/runner';
import { registerNames } from '../../src/debug/frames';
import { kernelView } from '../../src/kernel/snapshot';

const text = readFileSync(join(__dirname, '..', '..', 'examples', 'robust-mutex-owner-killed.futex'), 'utf8');

function session(): Session {
  const r = loadProgram(text, '/robust.futex');
  if (!r.ok) throw new Error('does not load');
  return new Session(r.program, { strategy: 'modern', checkInvariants: true });
}

describe('the robust list in the state snapshot', () => {
  it('shows the head, the entry with its lock word and owner, and the pending entry', () => {
    const s = session();
    // Run until Other/main has blocked on the held mutex (WAITERS set), before the kill.
    while (s.step() && !s.events.some((e) => e.type === 'block' && s.k.s.tasks[e.tid]!.name === 'Other/main' && e.why.startsWith('futex_wait'))) { /* step */ }
    const owner = kernelView(s.k).tasks.find((t) => t.name === 'Owner/main')!;
    expect(owner.robust).not.toBeNull();
    const r = owner.robust!;
    expect(r.futexOffset).toBe(-8);
    expect(r.cut).toBe('');
    expect(r.pending).toBeNull();
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ pi: false, owner: 'Owner/main', waiters: true, ownerDied: false });
    expect(r.entries[0]!.word! & 0x3fffffff).toBe(101);
    const other = kernelView(s.k).tasks.find((t) => t.name === 'Other/main')!;
    // Other/main is inside robust_lock: its list is empty, its pending entry is the mutex.
    expect(other.robust!.entries).toEqual([]);
    expect(other.robust!.pending).toMatchObject({ owner: 'Owner/main', waiters: true });
    expect(other.wait).toMatch(/^futex q\d+$/);
    // A snapshot never faults a page in: the state's page count is unchanged by taking it.
    const pages = s.k.s.pages.filter(Boolean).length;
    kernelView(s.k);
    expect(s.k.s.pages.filter(Boolean).length).toBe(pages);
  });

  it('has no robust list for a thread that registered none, nor after the thread ended', () => {
    const s = session();
    s.run();
    for (const t of kernelView(s.k).tasks) expect(t.robust).toBeNull();
  });
});

describe('breaking on the walk', () => {
  async function firstStop(names: string[]): Promise<string> {
    const r = loadProgram(text, '/robust.futex');
    if (!r.ok) throw new Error('does not load');
    const s = new Session(r.program, { strategy: 'modern' });
    const bps = new Breakpoints(s, '/robust.futex', registerNames(r.program));
    const set = bps.setFunctions(names.map((name) => ({ name })));
    expect(set.every((b) => b.verified)).toBe(true);
    const history = new History(s, () => undefined);
    const quiet = { output: () => undefined, anomaly: () => undefined, note: () => undefined, log: () => undefined, threads: () => undefined };
    const stop = await new Runner(s, history, bps, quiet, null, false).run('continue', 0, false);
    expect(stop.reason).toBe('function breakpoint');
    return (stop as { description: string }).description;
  }

  it('a function breakpoint owner_died stops with the word set and the waiter woken', async () => {
    expect(EVENT_NAMES).toContain('owner_died');
    expect(await firstStop(['owner_died'])).toMatch(/^owner_died: owner died: Owner\/main held 0x[0-9a-f]+; word set to 0xc0000000, 1 waiter woken$/);
  });

  it('kill and robust_walk are events too', async () => {
    expect(await firstStop(['kill'])).toBe('kill: Killer/main kills Owner');
    expect(await firstStop(['robust_walk'])).toMatch(/^robust_walk: robust-walk .*"entries":1,"stop":"end"/);
  });
});

describe('the timeline', () => {
  it('marks the owner\u2019s death on its lane', async () => {
    const { buildTimeline } = await import('../../src/extension/timeline-model');
    const s = session();
    s.run();
    const tl = buildTimeline(s.events, s.k.s.tasks.map((t) => ({ tid: t.tid, name: t.name })));
    const mark = tl.marks.find((m) => m.label.startsWith('owner died'));
    expect(mark).toBeDefined();
    expect(tl.lanes[mark!.lane]!.name).toBe('Owner/main');
    expect(mark!.label).toMatch(/^owner died: word 0xc0000000 at 0x[0-9a-f]+, 1 woken$/);
  });
});

describe('the Robust Lists view', () => {
  it('shows each registered list: entries with word, owner and bits, and list_op_pending', async () => {
    const { RobustListsModel } = await import('../../src/extension/views/robust');
    const s = session();
    expect(new RobustListsModel(kernelView(s.k)).roots().map((n) => n.label)).toEqual(['no robust lists']);
    while (s.step() && !s.events.some((e) => e.type === 'block' && s.k.s.tasks[e.tid]!.name === 'Other/main' && e.why.startsWith('futex_wait'))) { /* step */ }
    const m = new RobustListsModel(kernelView(s.k));
    expect(m.summary()).toBe('2 robust lists');
    const [owner, other] = m.roots();
    expect(owner!.label).toBe('Owner/main');
    expect(owner!.description).toMatch(/^head 0x[0-9a-f]+ · 1 entry$/);
    const rows = owner!.children!();
    expect(rows.map((r) => r.label)).toEqual(['futex_offset', expect.stringMatching(/^entry 0 0x/), 'list_op_pending']);
    expect(rows[0]!.description).toBe('-8');
    expect(rows[1]!.description).toBe('0x80000065 · Owner/main · WAITERS');
    expect(rows[2]!.description).toBe('NULL');
    expect(other!.description).toMatch(/· 0 entries · pending$/);
    expect(other!.children!().at(-1)!.description).toBe('0x80000065 · Owner/main · WAITERS');
  });
});

describe('the stack frame of a thread blocked in a version-2 wait', () => {
  it('is the blocking call (futex_waitv, futex_wait_bitset, futex2_wait), not the statement after it', async () => {
    const { frameInstr } = await import('../../src/debug/frames');
    const r = loadProgram(`process A {
  map m = anon private rw pages 1
  thread a {
    let x = futex_waitv([m, 0])
    print "a", x
  }
  thread b {
    let y = futex_wait_bitset(m, 0, 1)
    print "b", y
  }
  thread c {
    let z = futex2_wait(m, 0, 1)
    print "c", z
  }
}
`, '/v.futex');
    if (!r.ok) throw new Error('does not load');
    const s = new Session(r.program, { strategy: 'modern' });
    for (let i = 0; i < 3; i++) s.step();
    const lines = s.threads.map((th) => frameInstr(s, th, th.frames.length - 1)!.range.start.line);
    expect(lines).toEqual([4, 8, 12]);
  });
});
