// Kernel views from the real engine, for the extension's view tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProgram } from '../../src/session/load';
import { Session, type SessionConfig } from '../../src/session/session';
import { kernelView, type KernelView } from '../../src/kernel/snapshot';
import type { ViewNode } from '../../src/extension/views/node';

/** A parent writes its private word and forks; the child writes it (a COW break in C) and sleeps. */
export const FORK_THEN_WRITE = `process P {
  map word = anon private rw pages 1
  store word, 1
  thread main {
    fork C {
      store word, 2
      sleep 5
    }
    sleep 5
  }
}`;

/**
 * Frames, a swap slot, a bucket and VMAs that go away: the child's exit unmaps its VMAs and frees
 * its frames, its timed wait leaves its bucket, swap_in frees the slot, munmap a VMA and its frame.
 */
export const GONE = `process P {
  map a = anon private rw pages 1
  map b = anon private rw pages 1
  thread main {
    store a, 1
    store b, 2
    fork C {
      store b, 3
      let r = futex_wait(a, 1, timeout 2)
    }
    swap_out a
    sleep 5
    munmap b
    store a, 4
    sleep 1
  }
}`;

export const example = (name: string) => readFileSync(join(__dirname, '..', '..', 'examples', name), 'utf8');

export function session(text: string, config: SessionConfig = {}): Session {
  const r = loadProgram(text, 't.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return new Session(r.program, config);
}

/** Step until `until(view)` holds (or the run ends); returns the view there. */
export function stepUntil(s: Session, until: (v: KernelView) => boolean): KernelView {
  let v = kernelView(s.k);
  while (!until(v)) {
    if (!s.step()) throw new Error(`run ended (${s.result}) before the condition held`);
    v = kernelView(s.k);
  }
  return v;
}

/** Step until `n` futex_qs are queued (cheap check: for the 10,000-waiter runs). */
export function stepUntilWaiters(s: Session, n: number): KernelView {
  while (s.k.s.futex.queues.size !== n) {
    if (!s.step()) throw new Error(`run ended (${s.result}) before ${n} waiters queued`);
  }
  return kernelView(s.k);
}

/** Every node of a tree, expanding everything (for small trees only). */
export function expandAll(nodes: ViewNode[]): ViewNode[] {
  return nodes.flatMap((n) => [n, ...expandAll(n.children ? n.children() : [])]);
}

/** The node with this id among the expanded tree. */
export function find(nodes: ViewNode[], id: string): ViewNode {
  const n = expandAll(nodes).find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in ${expandAll(nodes).map((x) => x.id).join(' ')}`);
  return n;
}

/** N threads of one process each waiting on its own word (spread over `buckets` buckets). */
export function manyWaiters(n: number, buckets = 256): string {
  const pages = Math.ceil((n * 4) / 4096);
  return `
option buckets = ${buckets}
process P {
  map m = anon private rw pages ${pages}
  thread main {
    let i = 0
    while i < ${n} {
      spawn w {
        let r = futex_wait(m + i * 4, 0)
        print r
      }
      i = i + 1
    }
  }
}`;
}
