// One-line explanations of anomalies that name the rule of the strategy that made the
// difference (SEMANTICS.md: "the explanation says which rule of the strategy produced the
// difference").

import type { RefIdentity } from '../kernel/state';

/** Why two different futex words share this key, by the kind of key (futex.ts keyLabel). */
function sharedKeyRule(key: string): string {
  if (key.startsWith('(pfn 0,')) return 'the key is the ZERO_PAGE, which every untouched anonymous page of every process resolves to with a read-mode lookup';
  if (key.startsWith('(pfn ')) return 'the key is the physical page, and both addresses resolve to the same page (COW-shared after fork, or one page-cache page under MAP_PRIVATE)';
  if (key.startsWith('(swapper_space')) return 'a swap-cache page is keyed on (swapper_space, entry), the same for every process that maps it';
  if (key.startsWith('(mapping')) return 'a page-cache page is keyed on (mapping, index), the same for every process that maps it, private or not';
  if (key.startsWith('(mm#')) return 'the key is (mm, address) and the mm is the same object';
  if (key.startsWith('(inode#')) return 'the key is (inode, pgoff) and the inode is the same object';
  return 'the keys compare equal';
}

export function explainWrong(
  strategy: string, waker: string, waiter: string, key: string,
  waiterId: RefIdentity | null, wakerId: RefIdentity, stale: boolean,
): string {
  const wid = waiterId ? waiterId.label : '(none)';
  if (stale) {
    return `${waker} woke ${waiter} through ${key} under ${strategy}: the waiter's ${waiterId?.kind === 'inode' ? 'inode' : 'mm'} has been freed and its slot recycled, ` +
      `so the key now names a different object; the reference identities are ${wid} (dead) and ${wakerId.label}`;
  }
  return `${waker} woke ${waiter} under ${strategy}: both keyed ${key}; ${sharedKeyRule(key)}; the reference identities are ${wid} and ${wakerId.label}`;
}

/** Why the waker's key missed waiters of the same identity. */
function missRule(wakerKey: string, waiterKey: string): string {
  if (wakerKey.startsWith('(pfn ') && waiterKey.startsWith('(pfn ')) {
    return 'the waiter is keyed on the page it saw when it queued, but a COW gave this address a new page and nothing re-keyed the waiter';
  }
  if (waiterKey.startsWith('(mm#') && wakerKey.startsWith('(mm#')) {
    const mmOf = (k: string) => k.slice(0, k.indexOf(','));
    if (mmOf(waiterKey) === mmOf(wakerKey)) {
      return 'same mm and address, but one key is private (FUTEX_PRIVATE_FLAG) and the other a shared MMSHARED key, and futex_match compares the flag bits too';
    }
    return 'the waiter is keyed on another mm';
  }
  if (waiterKey.startsWith('(mm#') !== wakerKey.startsWith('(mm#')) return 'one side has a private (mm, address) key and the other an object key';
  return 'the keys differ';
}

export function explainMissed(
  strategy: string, waker: string, key: string, wakerId: RefIdentity,
  missed: { who: string; key: string }[], woken: number, expected: number,
): string {
  const first = missed[0];
  const rule = first ? `${first.who} waits on ${first.key}, the wake looked up ${key}: ${missRule(key, first.key)}` : '';
  return `${waker} woke ${woken} of the ${expected} waiters on ${wakerId.label} under ${strategy}; ${rule}`;
}
