// The Debug Console: expressions over registers and memory (expr.ts), inspection commands, the
// choice of the next thread, and the scenario language's environment events run by hand.
//
//   key ADDR [private]     the key of ADDR under the strategy, its bucket, the reference identity
//   bucket N               the waiters queued in bucket N
//   waiters                every queued waiter, by bucket
//   page ADDR              the page frame mapped at ADDR
//   run THREAD             run THREAD at the next step
//   swap_out ADDR|NAME, swap_in ADDR, reclaim, truncate FILE, pages N, lock_page ADDR, ticks T
//                          environment events (LANGUAGE.md): they change the state, are recorded
//                          in the history at the current step and replayed there
//
// Inspection never changes the state: `key` computes on a throwaway copy (memory.ts). Errors are
// thrown as ExprError; the adapter answers them as error responses.

import { waiterName } from '../kernel/futex/core';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Session } from '../session/session';
import { CONSTANTS } from '../lang/constants';
import { keyLabel } from '../kernel/futex/futex';
import { hex, pageOf } from '../kernel/types';
import { ptePfn, ptePresent, pteSwapSlot } from '../kernel/mm';
import { compileDebugExpr, ExprError, formatValue } from './expr';
import { exprScope } from './frames';
import { keyInfo, threadMm } from './memory';
import type { EnvAction, History } from './history';
import type { Runner } from './runner';

/** Where an expression is evaluated: a thread and one of its frames (index from the outermost). */
export interface EvalFrame {
  tid: number;
  depth: number;
}

export interface EvalOutcome {
  result: string;
  /** The command changed the state (environment event) or the next thread: tell the client. */
  changed?: boolean;
}

const INSPECT = ['help', 'key', 'bucket', 'waiters', 'page', 'run'];
const ENVIRONMENT = ['swap_out', 'swap_in', 'reclaim', 'truncate', 'lock_page'];
const MAX_LINES = 200;

export class DebugConsole {
  constructor(
    private readonly session: Session,
    private readonly regNames: string[][],
    private readonly history: () => History,
    private readonly runner: () => Runner,
  ) {}

  /** Evaluate an expression or run a command (commands only from the console, context 'repl'). */
  evaluate(text: string, at: EvalFrame, context: string | undefined): EvalOutcome {
    const trimmed = text.trim();
    const word = /^[a-z_]+/.exec(trimmed)?.[0] ?? '';
    const rest = trimmed.slice(word.length).trim();
    // `key - 1` and `key-1` are arithmetic on a register; `key -1` is the command with a negative
    // argument, as a shell reads it: a minus glued to its operand after a blank (issue #14).
    const negativeArg = /^\s+-[^\s=-]/.test(trimmed.slice(word.length));
    const isCommand = (INSPECT.includes(word) || ENVIRONMENT.includes(word)) && (negativeArg || !/^[-+*/%&|^<>=!]/.test(rest));
    if (isCommand && (context === 'repl' || context === undefined)) return this.command(word, rest, at);
    return { result: formatValue(this.value(trimmed, at)) };
  }

  /** The value of an expression in a frame. */
  value(text: string, at: EvalFrame): number {
    const th = this.session.threads[at.tid];
    const f = th?.frames[at.depth];
    const names = f ? this.regNames[f.unit] : [];
    return compileDebugExpr(text, names)(exprScope(this.session, at.tid, at.depth));
  }

