// The frame reader (src/debug/framing.ts) on its own: valid frames come out the same however the
// stream is cut into chunks, and a bad frame in the middle costs that frame only.

import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { FrameReader, type FrameItem } from '../../src/debug/framing';

const frame = (o: unknown): string => {
  const j = JSON.stringify(o);
  return `Content-Length: ${Buffer.byteLength(j)}\r\n\r\n${j}`;
};

function feed(text: string, cuts: number[]): FrameItem[] {
  const bytes = Buffer.from(text, 'utf8');
  const r = new FrameReader();
  const out: FrameItem[] = [];
  let at = 0;
  for (const c of [...new Set(cuts.map((x) => x % (bytes.length + 1)))].sort((a, b) => a - b).concat(bytes.length)) {
    out.push(...r.push(bytes.subarray(at, c)));
    at = c;
  }
  return out;
}

const messages = fc.array(fc.record({ seq: fc.nat(), type: fc.constant('request'), command: fc.string({ maxLength: 12 }), arguments: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 8 })) }), { maxLength: 6 });

describe('FrameReader', () => {
  test('any chunking of valid frames gives the messages, in order, and no error', () => {
    fc.assert(
      fc.property(messages, fc.array(fc.nat(), { maxLength: 20 }), (ms, cuts) => {
        const out = feed(ms.map(frame).join(''), cuts);
        expect(out).toEqual(ms.map((m) => ({ kind: 'message', message: m })));
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });

  test('a bad frame between good ones costs that frame only, however it is chunked', () => {
    const bads = ['Content-Length: 5\r\n\r\n{oops', 'Content-Length: -3\r\n\r\n', 'Content-Length: 1e3\r\n\r\n{}', 'garbage\r\n', 'Content-Length: 99999999999\r\n\r\n'];
    fc.assert(
      fc.property(messages, messages, fc.constantFrom(...bads), fc.array(fc.nat(), { maxLength: 20 }), (before, after, bad, cuts) => {
        const out = feed(before.map(frame).join('') + bad + after.map(frame).join(''), cuts);
        expect(out.filter((x) => x.kind === 'message').map((x) => (x as { message: unknown }).message)).toEqual([...before, ...after]);
        // Bytes that may still become a header are held until more come: garbage at the very end is not yet an error.
        const pending = bad === 'garbage\r\n' && after.length === 0;
        expect(out.filter((x) => x.kind === 'error').length).toBeGreaterThanOrEqual(pending ? 0 : 1);
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });
});
