import t from 'tap';
import { httpGoals, httpPlots, httpSection, HTTP_PLOTS } from '../../../bench/http/http-report.js';
import type { HttpMeasurement, HttpSettings } from '../../../bench/http/http-suite.js';
import type { Machine } from '../../../bench/common/machine.js';

const machine: Machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, kernel: 'Linux 6', node: 'v20.0.0', haproxy: '2.6', librdkafka: '2.0.2', openssl: 'OpenSSL 3', loadAtStart: 3 };

function m(rps: number, p50: number, proxySeconds: number | null): HttpMeasurement {
  const cpu: Record<string, { seconds: number; pct: number }> = { backend: { seconds: 0.5, pct: 25 } };
  if (proxySeconds !== null) cpu.proxy = { seconds: proxySeconds, pct: 50 * proxySeconds };
  const lat = { count: 500, p50, p90: p50 * 2, p99: p50 * 4, max: p50 * 8, mean: p50 };
  return {
    latency: { ...lat, cpu: {}, samples: [p50, p50 * 2, p50 * 4] },
    throughput: { ...lat, p50: p50 * 10, requests: rps * 2, seconds: 2, requestsPerSec: rps, concurrency: 16, cpu },
  };
}

const settings: HttpSettings = { rounds: 1, path: '/jobs/overview', concurrency: 16, durationMs: 2000, latencyRequests: 500, haproxyThreads: 1, aclEntries: 10000, profile: 'never' };

t.test('httpGoals: the issue goals against haproxy (threads stated), paired ratios, informational rows', async (t) => {
  const goals = httpGoals(
    {
      'http-direct': [m(8000, 500, null), m(6000, 700, null)],
      'http-haproxy': [m(7000, 600, 0.5), m(7000, 800, 0.5)],
      'http-gateway': [m(3500, 900, 1), m(3500, 1100, 1)],
    },
    1,
  );
  const byName = new Map(goals.map((g) => [g.name, g]));
  const rps = byName.get('requests/s, gateway (1 worker) / haproxy http + Basic (nbthread 1)')!;
  t.equal(rps.value, 0.5);
  t.equal(rps.target, '≥ 0.5×');
  t.equal(rps.reached, true);
  const p50 = byName.get('added p50 latency one request at a time, gateway over haproxy http + Basic (nbthread 1)')!;
  t.equal(p50.value, 0.3);
  t.same(p50.perRound, { median: 0.3, min: 0.3, max: 0.3 });
  t.equal(p50.target, '≤ 0.3 ms');
  t.equal(byName.get('proxy CPU ms per request, gateway / haproxy http + Basic (nbthread 1) (lower is cheaper)')!.value, 4, 'gateway 1 s per 7000 requests, haproxy 0.5 s per 14000');
  t.same(byName.get('requests/s, gateway / direct')!.perRound, { median: (3500 / 8000 + 3500 / 6000) / 2, min: 3500 / 8000, max: 3500 / 6000 });
  t.equal(byName.get('added p50 latency under load, gateway over haproxy http + Basic (nbthread 1)')!.value, 3);
});

t.test('httpGoals: a gateway at 0.4x haproxy misses the goal', async (t) => {
  const goals = httpGoals({ 'http-haproxy': [m(10000, 500, 1)], 'http-gateway': [m(4000, 900, 1)] }, 2);
  const g = goals.find((x) => x.name.startsWith('requests/s, gateway (1 worker) / haproxy http + Basic (nbthread 2)'))!;
  t.equal(g.reached, false);
});

t.test('httpSection: rows, CPU per 1000 requests, settings, plots linked, profile note', async (t) => {
  const results = { measurements: { 'http-direct': [m(8000, 500, null)], 'http-haproxy': [m(6000, 600, 1)], 'http-gateway': [m(4000, 900, 2)] }, profile: null };
  const text = httpSection({ machine, settings, results, seconds: 40, load: 1 });
  t.match(text, /^## HTTP \(Flink REST\)/);
  t.match(
    text,
    '| http-gateway: streamward HTTP listener (1 worker), Basic auth, 10000 ACL entries | 4000.0 (4000.0–4000.0) | 9.000 / 3.600 | 0.900 (0.900–0.900) | 3.600 (3.600–3.600) | 100% / 250.00 | 25% / 62.50 | – |',
    '2 s of gateway CPU over 8000 requests',
  );
  t.match(text, '| http-haproxy: haproxy http mode, `http-request auth` against a userlist, nbthread 1 |');
  t.match(text, '| http-direct: direct to the backend | 8000.0 (8000.0–8000.0) |');
  t.match(text, '16 requests in flight over 16 connections for 2 s');
  t.match(text, `](${HTTP_PLOTS.throughput})`);
  t.match(text, `](${HTTP_PLOTS.cdf})`);
  t.match(text, 'Not profiled in this run');
  const plots = httpPlots(results.measurements);
  t.same(Object.keys(plots).sort(), [HTTP_PLOTS.cdf, HTTP_PLOTS.throughput].sort());
  t.equal(plots[HTTP_PLOTS.throughput].match(/<circle /g)?.length, 3, 'one dot per target and round');
  t.equal(plots[HTTP_PLOTS.cdf].match(/<polyline /g)?.length, 3, 'one CDF per target');
});
