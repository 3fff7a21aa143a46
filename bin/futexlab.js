#!/usr/bin/env node
// The command-line entry point. It calls the bundled CLI's entry function by name: a `.bin` link
// (npx, a global or tarball install) is called `futexlab`, so the bundle cannot tell from
// process.argv that it is the program being run.
require('../out/cli.js').cli();
