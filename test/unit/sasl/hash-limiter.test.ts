import t from 'tap';
import { HashLimiter } from '../../../src/sasl/hash-limiter.js';
import { GatewayError } from '../../../src/errors.js';

t.test('at most `concurrency` run, at most `queue` wait, the rest are refused at once', async (t) => {
  const limiter = new HashLimiter({ concurrency: 2, queue: 3 });
  let running = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const work = () =>
    new Promise<string>((resolve) => {
      running++;
      peak = Math.max(peak, running);
      releases.push(() => {
        running--;
        resolve('done');
      });
    });
  const runs = Array.from({ length: 10 }, () =>
    limiter.run(work).then(
      (v) => v,
      (e: GatewayError) => e.code,
    ),
  );
  await new Promise((r) => setImmediate(r));
  t.equal(limiter.running, 2);
  t.equal(limiter.queued, 3);
  while (releases.length > 0 || running > 0) {
    releases.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  const results = await Promise.all(runs);
  t.equal(results.filter((r) => r === 'done').length, 5);
  t.equal(results.filter((r) => r === 'SW_ERR_AUTH_BUSY').length, 5);
  t.equal(peak, 2);
  t.equal(limiter.running, 0);
  t.equal(await limiter.run(async () => 'again'), 'again', 'slots are given back');
});

t.test('a failing check frees its slot', async (t) => {
  const limiter = new HashLimiter({ concurrency: 1, queue: 0 });
  await t.rejects(
    limiter.run(async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  t.equal(await limiter.run(async () => 1), 1);
});
