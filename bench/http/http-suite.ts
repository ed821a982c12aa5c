/**
 * The HTTP suite of `npm run bench`: requests per second and latency of GET /jobs/overview with
 * HTTP Basic credentials, direct to a fast backend, through haproxy in http mode (Basic checked
 * against a userlist) and through the gateway's HTTP listener (Basic + ACL store), in
 * interleaved rounds. Client (undici, keep-alive), backend and proxy each run in their own
 * process; each one's CPU per step is read from /proc. With BENCH_PROFILE=always (or auto and a
 * goal missed) one extra gateway measurement runs under V8's CPU profiler (not in the medians).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchUser } from '../common/bench-users.js';
import { intFromEnv, type BenchEnv } from '../common/env.js';
import { runLoadTool, type StepCpu } from '../common/load-process.js';
import { summariseProfile, type ProfileBreakdown } from '../common/profile.js';
import { runRounds } from '../common/rounds.js';
import type { LatencyFigures } from '../common/stats.js';
import { httpGoals } from './http-report.js';
import { HTTP_TARGET_IDS, startHttpTarget, writeHttpAcls, type HttpTargetId, type RunningHttpTarget } from './http-targets.js';

export interface HttpSettings {
  rounds: number;
  path: string;
  concurrency: number;
  durationMs: number;
  latencyRequests: number;
  /** haproxy's nbthread (BENCH_HTTP_HAPROXY_THREADS, default 1: the gateway's one worker). */
  haproxyThreads: number;
  /** Entries in the gateway target's ACL store (BENCH_ACL_ENTRIES). */
  aclEntries: number;
  profile: 'auto' | 'always' | 'never';
}

export function httpSettingsFromEnv(rounds: number, aclEntries: number, profile: HttpSettings['profile']): HttpSettings {
  return {
    rounds,
    path: '/jobs/overview',
    concurrency: intFromEnv('BENCH_HTTP_CONCURRENCY', 16, 1, 1024),
    durationMs: intFromEnv('BENCH_HTTP_STEP_MS', 2000, 100, 600_000),
    latencyRequests: intFromEnv('BENCH_HTTP_LATENCY', 500, 1, 1_000_000),
    haproxyThreads: intFromEnv('BENCH_HTTP_HAPROXY_THREADS', 1, 1, 64),
    aclEntries,
    profile,
  };
}

export interface HttpMeasurement {
  /** One request at a time, µs; every sample (for the latency CDF). */
  latency: LatencyFigures & { cpu: Record<string, StepCpu>; samples?: number[] };
  /** `concurrency` requests in flight; latencies in µs under that load. */
  throughput: LatencyFigures & { requests: number; seconds: number; requestsPerSec: number; concurrency: number; cpu: Record<string, StepCpu> };
}

export interface HttpResults {
  measurements: Record<HttpTargetId, HttpMeasurement[]>;
  profile: { measurement: HttpMeasurement; breakdown: ProfileBreakdown } | null;
}

type LoadJson = { latency: LatencyFigures & { samples?: number[] }; throughput: Omit<HttpMeasurement['throughput'], 'cpu'> };

async function measure(env: BenchEnv, s: HttpSettings, user: BenchUser, target: RunningHttpTarget): Promise<HttpMeasurement> {
  const args = [
    '--url',
    target.url,
    '--path',
    s.path,
    '--concurrency',
    String(s.concurrency),
    '--duration-ms',
    String(s.durationMs),
    '--latency',
    String(s.latencyRequests),
    '--user',
    user.user,
    '--samples',
    '1',
  ];
  const run = await runLoadTool<LoadJson>(env, 'http/http-load', args, { proxy: target.proxyPid, backend: target.backendPid }, 120_000, {
    env: { ...process.env, BENCH_LOAD_PASSWORD: user.password },
  });
  return {
    latency: { ...run.json.latency, cpu: run.stepCpu('latency') },
    throughput: { ...run.json.throughput, cpu: run.stepCpu('throughput') },
  };
}

/** Whether the gateway misses a goal the issue sets (for BENCH_PROFILE=auto). */
/** Whether any goal row with a target (throughput, added p50) is missed: then the gateway is profiled. */
function missesGoal(r: Record<HttpTargetId, HttpMeasurement[]>, haproxyThreads: number): boolean {
  return httpGoals(r, haproxyThreads).some((g) => g.target !== '–' && !g.reached);
}

export async function runHttpSuite(env: BenchEnv, user: BenchUser, s: HttpSettings, log: (msg: string) => void): Promise<HttpResults> {
  const aclFile = await writeHttpAcls(env, user, s.aclEntries);
  const targetOptions = { aclFile, haproxyThreads: s.haproxyThreads };
  const measurements = await runRounds(
    s.rounds,
    HTTP_TARGET_IDS,
    async (id) => {
      const target = await startHttpTarget(env, id, user, targetOptions);
      try {
        return await measure(env, s, user, target);
      } finally {
        await target.stop();
      }
    },
    (id, round, m) => {
      const px = m.throughput.cpu.proxy;
      log(
        `http round ${round + 1}/${s.rounds} ${id.padEnd(12)} ${m.throughput.requestsPerSec.toFixed(0)} req/s` +
          `${px ? ` (proxy ${px.pct.toFixed(0)}% CPU)` : ''}, one at a time p50/p99 ${m.latency.p50.toFixed(0)}/${m.latency.p99.toFixed(0)} µs`,
      );
    },
  );
  let profile: HttpResults['profile'] = null;
  if (s.profile === 'always' || (s.profile === 'auto' && missesGoal(measurements, s.haproxyThreads))) {
    const dir = join(env.root, '.cache', 'bench-profiles');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'http-gateway.cpuprofile');
    rmSync(file, { force: true });
    const target = await startHttpTarget(env, 'http-gateway', user, { ...targetOptions, profileFile: file });
    let measurement: HttpMeasurement;
    try {
      measurement = await measure(env, s, user, target);
    } finally {
      await target.stop();
    }
    profile = { measurement, breakdown: summariseProfile(file) };
    log(`http: gateway profiled (${measurement.throughput.requestsPerSec.toFixed(0)} req/s while profiled), ${file}`);
  }
  return { measurements, profile };
}
