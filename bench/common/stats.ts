/**
 * Aggregation of the rounds: per-target medians (with the spread across rounds) and the
 * ratios the issue sets targets for.
 */

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** The p-th percentile (0..100) of `values` by nearest rank; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length, Math.max(1, rank)) - 1];
}

/** Latency figures of one step, in the unit of the samples (µs in this benchmark). */
export interface LatencyFigures {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function latencyFigures(samples: number[]): LatencyFigures {
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: samples.length ? samples.reduce((a, b) => (b > a ? b : a), -Infinity) : NaN,
    mean: samples.length ? mean : NaN,
  };
}

export interface Goal {
  name: string;
  /** '–' for an informational row with no target (then `reached` is meaningless). */
  /** The figure, e.g. a ratio (×) or an added latency (ms). */
  value: number;
  unit: '×' | 'ms';
  target: string;
  reached: boolean;
  /** The same comparison made within each round (paired), as a spread. */
  perRound: Spread;
}

/**
 * A ratio goal from per-round figures of two targets measured in the same rounds: the ratio of
 * the medians, and the ratio within each round (paired by index) as a spread. `min` null: no
 * target (an informational row). `everyRound`: reached only when every paired round's ratio is
 * at least `min` too (the issue asks that of the TLS produce row). Null when either side has no figures.
 */
export function ratioGoalOf(name: string, num: number[], den: number[], min: number | null, opts: { everyRound?: boolean } = {}): Goal | null {
  if (num.length === 0 || den.length === 0) return null;
  const value = median(num) / median(den);
  const perRound = spread(num.slice(0, Math.min(num.length, den.length)).map((v, i) => v / den[i]));
  const target = min === null ? '–' : `≥ ${min.toFixed(Number(min.toFixed(1)) === min ? 1 : 2)}×${opts.everyRound ? ' every round' : ''}`;
  const reached = min === null || (value >= min && (!opts.everyRound || perRound.min >= min));
  return { name, value, unit: '×', target, reached, perRound };
}

/** Added time (num − den), from per-round figures in µs, as a goal row in ms. `max` null: no target. */
export function addedMsGoalOf(name: string, numUs: number[], denUs: number[], max: number | null): Goal | null {
  if (numUs.length === 0 || denUs.length === 0) return null;
  const value = (median(numUs) - median(denUs)) / 1000;
  const paired = numUs.slice(0, Math.min(numUs.length, denUs.length)).map((v, i) => (v - denUs[i]) / 1000);
  return { name, value, unit: 'ms', target: max === null ? '–' : `≤ ${max} ms`, reached: max === null || value <= max, perRound: spread(paired) };
}

/**
 * Sorted `values` thinned to at most `max` evenly spaced ranks, always keeping the first and the
 * last: the quantile function of the samples, compact enough for a CDF plot or a JSON line.
 */
export function thinSorted(sorted: number[], max: number): number[] {
  const n = sorted.length;
  if (n <= max) return [...sorted];
  if (max < 2) return [sorted[n - 1]];
  return Array.from({ length: max }, (_, k) => sorted[Math.round((k * (n - 1)) / (max - 1))]);
}
