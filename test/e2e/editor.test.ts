// End to end in a real editor: the packaged futex-lab .vsix installed into code-server, driven
// by chromium through its page as a user would (keys, clicks, reading what is drawn).
//
// Scenario: examples/cow-fork-wrong-wakeup.futex under pinned-page. P forks C without writing
// its word again, so the word's page is COW-shared (mapped by P and C); C waits on it; P wakes
// the same address in its own memory and, keyed on the physical page, wakes C (a wrong wake-up).
// The test starts debugging with F5 (stop on entry), ticks "Any wake" in BREAKPOINTS, continues
// to the wake, reads the four Futex Lab views, steps back to where C is queued, reads them again,
// opens the timeline and jumps from it to the wake. The expected key, bucket, frame and steps
// come from the engine's own trace (`futexlab run --trace`) of the same scenario.
//
// Run with `npm run test:e2e` (scripts/e2e-setup.sh installs code-server and chromium, then the
// .vsix is packaged). Screenshots and the code-server log go to test-results/e2e/.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RESULTS, ROOT, installExtension, launchBrowser, makeWorkspace, startCodeServer, until, vsixPath,
  type CodeServer, type Driver, type Workspace,
} from './harness';
import {
  alone, childrenOf, clickDebugAction, expandRow, formatTree, openFile, paneSummary, readTree, runCommand,
  setPaneExpanded, setSideBarWidth, waitForWorkbench, webviewFrame, type TreeRow,
} from './workbench';

const EXAMPLE = 'examples/cow-fork-wrong-wakeup.futex';
const FILE = basename(EXAMPLE);
const STRATEGY = 'pinned-page';
const CONFIG_NAME = 'COW fork under pinned-page';
const VIEWS = ['Futex Hash Table', 'Waiters', 'VMAs', 'Pages'] as const;

/** What the engine says happens, from `futexlab run --trace` (the CLI of the same build). */
interface Expected {
  waiter: string;      // C/main
  waiterPid: number;   // 1
  key: string;         // (pfn 1, +0x0)
  bucket: number;      // 78
  queuedAt: number;    // step 3
  identity: string;    // (mm#2, 0x10000000)
  uaddr: string;       // 0x10000000
  waker: string;       // P/main
  wakeStep: number;    // 4
  pfn: number;         // 1
  steps: number;       // 6
}

function engineTrace(): Expected {
  // Exit status 1: the run ends in an anomaly (the wrong wake-up), as it should.
  const run = spawnSync(process.execPath, [join(ROOT, 'out', 'cli.js'), 'run', EXAMPLE, '--strategy', STRATEGY, '--trace'], { cwd: ROOT, encoding: 'utf8' });
  const out = run.stdout ?? '';
  expect(/^result: anomaly /m.test(out), `futexlab run: status ${run.status}\n${out}${run.stderr ?? ''}`).toBe(true);
  const queue = /^\[\s*(\d+)\] queue q=\d+ thread=(\S+) who=\S+ pid=(\d+) key=(\(pfn (\d+), [^)]*\))(?: reason=\S+)? bucket=(\d+) identity=(\([^)]*\)) .*uaddr=(0x[0-9a-f]+)/m.exec(out);
  const wake = /^\[\s*(\d+)\] wake thread=(\S+) op=futex_wake .*woken=\[([^\]]*)\]/m.exec(out);
  const steps = /^result: \S+ \((\d+) steps\)/m.exec(out);
  if (!queue || !wake || !steps) throw new Error(`unexpected futexlab trace:\n${out}`);
  const expected: Expected = {
    waiter: queue[2]!, waiterPid: Number(queue[3]), key: queue[4]!, pfn: Number(queue[5]), bucket: Number(queue[6]),
    identity: queue[7]!, uaddr: queue[8]!, queuedAt: Number(queue[1]), waker: wake[2]!, wakeStep: Number(wake[1]), steps: Number(steps[1]),
  };
  // The scenario's story, so that a changed example cannot make the checks below vacuous.
  expect(expected.waiter).toBe('C/main');
  expect(expected.waker).toBe('P/main');
  expect(wake[3]).toBe('C/main');
  expect(expected.wakeStep).toBeGreaterThan(expected.queuedAt);
  return expected;
}

let ws: Workspace | undefined;
let server: CodeServer | undefined;
let driver: Driver | undefined;
let exp: Expected;
let broken = false;
const tAll = Date.now();
const timings: string[] = [];

function page() {
  if (!driver) throw new Error('no browser');
  return driver.page;
}

