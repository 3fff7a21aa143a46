// The memory part of KernelState (state.ts): page frames, the inodes and disk files behind the page
// cache, swap slots, and the address spaces (mm, vma, pte) that map them. What Linux keeps under
// mm/ (and the inode's page cache), the objects a futex key is made from. Split from state.ts (one
// concept per file); state.ts re-exports it, so importers keep `from './state'`. Plain data under
// state.ts's invariant: no closures, objects refer to each other by slot number.

// --- pages (page.ts) -------------------------------------------------------------------------

export type PageMapping =
  | { kind: 'inode'; ino: number } // page cache of a file or tmpfs inode
  | { kind: 'swap' }; //              swapper_space; page.index is the swap slot

export interface PageFrame {
  pfn: number;
  /** page_count: one per pte mapping it, per futex pin, and per cache (page or swap) holding it. */
  count: number;
  /** ptes mapping the page (page_mapcount). */
  mapcount: number;
  /** futex pins (pinned-page, vcache): a subset of count held while a waiter sleeps. */
  pins: number;
  anon: boolean;
  /** PG_reserved: only the ZERO_PAGE (pfn 0); never refcounted, never freed. */
  reserved: boolean;
  /** PG_locked: held by `lock_page` until the clock reaches lockedUntil. */
  locked: boolean;
  lockedUntil: number;
  /** PG_swapcache. */
  swapCache: boolean;
  /** page->mapping and page->index; null for an anon page not in the swap cache. */
  mapping: PageMapping | null;
  index: number;
  /** Which (mm, virtual page address) ptes map it: the reverse map, for swap-out and the views. */
  rmap: { mm: number; addr: number }[];
  /**
   * The page's words. Copy-on-write between snapshots: `data` may be shared with a snapshot
   * unless `owner` equals the state's epoch, so writers go through fault.ts writablePage.
   */
  data: Int32Array;
  owner: number;
}

// --- files (fs.ts) ---------------------------------------------------------------------------

/** A regular file or shm object as it is on "disk": it outlives its in-memory inodes. */
export interface DiskFile {
  name: string;
  kind: 'file' | 'shm';
  pages: number;
  blocks: Map<number, Int32Array>;
  /** The in-memory inode while there is one, else -1. */
  ino: number;
}

export interface Inode {
  ino: number;
  life: number;
  /** 'file': a DiskFile's inode; 'shmem': tmpfs (shm objects and MAP_SHARED|MAP_ANONYMOUS). */
  kind: 'file' | 'shmem';
  name: string;
  /** The DiskFile behind it ('' for anonymous shmem). */
  disk: string;
  size: number;
  /** i_count: vmas, the shm object itself, futex key references. */
  count: number;
  /** The page cache: index -> pfn. */
  cache: Map<number, number>;
  /**
   * shmem pages that were swapped out: index -> swap slot. Anonymous shmem contents are lost with
   * the inode; a DiskFile's are written back.
   */
  shmSwap: Map<number, number>;
  /** modern: boot-unique sequence number stamped on first futex use (0 = none yet). */
  iSeq: number;
}

// --- swap (swap.ts) --------------------------------------------------------------------------

export interface SwapSlot {
  slot: number;
  /** swap_map count: swap ptes, shmem entries and the swap cache page referring to it. */
  count: number;
  data: Int32Array | null;
  /** The swap cache page for this slot, or -1. */
  cachePfn: number;
}

// --- address spaces (mm.ts) ------------------------------------------------------------------

export interface Vma {
  start: number;
  end: number;
  read: boolean;
  write: boolean;
  /** VM_SHARED: a shared mapping that may be written (not for MAP_SHARED of an O_RDONLY fd). */
  shared: boolean;
  /** VM_MAYSHARE: MAP_SHARED was asked for. */
  mayshare: boolean;
  /** VM_NONLINEAR: remap_file_pages moved a page away from its linear pgoff. */
  nonlinear: boolean;
  /** The vm_file's inode (file, shm, or the shmem_zero_setup inode of shared anon), else -1. */
  ino: number;
  /** File offset of `start`, in pages. */
  pgoff: number;
  /** For nonlinear vmas: page within the vma -> file page index (where it differs from linear). */
  nonlinearMap: Map<number, number>;
  /** How the scenario described it, for the views. */
  backing: 'anon' | 'file' | 'shm';
  /** The map name the scenario gave it, if any. */
  name: string;
  /** The file was opened O_RDONLY (mmap's VM_MAYWRITE off). */
  rdonlyFile: boolean;
}

/**
 * A page table entry: present entries are `pfn * 2 + writable`; swap entries `-(slot + 1)`.
 * File pages that are not present simply have no entry.
 */
export type Pte = number;

export interface Mm {
  id: number;
  life: number;
  vmas: Vma[];
  pt: Map<number, Pte>;
  /** mm_users: threads using it. */
  users: number;
  /** mm_count: 1 while users > 0, plus futex key references (jamie-2003 refs, gorman-2013). */
  count: number;
  /** Next address for a mapping without `at`. */
  mmapBase: number;
  /** Map names of the process: name -> start address (follows mremap). */
  names: Map<string, number>;
}
