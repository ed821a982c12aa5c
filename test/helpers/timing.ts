/**
 * Timing for the "refused at the bound, fast" assertions of the bounds and attack tests. One
 * measurement on a shared machine can include a GC pause or a descheduled slice; the fastest of a
 * few runs cannot, while a decoder that really does the work (seconds for the attacks these tests
 * name) is slow on every run.
 */
import { performance } from 'node:perf_hooks';

export interface Refusal {
  /** What the call threw (null if it returned). */
  error: unknown;
  /** Wall-clock milliseconds of the fastest run. */
  ms: number;
}

/** Runs `fn` `tries` times and keeps the fastest; the error is the last run's. */
export function fastestRefusal(fn: () => unknown, tries = 5): Refusal {
  let best = Infinity;
  let error: unknown = null;
  for (let i = 0; i < tries; i++) {
    const t0 = performance.now();
    try {
      fn();
      error = null;
    } catch (e) {
      error = e;
    }
    best = Math.min(best, performance.now() - t0);
  }
  return { error, ms: best };
}

/**
 * How much longer one large input takes than `k` small ones holding the same bytes: about 1 for
 * linear code, about k for quadratic code. Each measurement is the fastest of `reps` runs; up to
 * `tries` measurements are made and the lowest ratio is kept, stopping as soon as one is below
 * `enough` (a quadratic decoder stays near k on every try, however quiet the machine).
 */
export function lowestTimeRatio(large: () => void, smalls: () => void, opts: { enough: number; floorMs?: number; reps?: number; tries?: number }): number {
  const { enough, floorMs = 0.05, reps = 9, tries = 4 } = opts;
  const fastest = (fn: () => void): number => fastestRefusal(fn, reps).ms;
  large(); // warm-up
  let lowest = Infinity;
  for (let i = 0; i < tries && lowest >= enough; i++) {
    lowest = Math.min(lowest, fastest(large) / Math.max(fastest(smalls), floorMs));
  }
  return lowest;
}
