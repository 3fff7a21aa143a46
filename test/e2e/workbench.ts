// Driving the VS Code workbench (as code-server serves it) from its DOM: the command palette,
// Quick Open, the view panes of a side bar container and the trees in them, the debug toolbar,
// webviews. Only what a user does: keys, clicks on what is drawn, reading what is drawn.

import type { Frame, Page } from 'playwright-core';
import { until } from './harness';

/** One row of a tree (custom view, Call Stack, Breakpoints), as drawn. */
export interface TreeRow {
  /** Position in the whole list (rows scrolled out of sight included). */
  index: number;
  /** 1 for a root. */
  level: number;
  label: string;
  /** The grey text after the label, without the `●` marks of a changed row or its changed parts. */
  description: string;
  /** The row, or a part of its description, is marked changed since the last stop (`●`). */
  changed: boolean;
  /** true / false for an expandable row, undefined for a leaf. */
  expanded: boolean | undefined;
  /** The accessible name (for Futex Lab's views: the tooltip, else the label). */
  ariaLabel: string;
}

const paneSel = (title: string) => `.pane:has(> .pane-header[aria-label^="${title} "])`;
const headerSel = (title: string) => `.pane-header[aria-label^="${title} "]`;

/** Wait for the workbench to be drawn and its extension host to be up. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 120_000 });
  await page.waitForSelector('.part.activitybar, .part.sidebar', { timeout: 60_000 });
  // The status bar fills in once the extension host is running.
  await page.waitForSelector('.part.statusbar .statusbar-item', { timeout: 60_000 });
}

async function quickInputRows(page: Page): Promise<string[]> {
  return page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
}

async function openQuickInput(page: Page, key: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
      // Focus may have been in a webview or nowhere: click the editor area's empty part first.
      await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    }
  }
}

/**
 * Run a command by its palette title (`Futex Lab: Show Timeline`), as F1, typing, Enter does;
 * Enter only once the first row is that command (the palette fills asynchronously).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await openQuickInput(page, 'F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(`>${title}`);
    try {
      await until(`"${title}" in the command palette`, async () => (await quickInputRows(page))[0]?.startsWith(title), 10_000);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 3) throw e;
    }
  }
}

/** Open a workspace file by name with Quick Open (Ctrl+P) and wait for its editor tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await openQuickInput(page, 'Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').fill(name);
    try {
      await until(`${name} in Quick Open`, async () => (await quickInputRows(page)).some((r) => r.includes(name)), 15_000);
      await page.keyboard.press('Enter');
      await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: 15_000 });
      await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (attempt >= 3) throw e;
    }
  }
}

/** The header text of a pane (`Futex Hash Table - 1 waiter in 1/256 buckets Section`). */
export async function paneHeader(page: Page, title: string): Promise<string> {
  return (await page.locator(headerSel(title)).first().getAttribute('aria-label', { timeout: 30_000 })) ?? '';
}

