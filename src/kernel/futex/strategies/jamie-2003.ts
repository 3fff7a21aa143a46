// jamie-2003: Jamie Lokier, "Unpinned futexes v2: indexing changes" (seed 000, merged for
// 2.6.0-test5/6; the scheme of 2.6.0 .. 2.6.27), with the 8 Sep 2003 reference patch (seed 001).
//
// - vma = find_extend_vma(mm, uaddr); none -> -EFAULT.
// - !(vm_flags & VM_MAYSHARE): private key (mm, uaddr). No page is touched at all, so COW cannot
//   move it ("It isn't affected by COW, because it doesn't care about the actual pages").
// - VM_MAYSHARE: (inode, pgoff, offset | 1), pgoff computed from the vma without touching the
//   page; for VM_NONLINEAR, follow_page / get_user_pages(write=0) and page->index.
//   VM_MAYSHARE and not VM_SHARED: "it's expected that futexes attach to the object not the
//   particular process" (a MAP_SHARED mapping of an O_RDONLY fd). Variant
//   `shared_test = vm_shared` replays the rejected test, which misses S19's wake-up.
// - refs (default true): a queued waiter holds mm_count or i_count, "otherwise a malicious or
//   erroneous program can use FUTEX_FD to create futexes on mms or inodes which are recycled, and
//   steal wakeups from other, unrelated programs". `refs = false` is the code before that patch.
// - 2.6.0 futex_wait queues first, then reads the value (waitwake.ts case [5]).
// - requeue: 2.6.0's list_move_tail with the key1 == key2 guard (S26: W3 W4 W2); variant
//   `requeue = fifo` is Sébastien Dugué's 2006 -rt fix. CMP_REQUEUE (2.6.7) and WAKE_OP (2.6.14)
//   were added while this keying was in use, so they are available; FUTEX_PRIVATE_FLAG (2.6.22)
//   is not (private ops run as shared ops).
// - Nothing on mremap or munmap: Linus did not apply part 2 ("user error").

import type { Strategy, StrategyFactory } from '../strategy';
import { assertOwnedQ } from '../core';
import { gup } from '../../fault';
import { findVma, filePageIndex, ptePfn, ptePresent } from '../../mm';
import { EFAULT, PAGE_SIZE, pageBase, pageOf } from '../../types';
import { inodeReason, mmReason } from '../reason';
import { dropKeyRefs, getKeyRefs, hash260, keyRef } from './common';

export const jamie2003: StrategyFactory = (variants) => {
  const testShared = variants.shared_test === 'vm_shared';
  const refs = variants.refs !== 'false';
  const s: Strategy = {
    id: 'jamie-2003',
    summary: `2.6.0 Jamie: (inode, pgoff) for ${testShared ? 'VM_SHARED' : 'VM_MAYSHARE'} vmas, (mm, address) otherwise${refs ? ', waiters hold mm/inode refs' : ''}`,
    queueBeforeCheck: true,
    requeueOrder: variants.requeue === 'fifo' ? 'fifo' : 'move-tail',
    getKey: (k, r) => {
      const v = findVma(r.mm, r.uaddr);
      if (!v) return { ok: false, errno: EFAULT };
      const off = r.uaddr % PAGE_SIZE;
      if (!(testShared ? v.shared : v.mayshare) || v.ino < 0) {
        const rule = testShared && v.mayshare && v.ino >= 0 ? 'not-vm-shared' : 'not-mayshare';
        return { ok: true, key: { kind: 'private', ptr: r.mm.id, word: pageBase(r.uaddr), off }, reason: mmReason(rule, r.mm), pfn: -1 };
      }
      let pgoff = filePageIndex(v, r.uaddr);
      if (v.nonlinear) {
        // The page walk, only for nonlinear vmas: follow_page, else get_user_pages(write=0).
        const pte = r.mm.pt.get(pageOf(r.uaddr));
        const pfn = pte !== undefined && ptePresent(pte) ? ptePfn(pte) : (() => {
          const g = gup(k, r.mm, r.uaddr, false);
          return 'errno' in g ? -1 : g.pfn;
        })();
        if (pfn < 0) return { ok: false, errno: EFAULT };
        pgoff = k.s.pages[pfn]!.index;
      }
      const reason = inodeReason(k, v.nonlinear ? 'nonlinear-walk' : 'mayshare-inode', v.ino);
      return { ok: true, key: { kind: 'inode', ptr: v.ino, word: pgoff, off }, reason, pfn: -1 };
    },
    hash: hash260,
    attach: (k, q) => {
      if (refs) getKeyRefs(k, q, keyRef(q.key));
    },
    detach: (k, q) => dropKeyRefs(k, q),
    // "drop_key_refs outside the spinlock": the reference moves from key1 to key2.
    requeued: (k, q) => {
      if (!refs) return;
      const old = q.ref;
      assertOwnedQ(k, q);
      q.ref = null;
      getKeyRefs(k, q, keyRef(q.key));
      if (old) {
        const tmp = { ...q, ref: old };
        dropKeyRefs(k, tmp);
      }
    },
  };
  return s;
};
