/**
 * `npm run fuzz [-- --target NAME] [--seconds N] [--min-executions N] [--seed N]`
 *
 * Runs every fuzz target (or those named, comma-separated) in this process, one after the other, each for `--seconds`
 * (default 60) or, with --min-executions, until that many executions (capped by --seconds).
 * Prints one line per target (runs, executions, executions per second, crash) and a table at
 * the end; exits 1 when any target crashed, with the input and the seed to reproduce it.
 */
import { runTarget, type RunResult } from './lib/runner.js';
import { TARGETS } from './targets/index.js';

interface Args {
  target?: string;
  seconds: number;
  minExecutions?: number;
  seed?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 60 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--target') args.target = next();
    else if (a === '--seconds') args.seconds = Number(next());
    else if (a === '--min-executions') args.minExecutions = Number(next());
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--list') {
      for (const t of TARGETS) console.log(`${t.name}: ${t.crash}`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (use --target, --seconds, --min-executions, --seed, --list)`);
  }
  if (!(args.seconds > 0)) throw new Error('--seconds must be a positive number');
  return args;
}

async function runOne(name: string, args: Args): Promise<RunResult> {
  const t = TARGETS.find((x) => x.name === name)!;
  if (args.minExecutions === undefined) return runTarget(t, { seconds: args.seconds, seed: args.seed });
  // slices of at most 30 s until the execution goal or the time cap
  const started = performance.now();
  let total: RunResult | null = null;
  while (total === null || (total.executions < args.minExecutions && total.crash === null && (performance.now() - started) / 1000 < args.seconds)) {
    const left = args.seconds - (performance.now() - started) / 1000;
    const r = await runTarget(t, { seconds: Math.max(1, Math.min(30, left)), seed: args.seed === undefined ? undefined : args.seed + (total?.runs ?? 0) });
    total = total === null ? r : { ...r, runs: total.runs + r.runs, executions: total.executions + r.executions, seconds: total.seconds + r.seconds };
    // one progress line per slice on stderr, so a long pass shows how far it got if it is stopped
    process.stderr.write(`${name}: ${total.executions} executions in ${total.seconds.toFixed(0)} s so far\n`);
  }
  return total;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const names = args.target ? args.target.split(',') : TARGETS.map((t) => t.name);
  for (const n of names) if (!TARGETS.some((t) => t.name === n)) throw new Error(`no target ${n} (see --list)`);
  const results: RunResult[] = [];
  for (const name of names) {
    const r = await runOne(name, args);
    results.push(r);
    const rate = Math.round(r.executions / r.seconds);
    console.log(`${r.target}: ${r.executions} executions in ${r.seconds.toFixed(0)} s (${rate}/s, ${r.runs} fast-check runs) ${r.crash ? 'CRASH' : 'ok'}`);
    if (r.crash) console.log(`  ${r.crash.message}\n  input: ${r.crash.input}\n  reproduce: --target ${r.target} --seed ${r.crash.seed} (path ${r.crash.path ?? 'n/a'})`);
  }
  console.log('\n| target | executions | seconds | exec/s | result |\n|---|---:|---:|---:|---|');
  for (const r of results) console.log(`| ${r.target} | ${r.executions} | ${r.seconds.toFixed(0)} | ${Math.round(r.executions / r.seconds)} | ${r.crash ? 'crash' : 'no crash'} |`);
  process.exitCode = results.some((r) => r.crash) ? 1 : 0;
}

// An async result nobody watches would be a bug of a target; it must not end a long run.
process.on('unhandledRejection', (e: unknown) => {
  console.error(`unhandled rejection (a target's bug, not counted): ${e instanceof Error ? e.message : String(e)}`);
});

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exitCode = 2;
});