  private command(word: string, rest: string, at: EvalFrame): EvalOutcome {
    const k = this.session.k;
    switch (word) {
      case 'help':
        return { result: `expressions: registers, map names, constants, C operators, load(ADDR)\ncommands: ${INSPECT.join(', ')}\nenvironment: ${ENVIRONMENT.join(', ')}` };
      case 'key': {
        const priv = /\bprivate\s*$/.test(rest);
        const addr = this.value(rest.replace(/,?\s*\bprivate\s*$/, ''), at);
        const r = keyInfo(k, k.s.tasks[at.tid], addr, priv);
        if ('error' in r) throw new ExprError(`key ${hex(addr)}: ${r.error}`);
        return { result: `key ${r.key}, bucket ${r.bucket} (${this.session.strategyId}); reference identity ${r.identity}; waiters on it: ${r.waiters.join(', ') || 'none'}` };
      }
      case 'bucket': {
        const n = this.value(rest, at);
        const b = k.s.futex.buckets[n];
        if (!b) throw new ExprError(`bucket ${n}: the table has buckets 0..${k.s.futex.buckets.length - 1}`);
        return { result: b.length === 0 ? `bucket ${n} is empty` : [`bucket ${n}: ${b.length} waiter(s)`, ...this.waiterLines(b)].join('\n') };
      }
      case 'waiters': {
        const lines: string[] = [];
        k.s.futex.buckets.forEach((b, i) => b.length > 0 && lines.push(`bucket ${i}:`, ...this.waiterLines(b)));
        return { result: lines.length === 0 ? 'no waiters' : clip(lines).join('\n') };
      }
      case 'page':
        return { result: this.page(this.value(rest, at), at.tid) };
      case 'run':
        return this.run(rest, at);
      default:
        return this.environment(`${word} ${rest}`.trim(), at);
    }
  }

  private waiterLines(ids: number[]): string[] {
    const k = this.session.k;
    return clip(ids.map((id) => {
      const q = k.s.futex.queues.get(id)!;
      const who = waiterName(k, q);
      return `  q${q.id} ${who}: ${keyLabel(q.key)} at ${hex(q.uaddr)}${q.pinned >= 0 ? `, pins pfn ${q.pinned}` : ''}, since step ${q.since}`;
    }));
  }

  private page(addr: number, tid: number): string {
    const k = this.session.k;
    const m = threadMm(k, tid);
    const pte = m?.pt.get(pageOf(addr));
    if (pte === undefined) return `${hex(addr)}: no page mapped (not faulted in${m && m.vmas.some((v) => addr >= v.start && addr < v.end) ? '' : ', and no mapping'})`;
    if (!ptePresent(pte)) return `${hex(addr)}: swapped out to slot ${pteSwapSlot(pte)}`;
    const p = k.s.pages[ptePfn(pte)]!;
    const mapping = !p.mapping ? 'none' : p.mapping.kind === 'swap' ? 'swapper_space' : `inode#${p.mapping.ino}`;
    return `${hex(addr)}: pfn ${p.pfn}, count ${p.count}, mapcount ${p.mapcount}, pins ${p.pins}${p.anon ? ', anon' : ''}${p.locked ? ', PG_locked' : ''}` +
      `, mapping ${mapping}, index ${p.index}; mapped by ${p.rmap.map((r) => `mm#${r.mm} ${hex(r.addr)}`).join(', ')}`;
  }

  /** `run THREAD`: the thread that runs at the next step. */
  run(name: string, at: EvalFrame): EvalOutcome {
    const tid = this.findThread(name, at.tid);
    const t = this.session.k.s.tasks[tid];
    if (t.state !== 'runnable') throw new ExprError(`${t.name} cannot run: it is ${t.state}${this.session.waitDescription(t) ? ` in ${this.session.waitDescription(t)}` : ''}`);
    this.runner().nextChoice = tid;
    return { result: `${t.name} runs at the next step`, changed: true };
  }

  /** A thread by full name, short name within the frame's process, or tid. */
  findThread(name: string, contextTid: number): number {
    const k = this.session.k;
    const n = name.trim();
    if (/^\d+$/.test(n) && k.s.tasks[Number(n)]) return Number(n);
    const proc = k.s.procs[k.s.tasks[contextTid]?.pid ?? 0]?.name;
    const full = n.includes('/') ? n : `${proc}/${n}`;
    for (let i = k.s.tasks.length - 1; i >= 0; i--) if (k.s.tasks[i].name === full && k.s.tasks[i].state === 'runnable') return i;
    for (let i = k.s.tasks.length - 1; i >= 0; i--) if (k.s.tasks[i].name === full) return i;
    throw new ExprError(`no thread '${n}' (threads: ${k.s.tasks.map((t) => t.name).join(', ')})`);
  }

