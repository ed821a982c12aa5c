/**
 * The Fluss section of BENCHMARKS.md: per-target medians (with the spread across rounds), the CPU
 * of gateway, cluster and client per step, and the throughput ratios through the gateway.
 */
import { medianRoleCosts, type RoleCost } from '../common/cpu-summary.js';
import type { FlussMeasurement, FlussProfile, FlussSettings, FlussStep } from './fluss-suite.js';
import { flussPlotLinks } from './fluss-plots.js';
import { FLUSS_TARGET_IDS, flussTargetLabel, type FlussTargetId } from './fluss-targets.js';
import type { Machine } from '../common/machine.js';
import { f1, f2, goalRows, msOfUs, orDash, pct, range, runLines } from '../common/report-common.js';
import { addedMsGoalOf, ratioGoalOf, spread, median, type Goal, type Spread } from '../common/stats.js';

export const FLUSS_SECTION = 'fluss-bench';

export interface FlussSummary {
  rounds: number;
  produceMBps: Spread;
  produceRecordsPerSec: number;
  fetchMBps: Spread | null;
  produceCpu: Record<string, RoleCost>;
  fetchCpu: Record<string, RoleCost>;
  p50: Spread | null;
  p99: Spread | null;
}

const mbOf = (s: FlussStep, size: number): number => (s.records * size) / 1e6;

export function summariseFluss(ms: FlussMeasurement[], size: number): FlussSummary {
  const fetches = ms.map((m) => m.fetch).filter((f): f is FlussStep => f !== null);
  const lats = ms.map((m) => m.latency).filter((l) => l !== null);
  return {
    rounds: ms.length,
    produceMBps: spread(ms.map((m) => m.produce.mbPerSec)),
    produceRecordsPerSec: median(ms.map((m) => m.produce.recordsPerSec)),
    fetchMBps: fetches.length === ms.length && ms.length > 0 ? spread(fetches.map((f) => f.mbPerSec)) : null,
    produceCpu: medianRoleCosts(ms.map((m) => ({ cpu: m.produce.cpu, work: mbOf(m.produce, size) }))),
    fetchCpu: medianRoleCosts(fetches.map((f) => ({ cpu: f.cpu, work: mbOf(f, size) }))),
    p50: lats.length === ms.length && ms.length > 0 ? spread(lats.map((l) => l.p50)) : null,
    p99: lats.length === ms.length && ms.length > 0 ? spread(lats.map((l) => l.p99)) : null,
  };
}

type Results = Partial<Record<FlussTargetId, FlussMeasurement[]>>;

export function flussGoals(r: Results): Goal[] {
  const produce = (id: FlussTargetId) => (r[id] ?? []).map((m) => m.produce.mbPerSec);
  const fetch = (id: FlussTargetId) => (r[id] ?? []).map((m) => m.fetch?.mbPerSec ?? NaN);
  const p50 = (id: FlussTargetId) => (r[id] ?? []).map((m) => m.latency?.p50 ?? NaN);
  return [
    ratioGoalOf('produce throughput, gateway SASL / direct', produce('fluss-gateway-sasl'), produce('fluss-direct'), null),
    ratioGoalOf('produce throughput, gateway SASL + ACLs / direct', produce('fluss-gateway-acl'), produce('fluss-direct'), 0.8),
    ratioGoalOf('produce throughput, gateway SASL + ACLs / gateway SASL, ACLs off', produce('fluss-gateway-acl'), produce('fluss-gateway-sasl'), null),
    ratioGoalOf('fetch throughput, gateway SASL / direct', fetch('fluss-gateway-sasl'), fetch('fluss-direct'), null),
    ratioGoalOf('fetch throughput, gateway SASL + ACLs / direct', fetch('fluss-gateway-acl'), fetch('fluss-direct'), 0.8),
    ratioGoalOf('fetch throughput, gateway SASL + ACLs / gateway SASL, ACLs off', fetch('fluss-gateway-acl'), fetch('fluss-gateway-sasl'), null),
    addedMsGoalOf('added p50 produce latency (one record), gateway SASL + ACLs over direct', p50('fluss-gateway-acl'), p50('fluss-direct'), null),
  ].filter((g): g is Goal => g !== null && Number.isFinite(g.value));
}

const cost = (c: RoleCost | undefined): string => (c ? `${pct(c.pct)} / ${f2(c.msPerUnit)}` : '–');

function profileLines(p: FlussProfile | null | undefined): string[] {
  if (!p) return ['Not profiled in this run (every goal reached, or BENCH_PROFILE=never).'];
  const b = p.breakdown;
  return [
    `**${p.target}** with V8's CPU profiler (produce ${f1(p.measurement.produce.mbPerSec)} MB/s, fetch ${p.measurement.fetch ? f1(p.measurement.fetch.mbPerSec) : 'n/a'} MB/s while profiled; the profile covers the produce, fetch and latency steps; busy ${b.busyMs.toFixed(0)} of ${b.totalMs.toFixed(0)} ms):`,
    '',
    `- by category: ${b.categories.map((c) => `${c.name} ${c.pct.toFixed(1)}%`).join(', ')}`,
    `- top frames by self time: ${b.top.map((f) => `\`${f.name}\` ${f.selfPct.toFixed(1)}%`).join(', ')}`,
    `- streamward functions by inclusive time: ${b.srcInclusive.map((f) => `\`${f.name}\` ${f.selfPct.toFixed(1)}%`).join(', ')}`,
    '',
    `Raw profile: \`.cache/bench-profiles/${p.target}.cpuprofile\` (Chrome DevTools or speedscope).`,
  ];
}

