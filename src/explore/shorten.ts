// Counterexample shortening, after the search (issue #11: "no re-expansion on shorter paths").
// The depth-first search stops at the first failure it meets, whose schedule may wander; this
// shortens it by delta debugging (Zeller and Hildebrandt's ddmin, on the list of steps): drop a
// chunk of steps, replay what is left leniently (a step whose thread cannot run there is
// skipped), and keep the result when it still ends in a failure of the same kind. The result is
// 1-minimal: dropping any single step of it loses the failure.
//
// A livelock is a cycle, which a replay does not see: its schedule is kept as found.
// A budget (the search's `cancelled`: --max-time, --max-memory) stops the shortening between two
// replays, with the shortest failing schedule found so far: delta debugging of a 1,000-step
// schedule of 3,000 threads took two minutes after a search under --max-time 5 (the seventeenth
// session's probe).

import type { Program } from '../session/program';
import { Session } from '../session/session';
import type { Overrides } from '../session/options';
import { failureOf, type Failure } from './failure';

/**
 * Replay `schedule` leniently; return the steps actually taken if the run fails with `kind`,
 * else null. The run stops at the first failure.
 */
export function replayToFailure(program: Program, schedule: number[], kind: Failure['kind'], o: Overrides = {}): { taken: number[]; message: string } | null {
  const s = new Session(program, { strategy: o.strategy, options: o.options, schedule: 'fifo' });
  const taken: number[] = [];
  for (const tid of schedule) {
    s.idle();
    if (s.result !== null || failureOf(s)) break;
    if (!s.runnable().includes(tid)) continue;
    s.step(tid);
    taken.push(tid);
  }
  s.idle();
  const f = failureOf(s);
  return f && f.kind === kind ? { taken, message: f.message } : null;
}

/**
 * A failure with a 1-minimal schedule (at most as long as the one given), or, when `stop` says so
 * before a replay, the shortest failing schedule found until then.
 */
export function shortenFailure(program: Program, failure: Failure, o: Overrides = {}, stop?: () => boolean): Failure {
  if (failure.kind === 'livelock') return failure;
  const first = replayToFailure(program, failure.schedule, failure.kind, o);
  if (!first) return failure; // not reproducible by a plain replay: keep it as found
  let best = first.taken;
  let message = first.message;
  let chunks = 2;
  while (best.length > 0) {
    const size = Math.ceil(best.length / chunks);
    let shrunk = false;
    for (let start = 0; start < best.length; start += size) {
      if (stop?.()) return { kind: failure.kind, schedule: best, message };
      const candidate = [...best.slice(0, start), ...best.slice(start + size)];
      const r = replayToFailure(program, candidate, failure.kind, o);
      if (r && r.taken.length < best.length) {
        best = r.taken;
        message = r.message;
        shrunk = true;
        break;
      }
    }
    if (shrunk) chunks = Math.max(2, chunks - 1);
    else if (size === 1) break;
    else chunks = Math.min(best.length, chunks * 2);
  }
  return { kind: failure.kind, schedule: best, message };
}
