// The two version-2 calls whose arguments hold bracketed entries (LANGUAGE.md "Version 2
// additions"), like the kernel's `struct futex_waitv` array:
//   futex_waitv([ADDR, VAL [, private] [, size BITS]], ... [, timeout T | timeout {SEC, NSEC} [, clock C]])
//   futex2_requeue([ADDR, VAL [, private] [, size BITS]], [ADDR2 [, private] [, size BITS]], NWAKE, NREQUEUE)
// Inside an entry, `private` and `size` are keyword arguments, as in the other futex calls.
// `futex_waitv()` with no entries parses (the kernel answers -EINVAL).

import type { Expr, Futex2Entry, Rhs } from './ast';
import type { Token } from './lexer';
import type { Cursor } from './parser-core';
import { checkClock, parseArgument, type Arguments, type CallSignature } from './parse-rhs';

const WAITV_ENTRY: CallSignature = { params: ['ADDR', 'VAL'], keywords: ['private', 'size'] };
const REQUEUE_TARGET: CallSignature = { params: ['ADDR2'], keywords: ['private', 'size'] };
const WAITV: CallSignature = { params: [], keywords: ['timeout', 'clock'] };

/** `futex_waitv(...)` or `futex2_requeue(...)`; the cursor is on the call's name. */
export function parseEntryCall(c: Cursor, name: Token): Rhs {
  c.next();
  c.expectPunct('(', `after '${name.text}'`);
  c.parenDepth++;
  const entries: Futex2Entry[] = [];
  const rest: Arguments = { positional: [], flags: { private: false } };
  const waitv = name.text === 'futex_waitv';
  if (!c.isPunct(')')) {
    do {
      if (c.isPunct('[')) {
        if (rest.positional.length > 0 || rest.flags.timeout || rest.flags.timespec || rest.flags.clock) c.failAt(c.peek(), `an entry after the other arguments of '${name.text}'`);
        const sig = !waitv && entries.length === 1 ? REQUEUE_TARGET : WAITV_ENTRY;
        entries.push(parseEntry(c, name, sig));
      } else parseArgument(c, name, waitv ? WAITV : { params: ['NWAKE', 'NREQUEUE'], keywords: [] }, rest);
    } while (c.eatPunct(','));
  }
  c.expectPunct(')', `to close the arguments of '${name.text}'`);
  c.parenDepth--;
  const range = c.span(name.range.start);
  if (waitv) {
    checkClock(c, rest.flags);
    if (rest.positional.length > 0) c.error(rest.positional[0]!.range, `futex_waitv takes entries '[ADDR, VAL]' and 'timeout T', not a bare value`);
    return { kind: 'futex_waitv', entries, flags: rest.flags, range };
  }
  const zero: Expr = { kind: 'int', value: 0, range };
  if (entries.length !== 2 || rest.positional.length !== 2) {
    c.error(range, `futex2_requeue takes two entries and two counts ([ADDR, VAL], [ADDR2], NWAKE, NREQUEUE), got ${entries.length} entries and ${rest.positional.length} counts`);
  }
  const pad = (e: Futex2Entry | undefined): Futex2Entry => e ?? { addr: zero, private: false, range };
  return {
    kind: 'futex2_requeue', from: pad(entries[0]), to: pad(entries[1]),
    nwake: rest.positional[0] ?? zero, nrequeue: rest.positional[1] ?? zero, flags: rest.flags, range,
  };
}

/** `[ADDR, VAL [, private] [, size BITS]]` (or `[ADDR2 ...]` for futex2_requeue's target). */
function parseEntry(c: Cursor, name: Token, sig: CallSignature): Futex2Entry {
  const open = c.next(); // '['
  const into: Arguments = { positional: [], flags: { private: false } };
  if (!c.isPunct(']')) {
    do parseArgument(c, name, sig, into);
    while (c.eatPunct(','));
  }
  c.expectPunct(']', `to close an entry of '${name.text}'`);
  const range = c.span(open.range.start);
  const n = sig.params.length;
  if (into.positional.length !== n) c.error(range, `an entry of ${name.text} holds ${sig.params.join(', ')}, got ${into.positional.length} values`);
  const zero: Expr = { kind: 'int', value: 0, range };
  return {
    addr: into.positional[0] ?? zero, val: n === 2 ? (into.positional[1] ?? zero) : undefined,
    private: into.flags.private, size: into.flags.size, range,
  };
}
