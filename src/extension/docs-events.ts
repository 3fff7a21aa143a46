// Hover documentation of the environment events: what the rest of the kernel does to memory under
// a futex (swap, reclaim, truncate, lock_page, munmap, mremap, mprotect, remap_file_pages, madvise)
// and which strategies follow it. Split from docs.ts (one concept per file); docs.ts merges it into
// HOVER_DOCS. Pure data, as docs.ts.

import { entry } from './docs-entry';

export const EVENT_DOCS: Record<string, string> = {
  swap_out: entry(
    'swap_out ADDR | NAME',
    '**swap_out**: reclaims that page now. An anonymous page goes to swap via the swap cache (`rusty-2003` rehashes',
    'its waiters to `(swapper_space, entry)`); a file page is written back and dropped from the page cache. A',
    'pinned page can be unmapped but is never freed.',
  ),
  swap_in: entry(
    'swap_in ADDR',
    '**swap_in**: faults the page back in (a `load` or `store` does this too): from the swap cache if the page is',
    'still there, else into a new page frame, which a key on the old `struct page` no longer matches.',
  ),
  reclaim: entry('reclaim', '**reclaim**: evicts every page that is neither pinned nor locked, as memory pressure would.'),
  truncate: entry(
    'truncate FILE, pages N',
    '**truncate**: sets the file size to N pages. Shrinking removes the page-cache pages past the end (a pinned',
    'page is detached from the file, not freed) and zaps the page-table entries that mapped them; loads and',
    'stores there die with SIGBUS, futex lookups return `-EFAULT`. Growing makes the pages readable again, zeroed.',
    'Nobody wakes waiters on truncate; the oracle notes them as `undefined`.',
  ),
  lock_page: entry(
    ['lock_page ADDR, ticks T', 'option gorman-2013.lock_page = slowpath | always'],
    '**lock_page**: another kernel path holds that page\'s PG_locked for T ticks. A key lookup that takes the page',
    'lock (`gorman-2013` with `lock_page = always`, or its slow path) waits for it: the RT latency problem Mel',
    'Gorman\'s RFC addressed. On an option line, `gorman-2013.lock_page` selects when the page lock is taken:',
    '`slowpath` (the RFC, the default) or `always` (2.6.33 .. 4.5).',
  ),
  munmap: entry(
    ['munmap NAME', 'munmap ADDR, pages N'],
    '**munmap**: removes a mapping, or N pages from ADDR. Waiters on it stay queued ("user error"); the oracle',
    'notes them as `undefined`. Pinned pages stay pinned.',
  ),
  mremap: entry(
    'mremap NAME, pages N [, to ADDR]',
    '**mremap**: resizes a mapping to N pages and may move it (to ADDR); the name follows the mapping. Waiters',
    'keyed on the old virtual address are not moved (Jamie\'s part 2 was not applied; "vcache is horribly broken',
    'with mremap()").',
  ),
  mprotect: entry(
    'mprotect NAME, r | rw',
    '**mprotect**: changes the protection of a mapping. A read-only anonymous page makes write-mode key lookups',
    '(`gorman-2013`, `modern`) return `-EFAULT`.',
  ),
  remap_file_pages: entry(
    'remap_file_pages NAME, page I, file_page J',
    '**remap_file_pages**: makes page I of a shared file mapping show file page J: the mapping becomes nonlinear,',
    'so `jamie-2003` must walk the page table to find the file index.',
  ),
  madvise: entry(
    'madvise NAME, dontneed',
    '**madvise**: `MADV_DONTNEED` zaps the pages of the mapping: private copies are dropped, so anonymous memory',
    'reads back as zero and a private file mapping shows the page cache again.',
  ),
};
