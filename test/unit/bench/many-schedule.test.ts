// The many-connections send schedule: turns spread evenly over the period, round-robin over the
// clients, capped at the planned count, a late timer catching up.
import t from 'tap';
import { plannedTurns, runSchedule, turnsDue } from '../../../bench/kafka/many-schedule.js';

t.test('plannedTurns and turnsDue: clients × rate per second, spread over the period', async (t) => {
  const s = { clients: 1000, rate: 10, durationMs: 5000 };
  t.equal(plannedTurns(s), 50_000);
  t.equal(turnsDue(s, 0), 1, 'the first turn is due at once');
  t.equal(turnsDue(s, 0.05), 1, 'the next one 0.1 ms later');
  t.equal(turnsDue(s, 50), 501, 'half a period: half the clients had their turn');
  t.equal(turnsDue(s, 100), 1001, 'one period: every client once, the first a second time');
  t.equal(turnsDue(s, 60_000), 50_000, 'never beyond the plan');
});

t.test('runSchedule: every client gets its share of turns in round-robin order', async (t) => {
  const turns: number[] = [];
  const t0 = performance.now();
  await runSchedule({ clients: 10, rate: 50, durationMs: 200 }, (i) => turns.push(i));
  t.equal(turns.length, 100);
  t.same(turns.slice(0, 12), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  for (let c = 0; c < 10; c++) t.equal(turns.filter((x) => x === c).length, 10, `client ${c}`);
  t.ok(performance.now() - t0 >= 150, 'spread over the duration, not sent at once');
});
