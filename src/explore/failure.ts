// What counts as a failure of a run, for every search mode (exhaustive, random, PCT, shortening).

import type { Session } from '../session/session';
import { noun } from '../lang/plural';

export type FailureKind = 'anomaly' | 'deadlock' | 'assert-failed' | 'livelock';

export interface Failure {
  kind: FailureKind;
  /** The tid run at each step, from the initial state to the failure. */
  schedule: number[];
  message: string;
}

export function failureOf(s: Session): { kind: FailureKind; message: string } | null {
  if (s.result === 'assert-failed') return { kind: 'assert-failed', message: s.endMessage };
  if (s.result === 'deadlock') return { kind: 'deadlock', message: s.endMessage };
  if (s.anomalies.length > 0) {
    const a = s.anomalies[0];
    return { kind: 'anomaly', message: `${a.kind}: ${a.message}` };
  }
  return null;
}

/** A fair cycle's message (search.ts, flat-search.ts): the threads that never finish, by name. */
export function livelockMessage(stuck: string[]): string {
  return `the schedule can cycle forever with every runnable thread taking steps: ${stuck.join(', ')} never ${noun(stuck.length, 'finishes', 'finish')}`;
}
