// Text from a scenario or a file, made safe for a terminal or the debug console (issue #14). A string literal may hold
// ESC sequences (clear the screen, retitle the window) or a newline that prints a fake
// `result: ok` line: every control character (C0 but tab, DEL, C1), the line and paragraph
// separators and the bidi overrides are shown as escapes, in text and in JSON alike.

const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

/** s with its unsafe characters escaped (`\n`, `\r`, `\e`, else `\xNN` / `\u{NNNN}`). */
export function printable(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    return NAMED[c] ?? (n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`);
  });
}

const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify (which escapes C0 already) with the other unsafe characters as \uNNNN too. */
export function jsonText(v: unknown): string {
  return JSON.stringify(v, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
