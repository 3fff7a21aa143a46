// The failing schedules found by "Explore schedules", newest first, for the Failing Schedules
// view: one entry per (scenario, strategy), replaced when the same pair is explored again.
// Pure: no `vscode` import, so it is tested under vitest.

import { plural } from '../lang/plural';

export interface FailingSchedule {
  /** The scenario file. */
  file: string;
  strategy: string | undefined;
  /** The trace `futexlab explore --out` wrote. */
  trace: string;
  /** What failed, as the explorer described it. */
  message: string;
  /** Steps in the schedule. */
  steps: number;
  /** The strategy it failed under (the scenario's own when none was asked for) and what failed. */
  failure?: { strategy: string; summary: string };
}

export class FailingSchedules {
  private items: FailingSchedule[] = [];

  add(s: FailingSchedule): void {
    this.items = [s, ...this.items.filter((x) => !(x.file === s.file && x.strategy === s.strategy))];
  }

  /** Exploring again without a failure clears the pair's entry. */
  clear(file: string, strategy: string | undefined): void {
    this.items = this.items.filter((x) => !(x.file === file && x.strategy === strategy));
  }

  get all(): readonly FailingSchedule[] {
    return this.items;
  }

  /** The label and description of an entry in the view. */
  static describe(s: FailingSchedule): { label: string; description: string; tooltip: string } {
    const name = s.file.split(/[\\/]/).pop() ?? s.file;
    // Name the strategy that actually ran, and the failure as `futexlab explore` words it.
    const strategy = s.failure?.strategy ?? s.strategy ?? 'its own strategy';
    return {
      label: `${name} under ${strategy}`,
      description: s.failure ? `${s.failure.summary} · ${plural(s.steps, 'step')}` : plural(s.steps, 'step'),
      tooltip: `${s.message}\n\nClick to replay it in the debugger (trace: ${s.trace})`,
    };
  }
}
