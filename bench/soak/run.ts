/**
 * `npm run soak -- --minutes 30 [--warmup-seconds N] [--out RELIABILITY.md] [--validation]`
 *
 * Mixed Kafka, Fluss and HTTP traffic through the TLS/SASL/ACL listeners of ONE gateway process
 * while bad input and login floods run beside it (setup.ts, traffic.ts, attacks.ts); the
 * gateway's RSS and event-loop delay are sampled from its /metrics every 10 s (sampler.ts); at the
 * end RELIABILITY.md and RELIABILITY.svg are written (report.ts) and the exit code says whether RSS
 * ended within 10% of its post-warm-up level. Every loop stops at the end time; every process the
 * soak started is stopped (also on Ctrl-C). Traffic goes to 127.0.0.1 only.
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stopAll } from '../common/processes.js';
import { repoRoot } from '../common/env.js';
import { startSoak } from './setup.js';
import { flussLoop, httpLoop, kafkaLoop, newCounts, type Counts } from './traffic.js';
import { badInputLoop, loginFloodLoop } from './attacks.js';
import { sample, type Sample } from './sampler.js';
import { reliabilityMarkdown, svgPlot, verdict } from './report.js';

const SAMPLE_MS = 10_000;

interface Args {
  minutes: number;
  warmupSeconds: number | null;
  out: string;
  validation: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { minutes: 30, warmupSeconds: null, out: 'RELIABILITY.md', validation: false };
  for (let i = 0; i < argv.length; i++) {
    const next = (): string => argv[++i] ?? '';
    if (argv[i] === '--minutes') a.minutes = Number(next());
    else if (argv[i] === '--warmup-seconds') a.warmupSeconds = Number(next());
    else if (argv[i] === '--out') a.out = next();
    else if (argv[i] === '--validation') a.validation = true;
    else throw new Error(`unknown argument ${argv[i]} (use --minutes, --warmup-seconds, --out, --validation)`);
  }
  if (!(a.minutes > 0 && a.minutes <= 24 * 60)) throw new Error('--minutes must be in (0, 1440]');
  return a;
}

const log = (m: string): void => void process.stderr.write(`soak: ${m}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // warm-up: a fifth of the run, at least 1 and at most 2 minutes (never more than half the run)
  const warmupSeconds = args.warmupSeconds ?? Math.min(120, Math.max(60, Math.round((args.minutes * 60) / 5)), Math.round((args.minutes * 60) / 2));
  const root = repoRoot();
  const workDir = mkdtempSync(join(tmpdir(), 'streamward-soak-'));
  const setup = await startSoak(root, workDir, randomBytes(12).toString('hex'), log);
  const started = new Date().toISOString();
  const t0 = Date.now();
  const until = t0 + args.minutes * 60_000;
  const counts: Record<string, Counts> = {
    kafka: newCounts(),
    fluss: newCounts(),
    http: newCounts(),
    'bad input': newCounts(),
    'login floods': newCounts(),
  };
  const samples: Sample[] = [];
  try {
    log(`running ${args.minutes} min (warm-up ${warmupSeconds} s), sampling every ${SAMPLE_MS / 1000} s`);
    const loops = [
      kafkaLoop(setup, until, counts.kafka),
      flussLoop(setup, until, counts.fluss),
      httpLoop(setup, until, counts.http),
      badInputLoop(setup, until, counts['bad input']),
      loginFloodLoop(setup, until, counts['login floods']),
    ];
    const sampler = (async () => {
      for (let next = t0; next <= until; next += SAMPLE_MS) {
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
        if (!setup.gateway.running) throw new Error(`the gateway exited: ${setup.gateway.stderr.slice(-2000)}`);
        const s = await sample(setup.ports.admin, (Date.now() - t0) / 1000);
        samples.push(s);
        log(
          `t=${s.t.toFixed(0)}s rss=${s.rssMb.toFixed(1)}MiB heap=${s.heapMb.toFixed(1)}MiB loop-p99=${s.lagP99Ms.toFixed(1)}ms conns=${s.connections} ` +
            Object.entries(counts)
              .map(([k, c]) => `${k}=${c.ok}/${c.errors}`)
              .join(' '),
        );
      }
    })();
    await Promise.all([sampler, ...loops]);
  } finally {
    await setup.stop().catch(() => undefined);
    await stopAll();
    rmSync(workDir, { recursive: true, force: true });
  }
  const result = {
    minutes: args.minutes,
    warmupSeconds,
    validation: args.validation,
    samples,
    counts,
    started,
    codes: [...setup.codes].sort((a, b) => b[1] - a[1]),
    machine: `${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (1/5/15 min)`,
  };
  const v = verdict(result);
  const out = resolve(args.out);
  const svg = join(dirname(out), `${basename(out, '.md')}.svg`);
  writeFileSync(svg, svgPlot(samples, warmupSeconds));
  writeFileSync(out, reliabilityMarkdown(result, v, basename(svg)));
  log(
    `RSS ${v.rssWarm.toFixed(1)} -> ${v.rssEnd.toFixed(1)} MiB (${(v.change * 100).toFixed(1)} %): ${v.pass ? 'PASS' : 'FAIL'}; loop p99 median ${v.lagP99Median.toFixed(1)} ms, worst ${v.lagP99Max.toFixed(1)} ms; wrote ${out} and ${svg}`,
  );
  process.exitCode = v.pass ? 0 : 1;
}

main().catch(async (e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  await stopAll();
  process.exitCode = 2;
});
