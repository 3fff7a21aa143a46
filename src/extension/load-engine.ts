// The engine half of the extension (engine.ts), loaded on first use.
//
// From the sources (the tests) this is a plain import. In the package, esbuild.js puts engine.ts
// in out/engine.js and replaces this module in out/extension.js by one that loads it through
// out/load-engine.js (out/engine.js, or the .vsix's out/engine.js.br) the first time engine() is
// called: activation registers the providers, commands and views without loading the parser, the
// kernel or the debug adapter, and the first hover, diagnostic, launch or timeline loads them once
// (bench/activation.ts measures both).

import * as loaded from './engine';

export type Engine = typeof loaded;

export function engine(): Engine {
  return loaded;
}
