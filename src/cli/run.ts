// `futexlab run`: one scenario under one strategy and schedule.

import type { Program } from '../session/program';
import type { Overrides } from '../session/options';
import { Session } from '../session/session';
import { runJson } from '../session/report';
import { formatEvent } from './format';
import { JSON_FORMAT_VERSION } from './version';
import { jsonText, printable } from '../session/printable';
import { plural } from '../lang/plural';

export function runCommand(program: Program, file: string, o: Overrides, json: boolean, trace: boolean, out: (s: string) => void): number {
  // The log is read only by --trace: without it, the session makes no event nobody reads (#11).
  const s = new Session(program, { ...o, eventLog: trace });
  s.run();
  const r = runJson(s, file, trace && json);
  if (json) {
    out(jsonText({ version: JSON_FORMAT_VERSION, ...r }));
  } else {
    if (trace) for (const e of s.events) out(printable(formatEvent(e, s)));
    for (const line of r.output) out(`${line.thread}: ${printable(line.text)}`);
    for (const a of r.anomalies) out(`anomaly: ${a.kind} at step ${a.step} (${a.thread}${a.others.length ? ' -> ' + a.others.join(', ') : ''}): ${printable(a.message)}`);
    for (const n of r.notes) out(`note: ${n.kind} at step ${n.step}: ${printable(n.message)}`);
    for (const t of s.k.s.tasks) if (t.state === 'killed') out(`killed: ${t.name}: ${printable(t.killedBy)}`);
    out(`result: ${r.result} (${plural(r.steps, 'step')})`);
  }
  return r.result === 'ok' ? 0 : 1;
}
