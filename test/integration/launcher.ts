// Stands in for the VS Code executable @vscode/test-electron's runTests starts: reads its
// --extensionDevelopmentPath / --extensionTestsPath arguments, starts code-server and Debian's
// chromium (test/e2e/harness.ts), opens the workbench with those paths in its `payload` URL
// parameter, prints what the extension host logs (mocha's reporter) and exits with the code the
// workbench passes to window.codeAutomationExit when the test run ends.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, RESULTS, startCodeServer, type Driver, type CodeServer, type Workspace } from '../e2e/harness';

const HOST_TIMEOUT_MS = Number(process.env.FUTEXLAB_INTEGRATION_TIMEOUT_MS || 300_000);
// Both as in suite/index.ts (which runs in the host and cannot be imported here: it imports mocha's runner).
const TAG = '[futexlab-it] ';
const SUMMARY = 'futexlab-integration:';

interface Args { development: string; tests: string; folder?: string }

export function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const a = argv.find((x) => x.startsWith(`--${name}=`));
    return a === undefined ? undefined : resolve(a.slice(name.length + 3));
  };
  const development = value('extensionDevelopmentPath');
  const tests = value('extensionTestsPath');
  if (!development || !tests) throw new Error(`integration-host: needs --extensionDevelopmentPath= and --extensionTestsPath= (got ${argv.join(' ')})`);
  const folder = argv.find((x) => !x.startsWith('-'));
  return { development, tests, folder: folder && resolve(folder) };
}

function workspace(folder: string | undefined): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'futexlab-int-'));
  const ws: Workspace = {
    dir, folder: folder ?? join(dir, 'workspace'), userDataDir: join(dir, 'user-data'),
    // Must exist before code-server starts, or the extension under development is not loaded.
    extensionsDir: join(dir, 'extensions'), configFile: join(dir, 'code-server.yaml'),
    dispose: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
  for (const d of [ws.folder, join(ws.userDataDir, 'User'), ws.extensionsDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(ws.userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
    'update.mode': 'none', 'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'git.enabled': false,
  }));
  writeFileSync(ws.configFile, 'auth: none\ncert: false\n');
  return ws;
}

/** The workbench URL: folder plus the development/test paths as vscode-remote URIs on this server. */
export function workbenchUrl(server: { url: string; port: number }, args: Args, folder: string): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(args.development)], ['extensionTestsPath', remote(args.tests)]];
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The suite's lines among the console messages the extension host forwards to the page. */
export function hostLines(text: string): string[] {
  return text.split('\n').flatMap((l) => {
    const at = l.indexOf(TAG);
    return at < 0 ? [] : [l.slice(at + TAG.length)];
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const ws = workspace(args.folder);
  mkdirSync(RESULTS, { recursive: true });
  let server: CodeServer | undefined;
  let driver: Driver | undefined;
  let summary: string | undefined;
  const consoleLog: string[] = [];
  try {
    server = await startCodeServer(ws, join(RESULTS, 'integration-code-server.log'));
    driver = await launchBrowser(ws.dir);
    let exit!: (code: number) => void;
    const exited = new Promise<number>((r) => (exit = r));
    await driver.page.exposeFunction('codeAutomationExit', (code: number) => exit(Number(code)));
    driver.page.on('console', (msg) => {
      consoleLog.push(msg.text());
      const text = msg.text();
      const at = text.indexOf(SUMMARY);
      if (at >= 0) summary = text.slice(at + SUMMARY.length).split('\n')[0]!.trim();
      for (const line of hostLines(text)) {
        if (line.startsWith(SUMMARY)) summary = line.slice(SUMMARY.length).trim();
        else process.stdout.write(`${line}\n`);
      }
    });
    await driver.page.goto(workbenchUrl(server, args, ws.folder), { timeout: 60_000 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, rej) => {
      timer = setTimeout(() => rej(new Error(`the extension host never reported the end of the test run within ${HOST_TIMEOUT_MS} ms`)), HOST_TIMEOUT_MS);
    });
    const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    // The summary is logged just before the host reports the end; its console message may trail.
    for (let i = 0; i < 20 && summary === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    if (summary === undefined) {
      console.error('integration-host: the test run ended without its summary line (did the suite load? see the console log below)');
      console.error(consoleLog.slice(-40).join('\n'));
    }
    console.log(summary ?? '0 passed, 0 failed');
    return summary === undefined ? 1 : code;
  } catch (e) {
    console.error(`integration-host: ${e instanceof Error ? e.message : String(e)}`);
    console.error(consoleLog.slice(-40).join('\n'));
    if (server) console.error(server.log().slice(-3000));
    return 1;
  } finally {
    writeFileSync(join(RESULTS, 'integration-console.log'), consoleLog.join('\n'));
    await driver?.close();
    await server?.stop();
    ws.dispose();
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
