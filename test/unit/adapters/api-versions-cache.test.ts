import t from 'tap';
import { ApiVersionsCache, keyOf } from '../../../src/adapters/api-versions-cache.js';

t.test('concurrent callers share one probe; the answer is kept per node and version', async (t) => {
  const cache = new ApiVersionsCache();
  let probes = 0;
  const probe = async () => {
    probes++;
    await new Promise((r) => setTimeout(r, 20));
    return Buffer.from('answer');
  };
  const got = await Promise.all(Array.from({ length: 50 }, () => cache.body(keyOf('bootstrap', 3), probe)));
  t.equal(probes, 1);
  t.ok(got.every((b) => b.toString() === 'answer'));
  await cache.body(keyOf('bootstrap', 3), probe);
  t.equal(probes, 1, 'known: no probe');
  await cache.body(keyOf('tablet:1', 3), probe);
  t.equal(probes, 2, 'another node is probed on its own');
});

t.test('answers that pass through are learned; a failed probe is not retried at once', async (t) => {
  const cache = new ApiVersionsCache(10_000);
  cache.learn(keyOf('broker:1', 0), Buffer.from('seen'));
  t.equal((await cache.body(keyOf('broker:1', 0), () => Promise.reject(new Error('no')))).toString(), 'seen');
  let probes = 0;
  const failing = () => {
    probes++;
    return Promise.reject(new Error('down'));
  };
  await t.rejects(cache.body(keyOf('broker:2', 0), failing), /down/);
  await t.rejects(cache.body(keyOf('broker:2', 0), failing), { code: 'SW_ERR_UPSTREAM_UNREACHABLE' });
  t.equal(probes, 1, 'no probe per client while the backend is down');
});
