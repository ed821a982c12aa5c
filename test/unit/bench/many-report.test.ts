// The many-connections section: proxy CPU per MB acknowledged, memory per client, errors summed
// across rounds, comparisons with haproxy TLS and direct paired per round, and the CDF plot.
import t from 'tap';
import { parse } from 'yaml';
import type { Machine } from '../../../bench/common/machine.js';
import { gatewayConfigYaml } from '../../../bench/common/gateway-target.js';
import type { BenchEnv } from '../../../bench/common/env.js';
import { errorCount, manyGoals, manyPlots, manySection, memoryOf, MANY_PLOTS, proxyMsPerMB } from '../../../bench/kafka/many-report.js';
import { haproxyConfig } from '../../../bench/kafka/haproxy.js';
import { capacityFor, filesNeeded, manySettingsFromEnv, type ManyMeasurement, type ManySettings } from '../../../bench/kafka/many-suite.js';

const machine: Machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, kernel: 'Linux 6', node: 'v20.0.0', haproxy: '2.6', librdkafka: '2.0.2', openssl: 'OpenSSL 3', loadAtStart: 3 };
const settings: ManySettings = { rounds: 2, clients: 1000, rate: 10, size: 1000, stepMs: 5000, acks: -1, targets: ['direct', 'gateway-plain', 'gateway-tls', 'haproxy-tls'], haproxyThreads: 1 };

/** 5 s at 10,000 req/s of 1000 B = 50 MB acknowledged. */
function m(o: { p99: number; proxySeconds: number | null; rss?: [number, number, number]; errors?: number }): ManyMeasurement {
  const cpu: ManyMeasurement['cpu'] = { backend: { seconds: 1, pct: 20 }, client: { seconds: 2, pct: 40 } };
  if (o.proxySeconds !== null) cpu.proxy = { seconds: o.proxySeconds, pct: (100 * o.proxySeconds) / 5 };
  return {
    clients: 1000,
    connected: 1000,
    connectSeconds: 2,
    planned: 50_000,
    sent: 50_000,
    skipped: 3,
    answered: 50_000,
    seconds: 5,
    requestsPerSec: 10_000,
    mbPerSec: 10,
    bytes: 50_000_000,
    errors: { connect: 0, produce: o.errors ?? 0, closed: 0, timeout: 0 },
    firstError: null,
    latency: { count: 50_000, p50: 500, p90: 800, p99: o.p99, max: o.p99 * 3, mean: 550 },
    cdf: [300, 500, o.p99],
    cpu,
    proxyRss: o.rss ? { before: o.rss[0], connected: o.rss[1], after: o.rss[2] } : null,
  };
}

const results = {
  direct: [m({ p99: 1000, proxySeconds: null }), m({ p99: 1200, proxySeconds: null })],
  'gateway-plain': [m({ p99: 2000, proxySeconds: 1, rss: [80_000, 100_480, 101_000] }), m({ p99: 2400, proxySeconds: 1, rss: [80_000, 100_480, 101_000] })],
  'gateway-tls': [m({ p99: 3000, proxySeconds: 2, rss: [90_000, 130_960, 131_000], errors: 2 }), m({ p99: 3000, proxySeconds: 2, rss: [90_000, 130_960, 131_000] })],
  'haproxy-tls': [m({ p99: 2000, proxySeconds: 1, rss: [10_000, 30_480, 30_500] }), m({ p99: 2500, proxySeconds: 1.5, rss: [10_000, 30_480, 30_500] })],
};

t.test('per-measurement figures: CPU ms per MB acknowledged, errors of every kind, memory per client', async (t) => {
  t.equal(proxyMsPerMB(results['gateway-tls'][0]), 40, '2 s over 50 MB');
  t.ok(Number.isNaN(proxyMsPerMB(results.direct[0])), 'no proxy');
  t.equal(errorCount(results['gateway-tls'][0]), 2);
  const mem = memoryOf(results['gateway-tls'])!;
  t.equal(mem.kibPerClient, 40.96);
  t.equal(mem.connectedMiB, 130_960 / 1024);
  t.equal(memoryOf(results.direct), null);
});

