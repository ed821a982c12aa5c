/**
 * The HTTP section of BENCHMARKS.md: requests per second and latency through the gateway's HTTP
 * listener against direct, with the CPU of gateway, backend and client per 1000 requests.
 */
import { medianRoleCosts, type RoleCost } from './cpu-summary.js';
import type { HttpMeasurement, HttpSettings } from './http-suite.js';
import { HTTP_TARGET_IDS, HTTP_TARGET_LABELS, type HttpTargetId } from './http-targets.js';
import type { Machine } from './machine.js';
import { f1, f2, goalRows, msOfUs, pct, range, runLines } from './report-common.js';
import { addedMsGoalOf, median, ratioGoalOf, spread, type Goal } from './stats.js';

export const HTTP_SECTION = 'http-bench';

type Results = Partial<Record<HttpTargetId, HttpMeasurement[]>>;

export function httpGoals(r: Results): Goal[] {
  const of = (id: HttpTargetId, pick: (m: HttpMeasurement) => number) => (r[id] ?? []).map(pick);
  return [
    ratioGoalOf('requests/s, gateway / direct', of('http-gateway', (m) => m.throughput.requestsPerSec), of('http-direct', (m) => m.throughput.requestsPerSec), null),
    addedMsGoalOf('added p50 latency, one request at a time', of('http-gateway', (m) => m.latency.p50), of('http-direct', (m) => m.latency.p50), null),
    addedMsGoalOf('added p99 latency, one request at a time', of('http-gateway', (m) => m.latency.p99), of('http-direct', (m) => m.latency.p99), null),
    addedMsGoalOf('added p50 latency under load', of('http-gateway', (m) => m.throughput.p50), of('http-direct', (m) => m.throughput.p50), null),
  ].filter((g): g is Goal => g !== null);
}

const cost = (c: RoleCost | undefined): string => (c ? `${pct(c.pct)} / ${f2(c.msPerUnit)}` : '–');

export function httpSection(o: { machine: Machine; settings: HttpSettings; results: Results; seconds: number; load: number; at?: Date }): string {
  const s = o.settings;
  const rows = [
    `| target | requests/s (${s.concurrency} in flight) | p50 / p99 ms under load | p50 ms, one at a time | p99 ms, one at a time | gateway CPU / ms per 1000 requests | backend CPU / ms per 1000 requests | client CPU / ms per 1000 requests |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const id of HTTP_TARGET_IDS) {
    const ms = o.results[id];
    if (!ms?.length) continue;
    const cpu = medianRoleCosts(ms.map((m) => ({ cpu: m.throughput.cpu, work: m.throughput.requests / 1000 })));
    rows.push(`| ${id}: ${HTTP_TARGET_LABELS[id]} | ${range(spread(ms.map((m) => m.throughput.requestsPerSec)), f1)} | ` +
      `${msOfUs(median(ms.map((m) => m.throughput.p50)))} / ${msOfUs(median(ms.map((m) => m.throughput.p99)))} | ` +
      `${range(spread(ms.map((m) => m.latency.p50)), msOfUs)} | ${range(spread(ms.map((m) => m.latency.p99)), msOfUs)} | ` +
      `${cost(cpu.gateway)} | ${cost(cpu.backend)} | ${cost(cpu.client)} |`);
  }
  return [
    '## HTTP (Flink REST): streamward vs direct',
    '',
    ...runLines(o.machine, { rounds: s.rounds, seconds: o.seconds, load: o.load, at: o.at }),
    '',
    '### What was run',
    '',
    '- Backend: the project\'s Flink REST stand-in (`testkit/http/flink-backend.ts`, a Node `http` server answering JSON), in its ' +
      'own Node process (`bench/http-backend-process.ts`), fresh for every measurement.',
    `- Client: \`bench/http-load.ts\` in its own Node process: undici \`Pool\` with keep-alive, \`GET ${s.path}\` with an HTTP Basic ` +
      'header on every request; a warm-up opens the connections first. Two steps: ' +
      `${s.latencyRequests} requests one at a time (latency), then ${s.concurrency} requests in flight over ${s.concurrency} connections ` +
      `for ${s.durationMs / 1000} s (requests/s, and latency under that load). Every answer must be 200.`,
    '- Targets, in a rotated order every round:',
    '  - `http-direct`: to the backend itself (it ignores the Basic header).',
    '  - `http-gateway`: `bench/gateway-process.ts`, a plaintext HTTP listener (`protocol: http` cluster) with `authentication: [basic]` ' +
      'against the gateway\'s credentials file (default scrypt cost; the listener remembers a successful Basic check for 60 s, so the ' +
      'hash runs once per user and password), and one flink ACL entry allowing the user DESCRIBE on the cluster (what ' +
      '`GET /jobs/overview` needs). Every request is authenticated, routed, authorized and forwarded.',
    '- CPU: user+system of each process during the requests/s step (/proc), median across rounds, as % of one core and as CPU ms ' +
      'per 1000 requests.',
    '',
    '### Medians',
    '',
    ...rows,
    '',
    '### Ratios and added latency (no targets set; informational)',
    '',
    ...goalRows(httpGoals(o.results)),
  ].join('\n');
}
