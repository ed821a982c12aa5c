/**
 * Child processes of the benchmark: every process started here is tracked and stopped when
 * its owner asks, when the benchmark ends, or when the orchestrator itself is interrupted or
 * fails (a synchronous SIGKILL sweep on exit). Also free loopback ports and TCP readiness.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import net from 'node:net';

const live = new Set<Child>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.proc.kill('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      process.stderr.write(`bench: ${sig}: stopping ${live.size} child process(es)\n`);
      process.exit(130);
    });
  }
}

/** A started process with its output collected (the last 64 KiB of each stream). */
export class Child {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    live.add(this);
    proc.stdout?.setEncoding('utf8').on('data', (d: string) => (this.stdout = (this.stdout + d).slice(-65536)));
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-65536)));
    this.exited = new Promise((resolve) => {
      proc.on('close', (code, signal) => {
        live.delete(this);
        this.exitCode = code ?? (signal ? null : 0);
        resolve(this.exitCode);
      });
      proc.on('error', (e) => {
        this.stderr += `\nspawn error: ${e.message}`;
      });
    });
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves with the first stdout line matching `re`; rejects if the process ends first or on timeout. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (const line of this.stdout.split('\n')) {
          const m = re.exec(line);
          if (m) {
            done();
            resolve(m);
            return true;
          }
        }
        return false;
      };
      const fail = (why: string): void => {
        done();
        reject(new Error(`${this.name}: ${why}\n${this.stderr.trim().slice(-2000)}`));
      };
      const onData = (): void => void check();
      const onClose = (): void => void (check() || fail('exited before it was ready'));
      const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.proc.stdout?.off('data', onData);
        this.proc.off('close', onClose);
      };
      this.proc.stdout?.on('data', onData);
      this.proc.on('close', onClose);
      if (!this.running) onClose();
      else check();
    });
  }

  /** Closes stdin, sends SIGTERM, and SIGKILL after `graceMs`; resolves once it is gone. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return;
    this.proc.stdin?.end();
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Starts a tracked process; stdin is a pipe (closing it is the stop signal for our tools). */
export function start(name: string, command: string, args: string[], opts: SpawnOptions = {}): Child {
  installExitHook();
  return new Child(name, spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...opts }));
}

/** Stops every process still running (used in the orchestrator's finally block). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((child) => child.stop(1000)));
}

/** A loopback port that was free a moment ago (for programs that cannot report their own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until a TCP connection to 127.0.0.1:port succeeds. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
