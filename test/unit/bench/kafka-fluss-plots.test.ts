// The Kafka and Fluss suites' plots: throughput per target per round (produce, and consume/fetch
// when every round has it) and the latency CDF from the load tools' samples, linked from the
// generated sections.
import t from 'tap';
import { flussPlotLinks, flussPlots, FLUSS_PLOTS } from '../../../bench/fluss/fluss-plots.js';
import type { FlussMeasurement } from '../../../bench/fluss/fluss-suite.js';
import { kafkaPlots, KAFKA_PLOTS, plotLinks } from '../../../bench/kafka/kafka-plots.js';
import type { Measurement } from '../../../bench/kafka/load.js';
import { cdfOf } from '../../../bench/kafka/load.js';
import { kafkaSection } from '../../../bench/kafka/kafka-report.js';
import type { TargetSummary } from '../../../bench/kafka/kafka-goals.js';
import type { TargetId } from '../../../bench/kafka/targets.js';
import { workloadFromEnv } from '../../../bench/common/env.js';
import type { Machine } from '../../../bench/common/machine.js';

function k(produce: number, consume: number | null, cdf?: number[]): Measurement {
  const step = (mb: number) => ({ mbPerSec: mb, msgsPerSec: mb * 1000, seconds: 3, proxyCpuPct: null, proxyCpuMsPerMB: null });
  return { produce: step(produce), consume: consume === null ? null : step(consume), latency: { p50: 1, p90: 1, p99: 1, max: 1, mean: 1, cdf } };
}

t.test('kafkaPlots: produce and consume per round, the latency CDF from loadgen samples', async (t) => {
  const plots = kafkaPlots({ direct: [k(900, 600, [100, 200, 300]), k(950, 610, [120, 220])], 'gateway-tls': [k(200, 190, [300, 500]), k(210, 180, [310])] }, { size: 1024, acks: 'all' });
  t.same(Object.keys(plots), [KAFKA_PLOTS.produce, KAFKA_PLOTS.consume, KAFKA_PLOTS.cdf]);
  t.equal(plots[KAFKA_PLOTS.produce].match(/<circle /g)?.length, 4, 'a dot per target and round');
  t.match(plots[KAFKA_PLOTS.produce], 'acks=all');
  t.equal(plots[KAFKA_PLOTS.cdf].match(/<polyline /g)?.length, 2, 'a CDF per target');
  const noConsume = kafkaPlots({ direct: [k(900, null)] }, { size: 100, acks: '1' });
  t.same(Object.keys(noConsume), [KAFKA_PLOTS.produce], 'no consume step, no samples: the produce plot only');
  t.same(plotLinks([KAFKA_PLOTS.produce]), [`![Kafka produce MB/s per target and round](${KAFKA_PLOTS.produce})`, '']);
});

t.test('kafkaSection links the plots written and points to the many-connections section', async (t) => {
  const machine: Machine = { cpus: 2, cpuModel: 'CPU', memoryGiB: 8, kernel: 'Linux', node: 'v20', haproxy: '2.6', librdkafka: '2.0', openssl: 'OpenSSL 3', loadAtStart: 1 };
  const text = kafkaSection({
    machine,
    workload: workloadFromEnv(),
    summaries: {} as Record<TargetId, TargetSummary>,
    goals: [],
    profiles: [],
    seconds: 1,
    plots: [KAFKA_PLOTS.produce, KAFKA_PLOTS.cdf],
  });
  t.match(text, `![Kafka produce MB/s per target and round](${KAFKA_PLOTS.produce})`);
  t.match(text, `![Kafka produce latency CDF](${KAFKA_PLOTS.cdf})`);
  t.notMatch(text, KAFKA_PLOTS.consume);
  t.match(text, 'BENCH_ONLY=many');
});

t.test("cdfOf: loadgen's cdf_us when it is a list of numbers", async (t) => {
  t.same(cdfOf({ p50_us: 3, cdf_us: [1, 2, 3] }), [1, 2, 3]);
  t.equal(cdfOf({ p50_us: 3 }), undefined, 'an older loadgen without it');
});

function f(produce: number, fetch: number | null, cdf?: number[]): FlussMeasurement {
  const step = (mb: number) => ({ records: 1, requests: 1, seconds: 2, mbPerSec: mb, recordsPerSec: 1, cpu: {} });
  return { produce: step(produce), fetch: fetch === null ? null : step(fetch), latency: cdf ? { p50: 1, p90: 1, p99: 1, max: 1, mean: 1, cdf } : null };
}

t.test('flussPlots: produce and fetch per round, latency CDF, links in the same order', async (t) => {
  const r = { 'fluss-direct': [f(60, 250, [200, 300])], 'fluss-gateway-acl': [f(35, 150, [400, 900])] };
  const plots = flussPlots(r);
  t.same(Object.keys(plots), [FLUSS_PLOTS.produce, FLUSS_PLOTS.fetch, FLUSS_PLOTS.cdf]);
  t.equal(plots[FLUSS_PLOTS.fetch].match(/<circle /g)?.length, 2);
  t.same(
    flussPlotLinks(r).filter((l) => l !== ''),
    Object.keys(plots).map(
      (n) => `![${n === FLUSS_PLOTS.produce ? 'Fluss produce MB/s per target and round' : n === FLUSS_PLOTS.fetch ? 'Fluss fetch MB/s per target and round' : 'Fluss produce latency CDF'}](${n})`,
    ),
  );
  t.same(Object.keys(flussPlots({ 'fluss-direct': [f(60, null)] })), [FLUSS_PLOTS.produce]);
});
