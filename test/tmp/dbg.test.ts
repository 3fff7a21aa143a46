import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';
import { formatEvent } from '../../src/cli/format';
it('dbg', () => {
  const r = loadProgram(readFileSync(`examples/${process.env.EX}.futex`, 'utf8'), 'x');
  if (!r.ok) throw new Error('parse');
  const s = new Session(r.program, { strategy: 'modern', checkInvariants: true });
  s.run();
  for (const e of s.events) if (!['fault','cow','key','mm-new','mmap','inode-new'].includes(e.type)) console.log(formatEvent(e, s));
});
