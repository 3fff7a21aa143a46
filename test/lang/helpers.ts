// Shared helpers of the lang/ tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, parseScenario, type ParseResult, type Scenario, type Stmt } from '../../src/lang/index';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

/** The diagnostics of a source as `LINE:COL: MESSAGE` (the file name left out). */
export function errorsOf(text: string): string[] {
  return parseScenario(text, 't.futex').diagnostics.map((d) => formatDiagnostic(d).replace(/^t\.futex:/, '').replace(': error: ', ': '));
}

/** Parses and requires no diagnostics. */
export function parseOk(text: string): Scenario {
  const r: ParseResult = parseScenario(text, 't.futex');
  const errors = r.diagnostics.map(formatDiagnostic);
  if (errors.length) throw new Error('unexpected diagnostics:\n' + errors.join('\n'));
  return r.scenario;
}

/** A scenario: the prelude, then process A holding the setup and `thread main { BODY }`. */
export function inThread(body: string, setup = 'map m = anon private pages 1', prelude = ''): string {
  return `${prelude}process A {\n  ${setup}\n  thread main {\n${body}\n  }\n}\n`;
}

/** The statements of A/main in `inThread(body)`. */
export function threadStmts(body: string, setup?: string, prelude?: string): Stmt[] {
  return parseOk(inThread(body, setup, prelude)).processes[0]!.threads[0]!.body.stmts;
}

/** The source text a node's range covers. */
export function textOf(text: string, node: { range: { start: { offset: number }; end: { offset: number } } }): string {
  return text.slice(node.range.start.offset, node.range.end.offset);
}
