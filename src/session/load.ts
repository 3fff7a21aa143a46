// Text to a runnable program: parse, resolve, compile. Errors come back as diagnostics.

import { parseScenario } from '../lang/index';
import type { Diagnostic } from '../lang/ast';
import { compileProgram, type Program } from './program';

export type LoadResult = { ok: true; program: Program; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function loadProgram(text: string, file: string): LoadResult {
  const { scenario, diagnostics } = parseScenario(text, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics };
  return { ok: true, program: compileProgram(scenario), warnings: diagnostics };
}
