// The scenario's own names as an editor needs them: the outline (document symbols), and for a
// place in the text the declaration it names (go to definition, and the hover of registers,
// processes and threads). Built from the parsed and resolved Scenario (lang/resolve.ts gives every
// register reference its frame slot), never by reading the text again. Pure: no `vscode` import.

import type { Block, Expr, MapDecl, Range, Rhs, Scenario, Stmt } from '../lang/ast';
import { rhsExprs, stmtBlocks, stmtExprs } from '../lang/walk';

export type SymbolKind = 'file' | 'shm' | 'fn' | 'param' | 'process' | 'thread' | 'map' | 'register';

/** A declared name: where its declaration is, and what it declares. */
export interface Declaration {
  name: string;
  kind: SymbolKind;
  /** One line that says what it is: `let r = futex_wait(word, 0, timeout 50)`. */
  detail: string;
  /** A register's frame: the thread or function it belongs to (its hover says `of OWNER`). */
  owner?: string;
  /** The whole declaration (a process block, a `let` statement), 0-based offsets. */
  start: number;
  end: number;
  /** The name itself. */
  nameStart: number;
  nameEnd: number;
  children: Declaration[];
}

/** A use of a name (or its declaration) and what it names. */
export interface NameUse {
  start: number;
  end: number;
  target: Declaration;
}

export interface ScenarioIndex {
  outline: Declaration[];
  uses: NameUse[];
}

function decl(text: string, name: string, kind: SymbolKind, range: Range, nameRange: Range, detail?: string): Declaration {
  return {
    name, kind, start: range.start.offset, end: range.end.offset, nameStart: nameRange.start.offset, nameEnd: nameRange.end.offset,
    detail: detail ?? text.slice(range.start.offset, range.end.offset).split('\n')[0]!.trim(), children: [],
  };
}

/** Registers of one frame (a thread with its fork and spawn bodies, or a function) by slot. */
class Frame {
  readonly slots = new Map<number, Declaration>();
  constructor(readonly owner: Declaration) {}
}

/** Builds the index: one pass over the tree, declarations before their uses in each frame. */
class Indexer {
  readonly outline: Declaration[] = [];
  readonly uses: NameUse[] = [];
  readonly maps = new Map<string, Declaration>();
  readonly fns = new Map<string, Declaration>();
  readonly files = new Map<string, Declaration>();
  readonly threads = new Map<string, Declaration>();
  /** Uses of maps, functions, files and threads, resolved once every declaration is known. */
  private readonly late: { start: number; end: number; table: Map<string, Declaration>; name: string }[] = [];

  constructor(private readonly text: string) {}

  use(start: number, end: number, target: Declaration | undefined): void {
    if (target) this.uses.push({ start, end, target });
  }

  lateUse(range: Range, table: Map<string, Declaration>, name: string, length = name.length): void {
    this.late.push({ start: range.start.offset, end: range.start.offset + length, table, name });
  }

  resolveLate(): void {
    for (const l of this.late) this.use(l.start, l.end, l.table.get(l.name));
  }

  mapDecl(d: MapDecl, into: Declaration[]): void {
    const m = decl(this.text, d.name, 'map', d.range, d.nameRange);
    into.push(m);
    if (!this.maps.has(d.name)) this.maps.set(d.name, m);
    this.use(m.nameStart, m.nameEnd, this.maps.get(d.name));
    if (d.backing.kind === 'file') this.lateUse(d.backing.fileRange, this.files, d.backing.file);
    if (d.backing.kind === 'shm') this.lateUse(d.backing.shmRange, this.files, d.backing.shm);
    for (const e of [d.pages, d.offset, d.at]) if (e) this.expr(e, undefined);
  }

  expr(e: Expr, frame: Frame | undefined): void {
    switch (e.kind) {
      case 'name':
        if (e.ref.kind === 'reg' && frame) this.use(e.range.start.offset, e.range.end.offset, frame.slots.get(e.ref.slot));
        if (e.ref.kind === 'map') this.lateUse(e.range, this.maps, e.ref.name);
        return;
      case 'unary':
        return this.expr(e.operand, frame);
      case 'binary':
        this.expr(e.left, frame);
        return this.expr(e.right, frame);
      default:
        return;
    }
  }

  rhs(r: Rhs, frame: Frame): void {
    if (r.kind === 'call') this.lateUse(r.range, this.fns, r.fn);
    for (const e of rhsExprs(r)) this.expr(e, frame);
  }

  block(b: Block, frame: Frame, into: Declaration[], process: string): void {
    for (const s of b.stmts) this.stmt(s, frame, into, process);
  }

