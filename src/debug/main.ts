// The debug adapter as a process: DAP over stdin/stdout (`node out/debugAdapter.js`), or over a
// socket with `--server=PORT`. The extension runs the same FutexDebugSession inline by default.

import { DebugSession } from '@vscode/debugadapter';
import { FutexDebugSession } from './session';

DebugSession.run(FutexDebugSession);
