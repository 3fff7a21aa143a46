// Engine-wide properties: determinism, invariants after every step, snapshot/restore, layering.
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { STRATEGY_IDS } from '../../src/kernel/futex/variants';
import { mutex3Scenario } from '../../bench/mutex3';

function program(text: string) {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return r.program;
}

const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');

describe('determinism', () => {
  it('same scenario, strategy and schedule give the same event log', () => {
    for (const schedule of ['fifo', 'round-robin', 'random(7)']) {
      const p = program(mutex3Scenario(3, 20, schedule));
      const a = new Session(p, {});
      a.run();
      const b = new Session(p, {});
      b.run();
      expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
      expect(a.result).toBe('ok');
    }
  });
});

describe('invariants', () => {
  it('hold after every step of mutex3 under every strategy and schedule', () => {
    for (const strategy of STRATEGY_IDS) {
      for (const schedule of ['fifo', 'round-robin', 'random(3)']) {
        const s = new Session(program(mutex3Scenario(4, 15, schedule)), { strategy, checkInvariants: true });
        expect(s.run(), `${strategy} ${schedule}`).toBe('ok');
        expect(s.output.map((o) => Number(o.text)).sort((x, y) => y - x)[0]).toBe(60);
      }
    }
  });

  it('hold through fork, COW, swap-out, reclaim, truncate and exit', () => {
    const text = `
file db pages 2
process A {
  map heap = anon private rw pages 2
  map f = file db shared rw pages 2
  map p = file db private rw pages 2
  store heap, 5
  thread main {
    let x = load p
    fork B {
      store heap, 6
      swap_out heap
      let y = load heap
      print "B sees", y
      store f + 4096, 9
      reclaim
      let z = load heap + 4096
      print "B zero", z
    }
    swap_out heap
    reclaim
    let w = load heap
    print "A sees", w
    sleep 20
    truncate db, pages 1
    munmap p
  }
}`;
    for (const strategy of STRATEGY_IDS) {
      const s = new Session(program(text), { strategy, checkInvariants: true });
      expect(s.run(), strategy).toBe('ok');
      expect(s.output.map((o) => `${o.thread}: ${o.text}`)).toEqual(expect.arrayContaining(['B/main: B sees 6', 'A/main: A sees 5', 'B/main: B zero 0']));
    }
  });
});

describe('snapshot and restore', () => {
  it('restoring an earlier snapshot and re-running gives the same future', () => {
    const p = program(mutex3Scenario(3, 10, 'round-robin'));
    const s = new Session(p, {});
    s.run(50);
    const snap = s.snapshot();
    s.run();
    const end = JSON.stringify(s.events);
    s.restore(snap);
    expect(s.steps).toBe(50);
    s.run();
    expect(JSON.stringify(s.events)).toBe(end);
  });

  it('the headline example runs and its anomaly names the rule', () => {
    const s = new Session(program(example('cow-fork-wrong-wakeup.futex')), { strategy: 'pinned-page', checkInvariants: true });
    expect(s.run()).toBe('anomaly');
    expect(s.anomalies[0].message).toMatch(/same page/);
  });
});

describe('layers', () => {
  // ARCHITECTURE.md: a layer imports only from layers below it; kernel/ uses no Node API.
  const order = ['kernel', 'lang', 'session', 'explore', 'native', 'cli', 'debug', 'extension'];
  const allowed: Record<string, string[]> = {
    kernel: ['kernel'], lang: ['lang', 'kernel'], session: ['session', 'lang', 'kernel'],
    explore: ['explore', 'session', 'lang', 'kernel'], cli: ['cli', 'native', 'explore', 'session', 'lang', 'kernel'],
    native: ['native', 'session', 'lang', 'kernel'],
    debug: ['debug', 'explore', 'session', 'lang', 'kernel'], extension: order,
  };
  function files(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
  }
  it('no layer reaches above itself, and kernel/ imports no Node API', () => {
    const src = join(__dirname, '..', '..', 'src');
    for (const layer of order) {
      let list: string[] = [];
      try { list = files(join(src, layer)); } catch { continue; }
      for (const f of list) {
        const text = readFileSync(f, 'utf8');
        for (const m of text.matchAll(/from '(\.\.?\/[^']+|node:[^']+|vscode|@vscode\/[^']+)'/g)) {
          const spec = m[1];
          if (spec.startsWith('node:') || spec === 'vscode' || spec.startsWith('@vscode/')) {
            if (['kernel', 'lang', 'session', 'explore'].includes(layer)) expect.fail(`${f} imports ${spec}`);
            continue;
          }
          const target = join(f, '..', spec).slice(src.length + 1).split('/')[0];
          expect(allowed[layer], `${f} imports ${spec}`).toContain(target);
        }
      }
    }
  });
});