  stmt(s: Stmt, frame: Frame, into: Declaration[], process: string): void {
    if (s.kind === 'let' || s.kind === 'assign' || s.kind === 'do') this.rhs(s.value, frame);
    else if (s.kind === 'map') this.mapDecl(s.decl, into);
    else for (const e of stmtExprs(s)) this.expr(e, frame);
    switch (s.kind) {
      case 'let': {
        // A `let` of a name already in the frame reuses its slot: the first one declares it.
        const known = frame.slots.get(s.slot);
        const reg = known ?? { ...decl(this.text, s.name, 'register', s.range, s.nameRange, this.line(s.range)), owner: frame.owner.name };
        if (!known) {
          frame.slots.set(s.slot, reg);
          into.push(reg);
        }
        this.use(s.nameRange.start.offset, s.nameRange.end.offset, reg);
        break;
      }
      case 'assign':
        this.use(s.nameRange.start.offset, s.nameRange.end.offset, frame.slots.get(s.slot));
        break;
      case 'mremap':
      case 'mprotect':
      case 'remap_file_pages':
      case 'madvise':
        this.lateUse(s.nameRange, this.maps, s.name);
        break;
      case 'munmap':
        if (s.target.kind === 'name') this.lateUse(s.target.nameRange, this.maps, s.target.name);
        break;
      case 'truncate':
        this.lateUse(s.fileRange, this.files, s.file);
        break;
      case 'signal':
        this.lateUse(s.threadRange, this.threads, s.thread);
        break;
      case 'fork': {
        // The child process, named by the fork, runs the body as its main thread (same frame).
        const child = decl(this.text, s.name, 'process', s.range, s.nameRange, `fork ${s.name}: a copy of ${process}`);
        const main = decl(this.text, 'main', 'thread', s.range, s.nameRange, `${s.name}/main`);
        child.children.push(main);
        into.push(child);
        this.threads.set(`${s.name}/main`, main);
        this.use(child.nameStart, child.nameEnd, child);
        this.block(s.body, frame, main.children, s.name);
        return;
      }
      case 'spawn': {
        const t = decl(this.text, s.name, 'thread', s.range, s.nameRange, `${process}/${s.name}`);
        into.push(t);
        this.threads.set(`${process}/${s.name}`, t);
        if (!this.threads.has(s.name)) this.threads.set(s.name, t);
        this.use(t.nameStart, t.nameEnd, t);
        this.block(s.body, frame, t.children, process);
        return;
      }
      default:
        break;
    }
    for (const inner of stmtBlocks(s)) this.block(inner, frame, into, process);
  }

  line(r: Range): string {
    return this.text.slice(r.start.offset, r.end.offset).split('\n')[0]!.trim();
  }
}

/** The outline and every use of a declared name in a parsed scenario. */
export function indexScenario(scenario: Scenario, text: string): ScenarioIndex {
  const x = new Indexer(text);
  for (const f of scenario.files) {
    const d = decl(text, f.name, f.kind, f.range, f.nameRange);
    x.outline.push(d);
    x.files.set(f.name, d);
    x.use(d.nameStart, d.nameEnd, d);
  }
  for (const f of scenario.fns) {
    const d = decl(text, f.name, 'fn', f.range, f.nameRange, `fn ${f.name}(${f.params.map((p) => p.name).join(', ')})`);
    x.outline.push(d);
    x.fns.set(f.name, d);
    x.use(d.nameStart, d.nameEnd, d);
    const frame = new Frame(d);
    f.params.forEach((p, slot) => {
      const param = decl(text, p.name, 'param', p.range, p.range, `parameter ${slot + 1} of fn ${f.name}`);
      frame.slots.set(slot, param);
      d.children.push(param);
      x.use(param.nameStart, param.nameEnd, param);
    });
    x.block(f.body, frame, d.children, f.name);
  }
  for (const p of scenario.processes) {
    const pd = decl(text, p.name, 'process', p.range, p.nameRange, `process ${p.name}`);
    x.outline.push(pd);
    x.use(pd.nameStart, pd.nameEnd, pd);
    for (const s of p.setup) {
      if (s.kind === 'map') x.mapDecl(s.decl, pd.children);
      else for (const e of [s.addr, s.value]) x.expr(e, undefined);
    }
    for (const t of p.threads) {
      const td = decl(text, t.name, 'thread', t.range, t.nameRange, `${p.name}/${t.name}`);
      pd.children.push(td);
      x.threads.set(`${p.name}/${t.name}`, td);
      if (!x.threads.has(t.name)) x.threads.set(t.name, td);
      x.use(td.nameStart, td.nameEnd, td);
      x.block(t.body, new Frame(td), td.children, p.name);
    }
  }
  x.resolveLate();
  return { outline: x.outline, uses: x.uses };
}

/** The declared name used (or declared) at `offset`, the innermost use when several contain it. */
export function useAt(index: ScenarioIndex, offset: number): NameUse | undefined {
  let best: NameUse | undefined;
  for (const u of index.uses) {
    if (offset < u.start || offset > u.end) continue;
    if (!best || u.end - u.start < best.end - best.start) best = u;
  }
  return best;
}

const KIND_WORDS: Record<SymbolKind, string> = {
  file: 'file', shm: 'shm', fn: 'function', param: 'parameter', process: 'process', thread: 'thread', map: 'map', register: 'register',
};

/** The hover of a declared name: what it is and the line that declares it. */
export function declarationHover(d: Declaration): string {
  const where = d.owner !== undefined ? ` of ${d.owner}` : '';
  const what = d.kind === 'process'
    ? `\n\n${d.children.filter((c) => c.kind === 'thread').length} thread(s); maps: ${d.children.filter((c) => c.kind === 'map').map((c) => c.name).join(', ') || 'none'}`
    : '';
  return `${KIND_WORDS[d.kind]} **${d.name}**${where}\n\n\`\`\`futex\n${d.detail}\n\`\`\`${what}`;
}
