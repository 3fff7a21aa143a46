// What a session shows between steps: its options, output, event log, tasks and the oracle's
// findings, read-only, for debug/, cli/ and explore/. Session (session.ts) extends it with the
// stepping; the split keeps each file to one concept.

import type { KernelEvent } from '../kernel/events';
import type { Task } from '../kernel/state';
import type { Kernel } from '../kernel/kernel';
import { earliestTimer, type SchedPolicy } from '../kernel/sched';
import type { ThreadState } from './interp';
import { newOracle, type Anomaly, type Note, type OracleState } from './oracle';
import { scheduleName, type RunOptions } from './options';
import type { OutputLine, RunResult } from './session-types';

export abstract class SessionView {
  threads: ThreadState[] = [];
  oracle: OracleState = newOracle();
  /**
   * Program output. A long-lived user (the debug adapter) may drop the lines it has passed on
   * (trimOutput): `output` then holds the lines from absolute index `outputBase` on.
   */
  output: OutputLine[] = [];
  outputBase = 0;
  result: RunResult | null = null;
  /** Why the run ended (the failed assert's message, the step limit), for the views. */
  endMessage = '';
  protected readonly policy: SchedPolicy;

  protected constructor(readonly k: Kernel, readonly opts: RunOptions) {
    this.policy = opts.schedule;
  }

  get strategyId(): string {
    return this.opts.strategy;
  }

  get scheduleName(): string {
    return scheduleName(this.policy);
  }

  get steps(): number {
    return this.k.s.step;
  }

  /** Lines printed since launch, including the ones dropped by trimOutput. */
  get outputCount(): number {
    return this.outputBase + this.output.length;
  }

  /** Keep only the last `keep` lines of output (the adapter has sent the others as events). */
  trimOutput(keep: number): void {
    const n = this.output.length - keep;
    if (n <= 0) return;
    this.output = this.output.slice(n);
    this.outputBase += n;
  }

  /** The kernel's event log (from absolute index eventBase on: see Kernel.trimEvents). */
  get events(): readonly KernelEvent[] {
    return this.k.events;
  }

  /** The tasks by tid (threads, ended ones included): what the debugger shows as threads. */
  get tasks(): readonly Readonly<Task>[] {
    return this.k.s.tasks;
  }

  /** How many threads are runnable now (0: the clock jumps to the next timer, or the run ends). */
  get runnableCount(): number {
    return this.k.s.runq.length;
  }

  /** When the next timer fires, if one is pending. */
  nextTimer(): number | undefined {
    return earliestTimer(this.k);
  }

  /** The name of process pid. */
  processName(pid: number): string {
    return this.k.s.procs[pid]?.name ?? `pid ${pid}`;
  }

  /** The files of the scenario (`file NAME`, `shm NAME`), for `truncate`. */
  get fileNames(): string[] {
    return [...this.k.s.disk.keys()];
  }

  /** Events emitted since launch, as an absolute index (the next event's). */
  get eventCount(): number {
    return this.k.eventCount;
  }

  /** The event at absolute index i (undefined once trimmed). */
  eventAt(i: number): KernelEvent | undefined {
    return this.k.events[i - this.k.eventBase];
  }

  get anomalies(): Anomaly[] {
    return this.oracle.anomalies;
  }

  get notes(): Note[] {
    return this.oracle.notes;
  }
}
