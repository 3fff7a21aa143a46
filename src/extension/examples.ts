// What "Futex Lab: Open Example" lists: every shipped example by file name, with its scenario's
// title, the walkthrough's example first. It opened that one example without asking, so the
// other 49 could not be found from the editor. Pure: no `vscode` import.
//
// The .vsix ships the examples as one file, out/examples.json.br (esbuild.js writes it from
// examples/*.futex, brotli-compressed): 17.8 KB where the ~50 files deflated one by one made 40 KB
// (#10 §5, the package size). Open Example writes the example into a file of the user's (copyTarget) and opens
// that: it opened the file inside the installed extension, so a user's edits changed the shipped
// copy, and an update of the extension threw them away.

/** The example the walkthrough opens, listed first. */
export const FIRST_EXAMPLE = 'cow-fork-wrong-wakeup.futex';

export interface ExampleItem {
  file: string;
  /** The `scenario "..."` title, '' when the file has none. */
  title: string;
}

/** The title a scenario gives itself: its first `scenario "..."` line. */
export function scenarioTitle(text: string): string {
  return /^\s*scenario\s+"((?:[^"\\]|\\.)*)"/m.exec(text)?.[1] ?? '';
}

export function exampleItems(files: readonly { name: string; text: string }[]): ExampleItem[] {
  return files
    .filter((f) => f.name.endsWith('.futex'))
    .map((f) => ({ file: f.name, title: scenarioTitle(f.text) }))
    .sort((a, b) => (a.file === FIRST_EXAMPLE ? -1 : b.file === FIRST_EXAMPLE ? 1 : a.file.localeCompare(b.file)));
}

/** out/examples.json.br: the examples by file name, brotli-compressed JSON (esbuild.js writes it). */
export const EXAMPLES_BUNDLE = 'out/examples.json.br';

export interface ExampleBundle {
  examples: Record<string, string>;
}

/**
 * The shipped examples from out/examples.json.br's bytes, decompressed by the caller's
 * `brotliDecompress` (node:zlib's; this file has no Node import); a clear error if it is not one.
 */
export function parseExampleBundle(bytes: Uint8Array, brotliDecompress: (b: Uint8Array) => Uint8Array): { name: string; text: string }[] {
  const b = JSON.parse(new TextDecoder().decode(brotliDecompress(bytes))) as Partial<ExampleBundle>;
  if (!b || typeof b.examples !== 'object' || b.examples === null) throw new Error(`${EXAMPLES_BUNDLE} holds no examples`);
  return Object.entries(b.examples).filter(([, text]) => typeof text === 'string').map(([name, text]) => ({ name, text }));
}

/** The folder of a workspace that takes the copies: `futex-examples/` beside the user's files. */
export const COPY_FOLDER = 'futex-examples';

/**
 * Where Open Example writes its copy of `file`: the workspace's `futex-examples/` folder when a
 * folder is open (the user sees it in the Explorer and keeps it), else the extension's global
 * storage (a window without a folder). Paths as lists of segments under the base.
 */
export function copyTarget(file: string, hasWorkspaceFolder: boolean): { base: 'workspace' | 'globalStorage'; segments: string[] } {
  return hasWorkspaceFolder ? { base: 'workspace', segments: [COPY_FOLDER, file] } : { base: 'globalStorage', segments: ['examples', file] };
}
