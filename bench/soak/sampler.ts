/**
 * Samples the gateway process from its own admin endpoint: GET /metrics (prom-client default
 * metrics under the `streamward_` prefix) every interval, reading
 *   streamward_process_resident_memory_bytes     RSS
 *   streamward_nodejs_heap_size_used_bytes       V8 heap in use
 *   streamward_nodejs_eventloop_lag_p99_seconds  p99 of perf_hooks.monitorEventLoopDelay since
 *   streamward_nodejs_eventloop_lag_max_seconds  the previous scrape (prom-client resets it)
 *   streamward_connections_active                open client connections (all listeners)
 */
import { request } from 'undici';

export interface Sample {
  /** Seconds since the start of the traffic. */
  t: number;
  rssMb: number;
  heapMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  connections: number;
}

const METRICS = {
  rss: 'streamward_process_resident_memory_bytes',
  heap: 'streamward_nodejs_heap_size_used_bytes',
  p99: 'streamward_nodejs_eventloop_lag_p99_seconds',
  max: 'streamward_nodejs_eventloop_lag_max_seconds',
  conns: 'streamward_connections_active',
} as const;

/** Sum of every series of `name` in a Prometheus text exposition (NaN when absent). */
export function metricSum(text: string, name: string): number {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(v)) {
      sum += v;
      found = true;
    }
  }
  return found ? sum : NaN;
}

export async function sample(adminPort: number, t: number): Promise<Sample> {
  const r = await request(`http://127.0.0.1:${adminPort}/metrics`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  const text = await r.body.text();
  if (r.statusCode !== 200) throw new Error(`/metrics answered ${r.statusCode}`);
  const get = (n: string): number => metricSum(text, n);
  return {
    t,
    rssMb: get(METRICS.rss) / 2 ** 20,
    heapMb: get(METRICS.heap) / 2 ** 20,
    lagP99Ms: get(METRICS.p99) * 1000,
    lagMaxMs: get(METRICS.max) * 1000,
    connections: get(METRICS.conns),
  };
}
