// The VMAs view fetched as shown (issue 9): the processes by page (state-pages.ts `processes`,
// up to LIST_RANGE at once, past that by range nodes), a process's VMAs and thread names inline
// when short (state-pages.ts INLINE), else by their own path when the process is opened; a VMA's
// page table inline when short, else when the page-table row is opened. What it shows is
// views/vmas.ts's: the same rows, ids, icons and marks, except that what came cut is counted
// (a process's tooltip gives the number of its fds when it has more than INLINE) and a row whose
// old or new list was not fetched is not marked (lazy-list.ts Seen).

import type { ProcessView, PteView, VmaView } from '../../kernel/snapshot';
import { LIST_RANGE, Seen, lengthOf, listOf, listRoots } from './lazy-list';
import { chunked, goneNode, type LazyTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';
import type { PagedItem, StopState } from './stop-state';
import { vmaFace } from './vmas';

type Process = PagedItem<ProcessView>;
type Vma = PagedItem<VmaView>;

const processId = (p: ProcessView) => `p${p.pid}`;
const vmaId = (p: ProcessView, v: VmaView) => `p${p.pid}/v${v.start}`;
/** A list as a signature shows it: itself, or its length when it came cut. */
const orCut = (item: { cut?: Record<string, number> }, list: unknown[], field: string) => (item.cut?.[field] === undefined ? list : { cut: item.cut[field] });

export class LazyVmasModel implements LazyTreeModel {
  private readonly seen = new Seen();
  /** VMAs fetched at this stop (their page table whole or cut), by id. */
  private readonly vmas = new Map<string, Vma>();
  /** The process of each of them, by VMA id: a gone VMA is named with its process. */
  private readonly owners = new Map<string, string>();
  /** Page tables known whole at this stop, by VMA id. */
  private readonly ptes = new Map<string, PteView[]>();
  /** Every process fetched with its VMAs whole, at the roots: the VMAs gone since can be named. */
  private allVmas = false;

  constructor(readonly stop: StopState, private previous?: LazyVmasModel) {
    // One stop back is all the marks need: let the older ones go.
    if (previous) previous.previous = undefined;
  }

  summary(): string {
    const t = this.stop.top;
    return `${plural(t.sizes.processes, 'process', 'processes')}, ${plural(t.counts.vmas, 'VMA')}`;
  }

  async roots(): Promise<ViewNode[]> {
    const n = this.stop.top.sizes.processes;
    const names = new Map<string, string>();
    let cutVmas = false;
    const nodes = await listRoots<ProcessView>(this.stop, 'processes', n, (items, start) => items.map((p, i) => {
      names.set(processId(p), p.name);
      if (p.cut?.vmas !== undefined) cutVmas = true;
      return this.processNode(p, start + i);
    }), () => this.seen.whole.add(''));
    if (n <= LIST_RANGE && !cutVmas) this.allVmas = true;
    const gone = goneNode(this.gone().map(({ process, vma }) => `${names.get(process) ?? process} ${vma.start}-${vma.end} ${vma.name}`));
    if (n === 0) return [{ id: 'empty', label: 'no processes', icon: 'info' }, ...gone];
    return [...nodes, ...gone];
  }

  /** VMAs the last stop showed and this one does not, with their process (known when both had every VMA). */
  private gone(): { process: string; vma: Vma }[] {
    const p = this.previous;
    if (!p || !p.allVmas || !this.allVmas) return [];
    return [...p.vmas].filter(([id]) => !this.vmas.has(id)).map(([id, vma]) => ({ process: p.owners.get(id)!, vma }));
  }

  private processNode(p: Process, position: number): ViewNode {
    const id = processId(p);
    this.seen.sigs.set(id, JSON.stringify([p.alive, orCut(p, p.threads, 'threads'), orCut(p, p.fds, 'fds'), p.cut?.vmas === undefined ? p.vmas.map((v) => [v.start, v.end]) : { cut: p.cut.vmas }]));
    if (p.cut?.vmas === undefined) this.recordVmas(p, p.vmas, (j) => p.cut?.[`vmas/${j}/ptes`]);
    const path = `processes/${position}`;
    const threads = p.cut?.threads === undefined ? `threads: ${p.threads.join(', ') || 'none'}` : `threads: ${p.cut.threads}`;
    const fds = p.cut?.fds === undefined ? `fds: ${p.fds.map((f) => f.fd).join(', ') || 'none'}` : `fds: ${p.cut.fds}`;
    const children = async (): Promise<ViewNode[]> => {
      const vmas = await listOf<Vma>(this.stop, p, p.vmas, path, 'vmas');
      if (p.cut?.vmas !== undefined) this.recordVmas(p, vmas, (j) => vmas[j]!.cut?.ptes);
      const names = await listOf<string>(this.stop, p, p.threads, path, 'threads');
      return [
        ...vmas.map((v, j) => this.vmaNode(p, v, `${path}/vmas/${j}`)),
        { id: `${id}/threads`, label: 'threads', description: names.join(', ') || 'none', icon: 'list-tree' },
      ];
    };
    const node: ViewNode = {
      id,
      label: p.name,
      description: `pid ${p.vpid} · mm#${p.mm} · ${plural(lengthOf(p, p.vmas, 'vmas'), 'VMA')}${p.alive ? '' : ' · exited'}`,
      tooltip: `${threads}\n${fds}`,
      icon: p.alive ? 'vm' : 'vm-outline',
      expanded: true,
      contextValue: 'process',
      changed: this.seen.changed(this.previous?.seen, id, ['']),
    };
    if (p.cut?.vmas === undefined && p.cut?.threads === undefined) {
      let built: ViewNode[] | undefined;
      // Everything is inline: built synchronously, as vmas.ts does.
      node.children = () => (built ??= [
        ...p.vmas.map((v, j) => this.vmaNode(p, v, `${path}/vmas/${j}`)),
        { id: `${id}/threads`, label: 'threads', description: p.threads.join(', ') || 'none', icon: 'list-tree' },
      ]);
    } else {
      node.load = children;
    }
    return node;
  }

  /** A process's VMAs known whole: their signatures, and their page tables when not cut. */
  private recordVmas(p: ProcessView, vmas: readonly Vma[], ptesCut: (j: number) => number | undefined): void {
    this.seen.whole.add(processId(p));
    vmas.forEach((v, j) => {
      const id = vmaId(p, v);
      const cut = ptesCut(j);
      this.vmas.set(id, cut === undefined ? v : { ...v, cut: { ...v.cut, ptes: cut } });
      this.owners.set(id, processId(p));
      this.seen.sigs.set(id, cut === undefined ? JSON.stringify(v) : JSON.stringify({ ...v, ptes: { cut } }));
      if (cut === undefined) this.ptes.set(id, v.ptes);
    });
  }

  private vmaNode(p: ProcessView, v0: Vma, path: string): ViewNode {
    const id = vmaId(p, v0);
    const v = this.vmas.get(id) ?? v0;
    const prev = this.previous;
    const old = prev?.vmas.get(id);
    const row = (name: string, value: string | number, was: string | number | undefined): ViewNode => ({
      id: `${id}/${name}`, label: name, description: String(value), icon: 'symbol-field',
      changed: old !== undefined && was !== value ? true : undefined, // a new VMA is marked whole
    });
    const count = lengthOf(v, v.ptes, 'ptes');
    const nowPtes = this.ptes.get(id);
    const oldPtes = prev?.ptes.get(id);
    const ptesChanged = old !== undefined && nowPtes && oldPtes && JSON.stringify(oldPtes) !== JSON.stringify(nowPtes) ? true : undefined;
    const pteRows = (ptes: PteView[]): ViewNode[] => chunked(`${id}/pte`, ptes.length, (i) => {
      const e = ptes[i]!;
      const known = prev?.ptes.get(id);
      const was = known?.find((o) => o.addr === e.addr);
      return {
        id: `${id}/pte${e.addr}`, label: e.addr, description: e.entry,
        icon: e.pfn >= 0 ? 'arrow-right' : 'archive',
        changed: old !== undefined && known !== undefined && was?.entry !== e.entry ? true : undefined,
      };
    });
    const table: ViewNode = {
      id: `${id}/ptes`,
      label: 'page table',
      description: plural(count, 'entry', 'entries'),
      icon: 'table',
      changed: ptesChanged,
    };
    if (count > 0) {
      if (nowPtes) table.children = () => pteRows(nowPtes);
      else {
        table.load = async () => {
          const ptes = await this.stop.items<PteView>(`${path}/ptes`, 0, count);
          this.ptes.set(id, ptes);
          return pteRows(ptes);
        };
      }
    }
    return {
      id,
      ...vmaFace(v),
      changed: this.seen.changed(prev?.seen, id, [processId(p), '']),
      children: () => [
        row('flags', v.flags.join(' ') || 'none', old?.flags.join(' ') || (old ? 'none' : undefined)),
        row('backing', v.backing, old?.backing),
        row('pgoff', v.pgoff, old?.pgoff),
        table,
      ],
    };
  }
}
