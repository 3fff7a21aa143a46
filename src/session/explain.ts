// Explanations of anomalies, from the two decisions that met in a bucket (a wrong wake-up) or
// failed to (a missed one): each side's key and the rule of get_futex_key that produced it
// (kernel/futex/reason.ts). SEMANTICS.md: "the explanation says which rule of the strategy
// produced the difference". The rule is chosen from typed data (the keys' kinds and slots, the
// reasons, the COW the oracle saw); the text below is made from it, never read back.

import type { RefIdentity } from '../kernel/state';
import type { FutexKey } from '../kernel/futex/futex';
import { keyEquals, keyLabel } from '../kernel/futex/futex';
import type { KeyDecision, KeyRule } from '../kernel/futex/reason';

/** The rule an explanation names: a rule of get_futex_key, or one of the meeting itself. */
export type CauseRule =
  | KeyRule
  /** Equal keys made in two lifetimes of one mm (or inode) slot: keys compare slots. */
  | 'recycled-mm-slot'
  | 'recycled-inode-slot'
  /** The waiter is keyed on a page that a COW has since replaced at its address. */
  | 'cow-copy'
  /** Same mm and address, one key private and one MMSHARED: futex_match compares the flag bits. */
  | 'private-vs-shared'
  /** Nothing more specific: the two keys differ and no rule above explains it. */
  | 'keys-differ';

/** Why an anomaly happened, as data: the rule, and the two decisions it compares. */
export interface Cause {
  rule: CauseRule;
  /** The waker's lookup (for a requeue: the lookup of the source address). */
  waker: KeyDecision;
  /** The waiter's key, as it was queued (or last re-keyed, or requeued). */
  waiter: KeyDecision;
}

interface RuleText {
  /** What the rule does, as a kernel developer would say it. */
  text: string;
  /** The era it belongs to, and the seed or kernel version it comes from. */
  source: string;
}

/** One sentence and one source per rule: the only place explanations are worded. */
export const RULES: Record<CauseRule, RuleText> = {
  'private-flag': { text: 'FUTEX_PRIVATE_FLAG keys on (mm, address) without looking at the page', source: '2.6.22+, Eric Dumazet\'s private futexes (34f01cc1f512)' },
  'not-mayshare': { text: 'a vma without VM_MAYSHARE is keyed on (mm, address), not on the object it maps', source: '2.6.0 .. 2.6.27, Lokier 2003' },
  'not-vm-shared': { text: 'the VM_SHARED test keys a MAP_SHARED mapping of an O_RDONLY file (VM_MAYSHARE without VM_SHARED) on (mm, address) instead of (inode, pgoff)', source: 'the test argued against in Russell 2003 and Lokier 2003 (option jamie-2003.shared_test = vm_shared)' },
  'mayshare-inode': { text: 'a VM_MAYSHARE vma is keyed on (inode, pgoff) computed from the vma, the same for every process that maps the file', source: '2.6.0 .. 2.6.27, Lokier 2003' },
  'nonlinear-walk': { text: 'a VM_NONLINEAR vma is keyed on (inode, page->index) found by walking the page table', source: '2.6.0 .. 2.6.27, Lokier 2003' },
  'zero-page': { text: 'a read-mode get_user_pages of untouched private anonymous memory returns the ZERO_PAGE, the same page for every such word of every process', source: '2.5, Molnar 2002; S21' },
  'cow-shared-page': { text: 'the key is the physical page, and after fork parent and child map the same page: a private anonymous page stays shared copy-on-write until one of them writes it', source: '2.5, Molnar 2002; Lokier 2003, symptom 1' },
  'anon-page': { text: 'the key is the physical anonymous page the address maps now', source: '2.5, Molnar 2002' },
  'page-cache-page': { text: 'the key is the physical page, and an unwritten MAP_PRIVATE file page is the page-cache page itself, mapped by every process that maps the file', source: '2.5, Molnar 2002; S20' },
  'mapping-index': { text: 'a page-cache page is keyed on (page->mapping, page->index), the same for every process that maps it, private or not', source: 'Russell 2003' },
  'swap-cache': { text: 'a page in the swap cache (anonymous, or a tmpfs page shmem_writepage moved there) is keyed on (swapper_space, entry), the same for every process that maps it', source: 'Russell 2003, futex_rehash' },
  'anon-mm': { text: 'a shared op on an anonymous page is keyed on (mm, address, FUT_OFF_MMSHARED)', source: '2.6.28+ (gorman-2013, modern)' },
  'file-inode': { text: 'a file or shmem page is keyed on its inode and page->index', source: 'Gorman 2013; modern i_seq, 5.8 (8019ad13ef7f)' },
  'foll-write-retry': { text: 'get_user_pages(FOLL_WRITE) fails on a read-only private file mapping, and the read-only retry for FUTEX_READ ops finds the page-cache page, keyed on the file like a shared mapping', source: '3.9, Shawn Bohrer\'s read-only fallback (9ea71503a8ed), kept by gorman-2013 and modern' },
  'vcache-cow': { text: 'the vcache callback moved the waiter to the page break_cow made', source: '2.5.38, Molnar 2002 (vcache)' },
  'recycled-mm-slot': { text: 'the waiter\'s mm was freed while its key stayed queued, and a new mm took the same slot; keys compare slots, so the old key names the new mm', source: 'before Lokier\'s 8 Sep 2003 reference patch (option jamie-2003.refs = false), and modern, whose keys hold no mm reference (GROUND-TRUTH modelling notes, "M: no refs")' },
  'recycled-inode-slot': { text: 'the waiter\'s inode was evicted while its key stayed queued, and a new inode took the same slot; keys compare slots, so the old key names the new inode', source: 'before Lokier\'s 8 Sep 2003 reference patch, and gorman-2013\'s ihold (fixed by i_seq, 8019ad13ef7f)' },
  'cow-copy': { text: 'the waiter is keyed on the page it saw when it queued, a COW has since given this address a new page, and nothing re-keyed the waiter', source: '2.5, Molnar 2002; Lokier 2003, symptom 2' },
  'private-vs-shared': { text: 'same mm and address, but one key is private (FUTEX_PRIVATE_FLAG) and the other a shared MMSHARED key, and futex_match compares the flag bits too', source: '2.6.22+ (GROUND-TRUTH §3.7, S30)' },
  'keys-differ': { text: 'the two lookups gave different keys', source: 'the strategy\'s get_futex_key' },
};

