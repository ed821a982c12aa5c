/**
 * The many-connections section of BENCHMARKS.md: per target the clients connected, requests/s,
 * the proxy's CPU (% of a core and ms per MB), latency per request, the proxy's resident memory
 * before and with the clients, and every error; the comparisons with haproxy TLS and direct (the
 * issue sets no target for this row: gateway CPU and p99 are what it asks to see); a latency CDF.
 */
import { medianRoleCosts } from '../common/cpu-summary.js';
import type { Machine } from '../common/machine.js';
import { f1, f2, goalRows, msOfUs, orDash, pct, range, runLines } from '../common/report-common.js';
import { addedMsGoalOf, median, ratioGoalOf, spread, type Goal } from '../common/stats.js';
import { cdfPoints, linePlot } from '../common/svg-plot.js';
import { capacityFor, type ManyMeasurement, type ManySettings } from './many-suite.js';
import { TARGET_IDS, TARGET_LABELS, type TargetId } from './targets.js';

export const MANY_SECTION = 'many-bench';
export const MANY_PLOTS = { cdf: 'BENCHMARKS-many-latency-cdf.svg' } as const;

type Results = Partial<Record<TargetId, ManyMeasurement[]>>;

const mbOf = (m: ManyMeasurement): number => m.bytes / 1e6;
/** Proxy CPU ms per MB acknowledged in one measurement (NaN without a proxy or without traffic). */
export const proxyMsPerMB = (m: ManyMeasurement): number => (m.cpu.proxy && m.bytes > 0 ? (1000 * m.cpu.proxy.seconds) / mbOf(m) : NaN);
/** Errors of every kind in one measurement. */
export const errorCount = (m: ManyMeasurement): number => m.errors.connect + m.errors.produce + m.errors.closed + m.errors.timeout;

/** `haproxyThreads`: haproxy's nbthread, stated in every row that compares with it. */
export function manyGoals(r: Results, haproxyThreads = 1): Goal[] {
  const of = (id: TargetId, pick: (m: ManyMeasurement) => number): number[] => (r[id] ?? []).map(pick);
  const p99 = (m: ManyMeasurement): number => m.latency.p99;
  const p50 = (m: ManyMeasurement): number => m.latency.p50;
  const hp = `haproxy TLS (nbthread ${haproxyThreads})`;
  return [
    ratioGoalOf(`proxy CPU ms per MB, ${hp} / gateway TLS (1 worker) (≥ 1 = gateway costs no more)`, of('haproxy-tls', proxyMsPerMB), of('gateway-tls', proxyMsPerMB), null),
    addedMsGoalOf(`added p99 produce latency, gateway TLS over ${hp}`, of('gateway-tls', p99), of('haproxy-tls', p99), null),
    addedMsGoalOf(`added p50 produce latency, gateway TLS over ${hp}`, of('gateway-tls', p50), of('haproxy-tls', p50), null),
    addedMsGoalOf('added p99 produce latency, gateway plaintext over direct', of('gateway-plain', p99), of('direct', p99), null),
  ].filter((g): g is Goal => g !== null && Number.isFinite(g.value));
}

/** Median resident memory of the proxy with the clients connected, and per connected client (KiB). */
export function memoryOf(ms: ManyMeasurement[]): { connectedMiB: number; kibPerClient: number; afterMiB: number } | null {
  const withRss = ms.filter((m) => m.proxyRss !== null && m.connected > 0);
  if (withRss.length === 0) return null;
  return {
    connectedMiB: median(withRss.map((m) => m.proxyRss!.connected / 1024)),
    kibPerClient: median(withRss.map((m) => (m.proxyRss!.connected - m.proxyRss!.before) / m.connected)),
    afterMiB: median(withRss.map((m) => m.proxyRss!.after / 1024)),
  };
}

export function manyPlots(r: Results): Record<string, string> {
  const ids = TARGET_IDS.filter((id) => r[id]?.length);
  return {
    [MANY_PLOTS.cdf]: linePlot({
      title: 'Kafka produce latency CDF, many connections at a low rate (all rounds)',
      xLabel: 'ms (log scale)',
      yLabel: 'fraction of requests',
      xLog: true,
      series: ids.map((id) => ({ name: id, points: cdfPoints((r[id] ?? []).flatMap((m) => m.cdf).map((us) => us / 1000)) })),
    }),
  };
}