  /** Run an environment event now and record it, with its operands resolved to numbers. */
  private environment(text: string, at: EvalFrame): EvalOutcome {
    const action = this.canonical(text, at);
    this.applyEnv(action);
    this.history().recordEnv(action);
    return { result: `${describeEnv(action)}: done at step ${this.session.steps}`, changed: true };
  }

  /** `swap_out heap` -> { op: 'swap_out', addr: 0x10000000 }: the recorded form replays without a frame. */
  private canonical(text: string, at: EvalFrame): EnvAction {
    const [word, ...more] = text.split(/\s+/);
    const args = more.join(' ');
    switch (word) {
      case 'reclaim':
        return { op: 'reclaim', tid: at.tid };
      case 'swap_out':
      case 'swap_in':
        return { op: word, addr: this.value(args, at), tid: at.tid };
      case 'truncate': {
        const m = /^(\w+)\s*,\s*pages\s+(.+)$/.exec(args);
        if (!m) throw new ExprError('usage: truncate FILE, pages N');
        if (!this.session.k.s.disk.has(m[1])) throw new ExprError(`no file '${m[1]}'`);
        return { op: 'truncate', file: m[1], pages: this.value(m[2], at), tid: at.tid };
      }
      case 'lock_page': {
        const m = /^(.+),\s*ticks\s+(.+)$/.exec(args);
        if (!m) throw new ExprError('usage: lock_page ADDR, ticks T');
        return { op: 'lock_page', addr: this.value(m[1], at), ticks: this.value(m[2], at), tid: at.tid };
      }
      default:
        throw new ExprError(`unknown command '${word}'`);
    }
  }

  /** Execute a recorded environment action (live, or replayed by the history) through the session. */
  applyEnv(a: EnvAction): void {
    const failed = this.session.environment(a.tid, a);
    if (failed) throw new ExprError(`${describeEnv(a)}: ${failed}`);
  }

  completions(text: string, column: number, at: EvalFrame | undefined): DebugProtocol.CompletionItem[] {
    const before = text.slice(0, Math.max(0, column - 1));
    const prefix = /[A-Za-z_][A-Za-z0-9_/]*$/.exec(before)?.[0] ?? '';
    const head = before.slice(0, before.length - prefix.length).trim();
    const k = this.session.k;
    let words: { label: string; type: DebugProtocol.CompletionItemType }[];
    if (head === 'run') words = k.s.tasks.filter((t) => t.state === 'runnable').map((t) => ({ label: t.name, type: 'value' }));
    else if (head === 'truncate') words = [...k.s.disk.keys()].map((label) => ({ label, type: 'file' }));
    else {
      const th = at && this.session.threads[at.tid];
      const f = th?.frames[at!.depth];
      const regs = f ? this.regNames[f.unit] : [];
      const maps = at ? [...(threadMm(k, at.tid)?.names.keys() ?? [])] : [];
      words = [
        ...(head === '' ? [...INSPECT, ...ENVIRONMENT].map((label) => ({ label, type: 'keyword' as const })) : []),
        ...regs.map((label) => ({ label, type: 'variable' as const })),
        ...maps.map((label) => ({ label, type: 'reference' as const })),
        ...[...CONSTANTS.keys()].map((label) => ({ label, type: 'value' as const })),
        { label: 'load', type: 'function' },
      ];
    }
    const seen = new Set<string>();
    return words
      .filter((w) => w.label.startsWith(prefix) && !seen.has(w.label) && seen.add(w.label))
      .map((w) => ({ label: w.label, type: w.type }));
  }
}

function clip(lines: string[]): string[] {
  return lines.length <= MAX_LINES ? lines : [...lines.slice(0, MAX_LINES), `... ${lines.length - MAX_LINES} more`];
}

/** An environment action as the console would type it: `swap_out 0x10000000`. */
function describeEnv(a: EnvAction): string {
  switch (a.op) {
    case 'reclaim': return 'reclaim';
    case 'swap_out': case 'swap_in': return `${a.op} ${hex(a.addr)}`;
    case 'truncate': return `truncate ${a.file}, pages ${a.pages}`;
    case 'lock_page': return `lock_page ${hex(a.addr)}, ticks ${a.ticks}`;
  }
}
