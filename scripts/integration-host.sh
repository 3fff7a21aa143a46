#!/usr/bin/env bash
# The "VS Code executable" test/integration/run.ts hands @vscode/test-electron's runTests where
# VS Code desktop cannot be downloaded: runs the suite in code-server's extension host
# (test/integration/launcher.ts, built into out-integration/ by scripts/integration.mjs).
exec node "$(dirname "$0")/../out-integration/test/integration/launcher.js" "$@"