/** The summary a view shows beside its title (`1 waiter in 1/256 buckets`), '' when none. */
export async function paneSummary(page: Page, title: string): Promise<string> {
  const h = await paneHeader(page, title);
  const m = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: - (.*))? Section$`).exec(h);
  return m?.[1] ?? '';
}

export async function setPaneExpanded(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = page.locator(headerSel(title)).first();
  await header.waitFor({ timeout: 30_000 });
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (((await header.getAttribute('aria-expanded')) === 'true') === expanded) return;
    await header.click();
    try {
      await until(`pane ${title} ${expanded ? 'expanded' : 'collapsed'}`, async () => ((await header.getAttribute('aria-expanded')) === 'true') === expanded, 5_000);
      return;
    } catch {
      // try the click again
    }
  }
  throw new Error(`cannot ${expanded ? 'expand' : 'collapse'} the ${title} pane`);
}

/**
 * Run `fn` with pane `title` the only expanded pane of its side bar container, so that its tree
 * has the whole height (a virtual list draws only the rows in sight); the panes folded for it
 * are unfolded afterwards.
 */
export async function alone<T>(page: Page, title: string, fn: () => Promise<T>): Promise<T> {
  const others = await page.$$eval('.part.sidebar .pane > .pane-header[aria-expanded="true"]', (hs) => hs.map((h) => h.getAttribute('aria-label') ?? ''));
  const titles = others.map((h) => h.replace(/ Section$/, '').replace(/ - .*$/, '')).filter((t) => t !== title && t !== '');
  await setPaneExpanded(page, title, true);
  for (const t of titles) await setPaneExpanded(page, t, false);
  try {
    return await fn();
  } finally {
    for (const t of titles) await setPaneExpanded(page, t, true);
  }
}

/** The rows drawn in a pane's tree right now (a virtual list draws only what is in sight). */
async function drawnRows(page: Page, title: string): Promise<TreeRow[]> {
  // Only the list's own rows: a sticky-scroll header repeats a parent row (with another level).
  return page.$$eval(`${paneSel(title)} .monaco-list-rows > .monaco-list-row`, (rows) => rows.map((r) => {
    // Highlighted labels (a changed row) draw spaces as no-break spaces: normalise.
    const text = (sel: string) => (r.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const rawDesc = text('.label-description');
    const exp = r.getAttribute('aria-expanded');
    return {
      index: Number(r.getAttribute('data-index')),
      level: Number(r.getAttribute('aria-level') ?? '1'),
      label: text('.label-name') || text('.monaco-tl-contents'),
      // `● ` before a changed row's description, or `●` before each changed part of it.
      description: rawDesc.replace(/●\s*/g, ''),
      changed: rawDesc.includes('●'),
      expanded: exp === null ? undefined : exp === 'true',
      ariaLabel: r.getAttribute('aria-label') ?? '',
    };
  }));
}

/**
 * Every row of a pane's tree, top to bottom. When the list is taller than the pane it is scrolled
 * (and left at the top); the rows read must be all the list holds, else it tries again and fails.
 */
export async function readTree(page: Page, title: string): Promise<TreeRow[]> {
  const list = page.locator(`${paneSel(title)} .monaco-list`).first();
  await list.waitFor({ timeout: 30_000 });
  const metrics = () => page.locator(`${paneSel(title)} .monaco-list-rows`).first().evaluate((e) => {
    const el = e as unknown as { offsetHeight: number; querySelector(s: string): { offsetHeight: number } | null };
    return { height: el.offsetHeight, row: el.querySelector(':scope > .monaco-list-row')?.offsetHeight ?? 22 };
  });
  const wheel = async (dy: number) => {
    const box = await list.boundingBox();
    if (!box) return;
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 30));
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(150);
  };
  let last = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const box = await list.boundingBox();
    const { height, row } = await metrics();
    const expected = Math.round(height / row);
    const scrolls = !!box && height > box.height + 1;
    if (scrolls) await wheel(-1_000_000);
    const rows = new Map<number, TreeRow>();
    for (let i = 0; i < 100; i++) {
      for (const r of await drawnRows(page, title)) rows.set(r.index, r);
      if (!scrolls || rows.size >= expected) break;
      await wheel(Math.max(row, (box?.height ?? 100) - row));
    }
    if (scrolls) {
      await wheel(-1_000_000);
      // Off the list, so that no hover opens over the rows.
      await page.mouse.move(1, (page.viewportSize()?.height ?? 800) / 2);
    }
    const sorted = [...rows.values()].sort((a, b) => a.index - b.index);
    if (sorted.length === expected && sorted.every((r, i) => r.index === i)) return sorted;
    last = `read ${sorted.length} of ${expected} rows (indexes ${sorted.map((r) => r.index).join(',')})`;
    await page.waitForTimeout(300);
  }
  throw new Error(`${title}: cannot read the whole tree: ${last}`);
}

/** A tree as indented text, for failure messages and the log. */
export function formatTree(rows: readonly TreeRow[]): string {
  return rows.map((r) => `${'  '.repeat(r.level - 1)}${r.expanded === undefined ? ' ' : r.expanded ? 'v' : '>'} ${r.changed ? '* ' : ''}${r.label}${r.description ? `  ${r.description}` : ''}`).join('\n');
}

/**
 * Expand the row of pane `title` that `match` picks (among rows drawn at `level`, under the
 * parent chain already expanded) by clicking its twistie; a no-op when already expanded.
 */
export async function expandRow(page: Page, title: string, match: (r: TreeRow) => boolean, what: string): Promise<TreeRow> {
  for (let attempt = 1; ; attempt++) {
    const all = await readTree(page, title);
    const row = all.find(match);
    if (!row) {
      if (attempt >= 30) throw new Error(`no row ${what} in ${title}:\n${formatTree(all)}`);
      await page.waitForTimeout(300);
      continue;
    }
    if (row.expanded === true) {
      const at = all.findIndex((r) => r.index === row.index);
      if ((all[at + 1]?.level ?? 0) > row.level) return row;
      // Expanded but its children not drawn yet: read again.
      if (attempt >= 30) throw new Error(`row ${what} in ${title} is expanded but shows no children:\n${formatTree(all)}`);
      await page.waitForTimeout(300);
      continue;
    }
    if (row.expanded === undefined) throw new Error(`row ${what} in ${title} cannot expand`);
    const el = page.locator(`${paneSel(title)} .monaco-list-rows > .monaco-list-row[data-index="${row.index}"]`).first();
    if ((await el.count()) === 0) {
      // Scrolled out of sight (readTree leaves the list at the top): wheel down to it.
      const box = await page.locator(`${paneSel(title)} .monaco-list`).first().boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
        await page.mouse.wheel(0, Math.max(0, 22 * row.index - box.height / 2));
        await until(`row ${what} drawn in ${title}`, async () => (await el.count()) > 0, 5_000);
      }
    }
    await el.locator('.monaco-tl-twistie').click({ timeout: 10_000 });
    try {
      await until(`${what} expanded in ${title}`, async () => (await el.getAttribute('aria-expanded')) === 'true', 5_000);
      // The row flips to expanded at once; its children come from the extension host after.
      await until(`the children of ${what} in ${title}`, async () => {
        const rows = await readTree(page, title);
        const at = rows.findIndex((r) => r.index === row.index);
        return at >= 0 && (rows[at + 1]?.level ?? 0) > row.level;
      }, 15_000);
      return { ...row, expanded: true };
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

/** The children of the `parent` row (rows after it at level + 1, up to its next sibling). */
export function childrenOf(rows: readonly TreeRow[], parent: TreeRow): TreeRow[] {
  const at = rows.findIndex((r) => r.index === parent.index);
  const out: TreeRow[] = [];
  for (let i = at + 1; i < rows.length && rows[i]!.level > parent.level; i++) {
    if (rows[i]!.level === parent.level + 1) out.push(rows[i]!);
  }
  return out;
}

/** Click a debug toolbar action by its codicon (`debug-step-back`). */
export async function clickDebugAction(page: Page, codicon: string): Promise<void> {
  const action = page.locator(`.debug-toolbar .action-label.codicon-${codicon}`).first();
  await action.waitFor({ state: 'visible', timeout: 30_000 });
  await until(`debug toolbar ${codicon} enabled`, async () => !(await action.getAttribute('class'))?.includes('disabled'), 30_000);
  await action.click();
}

/** The inner frame of the webview whose document has `selector` (webviews nest two iframes). */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  return until(`a webview showing ${selector}`, async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      try {
        if (await f.$(selector)) return f;
      } catch {
        // frame navigating or detached
      }
    }
    return undefined;
  }, timeoutMs);
}

/** Drag the sash at the side bar's right edge so that the side bar is `width` pixels wide. */
export async function setSideBarWidth(page: Page, width: number): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box) return;
  const edge = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(edge, y);
  await page.mouse.down();
  await page.mouse.move(edge + (width - box.width) / 2, y, { steps: 5 });
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}
