// The language front end: text in, resolved syntax tree and diagnostics out.
//
// `parseScenario` never throws: lexical, syntax and resolution errors are all diagnostics, and
// the tree is always returned (with `unresolved` names where resolution failed). Consumers must
// not run a scenario that has an `error` diagnostic; `warning`s (an integer literal beyond 2^53)
// do not prevent running.

import type { Diagnostic, Scenario } from './ast';
import { lex } from './lexer';
import { parseTokens } from './parser';
import { resolveScenario } from './resolve';
import { MAX_MESSAGE, shortenMessage } from './diagnostic-list';

export * from './ast';
export { CONSTANTS } from './constants';
export { RESERVED_WORDS, RHS_WORDS, STATEMENT_WORDS, TOP_LEVEL_WORDS, isReserved } from './keywords';
export { lex, parseIntegerText, type LexResult, type Token, type TokenKind } from './lexer';
export { checkOption, type OptionProblem } from './options';
export { forEachStmt, mapDeclExprs, rhsExprs, stmtBlocks, stmtExprs } from './walk';

export interface ParseResult {
  scenario: Scenario;
  /** Every error and warning, sorted by position, but lexical errors past the lexer's cap. */
  diagnostics: Diagnostic[];
  /** Lexical errors past MAX_LEX_DIAGNOSTICS (lexer.ts): counted, not in `diagnostics`. */
  omittedErrors?: number;
}

/**
 * The longest scenario text parsed. Its tokens and tree take ~300 bytes a character at worst
 * (`x x x ...`): this keeps the parser of the CLI, the adapter and the editor under ~300 MB on
 * any input (issue #14). Real scenarios are a few KB.
 */
export const MAX_SCENARIO_CHARS = 1 << 20;

export function parseScenario(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  let omittedErrors = 0;
  let scenario: Scenario;
  if (text.length > MAX_SCENARIO_CHARS) return fileError(file, `the scenario is ${text.length} characters long, more than the ${MAX_SCENARIO_CHARS} a scenario may have`);
  if (isUtf16(text)) return fileError(file, 'the file is UTF-16 (it begins with a UTF-16 byte-order mark); scenarios are UTF-8');
  try {
    const lexed = lex(text, file);
    // One by one: a spread of 130,000 diagnostics overflowed the stack (issue #14).
    for (const d of lexed.diagnostics) diagnostics.push(d);
    omittedErrors = lexed.omittedErrors;
    scenario = parseTokens(lexed.tokens, text, file, diagnostics);
    resolveScenario(scenario, diagnostics);
  } catch (e) {
    // A bug in lang/, not in the scenario: report it rather than take the extension host down.
    scenario = { file, options: [], files: [], fns: [], processes: [] };
    const start = { line: 1, col: 1, offset: 0 };
    const message = `internal error in the scenario parser: ${e instanceof Error ? e.message : String(e)}`;
    diagnostics.push({ file, range: { start, end: start }, severity: 'error', message });
  }
  const sorted = sortDiagnostics(diagnostics).map((d) => (d.message.length > MAX_MESSAGE ? { ...d, message: shortenMessage(d.message) } : d));
  return omittedErrors > 0 ? { scenario, diagnostics: sorted, omittedErrors } : { scenario, diagnostics: sorted };
}

/** A file refused whole: an empty scenario and one error at 1:1. */
function fileError(file: string, message: string): ParseResult {
  const start = { line: 1, col: 1, offset: 0 };
  return { scenario: { file, options: [], files: [], fns: [], processes: [] }, diagnostics: [{ file, range: { start, end: start }, severity: 'error', message }] };
}

/**
 * A UTF-16 file read as UTF-8: its byte-order mark (FF FE or FE FF) is two invalid bytes, each
 * U+FFFD, and every ASCII character has a NUL beside it. It made 100 "unexpected character"
 * errors and a count (the seventh session's user-path audit) where one sentence says what is wrong.
 */
function isUtf16(text: string): boolean {
  return text.startsWith('\uFFFD\uFFFD') && (text.length === 2 || text[2] === '\0' || text[3] === '\0');
}

/** By position (stable, so one position keeps the order of discovery), without exact repeats. */
function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const sorted = [...ds].sort((a, b) => a.range.start.offset - b.range.start.offset);
  return sorted.filter((d, i) => i === 0 || d.message !== sorted[i - 1]!.message || d.range.start.offset !== sorted[i - 1]!.range.start.offset);
}
