/**
 * `npm run bench`: every benchmark suite, one command. Builds the native Kafka tools if needed,
 * makes a throw-away PKI and password user, then runs the suites BENCH_ONLY selects (default
 * all, in this order):
 *   kafka  Kafka throughput/latency: direct, gateway plaintext / TLS, haproxy TLS (kafka-suite.ts)
 *   acl    Kafka produce through the gateway with ACLs off vs a large ACL store (acl-suite.ts)
 *   fluss  Fluss produce/fetch: direct vs gateway SASL, without and with ACLs (fluss-suite.ts)
 *   http   HTTP listener (Flink REST, Basic auth) vs direct: requests/s and latency (http-suite.ts)
 *   scaling  TLS produce with workers 1 and 2 beside haproxy nbthread 1 and 2 (scaling-suite.ts)
 *   many   1,000 Kafka producers at a low rate each: proxy CPU, memory, p99, errors (many-suite.ts)
 * Each suite measures its targets in interleaved rounds and rewrites only its own generated
 * section of BENCHMARKS.md. Every process started is stopped at the end, also on failure or Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { writePki } from '../src/tls/certs.js';
import { aclSection, ACL_SECTION } from './acl/acl-report.js';
import { aclEntriesFromEnv, aclRoundsFromEnv, runAclSuite } from './acl/acl-suite.js';
import { writeBenchUser, type BenchUser } from './common/bench-users.js';
import { benchDir, repoRoot, workloadFromEnv, type BenchEnv, type Pki } from './common/env.js';
import { flussPlots } from './fluss/fluss-plots.js';
import { flussSection, FLUSS_SECTION } from './fluss/fluss-report.js';
import { flussSettingsFromEnv, runFlussSuite } from './fluss/fluss-suite.js';
import { httpPlots, httpSection, HTTP_SECTION } from './http/http-report.js';
import { httpSettingsFromEnv, runHttpSuite } from './http/http-suite.js';
import { runKafkaSuite } from './kafka/kafka-suite.js';
import { manyPlots, manySection, MANY_SECTION } from './kafka/many-report.js';
import { manySettingsFromEnv, runManySuite } from './kafka/many-suite.js';
import { runScalingSuite, SCALING_SECTION, scalingRoundsFromEnv, scalingSection } from './scaling/scaling-suite.js';
import { describeMachine, type Machine } from './common/machine.js';
import { stopAll } from './common/processes.js';
import { SKELETON } from './common/skeleton.js';
import { writeSection } from './common/sections.js';
import { selectedSuites, type Suite } from './common/suites.js';

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

async function makePki(dir: string): Promise<Pki> {
  const files = await writePki(join(dir, 'pki'), { serverCn: 'localhost' });
  const combined = join(dir, 'pki', 'server-combined.pem');
  writeFileSync(combined, readFileSync(files.server.cert, 'utf8') + readFileSync(files.server.key, 'utf8'), { mode: 0o600 });
  return { ca: files.ca, cert: files.server.cert, key: files.server.key, combined };
}

type SuiteRunner = (ctx: { env: BenchEnv; machine: Machine; file: string; user: () => Promise<BenchUser> }) => Promise<void>;

/**
 * Runs one non-Kafka suite, timing it and noting the load average at its start; `plots` gives
 * SVG files (name -> text) written beside BENCHMARKS.md, which the section links to.
 */
function section<R>(
  id: string,
  run: (env: BenchEnv, user: BenchUser) => Promise<R>,
  render: (r: R, meta: { seconds: number; load: number }) => string,
  plots?: (r: R) => Record<string, string>,
): SuiteRunner {
  return async ({ env, file, user }) => {
    const t0 = Date.now();
    const load = os.loadavg()[0];
    const results = await run(env, await user());
    for (const [name, svg] of Object.entries(plots?.(results) ?? {})) writeFileSync(join(dirname(file), name), svg);
    writeSection(file, id, render(results, { seconds: (Date.now() - t0) / 1000, load }), SKELETON);
  };
}

function runners(machine: Machine, env: BenchEnv): Record<Suite, SuiteRunner> {
  const w = env.workload;
  const entries = aclEntriesFromEnv();
  const aclRounds = aclRoundsFromEnv();
  const fluss = flussSettingsFromEnv(w.rounds, w.size);
  const http = httpSettingsFromEnv(w.rounds, entries, w.profile);
  const many = manySettingsFromEnv(w.acks, w.targets, w.haproxyThreads);
  return {
    kafka: ({ file }) => runKafkaSuite(env, machine, file, log),
    acl: section(
      ACL_SECTION,
      (e, u) => runAclSuite(e, u, { entries, rounds: aclRounds }, log),
      (results, m) => aclSection({ machine, workload: w, rounds: aclRounds, entries, results, ...m }),
    ),
    fluss: section(
      FLUSS_SECTION,
      (e, u) => runFlussSuite(e, u, fluss, log, w.profile),
      (r, m) => flussSection({ machine, settings: fluss, results: r.measurements, profile: r.profile, ...m }),
      (r) => flussPlots(r.measurements),
    ),
    scaling: section(
      SCALING_SECTION,
      (e) => runScalingSuite(e, scalingRoundsFromEnv(), log),
      (results, m) => scalingSection({ machine, results, rounds: scalingRoundsFromEnv(), size: w.size, ...m }),
    ),
    http: section(
      HTTP_SECTION,
      (e, u) => runHttpSuite(e, u, http, log),
      (results, m) => httpSection({ machine, settings: http, results, ...m }),
      (r) => httpPlots(r.measurements),
    ),
    many: section(
      MANY_SECTION,
      (e) => runManySuite(e, many, log),
      (results, m) => manySection({ machine, settings: many, results, ...m }),
      manyPlots,
    ),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = repoRoot();
  const machine = describeMachine();
  const workload = workloadFromEnv(machine.cpus);
  const suites = selectedSuites(process.env.BENCH_ONLY);
  if (suites.some((s) => ['kafka', 'acl', 'scaling', 'many'].includes(s))) execFileSync('bash', [join(root, 'bench', 'kafka', 'build.sh')], { stdio: 'inherit' });
  const workDir = mkdtempSync(join(os.tmpdir(), 'streamward-bench-'));
  // Also on Ctrl-C, where process.exit skips the finally below.
  process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
  try {
    const binDir = process.env.BENCH_BIN_DIR || join(root, '.cache'); // where bench/kafka/build.sh put the native tools
    const env: BenchEnv = {
      root,
      here: benchDir(),
      workDir,
      mockBin: join(binDir, 'bench-mock'),
      loadgenBin: join(binDir, 'loadgen'),
      pki: await makePki(workDir),
      topic: 'bench',
      workload,
    };
    let user: Promise<BenchUser> | null = null;
    const ctx = { env, machine, file: join(root, 'BENCHMARKS.md'), user: () => (user ??= writeBenchUser(workDir)) };
    const run = runners(machine, env);
    for (const suite of suites) {
      const t0 = Date.now();
      log(`suite ${suite}: starting`);
      await run[suite](ctx);
      log(`suite ${suite}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s, section written to ${ctx.file}`);
    }
    log(`all done (${suites.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
