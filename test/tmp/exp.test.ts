import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadProgram } from '../../src/session/load';
import { explore } from '../../src/explore/search';
it.each(process.env.EX!.split(','))('%s', async (f) => {
  const r = loadProgram(readFileSync(`examples/${f}.futex`, 'utf8'), f);
  if (!r.ok) throw new Error('parse');
  for (const opts of [{}, { symmetry: false, partialOrder: false }]) {
    const t0 = Date.now();
    const res = await explore(r.program, { strategy: 'modern', maxStates: 500000, ...opts });
    console.log(f, JSON.stringify(opts), res.result, res.failure?.kind, res.failure?.message, JSON.stringify((res as any).stats ?? {}), Date.now() - t0, 'ms');
  }
}, 300000);
