import t from 'tap';
import { medianRoleCosts } from '../../../bench/common/cpu-summary.js';
import { cpuBetween } from '../../../bench/common/load-process.js';

t.test('cpuBetween: seconds and % of a core per role over the wall time', async (t) => {
  const a = { t: 1000, cpu: { gateway: 10, backend: 5, client: null } };
  const b = { t: 3000, cpu: { gateway: 11, backend: 5.5, client: 2 } };
  const c = cpuBetween(a, b);
  t.same(Object.keys(c).sort(), ['backend', 'gateway'], 'a role unreadable at either end is left out');
  t.equal(c.gateway.seconds, 1);
  t.equal(c.gateway.pct, 50);
  t.equal(c.backend.pct, 25);
  t.same(cpuBetween(undefined, b), {});
  t.same(cpuBetween(b, a), {}, 'no time passed: nothing');
});

t.test('medianRoleCosts: medians of % and of CPU ms per unit of work', async (t) => {
  const step = (gw: number, work: number) => ({ cpu: { gateway: { seconds: gw, pct: gw * 50 } }, work });
  const r = medianRoleCosts([step(1, 100), step(2, 100), step(3, 100), step(9, 0)]);
  t.equal(r.gateway.pct, 100, 'median of 50/100/150; the step without work is skipped');
  t.equal(r.gateway.msPerUnit, 20, '2 s of CPU over 100 MB = 20 ms/MB');
  t.same(medianRoleCosts([]), {});
});
