// The scenario-wide names, collected before any body is resolved (so order does not matter at
// the top level: a function may call one declared below it, a thread may signal one declared in
// a later process):
// - files and shm objects (one namespace: both are inodes named by `map ... = file|shm NAME`);
// - functions;
// - map names, from process setup and from `map` statements anywhere (LANGUAGE.md lets a thread
//   mmap at run time; whether the mapping exists when used is a run-time question);
// - threads: `thread` blocks (P/T), `spawn NAME` (the spawning process's P/NAME; process unknown
//   inside a function) and `fork NAME` (NAME/main), for checking `signal` targets.
// Duplicate declarations are reported here.

import type { FileDecl, FnDecl, ProcessDecl, Range, Scenario, Stmt } from './ast';
import { forEachStmt } from './walk';

export interface ThreadName {
  /** null: a thread spawned inside a function, whose process depends on the caller. */
  process: string | null;
  name: string;
}

export interface Globals {
  files: Map<string, FileDecl>;
  fns: Map<string, FnDecl>;
  maps: Set<string>;
  threads: ThreadName[];
}

export type Report = (range: Range, message: string) => void;

export function at(r: Range): string {
  return `${r.start.line}:${r.start.col}`;
}

export function collectGlobals(sc: Scenario, report: Report): Globals {
  const files = uniqueByName(sc.files, (f) => `${f.kind} '${f.name}'`, report);
  const fns = uniqueByName(sc.fns, (f) => `function '${f.name}'`, report);
  const processes = uniqueByName(sc.processes, (q) => `process '${q.name}'`, report);
  const g: Globals = { files, fns, maps: new Set(), threads: [] };
  for (const p of sc.processes) collectProcess(p, g, processes, report);
  for (const f of sc.fns) forEachStmt(f.body, null, (s, proc) => collectStmt(s, proc, g, processes, report));
  return g;
}

/** A map of the items by name; a repeated name is reported at its second declaration. */
function uniqueByName<T extends { name: string; nameRange: Range }>(
  items: readonly T[],
  describe: (item: T) => string,
  report: Report,
): Map<string, T> {
  const byName = new Map<string, T>();
  for (const item of items) {
    const first = byName.get(item.name);
    if (first) report(item.nameRange, `duplicate ${describe(item)} (first declared at ${at(first.nameRange)})`);
    else byName.set(item.name, item);
  }
  return byName;
}

function collectProcess(p: ProcessDecl, g: Globals, processes: Map<string, ProcessDecl>, report: Report): void {
  const setupMaps = p.setup.flatMap((s) => (s.kind === 'map' ? [s.decl] : []));
  uniqueByName(setupMaps, (m) => `map '${m.name}' in process '${p.name}'`, report);
  for (const m of setupMaps) g.maps.add(m.name);
  uniqueByName(p.threads, (t) => `thread '${p.name}/${t.name}'`, report);
  for (const t of p.threads) g.threads.push({ process: p.name, name: t.name });
  for (const t of p.threads) forEachStmt(t.body, p.name, (s, proc) => collectStmt(s, proc, g, processes, report));
}

function collectStmt(s: Stmt, process: string | null, g: Globals, processes: Map<string, ProcessDecl>, report: Report): void {
  if (s.kind === 'map') g.maps.add(s.decl.name);
  if (s.kind === 'fork') {
    const declared = processes.get(s.name);
    if (declared) report(s.nameRange, `fork '${s.name}' would make a second process '${s.name}' (declared at ${at(declared.nameRange)})`);
    g.threads.push({ process: s.name, name: 'main' });
  }
  if (s.kind === 'spawn') {
    const clash = process === null ? undefined : threadBlock(processes.get(process), s.name);
    if (clash) report(s.nameRange, `spawn '${s.name}' would make a second thread '${process}/${s.name}' (declared at ${at(clash)})`);
    g.threads.push({ process, name: s.name });
  }
}

/** The `thread` block of a process with that name, if any. */
function threadBlock(p: ProcessDecl | undefined, name: string): Range | undefined {
  return p?.threads.find((t) => t.name === name)?.nameRange;
}
