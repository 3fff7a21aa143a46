// A child process run without blocking the test worker's event loop. Vitest's worker must answer
// its own RPC calls while a test runs: a synchronous spawn (spawnSync, execFileSync) that lasted
// a minute on a loaded machine made vitest fail the whole run with `Timeout calling
// "onTaskUpdate"`, although every test passed. Long commands (npm pack, npm install, npm start,
// vsce) go through here.
import { spawn } from 'node:child_process';

export interface Ran { code: number | null; stdout: string; stderr: string }

export function runAsync(cmd: string, args: string[], opts: { cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.on('error', () => { /* the child may exit before reading its input */ });
    child.stdin.end(opts.input ?? '');
  });
}

/** As runAsync, and a non-zero exit is an error that carries what the command printed. */
export async function runOk(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Ran> {
  const r = await runAsync(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}
