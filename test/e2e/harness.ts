// The machinery of the end-to-end test: code-server (installed by scripts/e2e-setup.sh into a
// cache folder), a workspace holding one example and a launch configuration, and Debian's
// chromium driven by playwright-core. Nothing here knows about Futex Lab's views; workbench.ts
// knows the VS Code DOM, editor.test.ts the scenario.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '..', '..');
export const RESULTS = join(ROOT, 'test-results', 'e2e');

/** The version scripts/e2e-setup.sh installs (one place says it: the script). */
export function codeServerVersion(): string {
  const m = /^CODE_SERVER_VERSION=(\S+)$/m.exec(readFileSync(join(ROOT, 'scripts', 'e2e-setup.sh'), 'utf8'));
  if (!m) throw new Error('scripts/e2e-setup.sh does not set CODE_SERVER_VERSION');
  return m[1]!;
}

/** The code-server launcher: $FUTEXLAB_E2E_CODE_SERVER, else the one e2e-setup.sh cached. */
export function codeServerBin(): string {
  if (process.env.FUTEXLAB_E2E_CODE_SERVER) return process.env.FUTEXLAB_E2E_CODE_SERVER;
  const cache = process.env.FUTEXLAB_E2E_CACHE || join(homedir(), '.cache', 'futexlab-e2e');
  const bin = join(cache, `code-server-${codeServerVersion()}`, 'node_modules', '.bin', 'code-server');
  if (!existsSync(bin)) throw new Error(`no code-server at ${bin}: run scripts/e2e-setup.sh (npm run test:e2e does)`);
  return bin;
}

export function vsixPath(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`no ${basename(vsix)}: run npm run package (npm run test:e2e does)`);
  return vsix;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The environment for code-server and chromium: ours, less what a surrounding VS Code or Electron
 * set, with the XDG folders in the test's temporary folder (code-server otherwise writes
 * ~/.config/code-server/config.yaml and ~/.local/share/code-server, chromium ~/.config/chromium).
 */
export function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_)/.test(k)) continue;
    env[k] = v;
  }
  env.XDG_CONFIG_HOME = join(home, 'xdg-config');
  env.XDG_DATA_HOME = join(home, 'xdg-data');
  env.XDG_CACHE_HOME = join(home, 'xdg-cache');
  return env;
}

export interface Workspace {
  /** Temporary folder holding everything below; removed by dispose(). */
  dir: string;
  folder: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  dispose(): void;
}

/**
 * A temporary workspace: `example` copied in, `.vscode/launch.json` with `launch` as its only
 * configuration, and user settings that keep the welcome page, tips and update checks away.
 */
export function makeWorkspace(example: string, launch: Record<string, unknown>): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-e2e-'));
  const folder = join(dir, 'workspace');
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  const configFile = join(dir, 'code-server.yaml');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  copyFileSync(join(ROOT, example), join(folder, basename(example)));
  writeFileSync(join(folder, '.vscode', 'launch.json'), JSON.stringify({ version: '0.2.0', configurations: [launch] }, null, 2));
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Light Modern',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'debug.toolBarLocation': 'floating',
    'editor.minimap.enabled': false,
    'workbench.tree.enableStickyScroll': false,
  }, null, 2));
  // code-server otherwise reads (and on first run writes) ~/.config/code-server/config.yaml.
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  return {
    dir, folder, userDataDir, extensionsDir, configFile,
    dispose: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}

/** `code-server --install-extension VSIX` into the workspace's extensions folder. */
export function installExtension(ws: Workspace, vsix: string): string {
  const r = spawnSync(codeServerBin(), [
    '--config', ws.configFile, '--user-data-dir', ws.userDataDir, '--extensions-dir', ws.extensionsDir,
    '--install-extension', vsix, '--force',
  ], { encoding: 'utf8', env: cleanEnv(ws.dir), timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${basename(vsix)} failed (${r.status}):\n${out}`);
  return out;
}

export interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  log(): string;
  stop(): Promise<void>;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return r.ok;
  } catch {
    return false;
  }
}

/** Kill a process group (the launcher, its server child and the extension hosts), TERM then KILL. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 50 && alive(); i++) await sleep(100);
  if (alive()) signal('SIGKILL');
  for (let i = 0; i < 20 && alive(); i++) await sleep(100);
}

/** Start code-server on a free port with `ws.folder` open; retries when the port was taken meanwhile. */
export async function startCodeServer(ws: Workspace, logFile: string): Promise<CodeServer> {
  mkdirSync(RESULTS, { recursive: true });
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const out = createWriteStream(logFile, { flags: attempt === 1 ? 'w' : 'a' });
    const child = spawn(codeServerBin(), [
      '--config', ws.configFile,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--user-data-dir', ws.userDataDir,
      '--extensions-dir', ws.extensionsDir,
      ws.folder,
    ], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(ws.dir) });
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    let exited = false;
    child.once('exit', () => (exited = true));
    const stop = async () => {
      await killGroup(child);
      out.end();
    };
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !exited) {
      if (await healthy(url)) return { url, port, logFile, log: () => readFileSync(logFile, 'utf8'), stop };
      await sleep(250);
    }
    await stop();
    lastError = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
    if (!/EADDRINUSE/.test(lastError)) break;
  }
  throw new Error(`code-server did not come up:\n${lastError}`);
}

/** Debian's chromium; playwright never downloads a browser here. */
export function chromiumPath(): string {
  const candidates = [process.env.FUTEXLAB_E2E_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no chromium (looked at ${candidates.join(', ')}): run scripts/e2e-setup.sh`);
  return found;
}

export interface Driver {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(home: string, viewport = { width: 1600, height: 1000 }): Promise<Driver> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    env: cleanEnv(home),
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-breakpad',
    ],
  });
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  return {
    browser, context, page,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

/** Poll `probe` until it returns a value that is not undefined/false, or throw with `what`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await sleep(everyMs);
  }
}
