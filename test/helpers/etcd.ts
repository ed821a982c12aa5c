// A real etcd (Debian's etcd-server, installed by scripts/setup-system.sh) for tests: one member
// on free loopback ports with a temporary data directory. stop() and start() again keep the
// ports and the data (an outage and a recovery); close() stops it and removes the directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface TestEtcd {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok && ((await res.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

export async function startEtcd(): Promise<TestEtcd> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sw-etcd-'));
  const [client, peer] = [await freePort(), await freePort()];
  const endpoint = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  let child: ChildProcess | null = null;
  let stderr = '';
  const args = [
    '--name',
    'sw-test',
    '--data-dir',
    dataDir,
    '--listen-client-urls',
    endpoint,
    '--advertise-client-urls',
    endpoint,
    '--listen-peer-urls',
    peerUrl,
    '--initial-advertise-peer-urls',
    peerUrl,
    '--initial-cluster',
    `sw-test=${peerUrl}`,
    '--log-level',
    'error',
  ];
  const start = async (): Promise<void> => {
    const c = spawn('etcd', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    live.add(c);
    c.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    c.once('exit', () => live.delete(c));
    const end = Date.now() + 30_000;
    while (!(await healthy(endpoint))) {
      if (c.exitCode !== null) throw new Error(`etcd exited (${c.exitCode}): ${stderr}`);
      if (Date.now() > end) throw new Error(`etcd did not become healthy: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    endpoint,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
