// What "Futex Lab: Open Example" lists: every shipped example by file name, with its scenario's
// title, the walkthrough's example first. It opened that one example without asking, so the
// other 49 could not be found from the editor. Pure: no `vscode` import.

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
