/**
 * The windowed rate against figures worked out by hand from Kafka's SampledStat / Rate rules.
 */
import t from 'tap';
import { WindowedRate } from '../../../src/quota/rate.js';

const W = { samples: 11, windowMs: 1000 };

t.test('a first burst is measured over (samples - 1) windows, not over zero time', async (t) => {
  const r = new WindowedRate(W);
  r.record(1000, 0);
  t.equal(r.elapsedMs(0), 10_000);
  t.equal(r.perSecond(0), 100);
  t.equal(r.throttleMs(100, 0), 0, 'at the bound: no throttle');
  t.equal(r.throttleMs(50, 0), 10_000, '(100 - 50) / 50 * 10 s');
});

t.test('values land in 1 s windows; the oldest window sets the elapsed time once there are enough', async (t) => {
  const r = new WindowedRate(W);
  for (let s = 0; s <= 12; s++) r.record(500, s * 1000);
  // at 12 s: windows opened at 2..12 s hold 500 each (0 and 1 s were reused), oldest opened at 2 s
  t.equal(r.elapsedMs(12_000), 10_000);
  t.equal(r.perSecond(12_000), (11 * 500) / 10);
  t.equal(r.elapsedMs(12_500), 10_500, 'more than the minimum: the real span');
});

t.test('windows older than samples * window count as empty', async (t) => {
  const r = new WindowedRate(W);
  r.record(5000, 0);
  t.equal(r.perSecond(10_999), 5000 / 10.999);
  t.equal(r.perSecond(11_000), 0, 'the burst has aged out');
});

t.test('a negative record takes an earlier one back', async (t) => {
  const r = new WindowedRate(W);
  r.record(800, 0);
  r.record(-800, 10);
  t.equal(r.perSecond(10), 0);
});

t.test('throttle time solves O * W / (W + X) = T', async (t) => {
  const r = new WindowedRate(W);
  for (let s = 0; s < 11; s++) r.record(2000, s * 1000);
  const now = 10_000;
  const observed = r.perSecond(now);
  const x = r.throttleMs(1000, now);
  t.equal(x, Math.round(((observed - 1000) / 1000) * r.elapsedMs(now)));
  t.ok(Math.abs((observed * r.elapsedMs(now)) / (r.elapsedMs(now) + x) - 1000) < 1, 'after waiting X the rate is the bound');
});
