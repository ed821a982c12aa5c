/**
 * The HTTP suite of `npm run bench`: requests per second and latency of GET /jobs/overview with
 * HTTP Basic credentials, direct to the Flink REST stand-in and through the gateway's HTTP
 * listener, in interleaved rounds. Client (undici, keep-alive), backend and gateway each run in
 * their own Node process; each one's CPU per step is read from /proc.
 */
import type { BenchUser } from '../common/bench-users.js';
import { intFromEnv, type BenchEnv } from '../common/env.js';
import { HTTP_TARGET_IDS, startHttpTarget, writeHttpAcls, type HttpTargetId } from './http-targets.js';
import { runLoadTool, type StepCpu } from '../common/load-process.js';
import { runRounds } from '../common/rounds.js';
import type { LatencyFigures } from '../common/stats.js';

export interface HttpSettings {
  rounds: number;
  path: string;
  concurrency: number;
  durationMs: number;
  latencyRequests: number;
}

export function httpSettingsFromEnv(rounds: number): HttpSettings {
  return {
    rounds,
    path: '/jobs/overview',
    concurrency: intFromEnv('BENCH_HTTP_CONCURRENCY', 16, 1, 1024),
    durationMs: intFromEnv('BENCH_HTTP_STEP_MS', 2000, 100, 600_000),
    latencyRequests: intFromEnv('BENCH_HTTP_LATENCY', 500, 1, 1_000_000),
  };
}

export interface HttpMeasurement {
  /** One request at a time, µs. */
  latency: LatencyFigures & { cpu: Record<string, StepCpu> };
  /** `concurrency` requests in flight; latencies in µs under that load. */
  throughput: LatencyFigures & { requests: number; seconds: number; requestsPerSec: number; concurrency: number; cpu: Record<string, StepCpu> };
}

type LoadJson = { latency: LatencyFigures; throughput: Omit<HttpMeasurement['throughput'], 'cpu'> };

export async function runHttpSuite(env: BenchEnv, user: BenchUser, s: HttpSettings, log: (msg: string) => void): Promise<Record<HttpTargetId, HttpMeasurement[]>> {
  const aclFile = await writeHttpAcls(env, user);
  return runRounds(s.rounds, HTTP_TARGET_IDS, async (id) => {
    const target = await startHttpTarget(env, id, user, aclFile);
    try {
      const args = ['--url', target.url, '--path', s.path, '--concurrency', String(s.concurrency), '--duration-ms', String(s.durationMs),
        '--latency', String(s.latencyRequests), '--user', user.user];
      const run = await runLoadTool<LoadJson>(env, 'http/http-load', args, { gateway: target.gatewayPid, backend: target.backendPid }, 120_000, {
        env: { ...process.env, BENCH_LOAD_PASSWORD: user.password },
      });
      return {
        latency: { ...run.json.latency, cpu: run.stepCpu('latency') },
        throughput: { ...run.json.throughput, cpu: run.stepCpu('throughput') },
      };
    } finally {
      await target.stop();
    }
  }, (id, round, m) => {
    const gw = m.throughput.cpu.gateway;
    log(`http round ${round + 1}/${s.rounds} ${id.padEnd(12)} ${m.throughput.requestsPerSec.toFixed(0)} req/s` +
      `${gw ? ` (gateway ${gw.pct.toFixed(0)}% CPU)` : ''}, one at a time p50/p99 ${m.latency.p50.toFixed(0)}/${m.latency.p99.toFixed(0)} µs`);
  });
}
