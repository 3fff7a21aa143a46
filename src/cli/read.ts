// Reading the files the command line names, in bounded memory (issue #14): `run /dev/zero` once
// aborted the process with std::bad_alloc inside readFileSync, where no catch can help.

import { closeSync, openSync, readSync } from 'node:fs';
import { CliExit } from './errors';

/** The largest scenario file read: any real scenario is far smaller; the parser's memory is linear in it. */
export const SCENARIO_BYTES = 1 << 20;
/** The largest trace file read (a schedule of a few hundred thousand steps). */
export const TRACE_BYTES = 16 << 20;

/** The file's text, read in chunks up to `max` bytes; a CliExit(2) starting with `what` otherwise. */
export function readBounded(file: string, max: number, what: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new CliExit(2, `${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return readBoundedFd(fd, max, what);
  } finally {
    closeSync(fd);
  }
}

/**
 * An open file's text, as readBounded, without closing it: standard input (FILE '-') too, which
 * readFileSync(0) read whole: `yes | futexlab run -` grew to 7 GB, and `run - < /dev/zero`
 * aborted with std::bad_alloc.
 */
export function readBoundedFd(fd: number, max: number, what: string): string {
  try {
    const buf = Buffer.alloc(max + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > max) throw new CliExit(2, `${what}: larger than ${max} bytes`);
    }
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof CliExit) throw e;
    throw new CliExit(2, `${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

