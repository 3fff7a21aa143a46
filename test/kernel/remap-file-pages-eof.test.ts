// remap_file_pages to a page past the end of the file is -EINVAL and changes nothing (2.6.0
// filemap_populate / shmem_populate: `if (pgoff + (len >> PAGE_CACHE_SHIFT) > size) return
// -EINVAL;`). The simulator made the page nonlinear onto the missing page: the next load was
// SIGBUS, and jamie-2003's nonlinear key walk failed with -EFAULT. From 2.6.23 (populate_range,
// then the 4.0 emulation by mmap) the call installs the file pte unchecked and the access faults:
// gorman-2013 and modern keep that.
import { describe, it, expect } from 'vitest';
import { loadProgram } from '../../src/session/load';
import { Session } from '../../src/session/session';

const text = `
file f pages 2
process P {
  map m = file f shared rw pages 2
  store m, 5
  thread main {
    remap_file_pages m, page 0, file_page 7
    let v = load m
    print v
    let n = futex_wake(m, 1)
    print n
  }
}
`;

describe('remap_file_pages past the end of the file', () => {
  for (const strategy of ['jamie-2003', 'pinned-page']) {
    it(`is refused; the page still maps file page 0 (${strategy})`, () => {
      const r = loadProgram(text, 't.futex');
      if (!r.ok) throw new Error('parse');
      const s = new Session(r.program, { strategy, checkInvariants: true });
      s.run();
      expect(s.output.map((o) => o.text)).toEqual(['5', '0']);
    });
  }

  for (const strategy of ['gorman-2013', 'modern']) {
    it(`is accepted, and the load is SIGBUS (${strategy})`, () => {
      const r = loadProgram(text, 't.futex');
      if (!r.ok) throw new Error('parse');
      const s = new Session(r.program, { strategy, checkInvariants: true });
      s.run();
      expect(s.output).toEqual([]);
    });
  }
});
