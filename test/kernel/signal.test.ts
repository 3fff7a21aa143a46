// Signals as the kernel delivers them (GROUND-TRUTH.md S35, LANGUAGE.md `signal`, issue 15): a
// signal leaves a waiter queued until it runs; a wake that comes first wins and the wait
// returns 0. Every rule under every strategy, with the kernel invariants checked after each step.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { explore } from '../../src/explore/search';
import { kernelView } from '../../src/kernel/snapshot';

function run(text: string, strategy: string): Session {
  const r = loadProgram(text, 'signal.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const s = new Session(r.program, { strategy: strategy as (typeof STRATEGY_IDS)[number], checkInvariants: true });
  s.run();
  return s;
}
const lines = (s: Session) => s.output.map((o) => `${o.thread}: ${o.text}`);

const waiter = (wait: string) => `process P {
  map w = anon private rw pages 1
  thread t3 {
    let r = ${wait}
    print "t3", r
  }
`;

describe.each(STRATEGY_IDS.map((s) => [s]))('signals under %s', (strategy) => {
  it('signal then wake, keeping the CPU: the wake counts t3 (1), its wait returns 0', () => {
    const s = run(`${waiter('futex_wait(w, 0)')}  thread main {\n    sleep 10\n    signal t3\n    let n = futex_wake(w, 1)\n    print "wake", n\n  }\n}\n`, strategy);
    expect(s.result).toBe('ok');
    expect(lines(s)).toEqual(['P/main: wake 1', 'P/t3: t3 0']);
  });

  it('the signalled waiter runs first: it unqueues itself, -EINTR, and a later wake finds nobody', () => {
    const s = run(`${waiter('futex_wait(w, 0)')}  thread main {\n    sleep 10\n    signal t3\n    yield\n    let n = futex_wake(w, 1)\n    print "wake", n\n  }\n}\n`, strategy);
    expect(lines(s)).toEqual(['P/t3: t3 -4', 'P/main: wake 0']);
    expect(s.events.some((e) => e.type === 'unqueue' && e.why === 'signal')).toBe(true);
  });

  it('a thread that is not blocked runs the handler; its later wait blocks as usual', () => {
    const s = run(`process P {\n  map w = anon private rw pages 1\n  thread t3 {\n    sleep 5\n    let r = futex_wait(w, 0)\n    print "t3", r\n  }\n  thread main {\n    signal t3\n    sleep 20\n    let n = futex_wake(w, 1)\n    print "wake", n\n  }\n}\n`, strategy);
    expect(lines(s)).toEqual(['P/main: wake 1', 'P/t3: t3 0']);
  });

  it('a signalled waiter requeued before it runs: -EINTR from the target queue, or 0 if woken there', () => {
    const base = (tail: string) => `process P {\n  map w = anon private rw pages 1\n  thread t3 {\n    let r = futex_wait(w, 0)\n    print "t3", r\n  }\n  thread main {\n    sleep 10\n    signal t3\n    let n = futex_requeue(w, 0, 1, w + 4)\n    print "requeue", n\n${tail}  }\n}\n`;
    const a = run(base('    yield\n    let m = futex_wake(w + 4, 1)\n    print "wake", m\n'), strategy);
    const b = run(base('    let m = futex_wake(w + 4, 1)\n    print "wake", m\n'), strategy);
    if (a.output.some((o) => o.text === 'requeue -38')) return; // the strategy has no FUTEX_REQUEUE
    expect(lines(a)).toEqual(['P/main: requeue 1', 'P/t3: t3 -4', 'P/main: wake 0']);
    expect(lines(b)).toEqual(['P/main: requeue 1', 'P/main: wake 1', 'P/t3: t3 0']);
  });

  it('timer expiry and signal both pending before the waiter runs: -ETIMEDOUT', () => {
    const busy = '    store w + 8, 1\n'.repeat(12);
    const s = run(`${waiter('futex_wait(w, 0, timeout 6)')}  thread main {\n    sleep 1\n    signal t3\n${busy}    print "main done"\n  }\n}\n`, strategy);
    expect(lines(s)).toEqual(['P/main: main done', 'P/t3: t3 -110']);
  });
});

describe('the kernel view shows the pending signal on a queued waiter', () => {
  it('t3 runnable, signal pending, its futex_q still in the bucket', () => {
    const r = loadProgram(`${waiter('futex_wait(w, 0)')}  thread main {\n    sleep 10\n    signal t3\n    let n = futex_wake(w, 1)\n  }\n}\n`, 'v.futex');
    if (!r.ok) throw new Error('parse');
    const s = new Session(r.program, { strategy: 'modern', checkInvariants: true });
    while (!s.events.some((e) => e.type === 'signal') && s.step());
    const t3 = kernelView(s.k).tasks.find((t) => t.name === 'P/t3')!;
    expect(t3).toMatchObject({ state: 'runnable', sigpending: true });
    expect(t3.wait).toMatch(/^futex q\d+$/);
    expect(s.k.s.futex.queues.size).toBe(1);
  });
});

describe('a blocked poll on a FUTEX_FD', () => {
  it('returns -EINTR on a signal', () => {
    const s = run(`process P {\n  map w = anon private rw pages 1\n  thread t3 {\n    let fd = futex_fd(w)\n    let r = poll(fd)\n    print "poll", r\n  }\n  thread main {\n    sleep 10\n    signal t3\n  }\n}\n`, 'pinned-page');
    expect(lines(s)).toEqual(['P/t3: poll -4']);
  });
});

describe('explore: the signalled-but-queued waiter is a state of its own', () => {
  const scenario = (assertion: string) => `process P {\n  map w = anon private rw pages 1\n  thread t3 {\n    let r = futex_wait(w, 0)\n    assert ${assertion}, "outcome"\n  }\n  thread main {\n    sleep 10\n    signal t3\n    futex_wake(w, 1)\n  }\n}\n`;
  const prog = (text: string) => {
    const r = loadProgram(text, 'race.futex');
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    return r.program;
  };
  it('the wake-vs-signal race reaches both outcomes: 0 (wake first) and -EINTR (waiter first)', async () => {
    const notIntr = await explore(prog(scenario('r != -4')), { strategy: 'modern' });
    const notZero = await explore(prog(scenario('r != 0')), { strategy: 'modern' });
    expect(notIntr.result).toBe('counterexample');
    expect(notIntr.failure!.kind).toBe('assert-failed');
    expect(notZero.result).toBe('counterexample');
    expect(notZero.failure!.kind).toBe('assert-failed');
    const neither = await explore(prog(scenario('r == 0 || r == -4')), { strategy: 'modern' });
    expect(neither.result).toBe('ok');
  });
});
