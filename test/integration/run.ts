// `npm run test:integration`: @vscode/test-electron's runTests with the mocha suite of suite/
// inside an extension host. With FUTEXLAB_VSCODE_DESKTOP=1 it downloads VS Code desktop (where
// that is possible); otherwise, as here and in CI, runTests starts launcher.ts through
// scripts/integration-host.sh, which runs the same suite in code-server's extension host.
import { runTests } from '@vscode/test-electron';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const desktop = process.env.FUTEXLAB_VSCODE_DESKTOP === '1';
  try {
    return await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(__dirname, 'suite', 'index.js'),
      launchArgs: [join(ROOT, 'examples'), '--disable-extensions'],
      ...(desktop ? {} : { vscodeExecutablePath: join(ROOT, 'scripts', 'integration-host.sh') }),
    });
  } catch (e) {
    // runTests rejects with 'Failed' on a non-zero exit: the host's output above says why.
    console.error(`integration tests: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
