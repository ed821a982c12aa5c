/**
 * The Kafka suite's plots, SVG files written beside BENCHMARKS.md and linked from its section:
 * produce and consume MB/s per target per round (the spread behind the medians) and the CDF of
 * the one-at-a-time produce latency (loadgen's latency mode, every round pooled).
 */
import { latencyCdfPlot, perRoundPlot } from '../common/svg-plot.js';
import type { Results } from './kafka-goals.js';
import { TARGET_IDS } from './targets.js';

export const KAFKA_PLOTS = {
  produce: 'BENCHMARKS-kafka-produce.svg',
  consume: 'BENCHMARKS-kafka-consume.svg',
  cdf: 'BENCHMARKS-kafka-latency-cdf.svg',
} as const;

/** File name -> SVG text; consume only when every round has a consume step, the CDF only with samples. */
export function kafkaPlots(r: Results, o: { size: number; acks: string }): Record<string, string> {
  const ids = TARGET_IDS.filter((id) => r[id]?.length);
  const out: Record<string, string> = {
    [KAFKA_PLOTS.produce]: perRoundPlot(
      `Kafka produce MB/s per round (${o.size} B, acks=${o.acks})`,
      'MB/s',
      ids.map((id) => [id, (r[id] ?? []).map((m) => m.produce.mbPerSec)]),
    ),
  };
  if (ids.every((id) => (r[id] ?? []).every((m) => m.consume !== null))) {
    out[KAFKA_PLOTS.consume] = perRoundPlot(
      'Kafka consume MB/s per round',
      'MB/s',
      ids.map((id) => [id, (r[id] ?? []).map((m) => m.consume?.mbPerSec ?? NaN)]),
    );
  }
  const samples: Array<[string, number[]]> = ids.map((id) => [id, (r[id] ?? []).flatMap((m) => m.latency.cdf ?? [])]);
  if (samples.some(([, v]) => v.length > 0)) out[KAFKA_PLOTS.cdf] = latencyCdfPlot(`Kafka produce latency CDF, one message at a time (acks=${o.acks}, all rounds)`, samples);
  return out;
}

/** Markdown image lines for the plots written. */
export function plotLinks(names: string[]): string[] {
  const alt: Record<string, string> = {
    [KAFKA_PLOTS.produce]: 'Kafka produce MB/s per target and round',
    [KAFKA_PLOTS.consume]: 'Kafka consume MB/s per target and round',
    [KAFKA_PLOTS.cdf]: 'Kafka produce latency CDF',
  };
  return names.flatMap((n) => [`![${alt[n] ?? n}](${n})`, '']);
}
