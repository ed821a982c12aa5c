/**
 * The HTTP section of BENCHMARKS.md: requests per second and latency through the gateway's HTTP
 * listener against haproxy in http mode with Basic auth (the issue's baseline) and direct, the
 * CPU of proxy, backend and client per 1000 requests, the goals with paired per-round ratios,
 * the gateway profile when one was taken, and two plots (SVG files beside BENCHMARKS.md):
 * requests/s per target per round and the CDF of one-at-a-time latency.
 */
import { medianRoleCosts, type RoleCost } from '../common/cpu-summary.js';
import type { Machine } from '../common/machine.js';
import { f1, f2, goalRows, msOfUs, pct, range, runLines } from '../common/report-common.js';
import { addedMsGoalOf, median, ratioGoalOf, spread, type Goal } from '../common/stats.js';
import { cdfPoints, linePlot } from '../common/svg-plot.js';
import type { HttpMeasurement, HttpResults, HttpSettings } from './http-suite.js';
import { HTTP_TARGET_IDS, httpTargetLabel, type HttpTargetId } from './http-targets.js';

export const HTTP_SECTION = 'http-bench';
export const HTTP_PLOTS = { throughput: 'BENCHMARKS-http-throughput.svg', cdf: 'BENCHMARKS-http-latency-cdf.svg' } as const;

type Measurements = Partial<Record<HttpTargetId, HttpMeasurement[]>>;

const proxyMsPer1000 = (m: HttpMeasurement): number => {
  const c = m.throughput.cpu.proxy;
  return c && m.throughput.requests > 0 ? (1000 * c.seconds) / (m.throughput.requests / 1000) : NaN;
};

export function httpGoals(r: Measurements, haproxyThreads: number): Goal[] {
  const of = (id: HttpTargetId, pick: (m: HttpMeasurement) => number) => (r[id] ?? []).map(pick);
  const rps = (m: HttpMeasurement) => m.throughput.requestsPerSec;
  const hp = `haproxy http + Basic (nbthread ${haproxyThreads})`;
  return [
    ratioGoalOf(`requests/s, gateway (1 worker) / ${hp}`, of('http-gateway', rps), of('http-haproxy', rps), 0.5),
    addedMsGoalOf(
      `added p50 latency one request at a time, gateway over ${hp}`,
      of('http-gateway', (m) => m.latency.p50),
      of('http-haproxy', (m) => m.latency.p50),
      0.3,
    ),
    addedMsGoalOf(
      `added p50 latency under load, gateway over ${hp}`,
      of('http-gateway', (m) => m.throughput.p50),
      of('http-haproxy', (m) => m.throughput.p50),
      null,
    ),
    ratioGoalOf(`proxy CPU ms per request, gateway / ${hp} (lower is cheaper)`, of('http-gateway', proxyMsPer1000), of('http-haproxy', proxyMsPer1000), null),
    ratioGoalOf('requests/s, gateway / direct', of('http-gateway', rps), of('http-direct', rps), null),
    ratioGoalOf(`requests/s, ${hp} / direct`, of('http-haproxy', rps), of('http-direct', rps), null),
  ].filter((g): g is Goal => g !== null);
}

const cost = (c: RoleCost | undefined): string => (c ? `${pct(c.pct)} / ${f2(c.msPerUnit)}` : '–');

export function httpPlots(r: Measurements): Record<(typeof HTTP_PLOTS)[keyof typeof HTTP_PLOTS], string> {
  const ids = HTTP_TARGET_IDS.filter((id) => r[id]?.length);
  return {
    [HTTP_PLOTS.throughput]: linePlot({
      title: 'HTTP requests/s per round (16 in flight)',
      xLabel: 'round',
      yLabel: 'requests/s',
      dots: true,
      series: ids.map((id) => ({ name: id, points: (r[id] ?? []).map((m, i): [number, number] => [i + 1, m.throughput.requestsPerSec]) })),
    }),
    [HTTP_PLOTS.cdf]: linePlot({
      title: 'HTTP latency CDF, one request at a time (all rounds)',
      xLabel: 'ms (log scale)',
      yLabel: 'fraction of requests',
      xLog: true,
      series: ids.map((id) => ({ name: id, points: cdfPoints((r[id] ?? []).flatMap((m) => m.latency.samples ?? []).map((us) => us / 1000)) })),
    }),
  };
}

