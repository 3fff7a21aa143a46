// Progress on stderr. On a terminal, one live line rewritten in place (at most ten times a
// second) and erased at the end; into a file or a pipe (CI logs), at most one line every 10 s, so
// that a long run leaves a short log and a short run leaves none.

export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export interface ProgressLine {
  update(text: string): void;
  /** Erase the live line (terminal); nothing to do otherwise. */
  done(): void;
}

export const TTY_INTERVAL_MS = 100;
export const LOG_INTERVAL_MS = 10_000;

export function progressLine(stream: ProgressStream, now: () => number = Date.now): ProgressLine {
  const tty = !!stream.isTTY;
  const interval = tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS;
  let last = now();
  let shown = false;
  return {
    update(text) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (tty) {
        stream.write(`\r\x1b[K${text}`);
        shown = true;
      } else stream.write(text + '\n');
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
