#!/usr/bin/env node
// The command-line entry point: runs the bundled CLI (built by `npm run build`, also at install).
require('../out/cli.js');
