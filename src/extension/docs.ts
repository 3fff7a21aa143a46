// Hover documentation for the `.futex` language (docs/language.md; the sources in docs/sources.md).
//
// Pure data: no `vscode` import, so the CLI, the tests and the extension can all read it. The
// grammar (syntaxes/futex.tmLanguage.json) and this table are checked against each other by
// test/extension/docs.test.ts: every word the grammar highlights as a keyword, contextual word,
// constant, option name or strategy id has an entry here.
//
// The entries live in one file per family (docs-strategies, docs-options, docs-statements,
// docs-operations, docs-events, docs-contextual, docs-constants, docs-v2); this file only merges
// them, in an order that decides which entry a word shared by two families shows.

import { bareVariantDocs, OPTION_DOCS, VARIANT_DOCS } from './docs-options';
import { STRATEGY_DOCS } from './docs-strategies';
import { CONTROL_DOCS, DECLARATION_DOCS, OTHER_STATEMENT_DOCS } from './docs-statements';
import { OPERATION_DOCS } from './docs-operations';
import { EVENT_DOCS } from './docs-events';
import { CONTEXTUAL_DOCS } from './docs-contextual';
import { CONSTANT_DOCS } from './docs-constants';
import { V2_ROBUST_DOCS } from './docs-v2';

export { STRATEGY_DOCS, VARIANT_DOCS };

/**
 * Hover documentation keyed by the word under the cursor: statement keywords, right-hand operations,
 * environment events, contextual words, options and their values, strategy ids, variants (both
 * `STRATEGY.NAME` and the bare `NAME`), errno and FUTEX_OP_* constants.
 */
export const HOVER_DOCS: Record<string, string> = {
  ...bareVariantDocs(),
  ...OPTION_DOCS,
  ...DECLARATION_DOCS,
  ...CONTROL_DOCS,
  ...OPERATION_DOCS,
  ...OTHER_STATEMENT_DOCS,
  ...EVENT_DOCS, // after the bare variants: `lock_page` documents both the event and the variant
  ...CONTEXTUAL_DOCS,
  ...CONSTANT_DOCS,
  ...VARIANT_DOCS,
  ...STRATEGY_DOCS,
  ...V2_ROBUST_DOCS, // issue #17: robust lists, bitsets, futex_waitv, futex2, kill (docs-v2.ts)
};
