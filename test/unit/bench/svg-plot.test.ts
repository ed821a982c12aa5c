// The benchmark's own SVG plots: a valid SVG with one line and one legend entry per series,
// points placed by value, escaped names; the CDF of samples ends at 1 and never falls.
import t from 'tap';
import { cdfPoints, linePlot } from '../../../bench/common/svg-plot.js';

t.test('linePlot: one polyline and legend entry per series, names escaped', async (t) => {
  const svg = linePlot({
    title: 'req/s per round',
    xLabel: 'round',
    yLabel: 'req/s',
    dots: true,
    series: [
      {
        name: 'gateway <1 worker>',
        points: [
          [1, 100],
          [2, 200],
          [3, 150],
        ],
      },
      {
        name: 'haproxy',
        points: [
          [1, 300],
          [2, 310],
          [3, 305],
        ],
      },
    ],
  });
  t.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  t.equal(svg.match(/<polyline /g)?.length, 2);
  t.equal(svg.match(/<circle /g)?.length, 6);
  t.match(svg, 'gateway &lt;1 worker&gt;');
  t.notMatch(svg, 'gateway <1');
  const ys = [...svg.matchAll(/<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="([^"]+)"/g)][0][1].split(' ').map((p) => Number(p.split(',')[1]));
  t.ok(ys[1] < ys[2] && ys[2] < ys[0], 'a larger value is drawn higher (smaller y)');
});

t.test('linePlot: log x leaves out non-positive values; empty series still give an SVG', async (t) => {
  const svg = linePlot({
    title: 'cdf',
    xLabel: 'ms',
    yLabel: 'fraction',
    xLog: true,
    series: [
      {
        name: 'a',
        points: [
          [0, 0.1],
          [0.1, 0.5],
          [10, 1],
        ],
      },
    ],
  });
  t.equal(svg.match(/<polyline [^>]*points="([^"]+)"/)![1].split(' ').length, 2);
  t.match(linePlot({ title: 'none', xLabel: 'x', yLabel: 'y', series: [] }), /<\/svg>\n$/);
});

t.test('cdfPoints: sorted, ends at (max, 1), thinned', async (t) => {
  const pts = cdfPoints([5, 1, 3, 2, 4]);
  t.same(pts, [
    [1, 0.2],
    [2, 0.4],
    [3, 0.6],
    [4, 0.8],
    [5, 1],
  ]);
  const many = cdfPoints(
    Array.from({ length: 10_000 }, (_, i) => 10_000 - i),
    100,
  );
  t.ok(many.length <= 101);
  t.same(many[many.length - 1], [10_000, 1]);
  for (let i = 1; i < many.length; i++) t.ok(many[i][0] >= many[i - 1][0] && many[i][1] > many[i - 1][1]);
  t.same(cdfPoints([]), []);
});
