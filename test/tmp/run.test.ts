import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
it.each(process.env.EX!.split(','))('%s', (f) => {
  const r = loadProgram(readFileSync(`examples/${f}.futex`, 'utf8'), f);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.col} ${d.message}`).join('\n'));
  for (const st of ['pinned-page', 'vcache', 'rusty-2003', 'jamie-2003', 'gorman-2013', 'modern']) {
    const s = new Session(r.program, { strategy: st, checkInvariants: true });
    s.run();
    console.log(f, st, s.result, JSON.stringify(s.output.map((o) => `${o.thread}: ${o.text}`)), s.anomalies.map((a) => a.kind).join(','), s.k.s.stats.pinnedPagesMax);
  }
});