/** Which rule to name when the two sides were keyed by different rules: the rarer one first. */
const SPECIFIC: KeyRule[] = [
  'foll-write-retry', 'not-vm-shared', 'nonlinear-walk', 'zero-page', 'swap-cache', 'vcache-cow', 'private-flag',
  'cow-shared-page', 'page-cache-page', 'mapping-index', 'not-mayshare', 'mayshare-inode', 'anon-mm', 'file-inode', 'anon-page',
];

function moreSpecific(a: KeyRule, b: KeyRule): KeyRule {
  return SPECIFIC.indexOf(a) <= SPECIFIC.indexOf(b) ? a : b;
}

const namesMm = (key: FutexKey) => key.kind === 'private' || key.kind === 'mmshared';

/** Two equal keys met: why (the recycled slot, else the rule that made them equal). */
export function meetingCause(waker: KeyDecision, waiter: KeyDecision): Cause {
  const a = waker.reason, b = waiter.reason;
  if (a.life >= 0 && b.life >= 0 && a.life !== b.life) {
    return { rule: namesMm(waiter.key) ? 'recycled-mm-slot' : 'recycled-inode-slot', waker, waiter };
  }
  return { rule: moreSpecific(a.rule, b.rule), waker, waiter };
}

/** The waiter's key differs from the wake's: why. `cowMoved`: a COW replaced its page since. */
export function missCause(waker: KeyDecision, waiter: KeyDecision, cowMoved: boolean): Cause {
  const a = waker.key, b = waiter.key;
  if (cowMoved) return { rule: 'cow-copy', waker, waiter };
  if (namesMm(a) && namesMm(b) && a.kind !== b.kind && a.ptr === b.ptr && a.word === b.word && a.off === b.off) {
    return { rule: 'private-vs-shared', waker, waiter };
  }
  if (waker.reason.rule === waiter.reason.rule) return { rule: 'keys-differ', waker, waiter };
  return { rule: moreSpecific(waker.reason.rule, waiter.reason.rule), waker, waiter };
}

/** `rule R (era, source): what it does`. */
export function ruleSentence(rule: CauseRule): string {
  const r = RULES[rule];
  return `rule ${rule} (${r.source}): ${r.text}`;
}

function sides(c: Cause): string {
  if (c.waker.reason.rule === c.waiter.reason.rule) return `each by ${c.waker.reason.rule}`;
  return `the waiter by ${c.waiter.reason.rule}, the waker by ${c.waker.reason.rule}`;
}

export function explainWrong(
  strategy: string, waker: string, waiter: string, c: Cause,
  waiterId: RefIdentity | null, wakerId: RefIdentity, stale: boolean,
): string {
  const wid = waiterId ? waiterId.label : '(none)';
  return `${waker} woke ${waiter} under ${strategy}: both keyed ${keyLabel(c.waker.key)}, ${sides(c)}; ${ruleSentence(c.rule)}; ` +
    `the reference identities are ${wid}${stale ? ' (dead)' : ''} and ${wakerId.label}`;
}

export function explainMissed(
  strategy: string, waker: string, wakerId: RefIdentity, expected: number, woken: number,
  missed: { who: string; key: FutexKey }, c: Cause, spentOn: string | null,
): string {
  const head = `${waker} woke ${woken} of the ${expected} waiters on ${wakerId.label} under ${strategy}; `;
  if (keyEquals(missed.key, c.waker.key)) {
    // Equal keys, so the wake did reach the waiter's bucket: its count was spent on another waiter
    // with the same key, ahead of it in the queue. Explain why that one shares the key.
    return head + `${missed.who} waits on ${keyLabel(missed.key)}, the key the wake looked up, but the wake's count was spent on ` +
      `${spentOn ?? 'a waiter ahead of it'}, which has the same key, ${sides(c)}; ${ruleSentence(c.rule)}`;
  }
  return head + `${missed.who} waits on ${keyLabel(missed.key)}, the wake looked up ${keyLabel(c.waker.key)}, ${sides(c)}; ${ruleSentence(c.rule)}`;
}

export function explainRequeue(strategy: string, requeuer: string, who: string, c: Cause, from: RefIdentity, src: RefIdentity, stale = false): string {
  return `${requeuer} requeued ${who}, which waits on ${from.label}${stale ? ' (dead)' : ''}, not on ${src.label}: both keyed ${keyLabel(c.waker.key)} under ${strategy}, ` +
    `${sides(c)}; ${ruleSentence(c.rule)}`;
}
