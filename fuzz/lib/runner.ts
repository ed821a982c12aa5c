/**
 * Runs a fuzz target with fast-check: in chunks of runs (each chunk a fresh seed, recorded so a
 * failure is reproducible) until a time budget or a run count is spent, counting executions.
 * The first crash stops the target; fast-check shrinks it before it is reported.
 */
import fc from 'fast-check';
import { FuzzCrash, makeProbe, type FuzzTarget } from './target.js';

export interface RunLimits {
  /** Wall-clock budget in seconds (stops after the chunk that crosses it). */
  seconds?: number;
  /** Fast-check runs in total (the CI smoke uses this instead of time). */
  runs?: number;
  /** First fast-check seed; later chunks use seed + chunk index. */
  seed?: number;
}

export interface RunResult {
  target: string;
  runs: number;
  executions: number;
  seconds: number;
  crash: { message: string; input: string; seed: number; path: string | undefined } | null;
}

/** Runs per fast-check call: start small, double while a chunk takes under 2 s (slow targets stay responsive to the time budget). */
const FIRST_CHUNK = 50;
const MAX_CHUNK = 1000;

export async function runTarget(t: FuzzTarget<unknown>, limits: RunLimits): Promise<RunResult> {
  const probe = makeProbe(t);
  const started = performance.now();
  const deadline = limits.seconds !== undefined ? started + limits.seconds * 1000 : Infinity;
  const maxRuns = limits.runs ?? Infinity;
  const baseSeed = limits.seed ?? Date.now() % 0x7fffffff;
  let runs = 0;
  let chunk = 0;
  let crash: RunResult['crash'] = null;
  let chunkRuns = FIRST_CHUNK;
  while (runs < maxRuns && performance.now() < deadline && crash === null) {
    const numRuns = Math.min(chunkRuns, maxRuns - runs);
    const chunkStart = performance.now();
    const seed = (baseSeed + chunk) | 0;
    let last: FuzzCrash | null = null;
    const details = fc.check(
      fc.property(t.arbitrary, (value) => {
        try {
          t.check(value, probe);
        } catch (e) {
          if (e instanceof FuzzCrash) last = e;
          throw e;
        }
      }),
      { numRuns, seed, endOnFailure: false, verbose: 0 },
    );
    runs += details.numRuns;
    chunk++;
    if (performance.now() - chunkStart < 2000) chunkRuns = Math.min(MAX_CHUNK, chunkRuns * 2);
    await new Promise((resolve) => setImmediate(resolve)); // settle async results of the chunk
    if (!details.failed && probe.asyncCrash) {
      const c = probe.asyncCrash;
      crash = { message: `${c.message} (async, not shrunk)`, input: c.input, seed, path: undefined };
      break;
    }
    if (details.failed) {
      const err = details.errorInstance;
      const found = err instanceof FuzzCrash ? err : (last as FuzzCrash | null);
      crash = {
        message: found ? found.message : String(err),
        input: found ? found.input : (JSON.stringify(details.counterexample)?.slice(0, 2000) ?? ''),
        seed,
        path: details.counterexamplePath ?? undefined,
      };
    }
  }
  return { target: t.name, runs, executions: probe.executions, seconds: (performance.now() - started) / 1000, crash };
}
