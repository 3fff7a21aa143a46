// Protocol fuzz (issue 14, the protocol part): seeded random sequences of DAP requests, valid
// commands in random order with valid, wrong-typed, huge, negative, __proto__-keyed and long
// arguments, sent to the BUILT adapter over stdio as VS Code would. Every request must be
// answered in bounded time; a failure must be a plain DAP error (no stack trace, no "internal
// error"); and after each sequence the adapter must still answer `threads`.

import * as path from 'node:path';
import { expect, test } from 'vitest';
import fc from 'fast-check';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { ROOT, fixture, startClient } from './helpers';

// FUZZ_SEED and FUZZ_RUNS change the seed and the number of sequences for a longer search.
const SEED = Number(process.env.FUZZ_SEED ?? 1414);
const SEQUENCES = Number(process.env.FUZZ_RUNS ?? 40);
const LENGTH = 20;
const PER_REQUEST_MS = 8_000;

const PROGRAMS = [
  fixture('counter.futex'),
  fixture('lost-wakeup.futex'),
  fixture('print-loop.futex'),
  fixture('runaway.futex'),
  path.join(ROOT, 'examples/cow-fork-wrong-wakeup.futex'),
  path.join(ROOT, 'examples/mutex1.futex'),
  path.join(ROOT, 'examples/robust-mutex-owner-killed.futex'),
  path.join(ROOT, 'examples/requeue-single.futex'),
];

