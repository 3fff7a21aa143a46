// The Robust Lists view fetched as shown (issue 9): the adapter's `robust` list (state-pages.ts:
// the tasks that registered a robust list, { tid, name, robust }), up to LIST_RANGE at once, past
// that by range nodes; a list's entries inline when short (state-pages.ts INLINE), else by their
// own path when the row is opened. What it shows is views/robust.ts's: the same rows and marks,
// except that a row whose entries came cut does not count its owner-died words in its tooltip
// before it is opened, and a row the last stop did not fetch is not marked (lazy-list.ts Seen).

import type { RobustEntryView, RobustListView } from '../../kernel/snapshot';
import { Seen, listOf, listRoots } from './lazy-list';
import type { LazyTreeModel, ViewNode } from './node';
import { plural } from '../../lang/plural';
import { robustRows } from './robust';
import type { PagedItem, StopState } from './stop-state';

type Row = PagedItem<{ tid: number; name: string; robust: RobustListView }>;

export class LazyRobustListsModel implements LazyTreeModel {
  private readonly seen = new Seen();

  constructor(readonly stop: StopState, private previous?: LazyRobustListsModel) {
    // One stop back is all the marks need: let the older ones go.
    if (previous) previous.previous = undefined;
  }

  summary(): string {
    return plural(this.stop.top.sizes.robust, 'robust list');
  }

  async roots(): Promise<ViewNode[]> {
    const n = this.stop.top.sizes.robust;
    if (n === 0) {
      this.seen.whole.add('');
      return [{ id: 'empty', label: 'no robust lists', icon: 'info' }];
    }
    return listRoots<Row>(this.stop, 'robust', n, (items, start) => items.map((t, i) => this.rowNode(t, start + i)), () => this.seen.whole.add(''));
  }

  private rowNode(t: Row, position: number): ViewNode {
    const id = `t${t.tid}`;
    const r = t.robust;
    const cut = t.cut?.['robust/entries'];
    this.seen.sigs.set(id, cut === undefined ? JSON.stringify(r) : JSON.stringify({ ...r, entries: { cut } }));
    const count = cut ?? r.entries.length;
    const died = cut === undefined ? r.entries.filter((e) => e.ownerDied).length : 0;
    const node: ViewNode = {
      id,
      label: t.name,
      description: `head ${r.head} · ${plural(count, 'entry', 'entries')}${r.pending ? ' · pending' : ''}${r.cut ? ` · ${r.cut}` : ''}`,
      tooltip: `${t.name} registered the robust list at ${r.head} (futex_offset ${r.futexOffset ?? '?'})` + (died ? `; ${died} owner-died word(s)` : ''),
      icon: 'lock',
      thread: { tid: t.tid, name: t.name },
      expanded: true,
      changed: this.seen.changed(this.previous?.seen, id, ['']),
    };
    if (cut === undefined) node.children = () => this.entryNodes(t, r.entries);
    else node.load = async () => this.entryNodes(t, await listOf<RobustEntryView>(this.stop, { cut: { entries: cut } }, [], `robust/${position}/robust`, 'entries'));
    return node;
  }

  private entryNodes(t: Row, entries: RobustEntryView[]): ViewNode[] {
    return robustRows(t.tid, t.robust, entries);
  }
}
