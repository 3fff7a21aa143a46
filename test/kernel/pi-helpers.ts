// Shared helpers of the PI tests: run a scenario text under an era with invariants on.
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

export function session(text: string, strategy = 'modern', extra: Record<string, unknown> = {}): Session {
  const r = loadProgram(text, 'pi.futex');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  return new Session(r.program, { strategy, checkInvariants: true, ...extra });
}

export function run(text: string, strategy = 'modern', extra: Record<string, unknown> = {}): Session {
  const s = session(text, strategy, extra);
  s.run();
  return s;
}

export const lines = (s: Session) => s.output.map((o) => `${o.thread.split('/')[1]}: ${o.text}`);
export const kinds = (s: Session) => s.anomalies.map((a) => a.kind);
