/**
 * The "scaling" suite of `npm run bench` (BENCH_ONLY=scaling): produce throughput over TLS with
 * streamward `workers: 1` and `workers: 2` (`streamward run`, node:cluster) beside haproxy with
 * `nbthread 1` and `nbthread 2`, in the same run, targets interleaved per round, each against a
 * fresh mock backend. Produce only (no consume/latency steps) to keep it short; rounds from
 * BENCH_SCALING_ROUNDS (default 2). Writes the "Scaling across cores" section of BENCHMARKS.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startBackend } from '../kafka/backend.js';
import type { BenchEnv } from '../common/env.js';
import { gatewayConfigYaml, LISTENER } from '../common/gateway-target.js';
import { haproxyPorts, startHaproxy } from '../kafka/haproxy.js';
import { measure } from '../kafka/load.js';
import type { Machine } from '../common/machine.js';
import { freePort, start, waitForPort } from '../common/processes.js';
import { f1, runLines } from '../common/report-common.js';
import type { RunningTarget } from '../kafka/targets.js';

export const SCALING_SECTION = 'scaling-bench';
const IDS = ['streamward workers 1', 'streamward workers 2', 'haproxy nbthread 1', 'haproxy nbthread 2'] as const;
type Id = (typeof IDS)[number];

export function scalingRoundsFromEnv(): number {
  const v = Number(process.env.BENCH_SCALING_ROUNDS ?? 2);
  return Number.isInteger(v) && v >= 1 && v <= 20 ? v : 2;
}

async function startGatewayWorkers(env: BenchEnv, workers: number): Promise<RunningTarget> {
  const backend = await startBackend(env);
  const doc = parse(
    gatewayConfigYaml(env, { name: `w${workers}`, backend: { protocol: 'kafka', bootstrap: backend.bootstrap.split(',') }, tls: true, auth: { kind: 'none' }, allowIfNoAcl: true }),
  ) as Record<string, unknown>;
  const port = await freePort();
  const adminPort = await freePort();
  (doc.listeners as Array<Record<string, unknown>>).find((l) => l.name === LISTENER)!.bind = `127.0.0.1:${port}`;
  doc.admin = { bind: `127.0.0.1:${adminPort}` };
  doc.workers = workers;
  const cfg = join(env.workDir, `gateway-workers-${workers}.yaml`);
  writeFileSync(cfg, stringify(doc));
  const fromSource = import.meta.url.endsWith('.ts');
  const main = join(env.root, fromSource ? 'src/main.ts' : 'dist/src/main.js');
  const child = start('gateway', process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), main, 'run', '-c', cfg], { cwd: env.root });
  try {
    await waitForPort(adminPort, 60_000);
    const end = Date.now() + 120_000;
    while (
      (await fetch(`http://127.0.0.1:${adminPort}/readyz`).then(
        (r) => r.status,
        () => 0,
      )) !== 200
    ) {
      if (Date.now() > end) throw new Error(`gateway with ${workers} workers not ready: ${child.stderr.slice(-1000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await child.stop();
    await backend.child.stop();
    throw e;
  }
  // proxyPid null: the CPU of a cluster is spread over its workers; throughput is the figure here
  return {
    bootstrap: `127.0.0.1:${port}`,
    tls: true,
    proxyPid: null,
    stop: async () => {
      await child.stop();
      await backend.child.stop();
    },
  };
}

async function startHaproxyThreads(env: BenchEnv, threads: number): Promise<RunningTarget> {
  const e: BenchEnv = { ...env, workload: { ...env.workload, haproxyThreads: threads } };
  const ports = await haproxyPorts(e.workload.brokers);
  const backend = await startBackend(
    e,
    ports.map((p) => `127.0.0.1:${p}`),
  );
  const haproxy = await startHaproxy(e, backend, ports).catch(async (x: unknown) => {
    await backend.child.stop();
    throw x;
  });
  return {
    bootstrap: `127.0.0.1:${ports[0]}`,
    tls: true,
    proxyPid: null,
    stop: async () => {
      await haproxy.stop();
      await backend.child.stop();
    },
  };
}

const starters: Record<Id, (env: BenchEnv) => Promise<RunningTarget>> = {
  'streamward workers 1': (env) => startGatewayWorkers(env, 1),
  'streamward workers 2': (env) => startGatewayWorkers(env, 2),
  'haproxy nbthread 1': (env) => startHaproxyThreads(env, 1),
  'haproxy nbthread 2': (env) => startHaproxyThreads(env, 2),
};

export type ScalingResults = Record<Id, number[]>;

export async function runScalingSuite(env: BenchEnv, rounds: number, log: (msg: string) => void): Promise<ScalingResults> {
  const results = Object.fromEntries(IDS.map((id) => [id, [] as number[]])) as ScalingResults;
  for (let round = 0; round < rounds; round++) {
    const order = IDS.map((_, i) => IDS[(i + round) % IDS.length]!);
    for (const id of order) {
      const target = await starters[id](env);
      try {
        const m = await measure(env, target, { consume: false });
        results[id].push(m.produce.mbPerSec);
        log(`scaling round ${round + 1}/${rounds} ${id.padEnd(21)} produce ${m.produce.mbPerSec.toFixed(1)} MB/s`);
      } finally {
        await target.stop();
      }
    }
  }
  return results;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function scalingSection(o: { machine: Machine; results: ScalingResults; rounds: number; seconds: number; load: number; size: number }): string {
  const m = Object.fromEntries(IDS.map((id) => [id, median(o.results[id])])) as Record<Id, number>;
  const gw = m['streamward workers 2'] / m['streamward workers 1'];
  const hp = m['haproxy nbthread 2'] / m['haproxy nbthread 1'];
  return [
    '## Scaling across cores',
    '',
    ...runLines(o.machine, { rounds: o.rounds, seconds: o.seconds, load: o.load }),
    '',
    `Produce throughput over TLS (${o.size}-byte messages, the Kafka suite's load tool), median of the rounds (all rounds in brackets).`,
    `With ${o.machine.cpus} cores shared by the load tool, the mock backend and the proxy, a second worker or thread competes with`,
    'them for the same cores: the ratio is a lower bound of what a second *dedicated* core gives.',
    '',
    '| Target | Produce MB/s | Rounds |',
    '|---|---:|---|',
    ...IDS.map((id) => `| ${id} | ${f1(m[id])} | ${o.results[id].map(f1).join(', ')} |`),
    '',
    `Scaling 1 → 2: streamward ×${gw.toFixed(2)}, haproxy ×${hp.toFixed(2)}.`,
    '',
    'Reading it: one load-tool producer opens one connection per broker, which node:cluster hands to the workers',
    'round-robin, so two workers share a handful of connections. A ratio below 1 means the second worker or thread',
    'took CPU from the load tool and the backend on these same 2 cores (and, for streamward, added a process);',
    'it does not predict a box with idle cores, where each worker is a whole event loop of its own.',
  ].join('\n');
}
