/** The suites of `npm run bench` and BENCH_ONLY's choice among them. */

export const SUITES = ['kafka', 'acl', 'fluss', 'http', 'scaling', 'many'] as const;
export type Suite = (typeof SUITES)[number];

/** The suites BENCH_ONLY names (comma-separated, any order, any case; empty = all), in run order. */
export function selectedSuites(raw: string | undefined): Suite[] {
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  for (const n of names) if (!(SUITES as readonly string[]).includes(n)) throw new Error(`BENCH_ONLY: unknown suite ${n} (known: ${SUITES.join(', ')})`);
  return names.length === 0 ? [...SUITES] : SUITES.filter((s) => names.includes(s));
}
