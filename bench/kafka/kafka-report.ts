/**
 * Writes the Kafka part of BENCHMARKS.md. Only the text between the kafka markers is
 * replaced (sections.ts), so the other suites' sections and hand-written analysis outside
 * the markers survive every run. A missing file is created with the skeleton.
 */
import type { Workload } from '../common/env.js';
import type { Machine } from '../common/machine.js';
import type { ProfileSummary } from './profile-run.js';
import { goalRows } from '../common/report-common.js';
import { markers, writeSection } from '../common/sections.js';
import { SKELETON } from '../common/skeleton.js';
import type { Goal, Spread } from '../common/stats.js';
import type { TargetSummary } from './kafka-goals.js';
import { plotLinks } from './kafka-plots.js';
import { TARGET_IDS, TARGET_LABELS, type TargetId } from './targets.js';

const KAFKA_SECTION = 'kafka-bench';
export const { begin: BEGIN, end: END } = markers(KAFKA_SECTION);

export interface Report {
  machine: Machine;
  workload: Workload;
  summaries: Record<TargetId, TargetSummary>;
  goals: Goal[];
  profiles: ProfileSummary[];
  seconds: number;
  /** Plot files written beside BENCHMARKS.md (kafka-plots.ts), linked under the medians. */
  plots?: string[];
}

const f1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const ms = (us: number): string => (us / 1000).toFixed(3);
const pct = (v: number | null): string => (v === null ? '–' : `${v.toFixed(0)}%`);
const cost = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
const range = (s: Spread, fmt: (v: number) => string): string => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

function mediansTable(r: Report): string[] {
  const rows = [
    '| target | produce MB/s | produce msg/s | consume MB/s | proxy CPU, produce / consume | proxy CPU ms per MB, produce / consume | p50 ms | p90 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const id of TARGET_IDS) {
    const s = r.summaries[id];
    if (!s || s.rounds === 0) continue;
    rows.push(
      `| ${id}: ${TARGET_LABELS[id]} | ${range(s.produceMBps, f1)} | ${Math.round(s.produceMsgps.median)} | ` +
        `${s.consumeMBps ? range(s.consumeMBps, f1) : 'n/a'} | ${pct(s.produceProxyCpu)} / ${pct(s.consumeProxyCpu)} | ${cost(s.produceCpuMsPerMB)} / ${cost(s.consumeCpuMsPerMB)} | ${ms(s.p50.median)} | ${ms(s.p90.median)} | ${range(s.p99, ms)} | ${ms(s.max.median)} |`,
    );
  }
  return rows;
}

function goalsTable(r: Report): string[] {
  return goalRows(r.goals);
}

