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
// Inspection never changes the state: `key` computes on a throwaway copy (kernel/peek.ts), and
// buckets, waiters and pages are read from the one projection of the kernel state
// (kernel/snapshot.ts, through session/inspect.ts). Errors are thrown as ExprError; the adapter
// answers them as error responses.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Session } from '../session/session';
import type { WaiterView } from '../kernel/snapshot';
import { CONSTANTS } from '../lang/constants';
import { keyAt, mapNames, mmOfThread, stateView, slotOfTid, taskView, taskViews, userTid } from '../session/inspect';
import { compileDebugExpr, ExprError, formatValue } from './expr';
import { exprScope } from './frames';

// The address the command acts on, whole: `n >>> 0` showed `swap_out 0x1_0000_0000` as done at
// 0x0. A negative one (never mapped) keeps its 32-bit form, `key -4` -> 0xfffffffc.
const hex = (n: number): string => `0x${(n >= 0 ? n : n >>> 0).toString(16)}`;
const PAGE_SIZE = 4096;
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
/** The commands that take an operand, and its form (the others take none, or parse their own). */
const OPERAND: Record<string, string> = { key: 'ADDR [, private]', bucket: 'N', page: 'ADDR', run: 'THREAD', swap_out: 'ADDR|NAME', swap_in: 'ADDR|NAME', truncate: 'FILE, pages N', lock_page: 'ADDR, ticks T' };

export class DebugConsole {
  constructor(
    private readonly session: Session,
    private readonly regNames: string[][],
    private readonly history: () => History,
    private readonly runner: () => Runner,
  ) {}

  /**
   * Evaluate an expression or run a command (commands only from the console, context 'repl');
   * `hex`: the client's ValueFormat, as the Variables view honours it.
   */
  evaluate(text: string, at: EvalFrame, context: string | undefined, hex = false): EvalOutcome {
    const trimmed = text.trim();
    const word = /^[a-z_]+/.exec(trimmed)?.[0] ?? '';
    const rest = trimmed.slice(word.length).trim();
    // `key - 1` and `key-1` are arithmetic on a register; `key -1` is the command with a negative
    // argument, as a shell reads it: a minus glued to its operand after a blank (issue #14).
    const negativeArg = /^\s+-[^\s=-]/.test(trimmed.slice(word.length));
    // A command that needs an operand, typed alone, is the register or map of that name when the
    // frame has one (`let key = 5`, then `key`): it answered 'usage: key ADDR [, private]'.
    const named = rest === '' && Object.hasOwn(OPERAND, word) && this.names(at).includes(word);
    const isCommand = (INSPECT.includes(word) || ENVIRONMENT.includes(word)) && !named && (negativeArg || !/^[-+*/%&|^<>=!]/.test(rest));
    if (isCommand && (context === 'repl' || context === undefined)) return this.command(word, rest, at);
    return { result: formatValue(this.value(trimmed, at), hex) };
  }

  /** The registers of the frame and the maps of its process: the names an expression can use. */
  private names(at: EvalFrame): string[] {
    const f = this.session.threads[at.tid]?.frames[at.depth];
    return [...(f ? this.regNames[f.unit] : []), ...mapNames(this.session, at.tid).keys()];
  }

  /** The value of an expression in a frame. */
  value(text: string, at: EvalFrame): number {
    const th = this.session.threads[at.tid];
    const f = th?.frames[at.depth];
    const names = f ? this.regNames[f.unit] : [];
    return compileDebugExpr(text, names)(exprScope(this.session, at.tid, at.depth));
  }