export function manySection(o: { machine: Machine; settings: ManySettings; results: Results; seconds: number; load: number; at?: Date }): string {
  const s = o.settings;
  const rows = [
    '| target | clients connected (s to connect all) | requests/s (of planned) | MB/s | proxy CPU (% of a core) | proxy CPU ms per MB | backend CPU (% of a core) | load tool CPU (% of a core) | p50 ms | p99 ms | max ms | proxy RSS MiB with clients (KiB per client) | errors: connect / produce / closed / timeout | turns skipped |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  const planned = s.clients * s.rate;
  for (const id of TARGET_IDS) {
    const ms = o.results[id];
    if (!ms?.length) continue;
    const cpu = medianRoleCosts(ms.map((m) => ({ cpu: m.cpu, work: mbOf(m) })));
    const mem = memoryOf(ms);
    const sum = (pick: (m: ManyMeasurement) => number): number => ms.reduce((a, m) => a + pick(m), 0);
    rows.push(
      `| ${id}: ${TARGET_LABELS[id]} | ${Math.min(...ms.map((m) => m.connected))} of ${s.clients} (${f1(median(ms.map((m) => m.connectSeconds)))}) | ` +
        `${range(spread(ms.map((m) => m.requestsPerSec)), (v) => v.toFixed(0))} (${planned}) | ${f1(median(ms.map((m) => m.mbPerSec)))} | ` +
        `${pct(cpu.proxy?.pct ?? null)} | ${orDash(cpu.proxy?.msPerUnit ?? null, f2)} | ${pct(cpu.backend?.pct ?? null)} | ${pct(cpu.client?.pct ?? null)} | ` +
        `${msOfUs(median(ms.map((m) => m.latency.p50)))} | ${range(spread(ms.map((m) => m.latency.p99)), msOfUs)} | ${msOfUs(median(ms.map((m) => m.latency.max)))} | ` +
        `${mem ? `${f1(mem.connectedMiB)} (${f1(mem.kibPerClient)})` : '–'} | ` +
        `${sum((m) => m.errors.connect)} / ${sum((m) => m.errors.produce)} / ${sum((m) => m.errors.closed)} / ${sum((m) => m.errors.timeout)} | ${sum((m) => m.skipped)} |`,
    );
  }
  return [
    `## Kafka: ${s.clients} connections producing at a low rate each`,
    '',
    ...runLines(o.machine, { rounds: s.rounds, seconds: o.seconds, load: o.load, at: o.at }),
    '',
    '### What was run',
    '',
    `- Load: \`bench/kafka/many-load.ts\`, one Node process holding ${s.clients} producer connections (\`BENCH_MANY_CLIENTS\`). Each connects as a ` +
      'client does (ApiVersions v3, Metadata v4, then to the leader of its partition, client i on partition i mod partitions) and then ' +
      `sends one Produce v7 request with one record of ${s.size} B (\`BENCH_MANY_SIZE\`, a record batch of magic 2) ${s.rate} times a second ` +
      `(\`BENCH_MANY_RATE\`), acks=${s.acks === -1 ? 'all' : '1'}, the sends of all clients spread evenly over the period: ${planned} requests/s, ` +
      `${f1((planned * s.size) / 1e6)} MB/s in all, for ${s.stepMs / 1000} s (\`BENCH_MANY_STEP_MS\`). At most one request per client in flight; ` +
      'a turn that finds the previous request unanswered is skipped and counted. Latency is per request, send to answer. Clients ' +
      'connect 32 at a time, and each sends one Produce, before the timed step.',
    '- Targets, rotated every round, each around a fresh mock broker (as in the Kafka suite): `direct`, `gateway-plain`, `gateway-tls` ' +
      `(one worker, anonymous, no ACL entries) and \`haproxy-tls\` (nbthread ${s.haproxyThreads}, \`BENCH_HAPROXY_THREADS\`). The gateway runs with ` +
      `\`limits.maxConnections: ${capacityFor(s.clients).gatewayLimits.maxConnections}\` and \`maxConnectionsPerAddress: 0\` (every client comes from 127.0.0.1), ` +
      `haproxy with maxconn ${capacityFor(s.clients).haproxyMaxconn}; the run checks the open-file limit first.`,
    '- CPU: user+system of each process during the produce step (/proc), median across rounds; ms per MB of record payload ' +
      'acknowledged. Proxy RSS: VmRSS once every client is connected (KiB per client: the growth from before the clients connected).',
    '',
    '### Medians',
    '',
    ...rows,
    '',
    `![Kafka produce latency CDF with ${s.clients} connections](${MANY_PLOTS.cdf})`,
    '',
    '### Comparisons (the issue asks for gateway CPU and p99 here and sets no target)',
    '',
    ...goalRows(manyGoals(o.results, s.haproxyThreads)),
  ].join('\n');
}
