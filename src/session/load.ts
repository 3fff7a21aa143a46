// Text to a runnable program: parse, resolve, compile. Errors come back as diagnostics.

import { parseScenario } from '../lang/index';
import type { Diagnostic } from '../lang/ast';
import { compileProgram, type Program } from './program';

/** `omittedErrors`: lexical errors past the lexer's cap, counted only (lang/lexer.ts MAX_LEX_DIAGNOSTICS). */
export type LoadResult = { ok: true; program: Program; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[]; omittedErrors: number };

export function loadProgram(text: string, file: string): LoadResult {
  const { scenario, diagnostics, omittedErrors = 0 } = parseScenario(text, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || omittedErrors > 0) return { ok: false, diagnostics, omittedErrors };
  return { ok: true, program: compileProgram(scenario), warnings: diagnostics };
}
