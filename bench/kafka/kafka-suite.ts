/**
 * The Kafka suite of `npm run bench`: for BENCH_ROUNDS rounds measures every Kafka target
 * (direct, gateway plaintext, gateway TLS, haproxy TLS) in an order rotated each round, each
 * against a fresh mock backend; then the medians and goals, a gateway profile when a goal is
 * missed (BENCH_PROFILE), and the Kafka section of BENCHMARKS.md.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { intFromEnv, type BenchEnv } from '../common/env.js';
import { kafkaPlots } from './kafka-plots.js';
import { measure, type Measurement } from './load.js';
import type { Machine } from '../common/machine.js';
import { profileGateway, type ProfileSummary } from './profile-run.js';
import { updateBenchmarksMd } from './kafka-report.js';
import { runRounds } from '../common/rounds.js';
import { goals, summarise, type Results } from './kafka-goals.js';
import { startTarget, TARGET_IDS, type TargetId } from './targets.js';

function selectedTargets(names: string[]): TargetId[] {
  if (names.length === 0) return TARGET_IDS;
  for (const n of names) if (!(TARGET_IDS as string[]).includes(n)) throw new Error(`BENCH_TARGETS: unknown target ${n} (known: ${TARGET_IDS.join(', ')})`);
  return TARGET_IDS.filter((id) => names.includes(id));
}

/** Size of the small-message produce row: BENCH_SMALL_SIZE (100 B); 0 skips it. */
export function smallSizeFromEnv(): number {
  return intFromEnv('BENCH_SMALL_SIZE', 100, 0, 1_000_000);
}

async function measureOnce(env: BenchEnv, id: TargetId, profileFile?: string): Promise<Measurement> {
  const target = await startTarget(env, id, profileFile);
  try {
    return await measure(env, target, { smallSize: smallSizeFromEnv() });
  } finally {
    await target.stop();
  }
}

/** Runs the suite and rewrites its section of `file`. */
export async function runKafkaSuite(env: BenchEnv, machine: Machine, file: string, log: (msg: string) => void): Promise<void> {
  const started = Date.now();
  const workload = env.workload;
  const targets = selectedTargets(workload.targets);
  const results: Results = await runRounds(
    workload.rounds,
    targets,
    (id) => measureOnce(env, id),
    (id, round, m) => {
      const cpu = m.produce.proxyCpuMsPerMB === null ? '' : ` (proxy ${m.produce.proxyCpuMsPerMB.toFixed(2)} CPU ms/MB)`;
      log(
        `kafka round ${round + 1}/${workload.rounds} ${id.padEnd(13)} produce ${m.produce.mbPerSec.toFixed(1)} MB/s${cpu}` +
          `${m.consume ? `, consume ${m.consume.mbPerSec.toFixed(1)} MB/s` : ''}, p50/p99 ${m.latency.p50}/${m.latency.p99} µs`,
      );
    },
  );
  const summaries = Object.fromEntries(TARGET_IDS.map((id) => [id, summarise(results[id] ?? [])])) as Record<TargetId, ReturnType<typeof summarise>>;
  const goalList = goals(results, env.workload.haproxyThreads);
  for (const g of goalList) {
    const verdict = g.target === '–' ? '' : g.reached ? ' REACHED' : ' NOT reached';
    log(`kafka: ${g.name}: ${g.value.toFixed(3)} ${g.unit} (target ${g.target})${verdict}`);
  }
  const missed = goalList.some((g) => g.target !== '–' && !g.reached);
  let profiles: ProfileSummary[] = [];
  if (workload.profile === 'always' || (workload.profile === 'auto' && missed)) {
    log('profiling the gateway (one extra measurement per gateway target, not counted in the medians)');
    profiles = await profileGateway(env, (id, f) => measureOnce(env, id, f));
  }
  const plots = kafkaPlots(results, { size: workload.size, acks: workload.acks });
  for (const [name, svg] of Object.entries(plots)) writeFileSync(join(dirname(file), name), svg);
  updateBenchmarksMd(file, { machine, workload, summaries, goals: goalList, profiles, seconds: (Date.now() - started) / 1000, plots: Object.keys(plots) });
}
