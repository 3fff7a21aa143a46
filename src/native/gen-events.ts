// Maps and kernel events -> C for the native run: each one is its real system call
// (runtime-mm.ts): mmap, munmap, mremap, mprotect, madvise(MADV_DONTNEED), remap_file_pages,
// truncate(2)/ftruncate on a memfd, madvise(MADV_PAGEOUT) for swap_out, drop_caches for reclaim.

import type { MapDecl, Stmt } from '../lang/ast';
import { cExpr, Unsupported } from './gen';
import type { StmtCtx } from './gen-stmt';

/** The C variable holding a map name's start address in the running process. */
export const mapVar = (name: string) => `m_${name}`;

/** `map NAME = ...`: the mmap; on failure (-errno) the name stays unbound (0), as in the simulator. */
export function cMap(d: MapDecl, files: Map<string, number>): string {
  const b = d.backing;
  let kind = 0;
  let file = 0;
  let shared = false;
  let rdonly = false;
  if (b.kind === 'anon') shared = b.shared;
  else {
    const i = files.get(b.kind === 'file' ? b.file : b.shm);
    if (i === undefined) throw new Unsupported(b.kind === 'file' ? b.fileRange : b.shmRange, 'a map of an undeclared file');
    file = i;
    kind = b.kind === 'file' ? 1 : 2;
    shared = b.kind === 'file' ? b.shared : true;
    // A shm mapped `r` is attached read-only (session/program.ts compileMap).
    rdonly = b.kind === 'file' ? b.openMode === 'rdonly' : d.prot === 'r';
  }
  const args = [kind, shared ? 1 : 0, d.prot === 'rw' ? 1 : 0, file, rdonly ? 1 : 0, cExpr(d.pages), d.offset ? cExpr(d.offset) : '0', d.at ? 1 : 0, d.at ? cExpr(d.at) : '0'];
  return `{ int64_t a = fl_map(${args.join(', ')}); ${mapVar(d.name)} = a < 0 ? 0 : (void *)(uintptr_t)a; }`;
}

function fileIndex(cx: StmtCtx, name: string, s: Stmt): number {
  const i = cx.files.get(name);
  if (i === undefined) throw new Unsupported(s.range, `a truncate of the undeclared file '${name}'`);
  return i;
}

/** One event statement (after its gate). */
export function cEventStmt(s: Stmt, cx: StmtCtx): string {
  switch (s.kind) {
    case 'map': return cMap(s.decl, cx.files);
    case 'munmap':
      return s.target.kind === 'name'
        ? `(void)fl_munmap_name(&${mapVar(s.target.name)});`
        : `(void)fl_munmap(${cExpr(s.target.addr)}, (int64_t)((uint64_t)${cExpr(s.target.pages)} * 4096));`;
    case 'mremap':
      return `(void)fl_mremap(&${mapVar(s.name)}, ${cExpr(s.pages)}, ${s.to ? 1 : 0}, ${s.to ? cExpr(s.to) : '0'});`;
    case 'mprotect': return `(void)fl_mprotect(${mapVar(s.name)}, ${s.prot === 'rw' ? 1 : 0});`;
    case 'madvise': return `(void)fl_madvise_dontneed(${mapVar(s.name)});`;
    case 'remap_file_pages': return `(void)fl_remap_file_pages(${mapVar(s.name)}, ${cExpr(s.page)}, ${cExpr(s.filePage)});`;
    case 'truncate': return `(void)fl_truncate(${fileIndex(cx, s.file, s)}, ${cExpr(s.pages)});`;
    case 'swap_out': return `fl_swap_out(self, ${cExpr(s.addr)});`;
    // A load faults the page back in, as the simulator's swap_in does.
    case 'swap_in': return `fl_touch(${cExpr(s.addr)});`;
    case 'reclaim': return 'fl_reclaim(self);';
    default:
      throw new Unsupported(s.range, `statement '${s.kind}'`);
  }
}
