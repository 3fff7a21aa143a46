// Errors a request can meet that are the client's doing, not the adapter's: they reach the user
// as a plain message (session.ts fail), never as "internal error" with a stack trace.

/** A request that cannot be served in the current protocol state (order, running, no stop). */
export class StateError extends Error {}

/** A handle (frame id, variables reference) that names nothing of the current stop. */
export class StaleHandleError extends Error {}
