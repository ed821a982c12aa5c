/**
 * Drives the native load tool (.cache/loadgen, see loadgen.c) against one running target and
 * returns its figures: produce throughput, consume throughput and sequential produce latency.
 */
import type { BenchEnv } from './env.js';
import { run } from './processes.js';
import type { RunningTarget } from './targets.js';

export interface Throughput {
  msgsPerSec: number;
  mbPerSec: number;
  seconds: number;
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** One target measured once. Units: MB = 10^6 bytes; latencies in microseconds. */
export interface Measurement {
  produce: Throughput;
  consume: Throughput | null;
  latency: Latency;
}

type Json = Record<string, number | string>;

async function loadgen(env: BenchEnv, target: RunningTarget, args: string[]): Promise<Json> {
  const tlsArgs = target.tls ? ['-X', 'security.protocol=ssl', '-X', `ssl.ca.location=${env.pki.ca}`] : [];
  const all = ['-b', target.bootstrap, '-t', env.topic, '-T', '90', ...args, ...tlsArgs];
  const r = await run('loadgen', env.loadgenBin, all, 120_000);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !line.startsWith('{')) {
    throw new Error(`loadgen ${args.join(' ')} against ${target.bootstrap} failed (exit ${r.code}):\n${r.stderr.trim().slice(-3000)}`);
  }
  return JSON.parse(line) as Json;
}

const num = (j: Json, k: string): number => Number(j[k]);

function throughput(j: Json): Throughput {
  return { msgsPerSec: num(j, 'msgs_per_sec'), mbPerSec: num(j, 'mb_per_sec'), seconds: num(j, 'seconds') };
}

export async function measure(env: BenchEnv, target: RunningTarget): Promise<Measurement> {
  const w = env.workload;
  const common = ['-s', String(w.size), '-a', w.acks];
  const produce = throughput(await loadgen(env, target, ['-m', 'throughput', '-n', String(w.messages), '-l', String(w.lingerMs), ...common]));
  // Reads back what the produce step left (the mock keeps about 5 MiB per partition).
  const consume = w.consumeMessages > 0 ? throughput(await loadgen(env, target, ['-m', 'consume', '-n', String(w.consumeMessages)])) : null;
  const lat = await loadgen(env, target, ['-m', 'latency', '-n', String(w.latencyMessages), '-l', '0', ...common]);
  return {
    produce,
    consume,
    latency: { p50: num(lat, 'p50_us'), p90: num(lat, 'p90_us'), p99: num(lat, 'p99_us'), max: num(lat, 'max_us'), mean: num(lat, 'mean_us') },
  };
}
