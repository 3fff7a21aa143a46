// Shared helpers of the version-2 tests of issue #17 (bitsets, futex_waitv, futex2, robust lists).
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

export function run(text: string, strategy = 'modern'): Session {
  const r = loadProgram(text, 'v2.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col}: ${d.message}`).join('\n'));
  const s = new Session(r.program, { strategy, checkInvariants: true });
  s.run();
  return s;
}

export const lines = (s: Session): string[] => s.output.map((o) => `${o.thread}: ${o.text}`);

export const STRATEGIES = ['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003', 'gorman-2013', 'modern'] as const;
