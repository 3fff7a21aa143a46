import { loadProgram } from '../src/session/load';
import { explore } from '../src/explore/search';
import { mutexModel } from './explore-models';
(async () => {
  const r = loadProgram(mutexModel('mutex3', 4), 'm.futex'); if (!r.ok) throw 0;
  for (let i = 0; i < 2; i++) { const o = await explore(r.program, { symmetry: false }); console.log(o.states, o.seconds); }
})();
