/**
 * Drives the native load tool (.cache/loadgen, see loadgen.c) against one running target and
 * returns its figures: produce throughput, consume throughput and sequential produce latency,
 * plus how busy the proxy process was during each throughput step.
 */
import type { BenchEnv } from '../common/env.js';
import { cpuSeconds } from '../common/proc-cpu.js';
import { start } from '../common/processes.js';
import type { RunningTarget } from './targets.js';

export interface Throughput {
  msgsPerSec: number;
  mbPerSec: number;
  seconds: number;
  /** CPU used by the proxy process during the timed part, in % of one core (null: no proxy). */
  proxyCpuPct: number | null;
  /** The same as CPU milliseconds per MB moved: cost independent of how fast the run went. */
  proxyCpuMsPerMB: number | null;
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  /** Sorted samples (µs) thinned to at most 2000 ranks, for the latency CDF plot (absent from older tools). */
  cdf?: number[];
}

/** One target measured once. Units: MB = 10^6 bytes; latencies in microseconds. */
export interface Measurement {
  produce: Throughput;
  consume: Throughput | null;
  /** Produce of small messages (BENCH_SMALL_SIZE, 100 B), when asked for (Kafka suite). */
  small?: Throughput | null;
  latency: Latency;
}

type Json = Record<string, number | string | number[]>;

/**
 * Runs the load tool to its end (killed after 120 s). `onMark` is called as soon as the
 * tool prints `MARK start` / `MARK end` around its timed part.
 */
async function loadgen(env: BenchEnv, target: RunningTarget, args: string[], onMark: (m: string) => void = () => {}): Promise<Json> {
  const tlsArgs = target.tls ? ['-X', 'security.protocol=ssl', '-X', `ssl.ca.location=${env.pki.ca}`] : [];
  const all = ['-b', target.bootstrap, '-t', env.topic, '-T', '90', ...args, ...tlsArgs, ...(target.clientArgs ?? [])];
  const child = start('loadgen', env.loadgenBin, all);
  child.proc.stdin?.end();
  let seen = 0;
  child.proc.stdout?.on('data', () => {
    const marks = child.stdout.match(/^MARK \w+$/gm) ?? [];
    for (; seen < marks.length; seen++) onMark(marks[seen].slice(5));
  });
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), 120_000);
  const code = await child.exited;
  clearTimeout(timer);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`loadgen ${args.join(' ')} against ${target.bootstrap} failed (exit ${code}):\n${child.stderr.trim().slice(-3000)}`);
  }
  return JSON.parse(line) as Json;
}

const num = (j: Json, k: string): number => Number(j[k]);
/** The loadgen's `cdf_us` (sorted, thinned latencies), when it printed one. */
export const cdfOf = (j: Json): number[] | undefined => {
  const v = j.cdf_us;
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? v : undefined;
};

/** Runs one throughput step and measures the proxy's CPU use over its timed part. */
async function throughputStep(env: BenchEnv, target: RunningTarget, args: string[]): Promise<Throughput> {
  const pid = target.proxyPid;
  const at: Record<string, { cpu: number | null; t: number }> = {};
  const j = await loadgen(env, target, args, (m) => {
    at[m] = { cpu: pid ? cpuSeconds(pid) : null, t: performance.now() };
  });
  const a = at.start;
  const b = at.end;
  const cpu = a?.cpu != null && b?.cpu != null && b.t > a.t ? b.cpu - a.cpu : null;
  const mbPerSec = num(j, 'mb_per_sec');
  const seconds = num(j, 'seconds');
  return {
    msgsPerSec: num(j, 'msgs_per_sec'),
    mbPerSec,
    seconds,
    proxyCpuPct: cpu === null ? null : (100 * cpu) / ((b.t - a.t) / 1000),
    proxyCpuMsPerMB: cpu === null ? null : (1000 * cpu) / (mbPerSec * seconds),
  };
}

/** `consume: false` skips the consume step (its figure is then null). */
export async function measure(env: BenchEnv, target: RunningTarget, opts: { consume?: boolean; smallSize?: number } = {}): Promise<Measurement> {
  const w = env.workload;
  const common = ['-s', String(w.size), '-a', w.acks];
  const cap = ['-D', String(w.stepMaxMs)];
  const produce = await throughputStep(env, target, ['-m', 'throughput', '-n', String(w.messages), '-l', String(w.lingerMs), ...cap, ...common]);
  // Reads back what the produce step left (the mock keeps about 5 MiB per partition).
  const consume = w.consumeMessages > 0 && opts.consume !== false ? await throughputStep(env, target, ['-m', 'consume', '-n', String(w.consumeMessages), ...cap]) : null;
  const small = opts.smallSize ? await throughputStep(env, target, ['-m', 'throughput', '-n', String(w.messages), '-l', String(w.lingerMs), ...cap, '-s', String(opts.smallSize), '-a', w.acks]) : null;
  // A long-running gateway has its one-message produce path compiled; the throughput steps send
  // few, large frames, so without this pass V8 tiers that path up during the measured messages
  // (measured: gateway p99 2.2-3.4 ms over the first 2000 messages; 1.2-1.4 ms (TLS) after 2000 uncounted ones; 0.3-0.5 ms after 8000). The same pass runs
  // for every target, haproxy and direct included.
  if (w.latencyWarmup > 0) await loadgen(env, target, ['-m', 'latency', '-n', String(w.latencyWarmup), '-l', '0', ...common]);
  const lat = await loadgen(env, target, ['-m', 'latency', '-n', String(w.latencyMessages), '-l', '0', ...common]);
  return {
    produce,
    consume,
    small,
    latency: { p50: num(lat, 'p50_us'), p90: num(lat, 'p90_us'), p99: num(lat, 'p99_us'), max: num(lat, 'max_us'), mean: num(lat, 'mean_us'), cdf: cdfOf(lat) },
  };
}
