import t from 'tap';
import { addedMsGoalOf, latencyFigures, median, percentile, ratioGoalOf, spread, thinSorted } from '../../../bench/common/stats.js';

t.test('median of odd and even counts, unsorted input left alone', async (t) => {
  const input = [5, 1, 3];
  t.equal(median(input), 3);
  t.same(input, [5, 1, 3], 'input not sorted in place');
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.ok(Number.isNaN(median([])));
});

t.test('spread gives median, min and max', async (t) => {
  t.same(spread([10, 30, 20]), { median: 20, min: 10, max: 30 });
});

t.test('percentile by nearest rank', async (t) => {
  const v = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
  t.equal(percentile(v, 50), 50);
  t.equal(percentile(v, 99), 99);
  t.equal(percentile(v, 100), 100);
  t.equal(percentile(v, 0), 1, 'p0 is the smallest');
  t.equal(percentile([7], 99), 7);
  t.ok(Number.isNaN(percentile([], 50)));
});

t.test('latencyFigures: percentiles, max and mean of the samples', async (t) => {
  const f = latencyFigures([4, 1, 3, 2, 10]);
  t.same(f, { count: 5, p50: 3, p90: 10, p99: 10, max: 10, mean: 4 });
  const empty = latencyFigures([]);
  t.equal(empty.count, 0);
  t.ok(Number.isNaN(empty.max) && Number.isNaN(empty.mean));
});

t.test('ratioGoalOf: ratio of medians, paired per-round spread, target check', async (t) => {
  const g = ratioGoalOf('x', [90, 100, 80], [100, 100, 100], 0.95);
  t.ok(g);
  t.equal(g!.value, 0.9);
  t.same(g!.perRound, { median: 0.9, min: 0.8, max: 1 });
  t.equal(g!.target, '≥ 0.95×');
  t.equal(g!.reached, false);
  t.equal(ratioGoalOf('x', [96], [100], 0.95)!.reached, true);
  t.equal(ratioGoalOf('x', [1], [1], 0.7)!.target, '≥ 0.7×', 'one decimal when that is exact');
  t.equal(ratioGoalOf('x', [1], [1], 1)!.target, '≥ 1.0×');
  const info = ratioGoalOf('x', [1], [2], null)!;
  t.equal(info.target, '–');
  t.equal(info.value, 0.5);
  t.equal(ratioGoalOf('x', [], [1], 1), null, 'no figures, no goal');
});

t.test('addedMsGoalOf: difference of medians in ms from µs samples', async (t) => {
  const g = addedMsGoalOf('lat', [1500, 2500, 2000], [1000, 1000, 1000], 0.5)!;
  t.equal(g.value, 1);
  t.equal(g.unit, 'ms');
  t.same(g.perRound, { median: 1, min: 0.5, max: 1.5 });
  t.equal(g.reached, false);
  t.equal(addedMsGoalOf('lat', [1200], [1000], 0.5)!.reached, true);
  t.equal(addedMsGoalOf('lat', [1200], [1000], null)!.target, '–');
});

t.test('thinSorted: at most max evenly spaced ranks, first and last kept; small inputs whole', async (t) => {
  const v = Array.from({ length: 10_001 }, (_, i) => i);
  const thin = thinSorted(v, 101);
  t.equal(thin.length, 101);
  t.equal(thin[0], 0);
  t.equal(thin[100], 10_000);
  t.equal(thin[50], 5000, 'the median rank stays the median');
  t.same(thinSorted([1, 2, 3], 2000), [1, 2, 3]);
  t.same(thinSorted([1, 2, 3], 1), [3]);
});

t.test('ratioGoalOf everyRound: the median ratio is not enough when one paired round falls short', async (t) => {
  const plain = ratioGoalOf('x', [110, 95, 120], [100, 100, 100], 1.0)!;
  t.equal(plain.reached, true, 'median 1.1');
  const strict = ratioGoalOf('x', [110, 95, 120], [100, 100, 100], 1.0, { everyRound: true })!;
  t.equal(strict.reached, false, 'round 2 at 0.95');
  t.equal(strict.target, '≥ 1.0× every round');
  t.equal(ratioGoalOf('x', [110, 101, 120], [100, 100, 100], 1.0, { everyRound: true })!.reached, true);
});
