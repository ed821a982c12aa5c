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

function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
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

function ratioGoal(name: string, results: Results, num: TargetId, den: TargetId, pick: (m: Measurement) => number, min: number): Goal | null {
  const a = results[num];
  const b = results[den];
  if (!a?.length || !b?.length) return null;
  const value = median(a.map(pick)) / median(b.map(pick));
  const paired = a.slice(0, Math.min(a.length, b.length)).map((m, i) => pick(m) / pick(b[i]));
  return { name, value, unit: '×', target: `≥ ${min.toFixed(1)}×`, reached: value >= min, perRound: spread(paired) };
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