describe('layers, file by file', () => {
  // ARCHITECTURE.md: the views, Variables and the console read the kernel's one projection
  // (kernel/snapshot.ts); debug/ and extension/ reach the engine through session/, and may take
  // from kernel/ only the snapshot and the types of its events.
  const src = join(__dirname, '..', '..', 'src');
  function files(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
  }
  const imports = (f: string) => [...readFileSync(f, 'utf8').matchAll(/^import (type )?[^;]*?from '(\.\.?\/[^']+)'/gm)]
    .map((m) => ({ typeOnly: !!m[1], target: join(f, '..', m[2]).slice(src.length + 1) }));

  it('debug/ and extension/ import kernel/ only as the snapshot and event types', () => {
    const bad: string[] = [];
    for (const layer of ['debug', 'extension']) {
      for (const f of files(join(src, layer))) {
        for (const i of imports(f)) {
          if (!i.target.startsWith('kernel/')) continue;
          // Types only: functions (keyLabel, the projection itself) come through session/inspect.
          if (i.typeOnly && (i.target === 'kernel/snapshot' || i.target === 'kernel/events')) continue;
          bad.push(`${f.slice(src.length + 1)} imports ${i.target}${i.typeOnly ? ' (types)' : ''}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('debug/ reads kernel state only through the session and the snapshot, never the live kernel', () => {
    const bad: string[] = [];
    for (const f of files(join(src, 'debug'))) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (/\.k\.s\b|\bsession\.k\b|\bs\.k\b/.test(line)) bad.push(`${f.slice(src.length + 1)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('debug/ reads a thread from the projection (session/inspect), never the live Task through Session.tasks', () => {
    const bad: string[] = [];
    for (const f of files(join(src, 'debug'))) {
      readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        if (/\b(?:s|session|this\.session|launch\.session)\.tasks\b|\.waitDescription\(/.test(line)) bad.push(`${f.slice(src.length + 1)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('kernel/futex has no import cycle (get_futex_key in core.ts, as kernel/futex/core.c)', () => {
    const dir = join(src, 'kernel', 'futex');
    const graph = new Map<string, string[]>();
    for (const f of files(dir)) graph.set(f.slice(src.length + 1).replace(/\.ts$/, ''), imports(f).filter((i) => !i.typeOnly).map((i) => i.target));
    const cycles: string[] = [];
    const visit = (n: string, path: string[]) => {
      for (const m of graph.get(n) ?? []) {
        if (path.includes(m)) cycles.push([...path.slice(path.indexOf(m)), m].join(' -> '));
        else if (graph.has(m) && path.length < 20) visit(m, [...path, m]);
      }
    };
    for (const n of graph.keys()) visit(n, [n]);
    expect(cycles).toEqual([]);
  });
});

describe('scheduling corner cases', () => {
  it('a thread whose last statement blocks stays queued until woken', () => {
    const s = new Session(program(`
process A {
  map w = anon private rw pages 1
  thread a { futex_wait(w, 0) }
  thread b {
    sleep 5
    let n = futex_wake(w, 1)
    print "woke", n
  }
}`), { checkInvariants: true });
    expect(s.run()).toBe('ok');
    expect(s.output.map((o) => o.text)).toEqual(['woke 1']);
  });

  it('fifo switches to the head of the run queue after a one-tick sleep', () => {
    const s = new Session(program(`
process A {
  thread a {
    sleep 1
    print "a"
  }
  thread b { print "b" }
}`));
    s.run();
    expect(s.output.map((o) => o.text)).toEqual(['b', 'a']);
  });
});

describe('every construct of the language runs', () => {
  it('the all-constructs fixture runs to its end under every strategy with the invariants checked', () => {
    const text = readFileSync(join(__dirname, '..', 'lang', 'fixtures', 'all-constructs.futex'), 'utf8');
    for (const strategy of STRATEGY_IDS) {
      const s = new Session(program(text), { strategy, checkInvariants: true });
      const r = s.run();
      expect(['ok', 'anomaly'], strategy).toContain(r);
      expect(s.k.s.tasks.every((t) => t.state === 'ended'), strategy).toBe(true);
    }
  });
});
