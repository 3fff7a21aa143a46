#!/usr/bin/env node
// The command-line entry point: calls the bundled CLI's entry function (out/cli.js, built by
// `npm run build` and at install, shipped in the npm package). Called explicitly, so it runs
// under any link name: node_modules/.bin/futexlab, npx futexlab, a global install.
require('../out/cli.js').cli();
