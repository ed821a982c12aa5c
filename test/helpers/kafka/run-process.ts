// Runs an external client program (kcat, python) to completion with a hard timeout,
// collecting stdout as bytes and stderr as text. Used by the real-client test helpers.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  /** Exit code, or null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** True when the timeout fired and the process was killed. */
  timedOut: boolean;
  elapsedMs: number;
}

export interface RunOptions {
  /** Bytes written to stdin, which is then closed. Without it stdin is /dev/null. */
  stdin?: Buffer;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

const KILL_GRACE_MS = 1500;
const STDERR_LIMIT = 256 * 1024;

/** Spawns `command args`, never rejects for non-zero exits; rejects only if spawning fails. */
export function runProcess(command: string, args: readonly string[], opts: RunOptions): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;

    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, opts.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < STDERR_LIMIT) err += chunk.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err, timedOut, elapsedMs: Date.now() - started });
    });
    if (opts.stdin && child.stdin) {
      // A client that exits early closes its stdin; ignore the resulting EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.stdin);
    }
  });
}
