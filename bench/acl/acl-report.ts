/**
 * The "ACLs on vs off" section of BENCHMARKS.md: Kafka produce through the gateway's SASL listener
 * without and with a large ACL store, medians with spreads, and the ratio the issue sets (≥ 0.95×).
 */
import type { AclTargetId } from './acl-suite.js';
import type { Workload } from '../common/env.js';
import type { Measurement } from '../kafka/load.js';
import type { Machine } from '../common/machine.js';
import { f1, f2, goalRows, msOfUs, orDash, pct, range, runLines } from '../common/report-common.js';
import { addedMsGoalOf, median, ratioGoalOf, spread, type Goal } from '../common/stats.js';

export const ACL_SECTION = 'acl-bench';
/** The target: produce throughput with ACLs on at least this share of ACLs off. */
export const ACL_RATIO_TARGET = 0.95;

type Results = Partial<Record<AclTargetId, Measurement[]>>;

export function aclGoals(r: Results): Goal[] {
  const mbps = (id: AclTargetId) => (r[id] ?? []).map((m) => m.produce.mbPerSec);
  const lat = (id: AclTargetId, pick: (m: Measurement) => number) => (r[id] ?? []).map(pick);
  const cost = (id: AclTargetId) => (r[id] ?? []).map((m) => m.produce.proxyCpuMsPerMB ?? NaN);
  const costs = { off: cost('acl-off'), on: cost('acl-on') };
  const costRatio =
    costs.off.every(Number.isFinite) && costs.on.every(Number.isFinite)
      ? ratioGoalOf('gateway CPU ms per MB, ACLs off / ACLs on (the throughput share a CPU-bound gateway would keep; steadier)', costs.off, costs.on, null)
      : null;
  return [
    ratioGoalOf('produce throughput, ACLs on / ACLs off', mbps('acl-on'), mbps('acl-off'), ACL_RATIO_TARGET),
    costRatio,
    addedMsGoalOf(
      'added p50 produce latency, ACLs on over ACLs off',
      lat('acl-on', (m) => m.latency.p50),
      lat('acl-off', (m) => m.latency.p50),
      null,
    ),
    addedMsGoalOf(
      'added p99 produce latency, ACLs on over ACLs off',
      lat('acl-on', (m) => m.latency.p99),
      lat('acl-off', (m) => m.latency.p99),
      null,
    ),
  ].filter((g): g is Goal => g !== null);
}

export function aclSection(o: { machine: Machine; workload: Workload; rounds: number; entries: number; results: Results; seconds: number; load: number; at?: Date }): string {
  const w = o.workload;
  const labels: Record<AclTargetId, string> = {
    'acl-off': 'SASL/PLAIN listener, empty ACL store, `allowIfNoAcl: true`',
    'acl-on': `SASL/PLAIN listener, ${o.entries} ACL entries, \`allowIfNoAcl: false\``,
  };
  const rows = ['| target | produce MB/s | produce msg/s | gateway CPU (% of a core) | gateway CPU ms per MB | p50 ms | p99 ms |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const id of ['acl-off', 'acl-on'] as const) {
    const ms = o.results[id];
    if (!ms?.length) continue;
    const cpu = ms.map((m) => m.produce.proxyCpuPct).filter((v): v is number => v !== null);
    const cost = ms.map((m) => m.produce.proxyCpuMsPerMB).filter((v): v is number => v !== null);
    rows.push(
      `| ${id}: ${labels[id]} | ${range(spread(ms.map((m) => m.produce.mbPerSec)), f1)} | ${Math.round(median(ms.map((m) => m.produce.msgsPerSec)))} | ` +
        `${pct(cpu.length ? median(cpu) : null)} | ${orDash(cost.length ? median(cost) : null, f2)} | ${msOfUs(median(ms.map((m) => m.latency.p50)))} | ` +
        `${range(spread(ms.map((m) => m.latency.p99)), msOfUs)} |`,
    );
  }
  return [
    '## Kafka: ACLs on vs off',
    '',
    ...runLines(o.machine, { rounds: o.rounds, seconds: o.seconds, load: o.load, at: o.at }),
    '',
    '### What was run',
    '',
    `- Backend and load tool as in the Kafka section (fresh mock broker per measurement, topic \`bench\` with ${w.partitions} partitions; ` +
      `\`bench/kafka/loadgen.c\`): produce ${w.messages} messages of ${w.size} B or ${w.stepMaxMs / 1000} s, acks=${w.acks}, linger.ms=${w.lingerMs}; ` +
      `then ${w.latencyMessages} messages one at a time for latency. No consume step.`,
    '- Both targets are the gateway (`bench/common/gateway-process.ts`, the real `startGateway`) with a plaintext listener doing SASL/PLAIN ' +
      '(librdkafka `security.protocol=sasl_plaintext`; password checked once per connection, before the timed part), so the two differ ' +
      'only in the ACLs:',
    '  - `acl-off`: empty ACL store and `allowIfNoAcl: true` (the gateway-plain setup of the Kafka section, plus SASL at connect). ' +
      'The authorization stage still runs and decides every request (no entry → allowed).',
    `  - \`acl-on\`: \`allowIfNoAcl: false\` and ${o.entries} Kafka entries in the ACL store file (\`bench/acl/acl-entries.ts\`): TOPIC and GROUP, ` +
      'about half LITERAL and half PREFIXED, READ/WRITE/DESCRIBE/ALL, one principal per 10 entries, some ALLOW and DENY entries of other ' +
      "principals on `bench` itself; exactly one entry (PREFIXED `bench`, WRITE) allows the load tool's `User:bench`.",
    `- ${o.rounds} rounds (\`BENCH_ACL_ROUNDS\`; more than the other suites because the effect looked for is a few percent), interleaved ` +
      '(round r starts with target r). MB = 10^6 bytes. Gateway CPU from /proc during the timed part.',
    '',
    '### Medians',
    '',
    ...rows,
    '',
    '### Goal (from the issue)',
    '',
    ...goalRows(aclGoals(o.results)),
  ].join('\n');
}
