/**
 * The Fluss suite of `npm run bench`: produce and fetch throughput (and one-at-a-time produce
 * latency) of the Fluss test client, direct to the Fluss test cluster and through the gateway
 * (SASL/PLAIN listener without and with ACLs), in interleaved rounds. Client, cluster and gateway
 * each run in their own Node process; the CPU each used in each step is read from /proc. When a
 * goal is missed (BENCH_PROFILE auto; always: every run), one extra measurement of the ACL target
 * runs with V8's CPU profiler in the gateway (not in the medians) and is summarised in the report.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { summariseProfile, type ProfileBreakdown } from '../common/profile.js';
import { flussGoals } from './fluss-report.js';
import type { BenchUser } from '../common/bench-users.js';
import { intFromEnv, type BenchEnv } from '../common/env.js';
import { FLUSS_TARGET_IDS, startFlussTarget, writeFlussFiles, type FlussShape, type FlussTargetId } from './fluss-targets.js';
import type { StepFigures } from './fluss-load.js';
import { runLoadTool, type StepCpu } from '../common/load-process.js';
import type { Latency } from '../kafka/load.js';
import { runRounds } from '../common/rounds.js';

export interface FlussSettings extends FlussShape {
  rounds: number;
  stepMs: number;
  records: number;
  size: number;
  inflight: number;
  fetchBytes: number;
  latencyRequests: number;
}

export function flussSettingsFromEnv(rounds: number, size: number): FlussSettings {
  return {
    rounds,
    size,
    stepMs: intFromEnv('BENCH_FLUSS_STEP_MS', 2000, 100, 600_000),
    records: intFromEnv('BENCH_FLUSS_RECORDS', 100, 1, 100_000),
    inflight: intFromEnv('BENCH_FLUSS_INFLIGHT', 4, 1, 256),
    fetchBytes: 1024 * 1024,
    latencyRequests: intFromEnv('BENCH_FLUSS_LATENCY', 300, 0, 100_000),
    tablets: intFromEnv('BENCH_FLUSS_TABLETS', 1, 1, 16),
    buckets: intFromEnv('BENCH_FLUSS_BUCKETS', 4, 1, 1000),
    database: 'bench',
    table: 'events',
    aclEntries: intFromEnv('BENCH_ACL_ENTRIES', 10_000, 1, 1_000_000),
  };
}

export type FlussStep = StepFigures & { cpu: Record<string, StepCpu> };

export interface FlussMeasurement {
  produce: FlussStep;
  fetch: FlussStep | null;
  /** One-record produce round trips, µs. */
  latency: Latency | null;
}

interface LoadJson {
  produce: StepFigures;
  fetch: StepFigures | null;
  latency: Latency | null;
}

async function measureFluss(env: BenchEnv, id: FlussTargetId, s: FlussSettings, files: Awaited<ReturnType<typeof writeFlussFiles>>, profileFile?: string): Promise<FlussMeasurement> {
  const target = await startFlussTarget(env, id, s, files, profileFile);
  try {
    const args = [
      '--bootstrap',
      target.bootstrap,
      '--database',
      s.database,
      '--table',
      s.table,
      '--buckets',
      String(s.buckets),
      '--records',
      String(s.records),
      '--size',
      String(s.size),
      '--inflight',
      String(s.inflight),
      '--produce-ms',
      String(s.stepMs),
      '--fetch-ms',
      String(s.stepMs),
      '--fetch-bytes',
      String(s.fetchBytes),
      '--latency',
      String(s.latencyRequests),
      ...(target.user ? ['--user', target.user] : []),
    ];
    const run = await runLoadTool<LoadJson>(env, 'fluss/fluss-load', args, { gateway: target.gatewayPid, backend: target.backendPid }, 120_000, {
      env: { ...process.env, BENCH_LOAD_PASSWORD: files.user.password },
    });
    const j = run.json;
    return {
      produce: { ...j.produce, cpu: run.stepCpu('produce') },
      fetch: j.fetch ? { ...j.fetch, cpu: run.stepCpu('fetch') } : null,
      latency: j.latency,
    };
  } finally {
    await target.stop();
  }
}

export interface FlussProfile {
  target: FlussTargetId;
  /** The measurement taken while profiling (slower than the real ones; never in the medians). */
  measurement: FlussMeasurement;
  breakdown: ProfileBreakdown;
}

export interface FlussResults {
  measurements: Record<FlussTargetId, FlussMeasurement[]>;
  profile: FlussProfile | null;
}

export async function runFlussSuite(env: BenchEnv, user: BenchUser, s: FlussSettings, log: (msg: string) => void, profile: 'auto' | 'always' | 'never' = 'never'): Promise<FlussResults> {
  const files = await writeFlussFiles(env, user, s);
  const measurements = await runRounds(
    s.rounds,
    FLUSS_TARGET_IDS,
    (id) => measureFluss(env, id, s, files),
    (id, round, m) => {
      const gw = m.produce.cpu.gateway;
      log(
        `fluss round ${round + 1}/${s.rounds} ${id.padEnd(18)} produce ${m.produce.mbPerSec.toFixed(1)} MB/s` +
          `${gw ? ` (gateway ${gw.pct.toFixed(0)}% CPU)` : ''}${m.fetch ? `, fetch ${m.fetch.mbPerSec.toFixed(1)} MB/s` : ''}` +
          `${m.latency ? `, p50 ${(m.latency.p50 / 1000).toFixed(2)} ms` : ''}`,
      );
    },
  );
  const missed = flussGoals(measurements).some((g) => g.target !== '–' && !g.reached);
  if (profile === 'never' || (profile === 'auto' && !missed)) return { measurements, profile: null };
  const dir = join(env.root, '.cache', 'bench-profiles');
  mkdirSync(dir, { recursive: true });
  const target: FlussTargetId = 'fluss-gateway-acl';
  const file = join(dir, `${target}.cpuprofile`);
  rmSync(file, { force: true });
  const measurement = await measureFluss(env, target, s, files, file);
  log(`fluss: gateway profiled (produce ${measurement.produce.mbPerSec.toFixed(1)} MB/s while profiled), ${file}`);
  return { measurements, profile: { target, measurement, breakdown: summariseProfile(file) } };
}
