/**
 * The Kafka suite's summaries and goal rows: per target the spreads of its rounds (summarise),
 * and the Kafka goals from whatever targets have results (goals).
 */
import type { Measurement } from './load.js';
import type { TargetId } from './targets.js';
import { addedMsGoalOf, median, ratioGoalOf, spread, type Goal, type Spread } from '../common/stats.js';

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

export type Results = Partial<Record<TargetId, Measurement[]>>;

function ratioGoal(name: string, results: Results, num: TargetId, den: TargetId, pick: (m: Measurement) => number, min: number, everyRound = false): Goal | null {
  return ratioGoalOf(name, (results[num] ?? []).map(pick), (results[den] ?? []).map(pick), min, { everyRound });
}

/**
 * The Kafka goals (produce and consume), from whatever targets have results. The TLS
 * goals compare at equal threads when haproxyThreads is 1 (the gateway proxies on one event
 * loop); the names state both.
 */
export function goals(results: Results, haproxyThreads = 1): Goal[] {
  const hp = `haproxy TLS (nbthread ${haproxyThreads})`;
  const cpuMs =
    (pick: (m: Measurement) => number | null | undefined) =>
    (m: Measurement): number =>
      pick(m) ?? NaN;
  const out: Array<Goal | null> = [
    ratioGoal(`produce throughput, gateway TLS (1 worker) / ${hp}`, results, 'gateway-tls', 'haproxy-tls', (m) => m.produce.mbPerSec, 1.0, true),
    ratioGoal('produce throughput, gateway plaintext / direct', results, 'gateway-plain', 'direct', (m) => m.produce.mbPerSec, 0.7),
  ];
  const gw = results['gateway-tls'];
  const hpr = results['haproxy-tls'];
  if (gw?.length && hpr?.length) {
    const p99 = (m: Measurement): number => m.latency.p99;
    const p50 = (m: Measurement): number => m.latency.p50;
    out.push(addedMsGoalOf(`added p99 produce latency, gateway TLS over ${hp}`, gw.map(p99), hpr.map(p99), 0.5));
    out.push(addedMsGoalOf(`added p50 produce latency, gateway TLS over ${hp} (no target; steadier than p99 on a busy machine)`, gw.map(p50), hpr.map(p50), null));
  }
  const hasConsume = (r?: Measurement[]): boolean => !!r?.length && r.every((m) => m.consume !== null);
  if (hasConsume(gw) && hasConsume(hpr)) {
    out.push(ratioGoal(`consume throughput, gateway TLS (1 worker) / ${hp}`, results, 'gateway-tls', 'haproxy-tls', (m) => m.consume?.mbPerSec ?? NaN, 1.0));
    out.push(
      ratioGoal(
        `proxy CPU ms per MB consumed, ${hp} / gateway TLS (≥ 1 = gateway costs no more)`,
        results,
        'haproxy-tls',
        'gateway-tls',
        cpuMs((m) => m.consume?.proxyCpuMsPerMB),
        1.0,
      ),
    );
  }
  if (gw?.length && hpr?.length) {
    out.push(
      ratioGoal(
        `proxy CPU ms per MB produced, ${hp} / gateway TLS (≥ 1 = gateway costs no more)`,
        results,
        'haproxy-tls',
        'gateway-tls',
        cpuMs((m) => m.produce.proxyCpuMsPerMB),
        1.0,
      ),
    );
  }
  if (hasConsume(results['gateway-plain']) && hasConsume(results.direct)) {
    out.push(ratioGoal('consume throughput, gateway plaintext / direct', results, 'gateway-plain', 'direct', (m) => m.consume?.mbPerSec ?? NaN, 0.7));
  }
  const hasSmall = (r?: Measurement[]): boolean => !!r?.length && r.every((m) => m.small != null);
  const smallMsgs = (m: Measurement): number => m.small?.msgsPerSec ?? NaN;
  if (hasSmall(gw) && hasSmall(hpr)) out.push(ratioGoal(`small messages: produce msg/s, gateway TLS (1 worker) / ${hp}`, results, 'gateway-tls', 'haproxy-tls', smallMsgs, 1.0));
  if (hasSmall(results['gateway-plain']) && hasSmall(results.direct))
    out.push(ratioGoal('small messages: produce msg/s, gateway plaintext / direct', results, 'gateway-plain', 'direct', smallMsgs, 0.7));
  return out.filter((g): g is Goal => g !== null);
}
