// How many of a scenario's diagnostics the command line and the debug adapter print. The parser
// reports every one (lang/index.ts; the lexer keeps its first 1,000 and counts the rest), but a
// binary file has an error every few bytes: 1 MB of '@ ' made 500,000 lines on stderr, as much
// JSON, and as large a DAP error message. The first ones locate the problem; the rest are
// counted (the project's bounded-output rule).

import type { Diagnostic } from './ast';
import { noun } from './plural';

/** Diagnostics listed before the rest are only counted. */
export const MAX_LISTED_DIAGNOSTICS = 100;

export interface DiagnosticList {
  /** The first `limit` diagnostics, in the parser's order (by position). */
  shown: Diagnostic[];
  /** How many errors and warnings were left out. */
  omittedErrors: number;
  omittedWarnings: number;
}

/** `uncounted`: errors the parser counted without keeping them (ParseResult.omittedErrors). */
export function listDiagnostics(ds: readonly Diagnostic[], limit = MAX_LISTED_DIAGNOSTICS, uncounted = 0): DiagnosticList {
  const shown = ds.slice(0, limit);
  let omittedErrors = uncounted;
  let omittedWarnings = 0;
  for (let i = limit; i < ds.length; i++) {
    if (ds[i]!.severity === 'error') omittedErrors++;
    else omittedWarnings++;
  }
  return { shown, omittedErrors, omittedWarnings };
}

/** "12,345 more errors and 2 more warnings", or '' when nothing was left out. */
export function omittedText(l: DiagnosticList): string {
  const part = (n: number, what: string) => (n === 0 ? [] : [`${n.toLocaleString('en-US')} more ${noun(n, what)}`]);
  return [...part(l.omittedErrors, 'error'), ...part(l.omittedWarnings, 'warning')].join(' and ');
}

/** The longest diagnostic message kept whole. */
export const MAX_MESSAGE = 400;

/**
 * A message that echoes a long token (a 200,000-character name or integer) with the token's
 * middle left out: its start locates it, its end is the explanation. Before, each such error was
 * as long as the token, on stderr, in JSON and in the editor's Problems.
 */
export function shortenMessage(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  const keep = MAX_MESSAGE / 2;
  const left = message.length - 2 * keep;
  return `${message.slice(0, keep)}…[${left.toLocaleString('en-US')} characters left out]…${message.slice(-keep)}`;
}
