/**
 * The many-connections suite of `npm run bench` (BENCH_ONLY=many): BENCH_MANY_CLIENTS Kafka
 * producers (1,000) each sending one BENCH_MANY_SIZE record (1 KiB) BENCH_MANY_RATE times a second
 * (10: about 10 MB/s in total), multiplexed by one load process (many-load.ts), against the same
 * four targets as the Kafka suite (direct, gateway plaintext, gateway TLS, haproxy TLS), each
 * around a fresh mock broker, in BENCH_MANY_ROUNDS interleaved rounds (2). Per measurement: the
 * proxy's CPU during the produce step, its resident memory before and with the clients, latency
 * per request, and every error the clients saw.
 *
 * Room for the clients: the gateway is started with `limits.maxConnections` well above the
 * client count and `maxConnectionsPerAddress: 0` (every client comes from 127.0.0.1), haproxy with
 * a maxconn to match, and the suite refuses to start when the open-file limit is too low.
 */
import { execFileSync } from 'node:child_process';
import { intFromEnv, type BenchEnv } from '../common/env.js';
import { runLoadTool, type StepCpu } from '../common/load-process.js';
import { runRounds } from '../common/rounds.js';
import type { ManyJson } from './many-load.js';
import { startTarget, TARGET_IDS, type TargetCapacity, type TargetId } from './targets.js';

export interface ManySettings {
  rounds: number;
  clients: number;
  /** Requests per second per client. */
  rate: number;
  size: number;
  stepMs: number;
  /** -1 (acks=all) or 1: acks=0 has no answer to time, so BENCH_ACKS=0 runs as all. */
  acks: number;
  targets: TargetId[];
  /** haproxy's nbthread (the Kafka suite's BENCH_HAPROXY_THREADS), stated in the comparisons. */
  haproxyThreads: number;
}

/** `targets`: BENCH_TARGETS as the Kafka suite reads it (empty = all four). */
export function manySettingsFromEnv(acks: string, targets: string[] = [], haproxyThreads = 1): ManySettings {
  return {
    rounds: intFromEnv('BENCH_MANY_ROUNDS', 2, 1, 100),
    clients: intFromEnv('BENCH_MANY_CLIENTS', 1000, 1, 50_000),
    rate: intFromEnv('BENCH_MANY_RATE', 10, 1, 1000),
    size: intFromEnv('BENCH_MANY_SIZE', 1024, 1, 1_000_000),
    stepMs: intFromEnv('BENCH_MANY_STEP_MS', 5000, 100, 600_000),
    acks: acks === '1' ? 1 : -1,
    targets: targets.length === 0 ? TARGET_IDS : TARGET_IDS.filter((id) => targets.includes(id)),
    haproxyThreads,
  };
}

/** Resident memory of the proxy (KiB) before the clients connect, once connected, after the step. */
export interface ProxyMemory {
  before: number;
  connected: number;
  after: number;
}

export interface ManyMeasurement extends ManyJson {
  cpu: Record<string, StepCpu>;
  proxyRss: ProxyMemory | null;
}

/** The gateway's limits and haproxy's maxconn for `clients` (each client may hold two connections while it moves to the leader). */
export function capacityFor(clients: number): TargetCapacity {
  const room = 2 * clients + 100;
  // haproxy reserves about two file descriptors per maxconn at start: no more than needed.
  return { gatewayLimits: { maxConnections: Math.max(10_000, room), maxConnectionsPerAddress: 0 }, haproxyMaxconn: Math.max(4096, room) };
}

/** Open files a run needs at most in one process: a proxy holds a client and a backend socket per client. */
export function filesNeeded(clients: number): number {
  return 2 * clients + 256;
}

function openFileLimit(): number {
  const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return out === 'unlimited' ? Infinity : Number(out);
}

async function measureMany(env: BenchEnv, id: TargetId, s: ManySettings): Promise<ManyMeasurement> {
  const target = await startTarget(env, id, undefined, capacityFor(s.clients));
  try {
    const args = ['--bootstrap', target.bootstrap, '--topic', env.topic, '--clients', String(s.clients), '--rate', String(s.rate)];
    args.push('--size', String(s.size), '--acks', String(s.acks), '--duration-ms', String(s.stepMs), ...(target.tls ? ['--tls-ca', env.pki.ca] : []));
    const run = await runLoadTool<ManyJson>(env, 'kafka/many-load', args, { proxy: target.proxyPid, backend: target.backendPid ?? null }, 180_000 + s.stepMs);
    const rss = (mark: string): number | null => run.marks.get(mark)?.rss?.proxy ?? null;
    const [before, connected, after] = [rss('connect:start'), rss('connect:end'), rss('produce:end')];
    return {
      ...run.json,
      cpu: run.stepCpu('produce'),
      proxyRss: before !== null && connected !== null && after !== null ? { before, connected, after } : null,
    };
  } finally {
    await target.stop();
  }
}

export async function runManySuite(env: BenchEnv, s: ManySettings, log: (msg: string) => void): Promise<Partial<Record<TargetId, ManyMeasurement[]>>> {
  const limit = openFileLimit();
  if (limit < filesNeeded(s.clients)) {
    throw new Error(`many: ${s.clients} clients need an open-file limit of at least ${filesNeeded(s.clients)} (ulimit -n is ${limit}); raise it or lower BENCH_MANY_CLIENTS`);
  }
  return runRounds(
    s.rounds,
    s.targets,
    (id) => measureMany(env, id, s),
    (id, round, m) => {
      const px = m.cpu.proxy;
      const e = m.errors;
      log(
        `many round ${round + 1}/${s.rounds} ${id.padEnd(13)} ${m.connected}/${m.clients} connected in ${m.connectSeconds.toFixed(1)} s, ` +
          `${m.requestsPerSec.toFixed(0)} req/s${px ? `, proxy ${px.pct.toFixed(0)}% CPU` : ''}, p50/p99 ${(m.latency.p50 / 1000).toFixed(2)}/${(m.latency.p99 / 1000).toFixed(2)} ms, ` +
          `errors ${e.connect + e.produce + e.closed + e.timeout}, skipped ${m.skipped}${m.firstError ? ` (first: ${m.firstError})` : ''}`,
      );
    },
  );
}
