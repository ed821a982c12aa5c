/**
 * What every part of a benchmark run shares: where the tools and the repository are, the
 * run's scratch folder and certificates, the backend's shape, and the workload settings
 * (from BENCH_* environment variables, with defaults sized for a 2-core machine).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Pki {
  ca: string;
  cert: string;
  key: string;
  /** Certificate and key in one file, as haproxy's `crt` wants them. */
  combined: string;
}

export interface Workload {
  rounds: number;
  /** Produce throughput: message count and size in bytes. */
  messages: number;
  size: number;
  acks: string;
  lingerMs: number;
  /** Consume throughput: messages read back (0 = skip). */
  consumeMessages: number;
  /** Cap on the timed part of each throughput step, ms (keeps a slow run short). */
  stepMaxMs: number;
  /** Sequential produce latency: message count. */
  latencyMessages: number;
  /** Messages produced one at a time before the latency step, not counted (JIT warm-up of the one-message path). */
  latencyWarmup: number;
  brokers: number;
  partitions: number;
  /** Profile the gateway after the rounds: 'auto' (only if a target is missed), 'always', 'never'. */
  profile: 'auto' | 'always' | 'never';
  /** haproxy threads of the Kafka TLS target (default 1: equal to the gateway's one worker, as the goal asks). */
  haproxyThreads: number;
  /** Targets to run (BENCH_TARGETS, comma-separated; default all). */
  targets: string[];
}

export interface BenchEnv {
  root: string;
  /** Folder of this module: dist/bench (built) or bench (run through tsx). */
  here: string;
  workDir: string;
  mockBin: string;
  loadgenBin: string;
  pki: Pki;
  topic: string;
  workload: Workload;
}

/** The bench/ folder (dist/bench when built): one above this module's common/. */
export function benchDir(): string {
  return dirname(dirname(fileURLToPath(import.meta.url)));
}

/** The repository root: the nearest folder above this module with a package.json. */
export function repoRoot(): string {
  let dir = benchDir();
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root');
    dir = up;
  }
  return dir;
}

export function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in ${min}..${max}, got ${raw}`);
  return v;
}

export function workloadFromEnv(_cpus?: number): Workload {
  const profile = process.env.BENCH_PROFILE ?? 'auto';
  if (profile !== 'auto' && profile !== 'always' && profile !== 'never') throw new Error('BENCH_PROFILE must be auto, always or never');
  const acks = process.env.BENCH_ACKS ?? 'all';
  if (!['all', '-1', '1', '0'].includes(acks)) throw new Error('BENCH_ACKS must be all, 1 or 0');
  return {
    rounds: intFromEnv('BENCH_ROUNDS', 5, 1, 100),
    messages: intFromEnv('BENCH_MESSAGES', 500_000, 1000, 100_000_000),
    size: intFromEnv('BENCH_SIZE', 1024, 1, 1_000_000),
    acks,
    lingerMs: intFromEnv('BENCH_LINGER_MS', 5, 0, 10_000),
    consumeMessages: intFromEnv('BENCH_CONSUME_MESSAGES', 500_000, 0, 100_000_000),
    stepMaxMs: intFromEnv('BENCH_STEP_MS', 3000, 0, 600_000),
    latencyMessages: intFromEnv('BENCH_LATENCY_MESSAGES', 2000, 100, 1_000_000),
    latencyWarmup: intFromEnv('BENCH_LATENCY_WARMUP', 8000, 0, 1_000_000),
    brokers: intFromEnv('BENCH_BROKERS', 1, 1, 16),
    partitions: intFromEnv('BENCH_PARTITIONS', 4, 1, 1000),
    profile,
    haproxyThreads: intFromEnv('BENCH_HAPROXY_THREADS', 1, 1, 64),
    targets: (process.env.BENCH_TARGETS ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
  };
}