export function flussSection(o: { machine: Machine; settings: FlussSettings; results: Results; profile?: FlussProfile | null; seconds: number; load: number; at?: Date }): string {
  const s = o.settings;
  const rows = [
    '| target | produce MB/s | produce records/s | fetch MB/s | gateway CPU, produce / fetch (% of a core) | gateway CPU ms per MB, produce / fetch | cluster CPU / ms per MB, produce | client CPU / ms per MB, produce | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const id of FLUSS_TARGET_IDS) {
    const ms = o.results[id];
    if (!ms?.length) continue;
    const t = summariseFluss(ms, s.size);
    const g = t.produceCpu.gateway;
    const gf = t.fetchCpu.gateway;
    rows.push(
      `| ${id}: ${flussTargetLabel(id, s)} | ${range(t.produceMBps, f1)} | ${Math.round(t.produceRecordsPerSec)} | ` +
        `${t.fetchMBps ? range(t.fetchMBps, f1) : 'n/a'} | ${pct(g?.pct ?? null)} / ${pct(gf?.pct ?? null)} | ` +
        `${orDash(g?.msPerUnit ?? null, f2)} / ${orDash(gf?.msPerUnit ?? null, f2)} | ${cost(t.produceCpu.backend)} | ${cost(t.produceCpu.client)} | ` +
        `${t.p50 ? msOfUs(t.p50.median) : 'n/a'} | ${t.p99 ? range(t.p99, msOfUs) : 'n/a'} |`,
    );
  }
  return [
    '## Fluss: streamward vs direct (produce / fetch)',
    '',
    ...runLines(o.machine, { rounds: s.rounds, seconds: o.seconds, load: o.load, at: o.at }),
    '',
    '### What was run',
    '',
    `- Backend: the project's Fluss test cluster (\`testkit/fluss/cluster\`, in memory, TypeScript), 1 coordinator and ${s.tablets} ` +
      `tablet server${s.tablets === 1 ? '' : 's'}, in its own Node process (\`bench/fluss/fluss-cluster-process.ts\`), fresh for every measurement, with ` +
      `log table \`${s.database}.${s.table}\` (${s.buckets} buckets) created before the client connects. It checks every batch's CRC-32C on append.`,
    '- Client: `bench/fluss/fluss-load.ts` in its own Node process, on the Fluss test client (`testkit/fluss/client`), record batches from ' + '`buildLogBatch` (magic 0):',
    `  - produce: ${s.inflight} requests in flight, each one PRODUCE_LOG (acks -1) with one batch of ${s.records} records × ${s.size} B ` +
      `to the next bucket in turn, for ${s.stepMs / 1000} s; batches built before the step (a pool of 8, reused).`,
    `  - fetch: one reader per bucket, FETCH_LOG of up to ${s.fetchBytes / 1024 / 1024} MiB from offset 0 to the high watermark and round again ` +
      `(passes over what produce left), for ${s.stepMs / 1000} s.`,
    `  - latency: ${s.latencyRequests} PRODUCE_LOG requests of one ${s.size} B record, one at a time.`,
    '- Targets, in a rotated order every round (round r starts with target r):',
    '  - `fluss-direct`: plaintext to the cluster (it has no security).',
    '  - `fluss-gateway-sasl`: `bench/common/gateway-process.ts` (the real `startGateway`), plaintext listener with SASL/PLAIN, credentials ' +
      "file from the gateway's own credential store (default scrypt cost; checked once per connection), ACLs off: the client's " +
      'principal is a super user, so no ACL entry is consulted (Fluss semantics have no allow-if-no-ACL switch; the ' +
      'authorization stage still parses every request and learns table ids from metadata).',
    `  - \`fluss-gateway-acl\`: the same listener with ACLs on: an ordinary principal and ${s.aclEntries} Fluss ACL entries in the store ` +
      "(DATABASE and TABLE, many principals; `bench/acl/acl-entries.ts`), one of which gives the client's principal ALL on the database.",
    '- MB = 10^6 bytes of record payload. CPU: user+system of each process during the step (/proc), median across rounds, ' +
      'as % of one core and as CPU ms per MB. All three processes are Node, so they compete for the same two cores.',
    '',
    '### Medians',
    '',
    ...rows,
    '',
    ...flussPlotLinks(o.results),
    '### Goals (from the issue: ≥ 0.8× produce and fetch with SASL + ACLs) and ratios',
    '',
    ...goalRows(flussGoals(o.results)),
    '',
    '### Gateway CPU profile',
    '',
    ...profileLines(o.profile),
  ].join('\n');
}
