/**
 * `streamward run` as a child process (node --import tsx src/main.ts run -c FILE), with its JSON
 * log lines collected, for tests of signals and process lifecycle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ChildGateway {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr(): string;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  waitLine(pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The bound port of a listener, from its `listener started` line. */
  port(listener: string): Promise<number>;
  adminUrl(): Promise<string>;
}

export function runGatewayProcess(configFile: string, args: string[] = []): ChildGateway {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts'), 'run', '-c', configFile, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  let err = '';
  let partial = '';
  child.stdout!.on('data', (c: Buffer) => {
    const parts = (partial + c.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts)
      if (p.trim())
        try {
          lines.push(JSON.parse(p));
        } catch {
          lines.push({ raw: p });
        }
  });
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  process.once('exit', () => child.kill('SIGKILL'));
  const waitLine: ChildGateway['waitLine'] = async (pred, timeoutMs = 60_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = lines.find(pred);
      if (hit) return hit;
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no matching log line (exit ${child.exitCode}); stderr: ${err.slice(-500)}; last: ${JSON.stringify(lines.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    child,
    lines,
    exited,
    waitLine,
    stderr: () => err,
    port: async (listener) =>
      Number(
        String((await waitLine((l) => l.msg === 'listener started' && l.listener === listener)).bind)
          .split(':')
          .pop(),
      ),
    adminUrl: async () => `http://${String((await waitLine((l) => l.msg === 'gateway running')).admin)}`,
  };
}
