// `sched fifo P` and `nice N` after a thread's name in `thread NAME` and `spawn NAME`
// (LANGUAGE.md "Version 2 additions"). `sched`, `fifo` and `nice` are contextual words: they
// mean something only right after the name, so registers may still be called `nice`.

import type { Range, SchedDecl } from './ast';
import type { Cursor } from './parser-core';

/** An optional scheduling attribute before the block's `{`. */
export function parseSched(c: Cursor): SchedDecl | undefined {
  const t = c.peek();
  if (c.isWord('sched', t)) {
    c.next();
    c.expectWord('fifo', "after 'sched' (the only policy with a priority is SCHED_FIFO)");
    const { value, range } = signedInt(c, 'a SCHED_FIFO priority');
    if (value < 1 || value > 99) c.error(range, `SCHED_FIFO priority ${value} is out of range 1..99`);
    return { kind: 'fifo', prio: value, range: c.span(t.range.start) };
  }
  if (c.isWord('nice', t)) {
    c.next();
    const { value, range } = signedInt(c, 'a nice value');
    if (value < -20 || value > 19) c.error(range, `nice value ${value} is out of range -20..19`);
    return { kind: 'nice', nice: value, range: c.span(t.range.start) };
  }
  return undefined;
}

function signedInt(c: Cursor, what: string): { value: number; range: Range } {
  const start = c.peek().range.start;
  const neg = c.eatPunct('-');
  const t = c.peek();
  if (t.kind !== 'int') return c.expected(what);
  c.next();
  return { value: neg ? -t.value : t.value, range: c.span(start) };
}
