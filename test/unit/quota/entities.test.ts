/**
 * Quota precedence and sharing, as Kafka's ClientQuotaManager documents them (KIP-55).
 */
import t from 'tap';
import { DEFAULT_ENTITY as D, QuotaEntities, type QuotaEntry } from '../../../src/quota/entities.js';

const all: QuotaEntry[] = [
  { user: 'alice', clientId: 'app', producerByteRate: 1 },
  { user: 'alice', clientId: D, producerByteRate: 2 },
  { user: 'alice', producerByteRate: 3 },
  { user: D, clientId: 'app', producerByteRate: 4 },
  { user: D, clientId: D, producerByteRate: 5 },
  { user: D, producerByteRate: 6 },
  { clientId: 'app', producerByteRate: 7 },
  { clientId: D, producerByteRate: 8 },
];

t.test('the eight levels in Kafka order: removing the most specific reveals the next', async (t) => {
  const want = [
    [1, 'alice\u0000app'],
    [2, 'alice\u0000app'],
    [3, 'alice\u0000'],
    [4, 'alice\u0000app'],
    [5, 'alice\u0000app'],
    [6, 'alice\u0000'],
    [7, '\u0000app'],
    [8, '\u0000app'],
  ];
  for (let level = 0; level < all.length; level++) {
    const q = new QuotaEntities(all.slice(level)).resolve('producerByteRate', 'alice', 'app');
    t.same(q && [q.bound, q.rateKey], want[level], `level ${level + 1}`);
  }
  t.equal(new QuotaEntities([]).resolve('producerByteRate', 'alice', 'app'), null, 'no quota at all');
});

t.test('each quota type resolves on its own', async (t) => {
  const e = new QuotaEntities([
    { user: 'alice', producerByteRate: 100 },
    { clientId: 'app', consumerByteRate: 50 },
  ]);
  t.same(e.resolve('producerByteRate', 'alice', 'app'), { bound: 100, rateKey: 'alice\u0000' });
  t.same(e.resolve('consumerByteRate', 'alice', 'app'), { bound: 50, rateKey: '\u0000app' }, "alice's produce quota does not hide the client-id's fetch quota");
  t.equal(e.resolve('requestPercentage', 'alice', 'app'), null);
});

t.test('defaults apply to each user separately; user-level quotas are shared by their client-ids', async (t) => {
  const e = new QuotaEntities([{ user: D, producerByteRate: 10 }]);
  t.not(e.resolve('producerByteRate', 'bob', 'x')!.rateKey, e.resolve('producerByteRate', 'carol', 'x')!.rateKey);
  t.equal(e.resolve('producerByteRate', 'bob', 'x')!.rateKey, e.resolve('producerByteRate', 'bob', 'y')!.rateKey);
});
