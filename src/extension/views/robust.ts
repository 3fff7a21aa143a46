// The Robust Lists view (issue #17): per thread that registered one with set_robust_list, the
// head, each entry with its lock word and the word's owner, and the pending entry
// (list_op_pending). An entry whose word has FUTEX_OWNER_DIED is flagged: the kernel's walk at
// thread end wrote it. Built from the snapshot (kernel/futex/robust-view.ts), never from live state.

import type { KernelView } from '../../kernel/snapshot';
import type { RobustEntryView, RobustListView } from '../../kernel/snapshot';
import { Changes, mark, type KernelTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';

type Row = KernelView['tasks'][number];

/** `0x80000065 · A/owner · WAITERS` for an entry's lock word. */
export function robustEntryDescription(e: RobustEntryView): string {
  if (e.word === null) return `${e.uaddr} · not present`;
  const bits = [e.waiters ? 'WAITERS' : '', e.ownerDied ? 'OWNER_DIED' : ''].filter(Boolean);
  return [`0x${(e.word >>> 0).toString(16)}`, e.owner || 'unlocked', ...bits].join(' · ');
}

export class RobustListsModel implements KernelTreeModel {
  readonly changes: Changes;
  private readonly rows: Row[];

  constructor(readonly view: KernelView, previous?: RobustListsModel) {
    this.rows = view.tasks.filter((t) => t.robust !== null);
    this.changes = Changes.since(previous?.changes, new Map(this.rows.map((t) => [`t${t.tid}`, JSON.stringify(t.robust)])));
  }

  summary(): string {
    return plural(this.rows.length, 'robust list');
  }

  roots(): ViewNode[] {
    if (this.rows.length === 0) return [{ id: 'empty', label: 'no robust lists', icon: 'info' }];
    return this.rows.map((t) => {
      const r = t.robust!;
      const died = r.entries.filter((e) => e.ownerDied).length;
      return mark({
        id: `t${t.tid}`,
        label: t.name,
        description: `head ${r.head} · ${plural(r.entries.length, 'entry', 'entries')}${r.pending ? ' · pending' : ''}${r.cut ? ` · ${r.cut}` : ''}`,
        tooltip: `${t.name} registered the robust list at ${r.head} (futex_offset ${r.futexOffset ?? '?'})` + (died ? `; ${died} owner-died word(s)` : ''),
        icon: 'lock',
        thread: { tid: t.tid, name: t.name },
        expanded: true,
        children: () => this.entryNodes(t),
      }, this.changes);
    });
  }

  private entryNodes(t: Row): ViewNode[] {
    return robustRows(t.tid, t.robust!, t.robust!.entries);
  }
}

/** A robust list's rows, in the kernel's walk order: futex_offset, the entries, list_op_pending. */
export function robustRows(tid: number, r: RobustListView, entries: readonly RobustEntryView[]): ViewNode[] {
  const node = (e: RobustEntryView, id: string, label: string): ViewNode => ({
    id: `t${tid}/${id}`,
    label,
    description: robustEntryDescription(e),
    tooltip: `entry ${e.entry}${e.pi ? ' (PI)' : ''}, lock word at ${e.uaddr}`,
    icon: e.ownerDied ? 'warning' : e.pi ? 'symbol-event' : 'symbol-field',
  });
  const rows: ViewNode[] = [{ id: `t${tid}/offset`, label: 'futex_offset', description: String(r.futexOffset ?? 'not present'), icon: 'symbol-field' }];
  entries.forEach((e, i) => rows.push(node(e, `e${e.entry}`, `entry ${i} ${e.entry}${e.pi ? ' PI' : ''}`)));
  rows.push(r.pending ? node(r.pending, 'pending', `list_op_pending ${r.pending.entry}`) : { id: `t${tid}/pending`, label: 'list_op_pending', description: 'NULL', icon: 'symbol-field' });
  return rows;
}
