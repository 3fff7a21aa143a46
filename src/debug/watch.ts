// Data breakpoints: which memory word a Variables entry or a Debug Console expression names, and
// the data ids the adapter hands out for them (`mem:MM:ADDR`).

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Session } from '../session/session';
import type { DebugConsole, EvalFrame } from './evaluate';
import { ExprError } from './expr';
import { mmExists, mmOfThread } from '../session/inspect';
import type { Inspector } from './variables';

/** dataBreakpointInfo: a word from the Memory scope, or an address expression (`heap + 4`). */
export function dataBreakpointInfo(
  args: DebugProtocol.DataBreakpointInfoArguments, inspector: Inspector, console: DebugConsole, session: Session,
  frame: () => EvalFrame,
): DebugProtocol.DataBreakpointInfoResponse['body'] {
  let word = args.variablesReference !== undefined ? inspector.wordOf(args.variablesReference, args.name) : undefined;
  if (!word && args.variablesReference === undefined) {
    try {
      const at = frame();
      const addr = console.value(args.name.replace(/^load\((.*)\)$/, '$1'), at);
      const mm = mmOfThread(session, at.tid);
      if (mm === undefined) return { dataId: null, description: 'the thread\'s process has no memory' };
      word = { mm, addr };
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      return { dataId: null, description: e.message };
    }
  }
  if (!word) return { dataId: null, description: 'only memory words can be watched' };
  // A data id handed out is one setDataBreakpoints accepts (DAP: dataId null, with the reason,
  // for what cannot be watched).
  const why = unwatchable(word.addr);
  if (why) return { dataId: null, description: why };
  return { dataId: `mem:${word.mm}:${word.addr}`, description: `word 0x${word.addr.toString(16)} of mm#${word.mm}`, accessTypes: ['write'], canPersist: false };
}

/** Why an address is no futex word to watch, or undefined. */
function unwatchable(addr: number): string | undefined {
  if (!Number.isSafeInteger(addr) || addr < 0) return `${addr} is not an address`;
  if (addr % 4 !== 0) return `0x${addr.toString(16)} is not word-aligned (a word is 4 bytes, 4-aligned)`;
  return undefined;
}

/**
 * The word a data breakpoint watches, or why it cannot: an id dataBreakpointInfo hands out, an mm
 * that exists at this point of the run, and write access (the only kind the Memory scope offers).
 */
export function resolveDataBreakpoint(b: DebugProtocol.DataBreakpoint, session: Session): { mm: number; addr: number; label: string } | string {
  const w = parseDataId(b.dataId);
  if (typeof w === 'string') return w;
  if (b.accessType !== undefined && b.accessType !== 'write') return `only writes can be watched, not '${b.accessType}'`;
  if (!mmExists(session, w.mm)) return `there is no mm#${w.mm} at this point of the run`;
  return w;
}

/** The word a data id names, or why it names none. */
export function parseDataId(dataId: string): { mm: number; addr: number; label: string } | string {
  const m = /^mem:(\d+):(\d+)$/.exec(dataId);
  if (!m) return `'${dataId}' is not a memory word`;
  const addr = Number(m[2]);
  const why = unwatchable(addr);
  if (why) return why;
  return { mm: Number(m[1]), addr, label: `word 0x${addr.toString(16)} of mm#${m[1]}` };
}
