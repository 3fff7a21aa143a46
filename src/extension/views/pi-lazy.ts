// The PI Locks view fetched as shown (issue 9): the PI words (state-pages.ts `pi`), up to
// LIST_RANGE at once, past that by range nodes; a word's rt_mutex waiters and boost chain inline
// when short (state-pages.ts INLINE), else by their own path when the word is opened. The summary
// counts inconsistent words from the top level's counts. What it shows is views/pi.ts's: the same
// rows and marks, except that a word the last stop did not fetch is not marked and words gone
// are listed only when both stops fetched every word (lazy-list.ts Seen).

import type { PiWordView } from '../../kernel/snapshot';
import { Seen, listOf, listRoots } from './lazy-list';
import { goneNode, type LazyTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';
import type { PagedItem, StopState } from './stop-state';
import { piWordFace } from './pi';

type Word = PagedItem<PiWordView>;

const wordId = (w: PiWordView) => `pi${w.mm}:${w.uaddr}`;

export class LazyPiLocksModel implements LazyTreeModel {
  private readonly seen = new Seen();
  /** The words fetched at this stop, by id. */
  private readonly words = new Map<string, Word>();
  private all = false;

  constructor(readonly stop: StopState, private previous?: LazyPiLocksModel) {
    // One stop back is all the marks need: let the older ones go.
    if (previous) previous.previous = undefined;
  }

  summary(): string {
    const t = this.stop.top;
    return plural(t.sizes.pi, 'PI lock') + (t.counts.piInvalid ? `, ${t.counts.piInvalid} inconsistent` : '');
  }

  async roots(): Promise<ViewNode[]> {
    const n = this.stop.top.sizes.pi;
    const done = () => {
      this.all = true;
      this.seen.whole.add('');
    };
    const nodes = n === 0 ? (done(), []) : await listRoots<PiWordView>(this.stop, 'pi', n, (items, start) => items.map((w, i) => this.wordNode(w, start + i)), done);
    const p = this.previous;
    const gone = p && p.all && this.all ? goneNode([...p.words.entries()].filter(([id]) => !this.words.has(id)).map(([, w]) => `${w.uaddr} (mm#${w.mm})`)) : [];
    if (n === 0) return [{ id: 'empty', label: 'no contended PI lock', icon: 'info' }, ...gone];
    return [...nodes, ...gone];
  }

  private wordNode(w: Word, position: number): ViewNode {
    const id = wordId(w);
    this.words.set(id, w);
    this.seen.sigs.set(id, JSON.stringify(w));
    const rows = (chain: string[], waiters: PiWordView['waiters']): ViewNode[] => [
      { id: `${id}/word`, label: 'word', description: w.word, icon: 'symbol-field' },
      { id: `${id}/row`, label: 'table row', description: `[${w.row}] ${w.valid ? 'valid' : 'invalid'}`, icon: 'symbol-field' },
      { id: `${id}/chain`, label: 'boost chain', description: chain.join(' -> ') || 'none', icon: 'arrow-up' },
      ...waiters.map((x, i) => ({
        id: `${id}/w${i}`, label: x.who, description: `prio ${x.prio}${x.dangling ? ' · DANGLING rt_waiter (dead stack)' : ''}`,
        icon: x.dangling ? 'error' : 'debug-pause', iconColor: x.dangling ? 'charts.red' : undefined,
      })),
    ];
    const node: ViewNode = {
      id,
      ...piWordFace(w),
      changed: this.seen.changed(this.previous?.seen, id, ['']),
    };
    if (!w.cut) node.children = () => rows(w.chain, w.waiters);
    else {
      const path = `pi/${position}`;
      node.load = async () => rows(await listOf<string>(this.stop, w, w.chain, path, 'chain'), await listOf<PiWordView['waiters'][number]>(this.stop, w, w.waiters, path, 'waiters'));
    }
    return node;
  }
}