t.test('manyGoals: CPU per MB against haproxy and added p99, paired per round, no target', async (t) => {
  const byName = new Map(manyGoals(results, 2).map((g) => [g.name, g]));
  const cpu = byName.get('proxy CPU ms per MB, haproxy TLS (nbthread 2) / gateway TLS (1 worker) (≥ 1 = gateway costs no more)')!;
  t.equal(cpu.value, 25 / 40, 'haproxy median 25 ms/MB (20 and 30), gateway 40');
  t.same(cpu.perRound, { median: 0.625, min: 0.5, max: 0.75 });
  t.equal(cpu.target, '–');
  const p99 = byName.get('added p99 produce latency, gateway TLS over haproxy TLS (nbthread 2)')!;
  t.equal(p99.value, 0.75);
  t.same(p99.perRound, { median: 0.75, min: 0.5, max: 1 });
  t.equal(byName.get('added p99 produce latency, gateway plaintext over direct')!.value, 1.1);
  t.same(manyGoals({ direct: results.direct }), [], 'nothing to compare');
});

t.test('manySection: a row per target with memory, errors summed over rounds, the plot linked', async (t) => {
  const text = manySection({ machine, settings, results, seconds: 90, load: 1 });
  t.match(text, /^## Kafka: 1000 connections producing at a low rate each/);
  t.match(
    text,
    '| gateway-tls: streamward, TLS listener | 1000 of 1000 (2.0) | 10000 (10000–10000) (10000) | 10.0 | 40% | 40.00 | 20% | 40% | 0.500 | 3.000 (3.000–3.000) | 9.000 | 127.9 (41.0) | 0 / 2 / 0 / 0 | 6 |',
  );
  t.match(text, '| direct: direct to the mock broker (plaintext) | 1000 of 1000 (2.0) |');
  t.match(text, '`limits.maxConnections: 10000` and `maxConnectionsPerAddress: 0`');
  t.match(text, `](${MANY_PLOTS.cdf})`);
  t.match(text, '| added p99 produce latency, gateway TLS over haproxy TLS (nbthread 1) | 0.750 ms |', 'the threads of the baseline stated');
  const plots = manyPlots(results);
  t.same(Object.keys(plots), [MANY_PLOTS.cdf]);
  t.equal(plots[MANY_PLOTS.cdf].match(/<polyline /g)?.length, 4, 'one CDF per target');
});

t.test('room for the clients: gateway limits, haproxy maxconn and open files scale with the count', async (t) => {
  t.same(capacityFor(1000), { gatewayLimits: { maxConnections: 10_000, maxConnectionsPerAddress: 0 }, haproxyMaxconn: 4096 });
  t.same([capacityFor(20_000).gatewayLimits.maxConnections, capacityFor(20_000).haproxyMaxconn], [40_100, 40_100]);
  t.equal(filesNeeded(1000), 2256);
  const env = { workDir: '/tmp/x', pki: { cert: 'c', key: 'k', ca: 'a', combined: 'p' } } as unknown as BenchEnv;
  const yaml = gatewayConfigYaml(env, {
    name: 'm',
    backend: { protocol: 'kafka', bootstrap: ['127.0.0.1:1'] },
    tls: false,
    auth: { kind: 'none' },
    allowIfNoAcl: true,
    limits: capacityFor(1000).gatewayLimits,
  });
  t.same((parse(yaml) as { limits: unknown }).limits, { maxConnections: 10_000, maxConnectionsPerAddress: 0 }, 'written into the gateway config');
  const cfg = haproxyConfig({ threads: 1, pem: 'p.pem', routes: [{ listen: 1, broker: '127.0.0.1:2' }], maxconn: capacityFor(3000).haproxyMaxconn });
  t.equal(cfg.match(/^ {2}maxconn 6100$/gm)?.length, 2, 'global and per frontend');
  t.equal(haproxyConfig({ threads: 1, pem: 'p.pem', routes: [] }).match(/maxconn 4096/g)?.length, 2, 'the default as before');
  t.equal(manySettingsFromEnv('1').acks, 1);
  t.equal(manySettingsFromEnv('0').acks, -1, 'acks=0 has no answer to time');
  t.same(manySettingsFromEnv('all', ['haproxy-tls', 'direct']).targets, ['direct', 'haproxy-tls'], 'BENCH_TARGETS, in suite order');
});
