/**
 * The Fluss suite's plots, SVG files written beside BENCHMARKS.md and linked from its section:
 * produce and fetch MB/s per target per round, and the CDF of the one-record produce latency
 * (every round pooled).
 */
import { latencyCdfPlot, perRoundPlot } from '../common/svg-plot.js';
import type { FlussMeasurement } from './fluss-suite.js';
import { FLUSS_TARGET_IDS, type FlussTargetId } from './fluss-targets.js';

export const FLUSS_PLOTS = {
  produce: 'BENCHMARKS-fluss-produce.svg',
  fetch: 'BENCHMARKS-fluss-fetch.svg',
  cdf: 'BENCHMARKS-fluss-latency-cdf.svg',
} as const;

type Results = Partial<Record<FlussTargetId, FlussMeasurement[]>>;

/** File name -> SVG text; fetch only when every round fetched, the CDF only with samples. */
export function flussPlots(r: Results): Record<string, string> {
  const ids = FLUSS_TARGET_IDS.filter((id) => r[id]?.length);
  const of = (id: FlussTargetId): FlussMeasurement[] => r[id] ?? [];
  const out: Record<string, string> = {
    [FLUSS_PLOTS.produce]: perRoundPlot(
      'Fluss produce MB/s per round',
      'MB/s',
      ids.map((id) => [id, of(id).map((m) => m.produce.mbPerSec)]),
    ),
  };
  if (ids.every((id) => of(id).every((m) => m.fetch !== null))) {
    out[FLUSS_PLOTS.fetch] = perRoundPlot(
      'Fluss fetch MB/s per round',
      'MB/s',
      ids.map((id) => [id, of(id).map((m) => m.fetch?.mbPerSec ?? NaN)]),
    );
  }
  const samples: Array<[string, number[]]> = ids.map((id) => [id, of(id).flatMap((m) => m.latency?.cdf ?? [])]);
  if (samples.some(([, v]) => v.length > 0)) out[FLUSS_PLOTS.cdf] = latencyCdfPlot('Fluss produce latency CDF, one record at a time (all rounds)', samples);
  return out;
}

const ALT: Record<string, string> = {
  [FLUSS_PLOTS.produce]: 'Fluss produce MB/s per target and round',
  [FLUSS_PLOTS.fetch]: 'Fluss fetch MB/s per target and round',
  [FLUSS_PLOTS.cdf]: 'Fluss produce latency CDF',
};

/** Markdown image lines for the plots `flussPlots` gives for these results. */
export function flussPlotLinks(r: Results): string[] {
  return Object.keys(flussPlots(r)).flatMap((n) => [`![${ALT[n]}](${n})`, '']);
}
