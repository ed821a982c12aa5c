/**
 * `npm run bench`: the Kafka benchmark, one command. Builds the native tools if needed, makes
 * a throw-away PKI, then for BENCH_ROUNDS rounds measures every target (direct, gateway
 * plaintext, gateway TLS, haproxy TLS) in an order rotated each round, each against a fresh
 * single-node mock backend. Prints the medians and goals, optionally profiles the gateway,
 * and rewrites the Kafka section of BENCHMARKS.md. Every process it starts is stopped at the
 * end, also on failure or Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePki } from '../src/tls/certs.js';
import { benchDir, repoRoot, workloadFromEnv, type BenchEnv, type Pki } from './env.js';
import { measure, type Measurement } from './load.js';
import { describeMachine } from './machine.js';
import { stopAll } from './processes.js';
import { profileGateway, type ProfileSummary } from './profile-run.js';
import { updateBenchmarksMd } from './report.js';
import { goals, summarise, type Results } from './stats.js';
import { startTarget, TARGET_IDS, type TargetId } from './targets.js';

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

async function makePki(dir: string): Promise<Pki> {
  const files = await writePki(join(dir, 'pki'), { serverCn: 'localhost' });
  const combined = join(dir, 'pki', 'server-combined.pem');
  writeFileSync(combined, readFileSync(files.server.cert, 'utf8') + readFileSync(files.server.key, 'utf8'), { mode: 0o600 });
  return { ca: files.ca, cert: files.server.cert, key: files.server.key, combined };
}

/** Round r runs the targets starting at index r, so no target always goes first or last. */
export function roundOrder(round: number, targets: TargetId[]): TargetId[] {
  return targets.map((_, i) => targets[(i + round) % targets.length]);
}

function selectedTargets(names: string[]): TargetId[] {
  if (names.length === 0) return TARGET_IDS;
  for (const n of names) if (!(TARGET_IDS as string[]).includes(n)) throw new Error(`BENCH_TARGETS: unknown target ${n} (known: ${TARGET_IDS.join(', ')})`);
  return TARGET_IDS.filter((id) => names.includes(id));
}

async function measureOnce(env: BenchEnv, id: TargetId, profileFile?: string): Promise<Measurement> {
  const target = await startTarget(env, id, profileFile);
  try {
    return await measure(env, target);
  } finally {
    await target.stop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = repoRoot();
  const machine = describeMachine();
  const workload = workloadFromEnv(machine.cpus);
  const targets = selectedTargets(workload.targets);
  execFileSync('bash', [join(root, 'bench', 'build.sh')], { stdio: 'inherit' });
  const workDir = mkdtempSync(join(tmpdir(), 'streamward-bench-'));
  // Also on Ctrl-C, where process.exit skips the finally below.
  process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
  try {
    const env: BenchEnv = {
      root,
      here: benchDir(),
      workDir,
      mockBin: join(root, '.cache', 'bench-mock'),
      loadgenBin: join(root, '.cache', 'loadgen'),
      pki: await makePki(workDir),
      topic: 'bench',
      workload,
    };
    const results: Results = {};
    for (let round = 0; round < workload.rounds; round++) {
      for (const id of roundOrder(round, targets)) {
        const m = await measureOnce(env, id);
        (results[id] ??= []).push(m);
        const cpu = m.produce.proxyCpuMsPerMB === null ? '' : ` (proxy ${m.produce.proxyCpuMsPerMB.toFixed(2)} CPU ms/MB)`;
        log(`round ${round + 1}/${workload.rounds} ${id.padEnd(13)} produce ${m.produce.mbPerSec.toFixed(1)} MB/s${cpu}` +
          `${m.consume ? `, consume ${m.consume.mbPerSec.toFixed(1)} MB/s` : ''}, p50/p99 ${m.latency.p50}/${m.latency.p99} µs`);
      }
    }
    const summaries = Object.fromEntries(TARGET_IDS.map((id) => [id, summarise(results[id] ?? [])])) as Record<TargetId, ReturnType<typeof summarise>>;
    const goalList = goals(results);
    for (const g of goalList) {
      const verdict = g.target === '–' ? '' : g.reached ? ' REACHED' : ' NOT reached';
      log(`${g.name}: ${g.value.toFixed(3)} ${g.unit} (target ${g.target})${verdict}`);
    }

    const missed = goalList.some((g) => g.target !== '–' && !g.reached);
    let profiles: ProfileSummary[] = [];
    if (workload.profile === 'always' || (workload.profile === 'auto' && missed)) {
      log('profiling the gateway (one extra measurement per gateway target, not counted in the medians)');
      profiles = await profileGateway(env, (id, file) => measureOnce(env, id, file));
    }
    const file = join(root, 'BENCHMARKS.md');
    updateBenchmarksMd(file, { machine, workload, summaries, goals: goalList, profiles, seconds: (Date.now() - started) / 1000 });
    log(`wrote ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch(async (e: unknown) => {
  log(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
  await stopAll();
  process.exit(1);
});