function profileLines(r: Report): string[] {
  if (r.profiles.length === 0) return ['Not profiled in this run (every goal reached, or BENCH_PROFILE=never).'];
  const out: string[] = [];
  for (const p of r.profiles) {
    const b = p.breakdown;
    out.push(`**${p.target}** with V8's CPU profiler (produce ${f1(p.measurement.produce.mbPerSec)} MB/s while profiled; ` + `busy ${b.busyMs.toFixed(0)} of ${b.totalMs.toFixed(0)} ms):`, '');
    out.push(`- by category: ${b.categories.map((c) => `${c.name} ${c.pct.toFixed(1)}%`).join(', ')}`);
    out.push(`- top frames by self time: ${b.top.map((f) => `\`${f.name}\` ${f.selfPct.toFixed(1)}%`).join(', ')}`);
    out.push(`- streamward functions by inclusive time: ${b.srcInclusive.map((f) => `\`${f.name}\` ${f.selfPct.toFixed(1)}%`).join(', ')}`, '');
  }
  out.push('Raw profiles: `.cache/bench-profiles/<target>.cpuprofile` (open in Chrome DevTools or speedscope).');
  return out;
}

export function kafkaSection(r: Report): string {
  const m = r.machine;
  const w = r.workload;
  return [
    '## Kafka: streamward vs direct and vs haproxy',
    '',
    `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${w.rounds} round${w.rounds === 1 ? '' : 's'}, ${r.seconds.toFixed(0)} s for this part.`,
    '',
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.kernel}; Node ${m.node}; haproxy ${m.haproxy}; ` +
      `load tool on librdkafka ${m.librdkafka}; ${m.openssl}. Load average at start: ${m.loadAtStart.toFixed(2)} ` +
      '(the machine is shared; other work running at the same time lowers every figure).',
    '',
    '### What was run',
    '',
    `- Every measurement starts a fresh backend: librdkafka 2.15.1's mock cluster (\`bench/kafka/mock-broker.c\`), ` +
      `${w.brokers} broker${w.brokers === 1 ? '' : 's'}, ` +
      `topic \`bench\` with ${w.partitions} partitions. The same backend binary serves every target.`,
    '- Load tool: `bench/kafka/loadgen.c` (C, Debian librdkafka), one producer/consumer process on the same machine:',
    `  - small messages (BENCH_SMALL_SIZE, 0 skips): the same produce step with 100 B messages (goal rows "small messages": msg/s ratios, same targets as for 1 KiB).\n` +
      `  - produce throughput: ${w.messages} messages of ${w.size} B or ${w.stepMaxMs / 1000} s of sending, whichever ends first; ` +
      `acks=${w.acks}, linger.ms=${w.lingerMs}, no compression, producer queue 32 MB; ` +
      'timed from the first send to the last delivery report (after a warm-up that opens every connection).',
    `  - consume throughput: ${w.consumeMessages} messages or ${w.stepMaxMs / 1000} s, read back by assigning every partition ` +
      '(no group) in passes over what the broker retains (the mock keeps about 5 MiB per partition).',
    `  - latency: ${w.latencyMessages} messages produced one at a time (acks=${w.acks}, linger.ms=0), each waiting for its delivery report, after ${w.latencyWarmup} such messages not counted (every target; they let the gateway's JIT compile its one-message path, which the throughput steps, with few large frames, do not: a long-running gateway has it compiled).`,
    '- Targets, run in a rotated order in every round (round r starts with target r), each around its own backend:',
    '  - `direct`: plaintext to the broker.',
    '  - `gateway-plain` / `gateway-tls`: `bench/common/gateway-process.ts` (one Node process, the real `startGateway`), ' +
      'anonymous listener, no ACL entries (`allowIfNoAcl: true`), log level warn.',
    `  - \`haproxy-tls\`: haproxy, \`mode tcp\`, TLS terminated with the same certificate (nbthread ${w.haproxyThreads}). ` +
      'haproxy cannot rewrite the broker addresses in Metadata, so that backend advertises the haproxy frontend as the ' +
      "broker's address (librdkafka's `rd_kafka_mock_broker_set_host_port`): every connection goes through haproxy.",
    "- The load tool disables Nagle (`socket.nagle.disable=true`, as the Java client does): with librdkafka's default " +
      'a 1 KiB produce over TLS waits ~40 ms for a delayed ACK through any TLS terminator (measured: p50 46 ms via haproxy).',
    '- Medians across rounds; the figure in brackets is the (min–max) across rounds. MB = 10^6 bytes. ' +
      '"proxy CPU" is the user+system CPU of the gateway or haproxy process during the timed part, in % of one core ' +
      '(haproxy may use several threads; the gateway proxies on one), and as CPU milliseconds per MB moved: the cost ' +
      'figure that depends least on how much CPU other work left over.',
    '',
    '### Medians',
    '',
    ...mediansTable(r),
    '',
    ...plotLinks(r.plots ?? []),
    '### Goals (from the issue)',
    '',
    ...goalsTable(r),
    '',
    'The many-connections row of the issue (1,000 clients at a low rate each: gateway CPU and p99) has its own section below ' + '(`BENCH_ONLY=many`); the Fluss and HTTP rows are in theirs.',
    '',
    '### Gateway CPU profile',
    '',
    ...profileLines(r),
  ].join('\n');
}

export function updateBenchmarksMd(file: string, r: Report): void {
  writeSection(file, KAFKA_SECTION, kafkaSection(r), SKELETON);
}
