// Editing support for `.futex` files, as pure functions over text and the parsed scenario:
// diagnostics in editor coordinates, hover documentation (docs.ts, plus the declarations of the
// scenario's own names), completion of keywords, names, files, strategies and options, and the
// line the CodeLens goes on. editor.ts adapts them to the vscode API.

import type { Diagnostic, Scenario } from '../lang/ast';
import { CONSTANTS } from '../lang/constants';
import { RESERVED_WORDS, RHS_WORDS } from '../lang/keywords';
import { forEachStmt } from '../lang/walk';
import { SCENARIO_OPTIONS, STRATEGY_IDS, VARIANTS } from '../session/options';
import { COMPLETION_SNIPPETS } from './completion-snippets';
import { HOVER_DOCS, STRATEGY_DOCS, VARIANT_DOCS } from './docs';
import { declarationHover, indexScenario, useAt, type Declaration } from './symbols';

// ---------------------------------------------------------------------------------------------
// Diagnostics

/** A 0-based position, as editors count. */
export interface EditorPos {
  line: number;
  character: number;
}

export interface EditorDiagnostic {
  start: EditorPos;
  end: EditorPos;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * The parser's diagnostics (1-based line and column) in editor coordinates (0-based). An empty
 * range is widened to one character so that the squiggle shows.
 */
export function toEditorDiagnostics(diagnostics: readonly Diagnostic[]): EditorDiagnostic[] {
  return diagnostics.map((d) => {
    const start = { line: d.range.start.line - 1, character: d.range.start.col - 1 };
    let end = { line: d.range.end.line - 1, character: d.range.end.col - 1 };
    if (end.line < start.line || (end.line === start.line && end.character <= start.character)) {
      end = { line: start.line, character: start.character + 1 };
    }
    return { start, end, severity: d.severity, message: d.message };
  });
}

// ---------------------------------------------------------------------------------------------
// Names the scenario declares

export interface ScenarioNames {
  /** Map name -> the text of its first declaration. */
  maps: Map<string, string>;
  /** Top-level `file` names and `shm` names. */
  files: Map<string, string>;
  shms: Map<string, string>;
  fns: Map<string, string>;
  /** `PROCESS/THREAD` and bare thread and process names, for `signal`. */
  threads: string[];
  processes: string[];
}

/** The names a scenario declares, each with the source text that declares it. */
export function scenarioNames(scenario: Scenario, text: string): ScenarioNames {
  const src = (r: { start: { offset: number }; end: { offset: number } }) => text.slice(r.start.offset, r.end.offset).split('\n')[0]!.trim();
  const names: ScenarioNames = { maps: new Map(), files: new Map(), shms: new Map(), fns: new Map(), threads: [], processes: [] };
  const addMap = (name: string, decl: string) => {
    if (!names.maps.has(name)) names.maps.set(name, decl);
  };
  for (const f of scenario.files) (f.kind === 'file' ? names.files : names.shms).set(f.name, src(f.range));
  for (const f of scenario.fns) {
    names.fns.set(f.name, `fn ${f.name}(${f.params.map((p) => p.name).join(', ')})`);
    forEachStmt(f.body, null, (s) => {
      if (s.kind === 'map') addMap(s.decl.name, src(s.decl.range));
    });
  }
  for (const p of scenario.processes) {
    names.processes.push(p.name);
    for (const s of p.setup) if (s.kind === 'map') addMap(s.decl.name, src(s.decl.range));
    for (const t of p.threads) {
      names.threads.push(`${p.name}/${t.name}`);
      forEachStmt(t.body, p.name, (s, proc) => {
        if (s.kind === 'map') addMap(s.decl.name, src(s.decl.range));
        if (s.kind === 'fork') names.threads.push(`${s.name}/main`);
        if (s.kind === 'spawn') names.threads.push(`${proc ?? p.name}/${s.name}`);
      });
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Hover

/** The word at an offset: a dotted variant (`jamie-2003.refs`), a strategy id, or an identifier. */
export function wordsAt(text: string, offset: number): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  for (const re of [/[A-Za-z0-9_.-]/, /[A-Za-z0-9_-]/, /[A-Za-z0-9_]/]) {
    let start = offset;
    let end = offset;
    while (start > 0 && re.test(text[start - 1]!)) start--;
    while (end < text.length && re.test(text[end]!)) end++;
    const word = text.slice(start, end).replace(/^[.-]+|[.-]+$/g, '');
    if (word && !out.some((w) => w.word === word)) out.push({ word, start: text.indexOf(word, start), end: text.indexOf(word, start) + word.length });
  }
  return out;
}

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
  /** The declared name hovered, when it is one (the editor adds a register's value at a stop). */
  declaration?: Declaration;
}

/**
 * The documentation of the word at `offset`: a name the scenario declares (a register, process,
 * thread, map, ...), else a language word from docs.ts. Declared names come first: register `r`
 * showed the documentation of the protection `r` (PROT_READ) (ISSUE #10 section 4).
 */
export function hoverAt(text: string, offset: number, scenario?: Scenario): HoverResult | undefined {
  const use = scenario ? useAt(indexScenario(scenario, text), offset) : undefined;
  if (use) return { markdown: declarationHover(use.target), start: use.start, end: use.end, declaration: use.target };
  const words = wordsAt(text, offset);
  for (const w of words) {
    const doc = Object.prototype.hasOwnProperty.call(HOVER_DOCS, w.word) ? HOVER_DOCS[w.word] : undefined;
    if (doc) return { markdown: doc, start: w.start, end: w.end };
  }
  if (!scenario || words.length === 0) return undefined;
  const w = words[words.length - 1]!;
  const names = scenarioNames(scenario, text);
  const decl = (kind: string, d: string | undefined) => (d ? { markdown: `${kind} **${w.word}**\n\n\`\`\`futex\n${d}\n\`\`\``, start: w.start, end: w.end } : undefined);
  return decl('map', names.maps.get(w.word)) ?? decl('file', names.files.get(w.word)) ?? decl('shm', names.shms.get(w.word)) ?? decl('function', names.fns.get(w.word));
}

// ---------------------------------------------------------------------------------------------
// Completion

export type CompletionKind = 'keyword' | 'function' | 'variable' | 'constant' | 'enum' | 'file' | 'property' | 'value' | 'module';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** What to insert, as a snippet with placeholders, when it is more than the label. */
  snippet?: string;
}

const CONTEXTUAL = ['anon', 'file', 'shm', 'private', 'shared', 'r', 'rw', 'pages', 'at', 'offset', 'open', 'rdonly', 'rdwr', 'timeout', 'signal', 'page', 'file_page', 'to', 'ticks', 'dontneed', 'clock'];

const doc = (word: string): string | undefined => (Object.prototype.hasOwnProperty.call(HOVER_DOCS, word) ? HOVER_DOCS[word] : undefined);

function entries(words: Iterable<string>, kind: CompletionKind, detail?: string, docs: (w: string) => string | undefined = doc): CompletionEntry[] {
  return [...words].map((label) => ({ label, kind, detail, documentation: docs(label) }));
}

function optionEntries(): CompletionEntry[] {
  const variants = STRATEGY_IDS.flatMap((s) => Object.keys(VARIANTS[s]).map((n) => `${s}.${n}`));
  return [...entries(SCENARIO_OPTIONS, 'property', 'option'), ...entries(variants, 'property', 'strategy variant', (v) => VARIANT_DOCS[v])];
}

function valueEntries(option: string): CompletionEntry[] {
  if (option === 'strategy') return entries(STRATEGY_IDS, 'enum', 'keying strategy', (s) => STRATEGY_DOCS[s as keyof typeof STRATEGY_DOCS]);
  if (option === 'schedule') return entries(['fifo', 'round-robin', 'random(1)'], 'enum', 'schedule', (s) => doc(s.replace(/\(.*/, '')));
  const [strategy, name] = option.split('.');
  const spec = strategy && name ? VARIANTS[strategy as keyof typeof VARIANTS]?.[name] : undefined;
  return spec ? entries(spec.values, 'value', `${option} value`, () => VARIANT_DOCS[option]) : [];
}

/** Where the cursor is, as far as completion cares, judged from the text of the line before it. */
export type CompletionContext =
  | { kind: 'option-value'; option: string }
  | { kind: 'option-name' | 'map-file' | 'map-shm' | 'map-backing' | 'file-name' | 'map-name' | 'thread-name' | 'statement' };

export function completionContext(text: string, offset: number): CompletionContext {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  const m = /^\s*option\s+([\w.-]+)\s*=\s*[\w().-]*$/.exec(before);
  if (m) return { kind: 'option-value', option: m[1]! };
  if (/^\s*option\s+[\w.-]*$/.test(before)) return { kind: 'option-name' };
  if (/\bmap\s+\w+\s*=\s*file\s+\w*$/.test(before)) return { kind: 'map-file' };
  if (/\bmap\s+\w+\s*=\s*shm\s+\w*$/.test(before)) return { kind: 'map-shm' };
  if (/\bmap\s+\w+\s*=\s*\w*$/.test(before)) return { kind: 'map-backing' };
  if (/\btruncate\s+\w*$/.test(before)) return { kind: 'file-name' };
  if (/\b(munmap|mremap|mprotect|remap_file_pages|madvise)\s+\w*$/.test(before)) return { kind: 'map-name' };
  if (/\bsignal\s+[\w/]*$/.test(before)) return { kind: 'thread-name' };
  return { kind: 'statement' };
}

/**
 * What may be typed at `offset`: option names and values after `option`, file and shm names in a
 * `map`, map names after the memory statements, thread names after `signal`; otherwise keywords,
 * operations, constants and the scenario's names.
 */
export function completionsAt(text: string, offset: number, scenario?: Scenario): CompletionEntry[] {
  const names = scenario ? scenarioNames(scenario, text) : undefined;
  const mapNames = () => entries(names?.maps.keys() ?? [], 'variable', 'map', (n) => `\`\`\`futex\n${names!.maps.get(n)}\n\`\`\``);
  const cx = completionContext(text, offset);
  switch (cx.kind) {
    case 'option-value': return valueEntries(cx.option);
    case 'option-name': return optionEntries();
    case 'map-file': return entries(names?.files.keys() ?? [], 'file', 'file');
    case 'map-shm': return entries(names?.shms.keys() ?? [], 'file', 'shm');
    case 'map-backing': return entries(['anon', 'file', 'shm'], 'keyword');
    case 'file-name': return entries(names?.files.keys() ?? [], 'file', 'file');
    case 'map-name': return mapNames();
    case 'thread-name': return entries(names?.threads ?? [], 'variable', 'thread');
    case 'statement': break;
  }
  const withSnippet = (e: CompletionEntry): CompletionEntry => (COMPLETION_SNIPPETS[e.label] ? { ...e, snippet: COMPLETION_SNIPPETS[e.label] } : e);
  return [
    ...entries(RESERVED_WORDS.filter((w) => !(RHS_WORDS as readonly string[]).includes(w)), 'keyword').map(withSnippet),
    ...entries(RHS_WORDS, 'function', 'operation').map(withSnippet),
    ...entries(CONTEXTUAL.filter((w) => doc(w)), 'keyword', 'contextual word'),
    ...entries(CONSTANTS.keys(), 'constant', undefined, (c) => doc(c) ?? `${c} = ${CONSTANTS.get(c)}`),
    ...mapNames(),
    ...entries(names?.fns.keys() ?? [], 'function', 'fn', (n) => `\`\`\`futex\n${names!.fns.get(n)}\n\`\`\``),
  ];
}

// ---------------------------------------------------------------------------------------------
// CodeLens

/** The 0-based line of the `scenario` title, else of the first top-level item (0 if none). */
export function scenarioLensLine(text: string): number {
  const lines = text.split('\n');
  const title = lines.findIndex((l) => /^\s*scenario\b/.test(l));
  if (title >= 0) return title;
  const first = lines.findIndex((l) => /^\s*(option|file|shm|fn|process)\b/.test(l));
  return first >= 0 ? first : 0;
}
