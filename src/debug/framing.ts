// Reading DAP frames from a byte stream (the adapter as a process, main.ts): `Content-Length: N`
// header lines, a blank line, N bytes of JSON. The library's own reader gives up on a bad frame:
// a malformed Content-Length leaves it reading bodies as headers for good, and a body that is
// not JSON raises an 'error' event nobody handles, which ends the process. This reader reports a
// bad frame and goes on with the next one:
// - a header block without a valid Content-Length is dropped;
// - a body that is not JSON is reported; if the declared length swallowed the next frame (it holds
//   a `Content-Length:` header), reading resumes at that header;
// - bytes before a header that are not one (garbage between frames) are skipped up to the next
//   `Content-Length:`.

const SEPARATOR = Buffer.from('\r\n\r\n');
const HEADER = Buffer.from('Content-Length:');
/** A frame larger than this is refused as malformed (no request comes near it). */
export const MAX_FRAME = 64 * 1024 * 1024;

export type FrameItem =
  | { kind: 'message'; message: unknown }
  | { kind: 'error'; message: string };

export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  private length = -1;
  /** Bytes outside a frame were reported and are being skipped (one report per run of them). */
  private skipping = false;

  /** Feed bytes; returns the messages and the errors, in stream order. */
  push(chunk: Buffer): FrameItem[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: FrameItem[] = [];
    for (;;) {
      if (this.length >= 0) {
        if (this.buf.length < this.length) break;
        const body = this.buf.subarray(0, this.length);
        this.buf = this.buf.subarray(this.length);
        this.length = -1;
        out.push(this.body(body));
        continue;
      }
      const start = this.buf.indexOf(HEADER);
      if (start < 0) {
        // Keep a tail that may be the start of a header split across chunks.
        if (this.buf.length > HEADER.length) {
          this.skipped(this.buf.subarray(0, this.buf.length - HEADER.length), out);
          this.buf = this.buf.subarray(this.buf.length - HEADER.length);
        }
        break;
      }
      if (start > 0) {
        this.skipped(this.buf.subarray(0, start), out);
        this.buf = this.buf.subarray(start);
      }
      const end = this.buf.indexOf(SEPARATOR);
      if (end < 0) {
        if (this.buf.length > 4096) {
          out.push({ kind: 'error', message: 'a frame header without its blank line was skipped' });
          this.buf = this.buf.subarray(HEADER.length);
          continue;
        }
        break;
      }
      const header = this.buf.subarray(0, end).toString('utf8');
      this.buf = this.buf.subarray(end + SEPARATOR.length);
      const m = /^Content-Length:[ \t]*(\S*)[ \t]*$/im.exec(header);
      const n = m && /^\d+$/.test(m[1]) ? Number(m[1]) : NaN;
      if (!Number.isSafeInteger(n) || n > MAX_FRAME) {
        out.push({ kind: 'error', message: `a frame with a malformed Content-Length (${JSON.stringify(m?.[1] ?? '')}) was skipped` });
        continue;
      }
      this.length = n;
      this.skipping = false;
    }
    return out;
  }

  /** Bytes dropped outside a frame: reported once per run of them (whitespace is not news). */
  private skipped(bytes: Buffer, out: FrameItem[]): void {
    if (this.skipping || !bytes.some((b) => b > 32)) return;
    this.skipping = true;
    out.push({ kind: 'error', message: 'bytes outside a frame were skipped' });
  }

  private body(body: Buffer): FrameItem {
    const text = body.toString('utf8');
    try {
      return { kind: 'message', message: JSON.parse(text) as unknown };
    } catch (e) {
      // A Content-Length longer than the body swallows the next frame: resume at its header.
      const next = body.indexOf(HEADER);
      if (next >= 0) this.buf = Buffer.concat([body.subarray(next), this.buf]);
      return { kind: 'error', message: `a frame whose body is not JSON was skipped (${(e as Error).message})` };
    }
  }
}
