// The PI Locks view (issue #16): one row per PI word with a pi_state: its owner and the priority
// it runs at, its top waiter, its row of the pi_state table (kernel/futex/pi.c, rows [1]-[10]),
// and under it the rt_mutex waiters (dangling ones marked, CVE-2014-3153) and the chain of boosts.

import type { KernelView } from '../../kernel/snapshot';
import type { PiWordView } from '../../kernel/snapshot';
import { Changes, goneNode, mark, type KernelTreeModel, type ViewNode } from './node';
import { plural } from '../../lang/plural';

const wordId = (w: PiWordView) => `pi${w.mm}:${w.uaddr}`;

/** How a PI word reads in its row: address, key, owner, top waiter and its pi_state row. */
export function piWordFace(w: PiWordView): Pick<ViewNode, 'label' | 'description' | 'tooltip' | 'icon' | 'iconColor' | 'expanded'> {
  return {
    label: `${w.uaddr} ${w.key}`,
    description: `owner ${w.owner} (prio ${w.ownerPrio}) · top waiter ${w.topWaiter} · row [${w.row}]`,
    tooltip: `word ${w.word}; pi_state table row [${w.row}] is ${w.valid ? 'valid' : 'INVALID: the kernel answers LOCK_PI with -EINVAL'}`,
    icon: w.valid ? 'lock' : 'warning',
    iconColor: w.valid ? undefined : 'charts.red',
    expanded: true,
  };
}

export class PiLocksModel implements KernelTreeModel {
  readonly changes: Changes;
  private readonly rows: PiWordView[];
  private readonly before: PiWordView[];

  constructor(readonly view: KernelView, previous?: PiLocksModel) {
    this.rows = view.pi ?? [];
    this.changes = Changes.since(previous?.changes, new Map(this.rows.map((w) => [wordId(w), JSON.stringify(w)])));
    this.before = previous?.rows ?? [];
  }

  summary(): string {
    const bad = this.rows.filter((w) => !w.valid).length;
    return plural(this.rows.length, 'PI lock') + (bad ? `, ${bad} inconsistent` : '');
  }

  roots(): ViewNode[] {
    const now = new Set(this.rows.map(wordId));
    const gone = goneNode(this.before.filter((w) => !now.has(wordId(w))).map((w) => `${w.uaddr} (mm#${w.mm})`));
    if (this.rows.length === 0) return [{ id: 'empty', label: 'no contended PI lock', icon: 'info' }, ...gone];
    return [...this.rows.map((w) => this.wordNode(w)), ...gone];
  }

  private wordNode(w: PiWordView): ViewNode {
    const id = wordId(w);
    return mark({
      id,
      ...piWordFace(w),
      children: () => [
        { id: `${id}/word`, label: 'word', description: w.word, icon: 'symbol-field' },
        { id: `${id}/row`, label: 'table row', description: `[${w.row}] ${w.valid ? 'valid' : 'invalid'}`, icon: 'symbol-field' },
        { id: `${id}/chain`, label: 'boost chain', description: w.chain.join(' -> ') || 'none', icon: 'arrow-up' },
        ...w.waiters.map((x, i) => ({
          id: `${id}/w${i}`, label: x.who, description: `prio ${x.prio}${x.dangling ? ' · DANGLING rt_waiter (dead stack)' : ''}`,
          icon: x.dangling ? 'error' : 'debug-pause', iconColor: x.dangling ? 'charts.red' : undefined,
        })),
      ],
    }, this.changes);
  }
}
