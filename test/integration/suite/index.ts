// Runs inside the extension host (VS Code desktop or code-server): the `run` export is what the
// workbench calls for --extensionTestsPath, the way @vscode/test-cli's runner does. Mocha, not
// vitest: vitest cannot resolve the `vscode` module the host injects. Test files are *.itest.ts so
// that vitest (test/**/*.test.ts) does not pick them up.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

/** Marks the suite's own output among the host's log lines the launcher receives. */
export const TAG = '[futexlab-it] ';
/** The line the launcher looks for (and CI shows last): the counts of this run. */
export const SUMMARY = 'futexlab-integration:';

/**
 * Mocha's reporter logs printf-style (`console.log('%s', x)`); the code-server console forwards
 * format and arguments unformatted, so format here and tag each line for the launcher.
 */
function tagConsole(): () => void {
  const log = console.log;
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const reporterLog = base.consoleLog; // the reporter's own copy of console.log, taken at load
  console.log = base.consoleLog = (...args: unknown[]) => log(format(...args).split('\n').map((l) => TAG + l).join('\n'));
  return () => {
    console.log = log;
    base.consoleLog = reporterLog;
  };
}

export function run(): Promise<void> {
  // FUTEXLAB_IT_GREP runs only the tests whose titles match (the host inherits the environment).
  const grep = process.env.FUTEXLAB_IT_GREP;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000, ...(grep ? { grep } : {}) });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.itest.js')).sort()) mocha.addFile(join(__dirname, f));
  const untag = tagConsole();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0 } = runner.stats ?? {};
      console.log(`${SUMMARY} ${passes} passed, ${failed} failed`);
      untag();
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
