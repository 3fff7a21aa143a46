// Helpers of the views-fetched-as-shown tests (views-lazy*.test.ts): a stop answered by the
// adapter's own paging code, and a lazy tree expanded whole.

import { PagedState } from '../../src/debug/state-pages';
import { stateBody } from '../../src/debug/requests';
import { BodySource, LiveSource } from '../../src/debug/state-sources';
import type { Session } from '../../src/session/session';
import { renderTree, type ViewNode } from '../../src/extension/views/node';
import { StopState } from '../../src/extension/views/stop-state';

export interface Sent {
  args: Record<string, unknown> | undefined;
  bytes: number;
}

/** A stop of `s` as the adapter answers it: the body projected once, paged by PagedState. */
export async function stopOf(s: Session, log: Sent[] = []): Promise<StopState> {
  const body = JSON.parse(JSON.stringify(stateBody(s, s.steps + 1, false)));
  const paged = new PagedState(() => new BodySource(body));
  const stop = await StopState.fetch(async (args) => {
    const reply = paged.answer(args ?? {});
    log.push({ args, bytes: Buffer.byteLength(JSON.stringify(reply)) });
    return reply;
  });
  if (!stop) throw new Error('no top level');
  return stop;
}

/** Every node, expanded, fetching what the lazy nodes need. */
export async function expandAllAsync(nodes: readonly ViewNode[]): Promise<ViewNode[]> {
  const out: ViewNode[] = [];
  for (const n of nodes) {
    const kids = n.children ? n.children() : n.load ? await n.load() : undefined;
    out.push(kids ? { ...n, children: undefined, load: undefined, ...{ kids: await expandAllAsync(kids) } } as ViewNode : { ...n, load: undefined });
  }
  return out;
}

/** renderTree over the expanded copies (their children already fetched). */
export function render(nodes: readonly ViewNode[]): string {
  const withKids = (n: ViewNode): ViewNode => {
    const kids = (n as ViewNode & { kids?: ViewNode[] }).kids;
    return kids ? { ...n, children: () => kids.map(withKids) } : n;
  };
  return renderTree(nodes.map(withKids));
}

/**
 * A stop of `s` answered as the adapter answers it now: built by slices from the live session
 * (LiveSource). Valid until `s` steps: expand what is needed before stepping.
 */
export async function liveStopOf(s: Session, log: Sent[] = []): Promise<StopState> {
  const paged = new PagedState(() => new LiveSource(s, s.steps + 1, false));
  const stop = await StopState.fetch(async (args) => {
    const reply = paged.answer(args ?? {});
    log.push({ args, bytes: Buffer.byteLength(JSON.stringify(reply)) });
    return reply;
  });
  if (!stop) throw new Error('no top level');
  return stop;
}
