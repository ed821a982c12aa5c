// Starts librdkafka's mock Kafka cluster (the program in mock-cluster.c, built into .cache/
// by scripts/setup-system.sh) as a child process: a real multi-broker Kafka-protocol backend
// for tests. Two flavors: '2.0' (Debian librdkafka 2.0.2, old protocol versions only) and
// 'new' (librdkafka 2.15.1, flexible versions). Children are killed when this process exits,
// and also exit by themselves when their stdin (our pipe) closes.
//
// Topics: `topics` pre-creates them with a partition count (replication min(3, brokers)).
// Unknown topics are auto-created with 4 partitions by Metadata requests that allow it;
// Produce/Fetch to an unknown topic fail with UNKNOWN_TOPIC_OR_PARTITION.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type MockFlavor = '2.0' | 'new';

export interface MockClusterOptions {
  brokers?: number;
  flavor?: MockFlavor;
  topics?: Array<{ name: string; partitions: number }>;
  /** 'new' flavor only: group initial rebalance delay (librdkafka default 3000 ms; 2.0 fixes it at 3000). */
  rebalanceDelayMs?: number;
  /** Milliseconds to wait for the BOOTSTRAP line. */
  startTimeoutMs?: number;
}

export interface MockBroker {
  host: string;
  port: number;
  /** Kafka node id: the mock numbers brokers 1..N in bootstrap order. */
  nodeId: number;
}

export interface MockCluster {
  /** 'host:port,host:port,...' */
  bootstrap: string;
  brokers: MockBroker[];
  flavor: MockFlavor;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Walks up from this file to the directory holding package.json (works from src and dist). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('mock-cluster: cannot find the repository root');
}

export function mockClusterBinary(flavor: MockFlavor): string {
  return join(repoRoot(), '.cache', `mock-cluster-${flavor}`);
}

export function parseBootstrap(list: string): MockBroker[] {
  return list.split(',').map((entry, i) => {
    const at = entry.lastIndexOf(':');
    const port = Number(entry.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new Error(`mock-cluster: bad bootstrap entry '${entry}'`);
    }
    return { host: entry.slice(0, at), port, nodeId: i + 1 };
  });
}

function buildArgs(opts: MockClusterOptions): string[] {
  const args = ['--brokers', String(opts.brokers ?? 3)];
  for (const t of opts.topics ?? []) args.push('--topic', `${t.name}:${t.partitions}`);
  if (opts.rebalanceDelayMs !== undefined) args.push('--rebalance-delay-ms', String(opts.rebalanceDelayMs));
  return args;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  child.stdin?.end();
  child.kill('SIGTERM');
  if (!(await waitForExit(child, 3000))) {
    child.kill('SIGKILL');
    await waitForExit(child, 3000);
  }
  live.delete(child);
}

export async function startMockCluster(opts: MockClusterOptions = {}): Promise<MockCluster> {
  const flavor = opts.flavor ?? '2.0';
  const binary = mockClusterBinary(flavor);
  if (!existsSync(binary)) {
    throw new Error(`mock-cluster: ${binary} is missing; run scripts/setup-system.sh`);
  }
  installExitHook();
  const child = spawn(binary, buildArgs(opts), { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.stdin?.on('error', () => undefined);

  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
  });

  const bootstrap = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`mock-cluster (${flavor}): ${why}; stderr: ${stderrTail.trim()}`));
    };
    const timer = setTimeout(() => fail('no BOOTSTRAP line in time'), opts.startTimeoutMs ?? 10_000);
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = /^BOOTSTRAP (\S+)\n/m.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  }).catch(async (e: unknown) => {
    await stopChild(child);
    throw e;
  });

  // The child must not keep the test process alive; the exit hook and the stdin pipe end it.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    if (stream && 'unref' in stream && typeof stream.unref === 'function') stream.unref();
  }

  let stopping: Promise<void> | undefined;
  return {
    bootstrap,
    brokers: parseBootstrap(bootstrap),
    flavor,
    stop: () => (stopping ??= stopChild(child)),
  };
}
