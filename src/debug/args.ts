// Every request's arguments, checked where they enter (issue 9, "A hardened protocol boundary"):
// a field of the wrong type or out of range is an ArgError naming the command and the field
// (`stackTrace: threadId must be an integer >= 1, not "x"`), which the adapter answers as a plain
// error response. The handlers then read the fields they need knowing their types. What a field
// refers to (a thread that exists, a frame of the current stop) is checked by the handler.

/** A bad argument: answered with its message, naming the field. */
export class ArgError extends Error {}

/** A field that fails its check: its path ('' for the arguments themselves) apart from what it must be. */
class FieldError extends ArgError {
  constructor(readonly field: string, readonly detail: string) {
    super(`${field} ${detail}`);
  }
}

type Check = (v: unknown, field: string) => void;

const show = (v: unknown): string => {
  if (v === undefined) return 'missing';
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 40 ? `${s.slice(0, 40)}...` : s;
};

function fail(field: string, what: string, v: unknown): never {
  throw new FieldError(field, `must be ${what}, not ${show(v)}`);
}

const int = (min: number): Check => (v, field) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(field, `an integer >= ${min}`, v);
};
const str: Check = (v, field) => {
  if (typeof v !== 'string') fail(field, 'a string', v);
};
const bool: Check = (v, field) => {
  if (typeof v !== 'boolean') fail(field, 'true or false', v);
};
const oneOf = (...values: string[]): Check => (v, field) => {
  if (typeof v !== 'string' || !values.includes(v)) fail(field, values.map((x) => `'${x}'`).join(' or '), v);
};
const opt = (c: Check): Check => (v, field) => {
  if (v !== undefined && v !== null) c(v, field);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object whose listed fields pass their checks (other fields are left alone). */
const obj = (fields: Record<string, Check>): Check => (v, field) => {
  if (!isObject(v)) fail(field, 'an object', v);
  for (const [name, c] of Object.entries(fields)) c(v[name], field ? `${field}.${name}` : name);
};
const arrayOf = (c: Check): Check => (v, field) => {
  if (!Array.isArray(v)) fail(field, 'an array', v);
  v.forEach((x, i) => c(x, `${field}[${i}]`));
};

// DAP thread ids are tid + 1 (session.ts), frame ids and variables references start at 1.
const threadId = int(1);
const guard = { condition: opt(str), hitCondition: opt(str) };

const CHECKS: Record<string, Check> = {
  setBreakpoints: obj({
    source: obj({ path: opt(str) }),
    breakpoints: opt(arrayOf(obj({ line: int(1), column: opt(int(1)), ...guard, logMessage: opt(str) }))),
  }),
  setFunctionBreakpoints: obj({ breakpoints: arrayOf(obj({ name: str, ...guard })) }),
  setExceptionBreakpoints: obj({ filters: arrayOf(str), filterOptions: opt(arrayOf(obj({ filterId: str, condition: opt(str) }))) }),
  dataBreakpointInfo: obj({ name: str, variablesReference: opt(int(0)), frameId: opt(int(1)) }),
  setDataBreakpoints: obj({ breakpoints: arrayOf(obj({ dataId: str, accessType: opt(oneOf('read', 'write', 'readWrite')), ...guard })) }),
  stackTrace: obj({ threadId, startFrame: opt(int(0)), levels: opt(int(0)) }),
  scopes: obj({ frameId: int(1) }),
  variables: obj({ variablesReference: int(1), filter: opt(oneOf('indexed', 'named')), start: opt(int(0)), count: opt(int(0)) }),
  evaluate: obj({ expression: str, frameId: opt(int(1)), context: opt(str) }),
  completions: obj({ text: str, column: int(1), frameId: opt(int(1)) }),
  exceptionInfo: obj({ threadId }),
  continue: obj({ threadId, singleThread: opt(bool) }),
  next: obj({ threadId, singleThread: opt(bool) }),
  stepIn: obj({ threadId, singleThread: opt(bool) }),
  stepOut: obj({ threadId, singleThread: opt(bool) }),
  stepBack: obj({ threadId }),
  reverseContinue: obj({ threadId }),
  'futexlab/runThread': obj({ threadId: opt(threadId), thread: opt(str) }),
  source: obj({ source: opt(obj({ path: opt(str), sourceReference: opt(int(0)) })), sourceReference: opt(int(0)) }),
};

/** Check a request's arguments; throws an ArgError naming the command and the field. */
export function checkArguments(command: string, args: unknown): void {
  const c = Object.hasOwn(CHECKS, command) ? CHECKS[command] : undefined;
  if (!c) return;
  try {
    c(args, '');
  } catch (e) {
    if (e instanceof FieldError) throw new ArgError(`${command}: ${e.field || 'the arguments'} ${e.detail}`);
    throw e;
  }
}