/** An object with an own "__proto__" key, as JSON.parse makes it (and as a hostile client sends it). */
const protoKeyed = (inner: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(inner ?? null)}, "constructor": {"prototype": {"polluted": 1}}}`);

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 6 }),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e308, 1.5, -0.5, Number.MAX_SAFE_INTEGER + 2),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('x'.repeat(100_000), '\u0000\u001b[2J', '__proto__', 'constructor', 'toString', '1', '-1', ''),
  fc.constant([]),
  fc.constant({}),
  fc.constant([1, 'x', null]),
  fc.constant(protoKeyed({ threadId: 1 })),
);
/** Mostly a plausible id, sometimes garbage. */
const id = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 1010 }) }, { weight: 2, arbitrary: garbage });
const line = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: garbage });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const program = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PROGRAMS) }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: fc.constantFrom('/etc/passwd', '/dev/zero', ROOT, 'nope.futex', '../../x') });
const expression = fc.oneof(
  fc.constantFrom('i', 'heap', 'load heap', 'key heap', 'key -1', 'threads', 'heap + 4', '1 << 70', '9'.repeat(400), 'help', 'switch 2', '(((((', '@'.repeat(5000), '__proto__', 'constructor.prototype', ''),
  fc.string({ maxLength: 40 }),
  garbage,
);

/** Stands for one of the thread ids the adapter last listed (the n-th, modulo their number). */
class Pick {
  constructor(readonly n: number) {}
}

type Req = { command: string; args: unknown };
const req = (command: string, args: fc.Arbitrary<unknown>): fc.Arbitrary<Req> => args.map((a) => ({ command, args: a }));

const request: fc.Arbitrary<Req> = fc.oneof(
  req('launch', fc.oneof(
    fc.record({ program, stopOnEntry: maybe(fc.oneof(fc.boolean(), garbage)), stopAtEnd: maybe(fc.oneof(fc.boolean(), garbage)), noDebug: maybe(fc.oneof(fc.boolean(), garbage)), schedule: maybe(fc.oneof(fc.constantFrom('fifo', 'round-robin', 'random(3)', 'random:-1', 'random(99999999999999999999)'), garbage)), strategy: maybe(garbage), options: maybe(fc.oneof(garbage, fc.constant(protoKeyed(1)), fc.constant({ buckets: 1073741824 }), fc.constant({ buckets: 4294967296 })))}, { requiredKeys: ['program'] }),
    fc.record({ program, replay: fc.oneof(garbage, fc.constant({ scenarioHash: 'abcdefgh', schedule: [1, 2, -1, 1e9] }), fc.constant({ scenarioHash: '', schedule: 'x' })) }),
    garbage,
  )),
  req('setBreakpoints', fc.oneof(
    fc.record({ source: fc.record({ path: program }), breakpoints: fc.array(fc.record({ line, condition: maybe(expression), hitCondition: maybe(garbage), logMessage: maybe(garbage) }, { requiredKeys: ['line'] }), { maxLength: 4 }) }),
    fc.record({ source: garbage, breakpoints: garbage }),
  )),
  req('configurationDone', fc.oneof(fc.constant({}), garbage)),
  ...['next', 'stepIn', 'stepOut', 'stepBack', 'continue', 'reverseContinue'].map((c) =>
    req(c, fc.oneof({ weight: 3, arbitrary: fc.record({ threadId: id, singleThread: maybe(fc.oneof(fc.boolean(), garbage)) }, { requiredKeys: ['threadId'] }) }, { weight: 1, arbitrary: garbage })),
  ),
  req('goto', fc.record({ threadId: id, targetId: id })),
  req('gotoTargets', fc.record({ source: fc.record({ path: program }), line })),
  req('threads', fc.constant({})),
  req('stackTrace', fc.oneof(fc.record({ threadId: id, startFrame: maybe(garbage), levels: maybe(garbage) }, { requiredKeys: ['threadId'] }), garbage)),
  req('scopes', fc.oneof(fc.record({ frameId: id }), garbage)),
  req('variables', fc.oneof(fc.record({ variablesReference: id, start: maybe(garbage), count: maybe(garbage), filter: maybe(garbage) }, { requiredKeys: ['variablesReference'] }), garbage)),
  req('evaluate', fc.oneof(fc.record({ expression, frameId: maybe(id), context: maybe(fc.oneof(fc.constantFrom('repl', 'watch', 'hover', 'clipboard'), garbage)) }, { requiredKeys: ['expression'] }), garbage)),
  req('setExceptionBreakpoints', fc.oneof(fc.record({ filters: fc.oneof(fc.array(fc.oneof(fc.constantFrom('wake', 'anomaly', 'panic', 'any'), garbage), { maxLength: 3 }), garbage) }), garbage)),
  req('futexlab/state', fc.oneof(fc.constant({}), garbage)),
  req('futexlab/timeline', fc.oneof(fc.constant({}), garbage)),
  req('futexlab/gotoStep', fc.oneof(fc.record({ step: id }), garbage)),
  req('futexlab/runThread', fc.oneof(fc.record({ threadId: id }), fc.record({ thread: garbage }), garbage)),
  req('pause', fc.record({ threadId: id })),
  req('__proto__', garbage),
);
/** Ending requests are rarer, so most of a sequence reaches a live session. */
const ending: fc.Arbitrary<Req> = fc.oneof(
  req('disconnect', fc.oneof(fc.constant({}), fc.record({ restart: maybe(garbage), terminateDebuggee: maybe(garbage) }))),
  req('terminate', fc.oneof(fc.constant({}), garbage)),
);
/** Stepping with a plausible thread, the most common request of a real session. */
const step: fc.Arbitrary<Req> = fc.record({
  command: fc.constantFrom('next', 'stepIn', 'stepOut', 'stepBack', 'continue', 'reverseContinue', 'stackTrace'),
  args: fc.record({ threadId: fc.nat(7).map((n) => new Pick(n)) }),
});
const anyRequest = fc.oneof({ weight: 60, arbitrary: request }, { weight: 30, arbitrary: step }, { weight: 1, arbitrary: ending });

/** A launch first most of the time (so the rest reaches a running session), then the requests. */
const sequence = fc
  .tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom(...PROGRAMS), fc.boolean(), fc.array(anyRequest, { minLength: LENGTH, maxLength: LENGTH }))
  .map(([mode, prog, stopOnEntry, rest]): Req[] =>
    mode === 0 ? rest : [{ command: 'launch', args: { program: prog, stopOnEntry } }, { command: 'configurationDone', args: {} }, ...rest.slice(2)],
  );

type Answer = { ok: true; body?: unknown } | { ok: false; message: string } | { hang: true };

async function send(dc: DebugClient, r: Req): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Answer>((resolve) => (timer = setTimeout(() => resolve({ hang: true }), PER_REQUEST_MS)));
  const answer = dc.customRequest(r.command, r.args).then(
    (res: { body?: unknown }): Answer => ({ ok: true, body: res?.body }),
    (e: Error): Answer => ({ ok: false, message: String(e?.message ?? e) }),
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const show = (r: Req) => `${r.command} ${JSON.stringify(r.args, (_k, v) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v)) ?? 'undefined'}`;

/** Problems of one sequence, as sentences; empty when the adapter behaved. */
export async function runSequence(seq: Req[]): Promise<string[]> {
  const problems: string[] = [];
  const dc = await startClient();
  let ended = false;
  let known: number[] = [1];
  try {
    for (const [i, q] of seq.entries()) {
      let r = q;
      const pick = (q.args as { threadId?: unknown } | undefined)?.threadId;
      if (pick instanceof Pick) {
        const t = await send(dc, { command: 'threads', args: {} });
        if ('ok' in t && t.ok) known = ((t.body as { threads?: { id: number }[] })?.threads ?? []).map((x) => x.id);
        r = { command: q.command, args: { threadId: known.length ? known[pick.n % known.length] : 1 } };
      }
      const a = await send(dc, r);
      if ('hang' in a) {
        problems.push(`#${i} ${show(r)}: no answer in ${PER_REQUEST_MS} ms`);
        break;
      }
      if (!a.ok && (/^\s+at /m.test(a.message) || /internal error/i.test(a.message))) problems.push(`#${i} ${show(r)}: ${a.message.slice(0, 300)}`);
      if (a.ok && (r.command === 'disconnect' || r.command === 'terminate')) ended = r.command === 'disconnect';
      // A disconnect ends the adapter (DebugSession.shutdown exits the process shortly after):
      // a request sent after it may find no one to answer, which is not a hang.
      if (ended) break;
    }
    if (!ended && problems.length === 0) {
      const t = await send(dc, { command: 'threads', args: {} });
      if ('hang' in t) problems.push('final threads: no answer');
      else if (!t.ok) problems.push(`final threads failed: ${t.message}`);
    }
  } finally {
    await Promise.race([dc.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
  }
  return problems;
}

test(`${SEQUENCES} random sequences of ${LENGTH} DAP requests: each answered, no internal error or stack trace, the adapter keeps answering`, async () => {
  const sequences = fc.sample(sequence, { seed: SEED, numRuns: SEQUENCES });
  const problems: string[] = [];
  for (const [n, seq] of sequences.entries()) {
    for (const p of await runSequence(seq)) problems.push(`sequence ${n}: ${p}`);
  }
  expect(problems).toEqual([]);
}, 600_000);
