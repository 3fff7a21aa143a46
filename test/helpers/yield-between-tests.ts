// Vitest runs the tests of a file one after another without giving the worker's event loop a
// turn: a file of synchronous tests holds it for the whole file. The worker's RPC calls to the
// main process (onTaskUpdate) time out after 60 s of that, and vitest fails the run although
// every test passed: seen with test/kernel/clone.test.ts, 70-83 s on a loaded machine (an
// interval timer in the worker did not fire once during the file). After each test, one full
// turn of the loop: a timer, then an immediate, so that a poll phase (IPC replies) runs between.
import { afterEach } from 'vitest';

afterEach(async () => {
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setImmediate(r));
});