function profileLines(p: HttpResults['profile']): string[] {
  if (!p) return ['Not profiled in this run (every goal reached, or BENCH_PROFILE=never).'];
  const b = p.breakdown;
  return [
    `**http-gateway** with V8's CPU profiler (${f1(p.measurement.throughput.requestsPerSec)} requests/s while profiled; busy ${b.busyMs.toFixed(0)} of ${b.totalMs.toFixed(0)} ms):`,
    '',
    `- by category: ${b.categories.map((c) => `${c.name} ${c.pct.toFixed(1)}%`).join(', ')}`,
    `- top frames by self time: ${b.top.map((f) => `\`${f.name}\` ${f.selfPct.toFixed(1)}%`).join(', ')}`,
    `- streamward functions by inclusive time: ${b.srcInclusive.map((f) => `\`${f.name}\` ${f.selfPct.toFixed(1)}%`).join(', ')}`,
    '',
    'Raw profile: `.cache/bench-profiles/http-gateway.cpuprofile` (Chrome DevTools or speedscope).',
  ];
}

export function httpSection(o: { machine: Machine; settings: HttpSettings; results: HttpResults; seconds: number; load: number; at?: Date }): string {
  const s = o.settings;
  const r = o.results.measurements;
  const label = (id: HttpTargetId) => httpTargetLabel(id, { haproxyThreads: s.haproxyThreads, aclEntries: s.aclEntries });
  const rows = [
    `| target | requests/s (${s.concurrency} in flight) | p50 / p99 ms under load | p50 ms, one at a time | p99 ms, one at a time | proxy CPU / ms per 1000 requests | backend CPU / ms per 1000 requests | client CPU / ms per 1000 requests |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const id of HTTP_TARGET_IDS) {
    const ms = r[id];
    if (!ms?.length) continue;
    const cpu = medianRoleCosts(ms.map((m) => ({ cpu: m.throughput.cpu, work: m.throughput.requests / 1000 })));
    rows.push(
      `| ${id}: ${label(id)} | ${range(spread(ms.map((m) => m.throughput.requestsPerSec)), f1)} | ` +
        `${msOfUs(median(ms.map((m) => m.throughput.p50)))} / ${msOfUs(median(ms.map((m) => m.throughput.p99)))} | ` +
        `${range(spread(ms.map((m) => m.latency.p50)), msOfUs)} | ${range(spread(ms.map((m) => m.latency.p99)), msOfUs)} | ` +
        `${cost(cpu.proxy)} | ${cost(cpu.backend)} | ${cost(cpu.client)} |`,
    );
  }
  return [
    '## HTTP (Flink REST): streamward vs haproxy http mode and direct',
    '',
    ...runLines(o.machine, { rounds: s.rounds, seconds: o.seconds, load: o.load, at: o.at }),
    '',
    '### What was run',
    '',
    '- Backend: `bench/http/fast-backend-process.ts`, a Node `http` server answering every request with the same small JSON ' +
      '(prebuilt bytes, keep-alive, nothing kept per request), in its own process, fresh for every measurement: it answers in ' +
      "microseconds, so the proxies' own cost shows.",
    `- Client: \`bench/http/http-load.ts\` in its own Node process: undici \`Pool\` with keep-alive, \`GET ${s.path}\` with an HTTP Basic ` +
      'header on every request; a warm-up opens the connections first. Two steps: ' +
      `${s.latencyRequests} requests one at a time (latency), then ${s.concurrency} requests in flight over ${s.concurrency} connections ` +
      `for ${s.durationMs / 1000} s (requests/s, and latency under that load). Every answer must be 200.`,
    '- Targets, in a rotated order every round:',
    '  - `http-direct`: to the backend itself (it ignores the Basic header).',
    `  - \`http-haproxy\`: haproxy \`mode http\`, nbthread ${s.haproxyThreads} (\`BENCH_HTTP_HAPROXY_THREADS\`), keep-alive both sides, ` +
      '`http-request auth` against a userlist holding the bench user with `insecure-password` (a plain comparison per request).',
    '  - `http-gateway`: `bench/common/gateway-process.ts` (the real `startGateway`, one worker), a plaintext HTTP listener ' +
      "(`protocol: http` cluster) with `authentication: [basic]` against the gateway's credentials file (default scrypt cost; a " +
      `successful check is remembered for 60 s under a keyed hash, so the hash runs once per user and password) and an ACL store of ${s.aclEntries} ` +
      'flink entries (`BENCH_ACL_ENTRIES`), one of which allows the user DESCRIBE on the cluster (what `GET /jobs/overview` needs). ' +
      'Every request is authenticated, routed, authorized and forwarded.',
    '- CPU: user+system of each process during the requests/s step (/proc), median across rounds, as % of one core and as CPU ms ' + 'per 1000 requests. "proxy" is the gateway or haproxy.',
    '',
    '### Medians',
    '',
    ...rows,
    '',
    `![HTTP requests/s per target and round](${HTTP_PLOTS.throughput})`,
    '',
    `![HTTP latency CDF, one request at a time](${HTTP_PLOTS.cdf})`,
    '',
    '### Goals (from the issue) and ratios',
    '',
    ...goalRows(httpGoals(r, s.haproxyThreads)),
    '',
    '### Gateway CPU profile',
    '',
    ...profileLines(o.results.profile),
  ].join('\n');
}
