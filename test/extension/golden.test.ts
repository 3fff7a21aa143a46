// Golden transcripts of the four views (STYLE.md 12): the COW-after-fork example under
// pinned-page, at the stop where C waits and at the next stop after P's wake (which wakes C, the
// wrong process). `* ` marks what changed since the previous stop. A failure shows the diff of
// what a user would see; update with `npx vitest run test/extension/golden.test.ts -u` after
// checking that the new text is right.

import { describe, expect, it } from 'vitest';
import { HashTableModel } from '../../src/extension/views/hash';
import { WaitersModel } from '../../src/extension/views/waiters';
import { VmasModel } from '../../src/extension/views/vmas';
import { PagesModel } from '../../src/extension/views/pages';
import { renderTree, type KernelTreeModel } from '../../src/extension/views/node';
import type { KernelView } from '../../src/kernel/snapshot';
import { example, session, stepUntil } from './helpers';

function transcript(m: Models): string {
  return Object.entries(m as unknown as Record<string, KernelTreeModel>).map(([name, model]) => `== ${name}: ${model.summary()}\n${renderTree(model.roots())}`).join('\n\n') + '\n';
}

interface Models {
  'Futex Hash Table': HashTableModel;
  Waiters: WaitersModel;
  VMAs: VmasModel;
  Pages: PagesModel;
}

function models(v: KernelView, prev?: Models): Models {
  return {
    'Futex Hash Table': new HashTableModel(v, prev?.['Futex Hash Table']),
    Waiters: new WaitersModel(v, prev?.Waiters),
    VMAs: new VmasModel(v, prev?.VMAs),
    Pages: new PagesModel(v, prev?.Pages),
  };
}

describe('golden view transcripts', () => {
  const s = session(example('cow-fork-wrong-wakeup.futex'), { strategy: 'pinned-page' });
  const waiting = models(stepUntil(s, (v) => v.waiterCount === 1));
  const woken = models(stepUntil(s, (v) => v.waiterCount === 0), waiting);

  it('cow-fork-wrong-wakeup, C waiting', async () => {
    await expect(transcript(waiting)).toMatchFileSnapshot('golden/cow-fork-waiting.txt');
  });

  it('cow-fork-wrong-wakeup, after P wakes C', async () => {
    await expect(transcript(woken)).toMatchFileSnapshot('golden/cow-fork-woken.txt');
  });
});
