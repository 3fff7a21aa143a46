import type { Diagnostic } from '../lang/ast';

/** A command-line failure: the message goes to stderr, the code is the exit status. With --json
 * the same failure is also printed on stdout as an `error` object (docs/cli.md). */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Language errors, for the JSON form; `message` holds them as FILE:LINE:COL text. */
    readonly diagnostics?: Diagnostic[],
    /** Printed after the message on stderr only (a usage reminder), never in JSON. */
    readonly hint?: string,
    /** Language errors and warnings left out of `diagnostics` (lang/diagnostic-list.ts). */
    readonly omittedDiagnostics = 0,
  ) {
    super(message);
  }

  /** With --json, the failure is already part of the one object on stdout (explore's --out). */
  jsonPrinted = false;
}
