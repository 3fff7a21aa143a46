// The `source` request: the adapter knows one source, the launched scenario, by its path; it
// gives out no sourceReference (every Source it sends has a path). It answered the scenario's
// text for any path or sourceReference (the seventh session's user-path audit), so a client
// asking for another file was shown the scenario as that file.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { normPath } from './breakpoints';
import { StaleHandleError } from './errors';

/** The launched scenario's text if `args` name it (its path, no sourceReference); else an error. */
export function sourceContent(args: DebugProtocol.SourceArguments, file: string, text: string): { content: string; mimeType: string } {
  const ref = args.source?.sourceReference ?? args.sourceReference;
  if (ref !== undefined && ref !== 0) throw new StaleHandleError(`source: no source has sourceReference ${ref} (the adapter gives out none; its sources have paths)`);
  const p = args.source?.path;
  if (p === undefined) throw new StaleHandleError('source: name the source by its path (the adapter gives out no sourceReference)');
  if (normPath(p) !== normPath(file)) throw new StaleHandleError(`source: the session's only source is ${file}`);
  return { content: text, mimeType: 'text/x-futex' };
}
