// Fluss quotas: the Fluss test client logs in with SASL/PLAIN through the gateway to the Fluss
// test cluster. Fluss answers have no throttle field, so the quota is the delay alone: alice,
// capped at 200 kB/s for PRODUCE_LOG and FETCH_LOG, is held to it by the mute (her requests
// wait), while bob, without a quota, produces and fetches far faster at the same time.
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, tableDescriptorJson } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { buildLogBatch } from '../../src/protocol/fluss/records/log-batch.js';
import { flussQuotaStage } from '../../src/adapters/fluss/quota-stage.js';
import { QuotaService } from '../../src/adapters/quota-gate.js';
import { QuotaManager } from '../../src/quota/manager.js';
import { Metrics } from '../../src/metrics.js';
import { createMemoryLogger } from '../../src/log.js';

const TABLE = { database_name: 'quota_db', table_name: 'events' };
const RATE = 200_000;
/** 11 windows of 200 ms: the start-up allowance (10 windows) is 2 s of quota, so a short test sees the steady rate. */
const WINDOW = { samples: 11, windowMs: 200 };

/** Bytes per second one client moves with `step` (returning bytes) between warmMs and endMs. */
async function rateOf(step: () => Promise<number>, warmMs: number, endMs: number): Promise<number> {
  const start = Date.now();
  let counted = 0;
  let from = 0;
  while (Date.now() - start < endMs) {
    const n = await step();
    const at = Date.now() - start;
    if (at < warmMs) continue;
    if (from === 0) from = at;
    else counted += n;
  }
  return (counted * 1000) / (Date.now() - start - from);
}

t.test('Fluss: the principal over its quota is delayed, the other one is not', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const metrics = new Metrics();
  const manager = new QuotaManager({ entries: [{ user: 'alice', producerByteRate: RATE, consumerByteRate: RATE }], window: WINDOW });
  const service = new QuotaService(manager, metrics, createMemoryLogger('info').log);
  const gw = await startFlussGateway(cluster, { metrics, auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], throttle: null }), stages: [flussQuotaStage(service)] });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const alice = await FlussTestClient.connect(gw.bootstrap, { auth: { username: 'alice', password: USERS.alice }, requestTimeoutMs: 30_000 });
  const bob = await FlussTestClient.connect(gw.bootstrap, { auth: { username: 'bob', password: USERS.bob }, requestTimeoutMs: 30_000 });
  t.teardown(() => {
    alice.close();
    bob.close();
  });
  await bob.admin.createDatabase(TABLE.database_name);
  await bob.admin.createTable(TABLE, tableDescriptorJson({ columns: [{ name: 'v', type: 'STRING' }], bucketCount: 1 }));
  const batch = buildLogBatch({ records: [Buffer.alloc(40_000, 0x61)] });
  const produce = (c: FlussTestClient) => async () => {
    await c.log.produce(TABLE, new Map([[0, batch]]));
    return batch.length;
  };

  t.test('PRODUCE_LOG', async (t) => {
    const [a, b] = await Promise.all([rateOf(produce(alice), 2500, 7500), rateOf(produce(bob), 2500, 7500)]);
    t.comment(`alice ${(a / 1000).toFixed(0)} kB/s, bob ${(b / 1000).toFixed(0)} kB/s`);
    t.ok(a <= 1.3 * RATE, `alice held near her 200 kB/s: ${(a / 1000).toFixed(0)} kB/s`);
    t.ok(a >= 0.5 * RATE, `and still served: ${(a / 1000).toFixed(0)} kB/s`);
    t.ok(b > 4 * RATE, `bob far faster: ${(b / 1000).toFixed(0)} kB/s`);
  });

  t.test('FETCH_LOG', async (t) => {
    const fetch = (c: FlussTestClient) => async () => {
      const r = await c.log.fetch(TABLE, 0, 0n, { maxBytes: 100_000 });
      return r.records?.length ?? 0;
    };
    const [a, b] = await Promise.all([rateOf(fetch(alice), 2500, 7500), rateOf(fetch(bob), 2500, 7500)]);
    t.comment(`alice ${(a / 1000).toFixed(0)} kB/s, bob ${(b / 1000).toFixed(0)} kB/s`);
    t.ok(a <= 1.3 * RATE, `alice held near her 200 kB/s: ${(a / 1000).toFixed(0)} kB/s`);
    t.ok(b > 4 * RATE, `bob far faster: ${(b / 1000).toFixed(0)} kB/s`);
    const m = await metrics.registry.metrics();
    t.match(m, /streamward_quota_throttle_ms_total\{principal="User:alice",quota="consumer_byte_rate"\} [1-9]/);
  });
});