async function shot(name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page().screenshot({ path: join(RESULTS, `${name}.png`) });
}

async function tree(title: string): Promise<TreeRow[]> {
  return readTree(page(), title);
}

/** The row labelled `label` (and, if given, whose description matches), or a readable failure. */
function row(rows: readonly TreeRow[], title: string, label: string, description?: RegExp | string): TreeRow {
  const r = rows.find((x) => x.label === label && (description === undefined || (typeof description === 'string' ? x.description === description : description.test(x.description))));
  if (!r) throw new Error(`${title}: no row "${label}"${description ? ` with description ${description}` : ''} in:\n${formatTree(rows)}`);
  return r;
}

function pick(rows: readonly TreeRow[], title: string, match: (r: TreeRow) => boolean, what: string, all: readonly TreeRow[] = rows): TreeRow {
  const r = rows.find(match);
  if (!r) throw new Error(`${title}: no ${what} in:\n${formatTree(all)}`);
  return r;
}

/** Expand the rows `path` (labels from the root down, each under the previous) and return the tree. */
async function expandPath(title: string, path: readonly (string | ((r: TreeRow) => boolean))[]): Promise<TreeRow[]> {
  let parent: TreeRow | undefined;
  for (const step of path) {
    const wanted = typeof step === 'string' ? (r: TreeRow) => r.label === step : step;
    let rows: TreeRow[] = [];
    let target: TreeRow | undefined;
    // Rows arrive from the extension host a moment after their parent expands: look for a while.
    for (let i = 0; i < 20 && !target; i++) {
      if (i > 0) await page().waitForTimeout(250);
      rows = await tree(title);
      const under = parent ? rows.find((r) => r.index === parent!.index) : undefined;
      const pool = parent ? (under ? childrenOf(rows, under) : []) : rows.filter((r) => r.level === 1);
      target = pool.find(wanted);
    }
    if (!target) throw new Error(`${title}: cannot find ${typeof step === 'string' ? `"${step}"` : 'the row'} under ${parent ? `"${parent.label}"` : 'the root'}:\n${formatTree(rows)}`);
    const found = target;
    parent = await expandRow(page(), title, (r) => r.index === found.index && r.label === found.label, `"${found.label}"`);
  }
  return tree(title);
}

/**
 * Run the checks `fn` until they pass (at most `ms`): a view's title and its rows are refreshed
 * separately, and a tree's rows come from the extension host a moment after a stop.
 */
async function settled(what: string, fn: () => Promise<void>, ms = 20_000): Promise<void> {
  await until(what, async () => {
    await fn();
    return true;
  }, ms, 300);
}

/** Wait for view `title` to show `expected` beside its title (the views' titles update apart). */
async function summaryIs(title: string, expected: string | RegExp): Promise<void> {
  await settled(`the ${title} view's summary`, async () => {
    const got = await paneSummary(page(), title);
    if (typeof expected === 'string') expect(got).toBe(expected);
    else expect(got).toMatch(expected);
  }, 15_000);
}

function log(line: string): void {
  timings.push(`${((Date.now() - tAll) / 1000).toFixed(1).padStart(6)} s  ${line}`);
}

