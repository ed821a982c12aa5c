/**
 * Interleaved rounds, the way every suite of the benchmark measures: in round r the targets run
 * in an order rotated by r, so no target always goes first or last (a machine that slows down or
 * speeds up during the run then touches every target alike), and each round pairs one figure of
 * every target for the per-round ratios.
 */

/** Round r runs the targets starting at index r. */
export function roundOrder<T>(round: number, targets: readonly T[]): T[] {
  return targets.map((_, i) => targets[(i + round) % targets.length]);
}

/**
 * Measures every target once per round in rotated order; results per target in round order.
 * `after` sees each measurement as it lands (progress lines).
 */
export async function runRounds<T extends string, M>(
  rounds: number,
  targets: readonly T[],
  measureOnce: (target: T, round: number) => Promise<M>,
  after: (target: T, round: number, m: M) => void = () => {},
): Promise<Record<T, M[]>> {
  const results = Object.fromEntries(targets.map((t) => [t, [] as M[]])) as Record<T, M[]>;
  for (let round = 0; round < rounds; round++) {
    for (const target of roundOrder(round, targets)) {
      const m = await measureOnce(target, round);
      results[target].push(m);
      after(target, round, m);
    }
  }
  return results;
}
