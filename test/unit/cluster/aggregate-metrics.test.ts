// /metrics of a workers: N gateway: counters and histograms of the workers are summed, every
// gauge sample gets a worker label (summing readiness or certificate expiry would be wrong), and
// streamward_ready is the primary's single value.
import t from 'tap';
import { Registry } from 'prom-client';
import { Metrics, PrimaryMetrics } from '../../../src/metrics.js';
import { aggregateWorkers, type MetricJson } from '../../../src/cluster/aggregate-metrics.js';
import { sample } from '../../integration/ops/setup.js';

async function worker(requests: number, active: number): Promise<MetricJson[]> {
  const m = new Metrics(new Registry());
  m.requests.inc({ listener: 'l', protocol: 'kafka', api: 'Produce', version: '9' }, requests);
  m.connectionsActive.set({ listener: 'l' }, active);
  m.ready.set(1);
  m.gatewayLatency.observe({ listener: 'l', protocol: 'kafka' }, 0.001);
  return (await m.registry.getMetricsAsJSON()) as unknown as MetricJson[];
}

t.test('counters summed, gauges per worker, ready from the primary', async (t) => {
  const primary = new PrimaryMetrics(new Registry());
  primary.ready.set(0);
  const text = await aggregateWorkers(
    [
      { worker: 1, metrics: await worker(3, 2) },
      { worker: 2, metrics: await worker(4, 5) },
    ],
    primary.registry,
  ).metrics();
  t.equal(sample(text, 'streamward_requests_total', { api: 'Produce' }), 7, 'counter summed');
  t.equal(sample(text, 'streamward_gateway_latency_seconds_count'), 2, 'histogram summed');
  t.equal(sample(text, 'streamward_connections_active', { worker: '1' }), 2);
  t.equal(sample(text, 'streamward_connections_active', { worker: '2' }), 5);
  const readyLines = text.split('\n').filter((l) => l.startsWith('streamward_ready'));
  t.same(readyLines, ['streamward_ready 0'], "one ready value: the primary's, not the workers' sum");
});
