import t from 'tap';
import { httpGoals, httpSection } from '../../../bench/http/http-report.js';
import type { HttpMeasurement } from '../../../bench/http/http-suite.js';
import type { Machine } from '../../../bench/common/machine.js';

const machine: Machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, kernel: 'Linux 6', node: 'v20.0.0', haproxy: '2.6', librdkafka: '2.0.2', openssl: 'OpenSSL 3', loadAtStart: 3 };

function m(rps: number, p50: number, gatewaySeconds: number | null): HttpMeasurement {
  const cpu: Record<string, { seconds: number; pct: number }> = { backend: { seconds: 0.5, pct: 25 } };
  if (gatewaySeconds !== null) cpu.gateway = { seconds: gatewaySeconds, pct: 50 * gatewaySeconds };
  const lat = { count: 500, p50, p90: p50 * 2, p99: p50 * 4, max: p50 * 8, mean: p50 };
  return {
    latency: { ...lat, cpu: {} },
    throughput: { ...lat, p50: p50 * 10, requests: rps * 2, seconds: 2, requestsPerSec: rps, concurrency: 16, cpu },
  };
}

t.test('httpGoals: requests/s ratio and added latency', async (t) => {
  const goals = httpGoals({ 'http-direct': [m(8000, 500, null), m(6000, 700, null)], 'http-gateway': [m(3500, 900, 1), m(3500, 1100, 1)] });
  const byName = new Map(goals.map((g) => [g.name, g]));
  t.equal(byName.get('requests/s, gateway / direct')!.value, 0.5);
  t.same(byName.get('requests/s, gateway / direct')!.perRound, { median: (3500 / 8000 + 3500 / 6000) / 2, min: 3500 / 8000, max: 3500 / 6000 });
  t.equal(byName.get('added p50 latency, one request at a time')!.value, 0.4);
  t.equal(byName.get('added p50 latency under load')!.value, 4);
});

t.test('httpSection: rows, CPU per 1000 requests, settings', async (t) => {
  const s = { rounds: 1, path: '/jobs/overview', concurrency: 16, durationMs: 2000, latencyRequests: 500 };
  const text = httpSection({ machine, settings: s, results: { 'http-direct': [m(8000, 500, null)], 'http-gateway': [m(4000, 900, 2)] }, seconds: 40, load: 1 });
  t.match(text, /^## HTTP \(Flink REST\)/);
  t.match(text, '| http-gateway: streamward HTTP listener, Basic auth, flink ACL | 4000.0 (4000.0–4000.0) | 9.000 / 3.600 | 0.900 (0.900–0.900) | 3.600 (3.600–3.600) | 100% / 250.00 | 25% / 62.50 | – |', '2 s of gateway CPU over 8000 requests');
  t.match(text, '| http-direct: direct to the Flink REST stand-in | 8000.0 (8000.0–8000.0) |');
  t.match(text, '16 requests in flight over 16 connections for 2 s');
});
