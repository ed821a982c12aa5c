/**
 * Aggregation of the rounds: per-target medians (with the spread across rounds) and the
 * ratios the issue sets targets for.
 */
import type { Measurement } from './load.js';
import type { TargetId } from './targets.js';

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
    count: samples.length, p50: percentile(samples, 50), p90: percentile(samples, 90), p99: percentile(samples, 99),
    max: samples.length ? samples.reduce((a, b) => (b > a ? b : a), -Infinity) : NaN, mean: samples.length ? mean : NaN,
  };
}

export interface TargetSummary {
  rounds: number;
  produceMBps: Spread;
  produceMsgps: Spread;
  consumeMBps: Spread | null;
  /** Median CPU of the proxy process (% of one core) during the produce / consume steps. */
  produceProxyCpu: number | null;
  consumeProxyCpu: number | null;
  /** Median proxy CPU milliseconds per MB moved, produce / consume. */
  produceCpuMsPerMB: number | null;
  consumeCpuMsPerMB: number | null;
  p50: Spread;
  p90: Spread;
  p99: Spread;
  max: Spread;
}

function medianOrNull(values: Array<number | null | undefined>): number | null {
  const v = values.filter((x): x is number => typeof x === 'number');
  return v.length > 0 ? median(v) : null;
}

export function summarise(ms: Measurement[]): TargetSummary {
  const consume = ms.map((m) => m.consume).filter((c) => c !== null);
  return {
    rounds: ms.length,
    produceMBps: spread(ms.map((m) => m.produce.mbPerSec)),
    produceMsgps: spread(ms.map((m) => m.produce.msgsPerSec)),
    consumeMBps: consume.length === ms.length && ms.length > 0 ? spread(consume.map((c) => c.mbPerSec)) : null,
    produceProxyCpu: medianOrNull(ms.map((m) => m.produce.proxyCpuPct)),
    consumeProxyCpu: medianOrNull(consume.map((c) => c.proxyCpuPct)),
    produceCpuMsPerMB: medianOrNull(ms.map((m) => m.produce.proxyCpuMsPerMB)),
    consumeCpuMsPerMB: medianOrNull(consume.map((c) => c.proxyCpuMsPerMB)),
    p50: spread(ms.map((m) => m.latency.p50)),
    p90: spread(ms.map((m) => m.latency.p90)),
    p99: spread(ms.map((m) => m.latency.p99)),
    max: spread(ms.map((m) => m.latency.max)),
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

export type Results = Partial<Record<TargetId, Measurement[]>>;

/**
 * A ratio goal from per-round figures of two targets measured in the same rounds: the ratio of
 * the medians, and the ratio within each round (paired by index) as a spread. `min` null: no
 * target (an informational row). Null when either side has no figures.
 */
export function ratioGoalOf(name: string, num: number[], den: number[], min: number | null): Goal | null {
  if (num.length === 0 || den.length === 0) return null;
  const value = median(num) / median(den);
  const paired = num.slice(0, Math.min(num.length, den.length)).map((v, i) => v / den[i]);
  const target = min === null ? '–' : `≥ ${min.toFixed(Number(min.toFixed(1)) === min ? 1 : 2)}×`;
  return { name, value, unit: '×', target, reached: min === null || value >= min, perRound: spread(paired) };
}

/** Added time (num − den), from per-round figures in µs, as a goal row in ms. `max` null: no target. */
export function addedMsGoalOf(name: string, numUs: number[], denUs: number[], max: number | null): Goal | null {
  if (numUs.length === 0 || denUs.length === 0) return null;
  const value = (median(numUs) - median(denUs)) / 1000;
  const paired = numUs.slice(0, Math.min(numUs.length, denUs.length)).map((v, i) => (v - denUs[i]) / 1000);
  return { name, value, unit: 'ms', target: max === null ? '–' : `≤ ${max} ms`, reached: max === null || value <= max, perRound: spread(paired) };
}

function ratioGoal(name: string, results: Results, num: TargetId, den: TargetId, pick: (m: Measurement) => number, min: number): Goal | null {
  return ratioGoalOf(name, (results[num] ?? []).map(pick), (results[den] ?? []).map(pick), min);
}

/** The three goals (and consume-side companions), from whatever targets have results. */
export function goals(results: Results): Goal[] {
  const out: Array<Goal | null> = [
    ratioGoal('produce throughput, gateway TLS / haproxy TLS', results, 'gateway-tls', 'haproxy-tls', (m) => m.produce.mbPerSec, 1.0),
    ratioGoal('produce throughput, gateway plaintext / direct', results, 'gateway-plain', 'direct', (m) => m.produce.mbPerSec, 0.7),
  ];
  const gw = results['gateway-tls'];
  const hp = results['haproxy-tls'];
  if (gw?.length && hp?.length) {
    const added = (pick: (m: Measurement) => number): { value: number; perRound: Spread } => ({
      value: (median(gw.map(pick)) - median(hp.map(pick))) / 1000,
      perRound: spread(gw.slice(0, Math.min(gw.length, hp.length)).map((m, i) => (pick(m) - pick(hp[i])) / 1000)),
    });
    const p99 = added((m) => m.latency.p99);
    out.push({ name: 'added p99 produce latency, gateway TLS over haproxy TLS', ...p99, unit: 'ms', target: '≤ 0.5 ms', reached: p99.value <= 0.5 });
    const p50 = added((m) => m.latency.p50);
    out.push({ name: 'added p50 produce latency, gateway TLS over haproxy TLS (no target; steadier than p99 on a busy machine)', ...p50, unit: 'ms', target: '–', reached: true });
  }
  const hasConsume = (r?: Measurement[]): boolean => !!r?.length && r.every((m) => m.consume !== null);
  if (hasConsume(gw) && hasConsume(hp)) {
    out.push(ratioGoal('consume throughput, gateway TLS / haproxy TLS', results, 'gateway-tls', 'haproxy-tls', (m) => m.consume?.mbPerSec ?? NaN, 1.0));
  }
  if (hasConsume(results['gateway-plain']) && hasConsume(results.direct)) {
    out.push(ratioGoal('consume throughput, gateway plaintext / direct', results, 'gateway-plain', 'direct', (m) => m.consume?.mbPerSec ?? NaN, 0.7));
  }
  return out.filter((g): g is Goal => g !== null);
}
