// What the extension takes from the engine: the parser and the pure editing features over it, the
// launch check, the timeline drawing and the debug session. In the package this module is not in
// out/extension.js: esbuild.js bundles it into out/engine.js, beside the command line and the
// process debug adapter, so the engine is shipped once; load-engine.ts requires it on first use,
// so that activation does not pay for it (#10 section 5: activation under 7 ms, bench/activation.ts).

export { parseScenario, type ParseResult } from '../lang/index';
export { completionContext, completionsAt, hoverAt, scenarioLensLine, toEditorDiagnostics } from './language';
export { suggestions } from './suggest';
export { indexScenario, useAt } from './symbols';
export { STRATEGY_DOCS } from './docs';
export { loadProgram } from '../session/load';
export { formatDiagnostic } from '../lang/ast';
export { buildTimeline } from './timeline-model';
export { noSessionHtml, timelineHtml } from './timeline-render';
export { FutexDebugSession } from '../debug/session';
export { kernelDiffOutcome } from './kernel-diff';
