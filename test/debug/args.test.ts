// checkArguments (src/debug/args.ts): the message names the command and the field's path, or "the
// arguments" for the arguments themselves; made from the failing field and what it must be, not by
// rewriting a message.
import { describe, expect, it } from 'vitest';
import { ArgError, checkArguments } from '../../src/debug/args';

const message = (command: string, args: unknown): string => {
  try {
    checkArguments(command, args);
  } catch (e) {
    expect(e).toBeInstanceOf(ArgError);
    return (e as Error).message;
  }
  return 'accepted';
};

describe('checkArguments', () => {
  it('names the command and the field, or the arguments themselves', () => {
    expect(message('stackTrace', undefined)).toBe('stackTrace: the arguments must be an object, not missing');
    expect(message('stackTrace', { threadId: 'x' })).toBe('stackTrace: threadId must be an integer >= 1, not "x"');
    expect(message('setBreakpoints', { source: {}, breakpoints: [{ line: 2 }, { line: 0 }] })).toBe('setBreakpoints: breakpoints[1].line must be an integer >= 1, not 0');
    expect(message('setDataBreakpoints', { breakpoints: [{ dataId: 'd', accessType: 'x' }] }))
      .toBe("setDataBreakpoints: breakpoints[0].accessType must be 'read' or 'write' or 'readWrite', not \"x\"");
    expect(message('stackTrace', { threadId: 1 })).toBe('accepted');
  });
});
