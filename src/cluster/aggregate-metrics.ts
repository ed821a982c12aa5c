/**
 * /metrics of a `workers: N` gateway: the registries of every worker (prom-client JSON, asked
 * over IPC) merged into one exposition, plus the primary's own metrics.
 *
 * prom-client's AggregatorRegistry sums every metric by default (gauges included, unless a
 * metric declares another aggregator). Summing is right for counters and histograms (requests,
 * bytes, latency buckets add up across workers) but wrong for most gauges (readiness, backend
 * reachable, certificate expiry, node endpoints would read N times their value). So every gauge
 * sample gets a `worker` label instead (sum() in PromQL where a total makes sense, e.g. open
 * connections), and `streamward_ready` comes from the primary only (every worker ready).
 */
import { AggregatorRegistry, Registry } from 'prom-client';

/** One metric as registry.getMetricsAsJSON() gives it (and as it crosses the IPC channel). */
export interface MetricJson {
  name: string;
  help: string;
  type: string;
  aggregator?: string;
  values?: Array<{ value: number; labels?: Record<string, string | number>; metricName?: string }>;
}

/** Metrics that the primary owns; a worker's copy is dropped. */
const PRIMARY_OWNED = new Set(['streamward_ready']);

/** One worker's metrics with its gauges labelled by worker id. */
export function labelWorkerGauges(metrics: MetricJson[], worker: number): MetricJson[] {
  return metrics
    .filter((m) => !PRIMARY_OWNED.has(m.name))
    .map((m) => {
      if (m.type !== 'gauge') return m;
      return { ...m, aggregator: 'sum', values: (m.values ?? []).map((v) => ({ ...v, labels: { ...v.labels, worker: String(worker) } })) };
    });
}

/** One registry: the workers' metrics (counters/histograms summed, gauges per worker) and the primary's. */
export function aggregateWorkers(perWorker: Array<{ worker: number; metrics: MetricJson[] }>, primary: Registry): Registry {
  const merged = AggregatorRegistry.aggregate<'text/plain; version=0.0.4; charset=utf-8'>(perWorker.map((w) => labelWorkerGauges(w.metrics, w.worker)));
  return Registry.merge([merged, primary]);
}
