// What a debug session holds once launch has succeeded, and how launch wires it: the scenario's
// Session with its breakpoints, history, runner, debug console, inspector and DAP threads. Split
// from session.ts (one concept per file) because this is the one place the parts meet: the console
// reads the history and the runner lazily, and the history runs environment actions through the
// console. session.ts keeps adapting requests to these parts (mock-debug's split).

import type { DebugProtocol } from '@vscode/debugprotocol';
import { Breakpoints } from './breakpoints';
import { DebugConsole } from './evaluate';
import { registerNames } from './frames';
import { History } from './history';
import type { Launch } from './launch';
import { Runner, type RunnerHooks } from './runner';
import { DapThreads } from './threads';
import { Inspector } from './variables';

/** Everything that exists once launch has succeeded. */
export interface Live {
  launch: Launch;
  bps: Breakpoints;
  history: History;
  runner: Runner;
  console: DebugConsole;
  inspector: Inspector;
  threads: DapThreads;
}

/**
 * The parts of a launched scenario, wired to each other; `hooks` take what the run prints and
 * `send` the thread events (both belong to the session).
 */
export function startLive(launch: Launch, hooks: RunnerHooks, send: (e: DebugProtocol.Event) => void): Live {
  const s = launch.session;
  const regNames = registerNames(launch.program);
  const bps = new Breakpoints(s, launch.file, regNames, launch.text.split(/\r\n|\r|\n/).length);
  let history: History | undefined;
  let runner: Runner | undefined;
  const console = new DebugConsole(s, regNames, () => history!, () => runner!);
  history = new History(s, (a) => console.applyEnv(a));
  runner = new Runner(s, history, bps, hooks, launch.replay, launch.stopAtEnd, launch.replayThreads, launch.noDebug);
  return { launch, bps, history, runner, console, inspector: new Inspector(s, launch.file, regNames), threads: new DapThreads(s, send) };
}