describe('Futex Lab in code-server', () => {
  beforeAll(async () => {
    rmSync(RESULTS, { recursive: true, force: true });
    mkdirSync(RESULTS, { recursive: true });
    exp = engineTrace();
    ws = makeWorkspace(EXAMPLE, {
      type: 'futex', request: 'launch', name: CONFIG_NAME,
      program: `\${workspaceFolder}/${FILE}`, strategy: STRATEGY, stopOnEntry: true,
    });
    installExtension(ws, vsixPath());
    log('extension installed');
    server = await startCodeServer(ws, join(RESULTS, 'code-server.log'));
    log(`code-server up on port ${server.port}`);
    driver = await launchBrowser(ws.dir, { width: 1600, height: 1200 });
    log('chromium up');
  }, 300_000);

  afterAll(async () => {
    await driver?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    ws?.dispose();
    log('closed');
    writeFileSync(join(RESULTS, 'timings.txt'), `${timings.join('\n')}\n`);
  }, 60_000);

  const step = (name: string, fn: () => Promise<void>, timeout = 180_000) =>
    it(name, async (ctx) => {
      if (broken) ctx.skip();
      try {
        await fn();
      } catch (e) {
        broken = true;
        log(`FAILED: ${name}`);
        if (driver) await shot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
        throw e;
      }
      log(name);
    }, timeout);

  step('opens the example in the workbench', async () => {
    const p = page();
    for (let attempt = 1; ; attempt++) {
      try {
        await p.goto(`${server!.url}/?folder=${encodeURIComponent(ws!.folder)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
        await waitForWorkbench(p);
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    await openFile(p, FILE);
    await shot('01-example-open');
  });

  step('shows the views\' welcome text and the strategy in the status bar before any session', async () => {
    const p = page();
    // The kernel views show beside an open scenario, empty, with what will appear there.
    // Twice in about ten runs (code-server 4.100.3, once on a quiet machine) the Run and Debug
    // container opened, right after the extension host started, without the contributed panes
    // and never added them; opening the container again showed them. Looked at on the failure's
    // screenshot; not understood, so the test says when it had to open it again (log line).
    const hashPane = p.locator('.pane-header[aria-label^="Futex Hash Table "]');
    for (let attempt = 1; ; attempt++) {
      await runCommand(p, 'View: Show Run and Debug');
      try {
        await hashPane.waitFor({ timeout: 15_000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
        log(`the Futex panes were not in Run and Debug (attempt ${attempt}): opening it again`);
        await runCommand(p, 'View: Show Explorer');
      }
    }
    await setPaneExpanded(p, 'Futex Hash Table', true);
    const welcome = p.locator('.pane:has(> .pane-header[aria-label^="Futex Hash Table "]) .welcome-view-content');
    await until('the hash table\'s welcome text', async () => /shows here when a Futex Lab session stops/.test(await welcome.innerText().catch(() => '')), 15_000);
    const status = p.locator('.statusbar-item[id="futex-lab.futex-lab.futexlab.strategy"], .statusbar-item:has-text("futex:")').first();
    await until('the strategy item in the status bar', async () => /futex: scenario's strategy/.test(await status.innerText().catch(() => '')), 15_000);
    await shot('01b-views-before-a-session');
  });

  step('starts debugging with F5 and stops on entry', async () => {
    const p = page();
    // F5 runs the selected launch configuration; focus the editor first so the key reaches it.
    await p.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await p.keyboard.press('F5');
    await p.locator('.pane-header[aria-label^="Futex Hash Table "]').waitFor({ timeout: 60_000 });
    await until('the stop on entry (Call Stack: before the first step)', async () =>
      (await tree('Call Stack')).some((r) => /P\/main/.test(r.label + r.ariaLabel)), 60_000);
    await until('the wake filter in BREAKPOINTS', async () => (await tree('Breakpoints')).some((r) => r.label === 'Any wake' || r.ariaLabel === 'Any wake'), 30_000);
    // Room for the four views: a wide side bar, the generic debug panes folded.
    await setSideBarWidth(p, 620);
  });

  step('sets the "Any wake" exception breakpoint and continues to the wake', async () => {
    const p = page();
    // The filter list is longer than the pane (the PI and robust-list filters joined it) and the
    // list renders only the rows in view: scroll it to the top, where "Any wake" is.
    const list = p.locator('.pane:has(> .pane-header[aria-label^="Breakpoints "]) .monaco-list').first();
    const box = p.locator('.pane:has(> .pane-header[aria-label^="Breakpoints "]) .monaco-list-row[aria-label="Any wake"] input[type=checkbox]').first();
    await list.hover();
    for (let i = 0; i < 20 && (await box.count()) === 0; i++) {
      await p.mouse.wheel(0, -300);
      await p.waitForTimeout(150);
    }
    for (let attempt = 1; !(await box.isChecked()); attempt++) {
      await box.click();
      await p.waitForTimeout(300);
      if (attempt >= 3 && !(await box.isChecked())) throw new Error('cannot tick "Any wake"');
    }
    // The anomaly filters are on by default; "Any wake" is what must stop us at the wake.
    expect(await box.isChecked()).toBe(true);
    for (const pane of ['Variables', 'Watch', 'Breakpoints']) await setPaneExpanded(p, pane, false);
    for (const view of VIEWS) await setPaneExpanded(p, view, true);
    await p.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await p.keyboard.press('F5');
    const widget = p.locator('.exception-widget').first();
    await widget.waitFor({ timeout: 60_000 });
    const text = (await widget.innerText()).replace(/\s+/g, ' ');
    // The wrong wake-up and the "Any wake" filter fire in the same step: the anomaly outranks the
    // filter (issue 9, the stop priority order), and the widget explains it by its rule.
    expect(text).toContain('Exception has occurred: wrong-wakeup');
    expect(text).toContain(`${exp.waker} woke ${exp.waiter} under ${STRATEGY}: both keyed ${exp.key}`);
    await settled(`Call Stack: ${exp.waker} stopped on its wake`, async () => {
      const stack = await tree('Call Stack');
      const thread = stack.find((r) => r.level === 1 && r.label.startsWith(exp.waker));
      expect(thread?.ariaLabel ?? formatTree(stack)).toContain(`${exp.waker} woke ${exp.waiter}`);
    });
    await until('the views to show the wake', async () => /COW-shared/.test(await paneSummary(p, 'Pages')) && /^0 waiters/.test(await paneSummary(p, 'Waiters')), 30_000);
    await shot('02-stopped-on-wake');
  });

  step('at the wake: no waiter left, the COW-shared page mapped by P and C', async () => {
    const p = page();
    await summaryIs('Futex Hash Table', /^0 waiters in 0\/256 buckets/);
    await summaryIs('Waiters', '0 waiters');
    await settled('no waiter in the hash table and Waiters views', async () => {
      row(await tree('Futex Hash Table'), 'Futex Hash Table', 'no waiters');
      row(await tree('Waiters'), 'Waiters', 'no waiters');
    });

    // VMAs: P and C each map the word at the same address, read-only (COW), onto the same frame.
    await summaryIs('VMAs', '2 processes, 2 VMAs');
    await alone(p, 'VMAs', async () => {
      for (const proc of ['P', 'C']) await settled(`${proc}'s page table in VMAs`, async () => {
        const rows = await expandPath('VMAs', [
          (r) => r.label === proc && /^pid \d+ · mm#\d+ · 1 VMA$/.test(r.description),
          (r) => r.label.startsWith(`${exp.uaddr}-`) && /^word rw-p anon/.test(r.description),
          'page table',
        ]);
        const procRow = pick(rows, 'VMAs', (r) => r.level === 1 && r.label === proc, proc);
        const vma = pick(childrenOf(rows, procRow), 'VMAs', (r) => r.label.startsWith(exp.uaddr), `${proc}'s VMA`, rows);
        const table = pick(childrenOf(rows, vma), 'VMAs', (r) => r.label === 'page table', `${proc}'s page table`, rows);
        expect(table.description).toBe('1 entry');
        const ptes = childrenOf(rows, table);
        expect(ptes.map((r) => `${r.label} ${r.description}`)).toEqual([`${exp.uaddr} pfn ${exp.pfn} ro`]);
      });
      await shot('02a-wake-vmas-view');
    });

    // Pages: the one frame, COW-shared, mapcount 2, mapped by P and C.
    await summaryIs('Pages', '1 frame, 1 COW-shared');
    await alone(p, 'Pages', async () => {
      await settled('the COW-shared frame in Pages', async () => {
        const pages = await expandPath('Pages', [`pfn ${exp.pfn}`, 'mapped by']);
        const frame = row(pages, 'Pages', `pfn ${exp.pfn}`);
        expect(frame.description).toBe('count 2 · map 2 · COW-shared · anon');
        const fields = childrenOf(pages, frame);
        expect(row(fields, 'Pages', 'COW-shared').description).toBe('yes');
        expect(row(fields, 'Pages', 'mapcount').description).toBe('2');
        expect(row(fields, 'Pages', 'pins').description).toBe('0');
        const mappedBy = row(fields, 'Pages', 'mapped by');
        expect(mappedBy.description).toBe('2 mappings');
        expect(childrenOf(pages, mappedBy).map((r) => `${r.label} ${r.description}`)).toEqual([
          `P ${exp.uaddr} (mm#1)`,
          `C ${exp.uaddr} (mm#2)`,
        ]);
      });
      await shot('02b-wake-pages-view');
    });
    writeFileSync(join(RESULTS, 'views-at-wake.txt'), await dumpViews());
  });

  step('steps back: C/main queued in its bucket, pinning the COW-shared page', async () => {
    const p = page();
    await clickDebugAction(p, 'debug-step-back');
    await until('the views to show the queued waiter', async () => (await paneSummary(p, 'Waiters')).startsWith('1 waiter'), 30_000);
    await settled('Call Stack at the step before the wake', async () => {
      const stack = await tree('Call Stack');
      expect(formatTree(stack)).toMatch(new RegExp(`stepped back to step ${exp.wakeStep - 1}`, 'i'));
    });
    await shot('03-stepped-back');

    await summaryIs('Futex Hash Table', '1 waiter in 1/256 buckets');
    await alone(p, 'Futex Hash Table', async () => {
      await settled(`${exp.waiter} in bucket ${exp.bucket}`, async () => {
        const hash = await expandPath('Futex Hash Table', [`bucket ${exp.bucket}`, exp.key]);
        expect(hash.filter((r) => r.level === 1).map((r) => r.label)).toEqual(['last: futex_wait', `bucket ${exp.bucket}`]);
        // The last futex call: C's wait, its key and bucket.
        row(hash, 'Futex Hash Table', 'last: futex_wait', `${exp.waiter} · ${exp.key} → bucket ${exp.bucket} · queued q1 · step ${exp.queuedAt}`);
        const bucket = row(hash, 'Futex Hash Table', `bucket ${exp.bucket}`, '1 waiter, 1 key');
        const key = row(childrenOf(hash, bucket), 'Futex Hash Table', exp.key, '1 waiter');
        const queued = childrenOf(hash, key);
        expect(queued.map((r) => r.label)).toEqual([exp.waiter]);
        expect(queued[0]!.description).toMatch(new RegExp(`since step ${exp.queuedAt} · pins pfn ${exp.pfn}$`));
      });
      await shot('03b-stepped-back-hash-table-view');
    });

    await summaryIs('Waiters', '1 waiter, 1 pinning a page');
    await alone(p, 'Waiters', async () => {
      await settled(`${exp.waiter} in Waiters`, async () => {
        const waiters = await expandPath('Waiters', [exp.waiter]);
        const w = row(waiters, 'Waiters', exp.waiter);
        expect(w.description).toBe(`${exp.key} · bucket ${exp.bucket} · since step ${exp.queuedAt} · pins pfn ${exp.pfn}`);
        const f = Object.fromEntries(childrenOf(waiters, w).map((r) => [r.label, r.description]));
        expect(f).toMatchObject({ key: exp.key, bucket: String(exp.bucket), uaddr: exp.uaddr, 'pinned page': `pfn ${exp.pfn}`, identity: exp.identity });
      });
      await shot('03c-stepped-back-waiters-view');
    });

    // The waiter's "bucket" row leads to its bucket in the hash table view.
    const waiters = await tree('Waiters');
    const bucketRow = row(childrenOf(waiters, row(waiters, 'Waiters', exp.waiter)), 'Waiters', 'bucket');
    await p.locator(`${'.pane:has(> .pane-header[aria-label^="Waiters "])'} .monaco-list-row[data-index="${bucketRow.index}"]`).click();
    await settled(`bucket ${exp.bucket} selected in the hash table`, async () => {
      const selected = await p.locator('.pane:has(> .pane-header[aria-label^="Futex Hash Table "]) .monaco-list-row.selected').allInnerTexts();
      expect(selected.join(' ')).toContain(`bucket ${exp.bucket}`);
    });
    await shot('03d-waiter-bucket-link');

    await summaryIs('Pages', '1 frame, 1 pinned, 1 COW-shared');
    await alone(p, 'Pages', () => settled('the pinned COW-shared frame in Pages', async () => {
      const pages = await tree('Pages');
      const frame = row(pages, 'Pages', `pfn ${exp.pfn}`);
      expect(frame.description).toBe('count 3 · map 2 · pins 1 · COW-shared · anon');
      expect(row(childrenOf(pages, frame), 'Pages', 'pins').description).toBe('1');
      const mappedBy = row(childrenOf(pages, frame), 'Pages', 'mapped by', '2 mappings');
      expect(childrenOf(pages, mappedBy).map((r) => r.label)).toEqual(['P', 'C']);
    }));
    writeFileSync(join(RESULTS, 'views-stepped-back.txt'), await dumpViews());
  });

  step('opens the timeline and jumps from it to the wake', async () => {
    const p = page();
    await runCommand(p, 'Futex Lab: Show Timeline');
    await p.locator(`.tabs-container .tab[aria-label*="Timeline: ${CONFIG_NAME}"]`).first().waitFor({ timeout: 30_000 });
    const frame = await webviewFrame(p, 'svg #now');
    await until('the timeline at the current step', async () => (await frame.locator('#step').innerText()) === String(exp.wakeStep - 1), 15_000);
    const lanes = await frame.locator('svg text.lane').allTextContents();
    expect(lanes).toEqual(['P/main', 'C/main']);
    // The timeline is the run the debugger recorded: up to the wake, where it stopped.
    expect(await frame.locator('.note').first().innerText()).toContain(`of ${exp.wakeStep}`);
    expect(await frame.locator(`.mark.wait[data-step="${exp.queuedAt}"]`).count()).toBe(1);
    const anomaly = frame.locator(`.mark.anomaly[data-step="${exp.wakeStep}"]`);
    expect(await anomaly.count()).toBe(1);
    expect(await frame.locator(`[data-step="${exp.wakeStep}"] title`).allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/wrong-wakeup|wrong wake/i)]));
    await shot('04-timeline');
    // The timeline itself, cropped to the drawing.
    const webview = await (await frame.frameElement()).boundingBox();
    const svg = await frame.locator('svg#timeline').boundingBox();
    if (webview && svg) {
      const height = Math.min(webview.height, svg.y + svg.height + 16 - webview.y);
      await p.screenshot({ path: join(RESULTS, '04b-timeline-webview.png'), clip: { ...webview, height } });
    }

    // A click on the wake's anomaly mark asks the debugger to go there.
    await anomaly.first().click();
    await until('the debugger at the wake again', async () => (await paneSummary(p, 'Waiters')) === '0 waiters', 30_000);
    await until('the timeline highlight at the wake', async () => (await frame.locator('#step').innerText()) === String(exp.wakeStep), 15_000);
    // Against the stop before (step 3) the views now list what the wake took away.
    await settled('the gone rows', async () => {
      row(await tree('Futex Hash Table'), 'Futex Hash Table', 'gone since the last stop', `bucket ${exp.bucket}`);
      row(await tree('Waiters'), 'Waiters', 'gone since the last stop', new RegExp(`^${exp.waiter} \\(q\\d+\\)$`));
    });
    await shot('05-timeline-goto-wake');

    // The toolbar (@vscode-elements/elements): "Previous mark" goes back to C's wait.
    await frame.locator('vscode-button#prev').click();
    await until('the timeline highlight back at the wait', async () => (await frame.locator('#step').innerText()) === String(exp.queuedAt), 15_000);
    await until('the debugger back at the wait', async () => (await paneSummary(p, 'Waiters')).startsWith('1 waiter'), 30_000);
    await shot('06-timeline-previous-mark');
  });

  step('stops debugging', async () => {
    const p = page();
    await p.keyboard.press('Shift+F5');
    await until('the debug session to end', async () => (await p.locator('.debug-toolbar').count()) === 0 || !(await p.locator('.debug-toolbar').first().isVisible()), 30_000);
  });

  step('opens an example from the palette as the user\'s own copy in the workspace', async () => {
    const p = page();
    const rows = () => p.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (els) => els.map((r) => r.getAttribute('aria-label') ?? ''));
    const input = p.locator('.quick-input-widget .quick-input-box input');
    await p.locator('.part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await p.keyboard.press('F1');
    await input.fill('>Futex Lab: Open Example');
    await until('Open Example in the command palette', async () => (await rows())[0]?.startsWith('Futex Lab: Open Example'), 10_000);
    await p.keyboard.press('Enter');
    // The list of every example, with its title.
    await until('the list of examples', async () => (await rows()).some((r) => r.startsWith('cow-fork-wrong-wakeup.futex')), 15_000);
    await input.fill('mutex2');
    await until('mutex2.futex first in the list', async () => (await rows())[0]?.startsWith('mutex2.futex'), 10_000);
    await shot('07a-open-example-list');
    await p.keyboard.press('Enter');
    await p.locator('.tabs-container .tab.active[aria-label*="mutex2.futex"]').waitFor({ timeout: 15_000 });
    // A file of the workspace (futex-examples/), not the installed extension's.
    const copy = join(ws!.folder, 'futex-examples', 'mutex2.futex');
    await until(`${copy} on disk`, async () => existsSync(copy), 10_000);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(join(ROOT, 'examples', 'mutex2.futex'), 'utf8'));
    await runCommand(p, 'View: Show Explorer');
    await p.locator('.explorer-folders-view .monaco-list-row[aria-label*="futex-examples"]').first().waitFor({ timeout: 15_000 });
    await shot('07b-open-example-copy');
  });
});

/** The four views as text (what was read), for test-results/. */
async function dumpViews(): Promise<string> {
  const parts: string[] = [];
  for (const v of VIEWS) parts.push(`== ${v}: ${await paneSummary(page(), v)}\n${formatTree(await alone(page(), v, () => tree(v)))}`);
  return `${parts.join('\n\n')}\n`;
}