  private command(word: string, rest: string, at: EvalFrame): EvalOutcome {
    // A command without its operand said "empty expression", about an expression not typed.
    if (rest === '' && Object.hasOwn(OPERAND, word)) throw new ExprError(`usage: ${word} ${OPERAND[word]}`);
    switch (word) {
      case 'help':
        return { result: `expressions: registers, map names, constants, C operators, load(ADDR)\ncommands: ${INSPECT.join(', ')}\nenvironment: ${ENVIRONMENT.join(', ')}` };
      case 'key': {
        const priv = /\bprivate\s*$/.test(rest);
        const addr = this.value(rest.replace(/,?\s*\bprivate\s*$/, ''), at);
        const r = keyAt(this.session, at.tid, addr, priv);
        if ('error' in r) throw new ExprError(`key ${hex(addr)}: ${r.error}`);
        return { result: `key ${r.key}, bucket ${r.bucket} (${this.session.strategyId}); reference identity ${r.identity}; waiters on it: ${r.waiters.join(', ') || 'none'}` };
      }
      case 'bucket': {
        const n = this.value(rest, at);
        const st = stateView(this.session);
        if (!Number.isInteger(n) || n < 0 || n >= st.bucketCount) throw new ExprError(`bucket ${n}: the table has buckets 0..${st.bucketCount - 1}`);
        const b = st.buckets.find((x) => x.index === n)?.waiters ?? [];
        return { result: b.length === 0 ? `bucket ${n} is empty` : [`bucket ${n}: ${b.length} waiter(s)`, ...this.waiterLines(b)].join('\n') };
      }
      case 'waiters': {
        const lines: string[] = [];
        for (const b of stateView(this.session).buckets) lines.push(`bucket ${b.index}:`, ...this.waiterLines(b.waiters));
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

  private waiterLines(ws: WaiterView[]): string[] {
    return clip(ws.map((w) => `  q${w.q} ${w.who}: ${w.key} at ${w.uaddr}${w.pinned >= 0 ? `, pins pfn ${w.pinned}` : ''}, since step ${w.since}`));
  }

  private page(addr: number, tid: number): string {
    const st = stateView(this.session);
    const mm = mmOfThread(this.session, tid);
    const proc = mm === undefined ? undefined : st.processes.find((p) => p.mm === mm && p.alive);
    const vma = proc?.vmas.find((v) => addr >= v.startAddr && addr < v.endAddr);
    const base = hex(addr - (addr % PAGE_SIZE));
    const pte = vma?.ptes.find((x) => x.addr === base);
    if (!pte) return `${hex(addr)}: no page mapped (not faulted in${vma ? '' : ', and no mapping'})`;
    if (pte.pfn < 0) return `${hex(addr)}: swapped out to slot ${pte.swap}`;
    const p = st.pages.find((x) => x.pfn === pte.pfn);
    if (!p) return `${hex(addr)}: pfn ${pte.pfn} (PG_reserved: the ZERO_PAGE, not refcounted)`;
    const flags = p.flags.filter((f) => f === 'anon' || f === 'PG_locked');
    return `${hex(addr)}: pfn ${p.pfn}, count ${p.count}, mapcount ${p.mapcount}, pins ${p.pins}${flags.map((f) => `, ${f}`).join('')}` +
      `, mapping ${p.mapping || 'none'}, index ${p.index}; mapped by ${p.mappers.map((r) => `mm#${r.mm} ${r.addr}`).join(', ')}`;
  }

  /** `run THREAD`: the thread that runs at the next step. */
  run(name: string, at: EvalFrame): EvalOutcome {
    const tid = this.findThread(name, at.tid);
    const t = taskView(this.session, tid)!;
    if (t.state !== 'runnable') throw new ExprError(`${t.name} cannot run: it is ${t.state}${t.waitLabel ? ` in ${t.waitLabel}` : ''}`);
    this.runner().nextChoice = tid;
    return { result: `${t.name} runs at the next step`, changed: true };
  }

  /** A thread by full name, short name within the frame's process, or its TID (gettid(), from 101). */
  findThread(name: string, contextTid: number): number {
    const tasks = taskViews(this.session);
    const n = name.trim();
    const bySlot = /^\d+$/.test(n) ? slotOfTid(this.session, Number(n)) : undefined;
    if (bySlot !== undefined) return bySlot;
    const proc = this.session.processName(tasks[contextTid]?.pid ?? 0);
    const full = n.includes('/') ? n : `${proc}/${n}`;
    for (let i = tasks.length - 1; i >= 0; i--) if (tasks[i].name === full && tasks[i].state === 'runnable') return i;
    for (let i = tasks.length - 1; i >= 0; i--) if (tasks[i].name === full) return i;
    throw new ExprError(`no thread '${n}' (threads: ${tasks.map((t, i) => `${t.name} ${userTid(i)}`).join(', ')})`);
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
        if (!this.session.fileNames.includes(m[1])) throw new ExprError(`no file '${m[1]}'`);
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
    let words: { label: string; type: DebugProtocol.CompletionItemType }[];
    if (head === 'run') words = taskViews(this.session).filter((t) => t.state === 'runnable').map((t) => ({ label: t.name, type: 'value' }));
    else if (head === 'truncate') words = this.session.fileNames.map((label) => ({ label, type: 'file' }));
    else {
      const th = at && this.session.threads[at.tid];
      const f = th?.frames[at!.depth];
      const regs = f ? this.regNames[f.unit] : [];
      const maps = at ? [...mapNames(this.session, at.tid).keys()] : [];
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
