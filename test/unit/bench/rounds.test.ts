import t from 'tap';
import { roundOrder, runRounds } from '../../../bench/common/rounds.js';

t.test('roundOrder rotates the start by the round number', async (t) => {
  const ids = ['a', 'b', 'c'];
  t.same(roundOrder(0, ids), ['a', 'b', 'c']);
  t.same(roundOrder(1, ids), ['b', 'c', 'a']);
  t.same(roundOrder(2, ids), ['c', 'a', 'b']);
  t.same(roundOrder(3, ids), ['a', 'b', 'c']);
  t.same(ids, ['a', 'b', 'c'], 'input untouched');
});

t.test('runRounds: every target once per round, interleaved, results in round order', async (t) => {
  const calls: string[] = [];
  const seen: string[] = [];
  const results = await runRounds(
    3,
    ['x', 'y'] as const,
    async (id, round) => {
      calls.push(`${round}:${id}`);
      return `${id}${round}`;
    },
    (id, round, m) => seen.push(`${id}@${round}=${m}`),
  );
  t.same(calls, ['0:x', '0:y', '1:y', '1:x', '2:x', '2:y']);
  t.same(results, { x: ['x0', 'x1', 'x2'], y: ['y0', 'y1', 'y2'] });
  t.equal(seen.length, 6);
  t.equal(seen[2], 'y@1=y1');
});

t.test('runRounds stops at the first failing measurement', async (t) => {
  let calls = 0;
  await t.rejects(
    runRounds(2, ['x', 'y'], async (id) => {
      calls++;
      if (id === 'y') throw new Error('backend died');
      return 1;
    }),
    /backend died/,
  );
  t.equal(calls, 2);
});
