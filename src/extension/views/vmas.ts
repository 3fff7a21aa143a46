// The VMAs view: per process, its mappings (range, flags, backing object, pgoff) and, under each,
// the page-table entries it has (`0x10000000 -> pfn 7 ro`, `-> swap 3`).

import type { KernelView, ProcessView, VmaFlag, VmaView } from '../../kernel/snapshot';
import { Changes, chunked, goneNode, mark, type KernelTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';

const processId = (p: ProcessView) => `p${p.pid}`;
const vmaId = (p: ProcessView, v: VmaView) => `p${p.pid}/v${v.start}`;

/** `rw-s`, as /proc/PID/maps writes it (no exec bit in the simulator), plus `nonlinear`. */
export function vmaPerms(v: VmaView): string {
  const has = (f: VmaFlag) => v.flags.includes(f);
  const perms = `${has('VM_READ') ? 'r' : '-'}${has('VM_WRITE') ? 'w' : '-'}-${has('VM_MAYSHARE') ? 's' : 'p'}`;
  return has('VM_NONLINEAR') ? `${perms} nonlinear` : perms;
}

/** How a VMA reads in its row: range, name, permissions and backing. */
export function vmaFace(v: VmaView): Pick<ViewNode, 'label' | 'description' | 'tooltip' | 'icon' | 'contextValue'> {
  return {
    label: `${v.start}-${v.end}`,
    description: `${v.name} ${vmaPerms(v)} ${v.backing}${v.backing === 'anon' ? '' : ` pgoff ${v.pgoff}`}`,
    tooltip: `${v.name}: ${v.flags.join(' ')}\nbacking: ${v.backing}, pgoff ${v.pgoff}`,
    icon: v.backing === 'anon' ? 'circuit-board' : 'file',
    contextValue: 'vma',
  };
}

function signatures(view: KernelView): Map<string, string> {
  const sigs = new Map<string, string>();
  for (const p of view.processes) {
    sigs.set(processId(p), JSON.stringify([p.alive, p.threads, p.fds, p.vmas.map((v) => [v.start, v.end])]));
    for (const v of p.vmas) sigs.set(vmaId(p, v), JSON.stringify(v));
  }
  return sigs;
}

export class VmasModel implements KernelTreeModel {
  readonly changes: Changes;
  /** The last stop's VMAs by id, with their process's id (the name of a gone one is the current process's). */
  private readonly before: Map<string, { process: string; vma: VmaView }> | undefined;

  constructor(readonly view: KernelView, previous?: VmasModel) {
    this.changes = Changes.since(previous?.changes, signatures(view));
    this.before = previous ? new Map(previous.view.processes.flatMap((p) => p.vmas.map((v) => [vmaId(p, v), { process: processId(p), vma: v }] as const))) : undefined;
  }

  summary(): string {
    const vmas = this.view.processes.reduce((n, p) => n + p.vmas.length, 0);
    return `${plural(this.view.processes.length, 'process', 'processes')}, ${plural(vmas, 'VMA')}`;
  }

  roots(): ViewNode[] {
    const names = new Map(this.view.processes.map((p) => [processId(p), p.name]));
    const now = new Set(this.view.processes.flatMap((p) => p.vmas.map((v) => vmaId(p, v))));
    const gone = goneNode([...(this.before ?? [])].filter(([id]) => !now.has(id))
      .map(([, { process, vma }]) => `${names.get(process) ?? process} ${vma.start}-${vma.end} ${vma.name}`));
    if (this.view.processes.length === 0) return [{ id: 'empty', label: 'no processes', icon: 'info' }, ...gone];
    return [...this.view.processes.map((p) => this.processNode(p)), ...gone];
  }

  private processNode(p: ProcessView): ViewNode {
    return mark({
      id: processId(p),
      label: p.name,
      description: `pid ${p.vpid} · mm#${p.mm} · ${plural(p.vmas.length, 'VMA')}${p.alive ? '' : ' · exited'}`,
      tooltip: `threads: ${p.threads.join(', ') || 'none'}\nfds: ${p.fds.map((f) => f.fd).join(', ') || 'none'}`,
      icon: p.alive ? 'vm' : 'vm-outline',
      expanded: true,
      contextValue: 'process',
      children: () => [
        ...p.vmas.map((v) => this.vmaNode(p, v)),
        { id: `${processId(p)}/threads`, label: 'threads', description: p.threads.join(', ') || 'none', icon: 'list-tree' },
      ],
    }, this.changes);
  }

  private vmaNode(p: ProcessView, v: VmaView): ViewNode {
    const id = vmaId(p, v);
    const old = this.before?.get(id)?.vma;
    const row = (name: string, value: string | number, was: string | number | undefined): ViewNode => ({
      id: `${id}/${name}`, label: name, description: String(value), icon: 'symbol-field',
      changed: old !== undefined && was !== value ? true : undefined, // a new VMA is marked whole
    });
    return mark({
      id,
      ...vmaFace(v),
      children: () => [
        row('flags', v.flags.join(' ') || 'none', old?.flags.join(' ') || (old ? 'none' : undefined)),
        row('backing', v.backing, old?.backing),
        row('pgoff', v.pgoff, old?.pgoff),
        {
          id: `${id}/ptes`,
          label: 'page table',
          description: plural(v.ptes.length, 'entry', 'entries'),
          icon: 'table',
          changed: old !== undefined && JSON.stringify(old.ptes) !== JSON.stringify(v.ptes) ? true : undefined,
          children: v.ptes.length === 0 ? undefined : () => chunked(`${id}/pte`, v.ptes.length, (i) => {
            const e = v.ptes[i]!;
            const was = old?.ptes.find((o) => o.addr === e.addr);
            return {
              id: `${id}/pte${e.addr}`, label: e.addr, description: e.entry,
              icon: e.pfn >= 0 ? 'arrow-right' : 'archive',
              changed: old !== undefined && was?.entry !== e.entry ? true : undefined,
            };
          }),
        },
      ],
    }, this.changes);
  }
}
