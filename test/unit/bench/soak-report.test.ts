// The soak's verdict and readings (bench/soak/report.ts, sampler.ts): RSS compared with the first
// sample after warm-up (end = median of the last three), event-loop p99 over the intervals after
// warm-up, metric sums over labelled series, and an SVG that is well-formed enough to hold both
// curves.
import t from 'tap';
import { verdict, svgPlot, reliabilityMarkdown, type SoakResult } from '../../../bench/soak/report.js';
import { metricSum, type Sample } from '../../../bench/soak/sampler.js';

const s = (t: number, rssMb: number, lagP99Ms = 5): Sample => ({ t, rssMb, heapMb: 20, lagP99Ms, lagMaxMs: lagP99Ms * 2, connections: 3 });
const result = (samples: Sample[]): SoakResult => ({ minutes: 3, warmupSeconds: 60, validation: true, samples, counts: {}, codes: [['SW_ERR_MALFORMED_REQUEST', 4]], machine: 'm', started: 'x' });

t.test('RSS within 10% of the post-warm-up sample passes, growth beyond fails', async (t) => {
  const ok = verdict(result([s(0, 50), s(30, 200), s(60, 100), s(70, 104), s(80, 120), s(90, 108), s(100, 109)]));
  t.equal(ok.rssWarm, 100, 'warm-up level is the first sample at or after 60 s');
  t.equal(ok.rssEnd, 109, 'end level is the median of the last three');
  t.equal(ok.pass, true);
  t.equal(ok.lagP99Max, 5);
  const leak = verdict(result([s(60, 100), s(70, 130), s(80, 140), s(90, 150)]));
  t.equal(leak.pass, false);
  t.ok(leak.change > 0.1);
});

t.test('metricSum adds every series of a metric and ignores others sharing the prefix', async (t) => {
  const text = '# HELP x\nstreamward_connections_active{listener="a"} 2\nstreamward_connections_active{listener="b"} 3\nstreamward_connections_active_total 99\n';
  t.equal(metricSum(text, 'streamward_connections_active'), 5);
  t.ok(Number.isNaN(metricSum(text, 'streamward_missing')));
});

t.test('the SVG and the markdown carry both curves and the verdict', async (t) => {
  const samples = [s(0, 80, 3), s(10, 90, 4), s(60, 100, 6), s(70, 101, 2)];
  const svg = svgPlot(samples, 60);
  t.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  t.equal(svg.match(/<polyline /g)?.length, 2);
  t.match(svg, /<\/svg>\n$/);
  const md = reliabilityMarkdown(result(samples), verdict(result(samples)), 'RELIABILITY.svg');
  t.match(md, /Short validation run/);
  t.match(md, /\*\*PASS\*\*/);
  t.match(md, /\| SW_ERR_MALFORMED_REQUEST \| 4 \|/);
});
