// `futexlab run`: one scenario under one strategy and schedule.

import type { Program } from '../session/program';
import type { Overrides } from '../session/options';
import { Session } from '../session/session';
import { runJson } from '../session/report';
import { formatEvent } from './format';
import { JSON_FORMAT_VERSION } from './version';

export function runCommand(program: Program, file: string, o: Overrides, json: boolean, trace: boolean, out: (s: string) => void): number {
  const s = new Session(program, o);
  s.run();
  const r = runJson(s, file, trace && json);
  if (json) {
    out(JSON.stringify({ version: JSON_FORMAT_VERSION, ...r }, null, 2));
  } else {
    if (trace) for (const e of s.events) out(formatEvent(e, s));
    for (const line of r.output) out(`${line.thread}: ${line.text}`);
    for (const a of r.anomalies) out(`anomaly: ${a.kind} at step ${a.step} (${a.thread}${a.others.length ? ' -> ' + a.others.join(', ') : ''}): ${a.message}`);
    for (const n of r.notes) out(`note: ${n.kind} at step ${n.step}: ${n.message}`);
    for (const t of s.k.s.tasks) if (t.state === 'killed') out(`killed: ${t.name}: ${t.killedBy}`);
    out(`result: ${r.result} (${r.steps} steps)`);
  }
  return r.result === 'ok' ? 0 : 1;
}
