// Attack: a client that ignores throttle_time_ms. A raw socket logs in with SASL/PLAIN and
// pipelines Produce v3 requests (a version whose clients never back off by themselves) as fast
// as the socket takes them, never reading the throttle times it is sent. The gateway mutes the
// connection for each throttle time (reads nothing more), so the client is held to its quota
// all the same: measured over one quota window (11 s) after a 3 s warm-up it gets no more than its 1 MB/s (+25%),
// where the same client without a quota gets many times that.
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { plainAttempt, plainReady } from '../helpers/kafka-sasl-raw.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { crc32c } from '../../src/protocol/fluss/records/crc32c.js';
import { kafkaQuotaStage } from '../../src/adapters/kafka/quota-stage.js';
import { QuotaService } from '../../src/adapters/quota-gate.js';
import { QuotaManager } from '../../src/quota/manager.js';
import { Metrics } from '../../src/metrics.js';
import { createMemoryLogger } from '../../src/log.js';

const MB = 1_000_000;
const VALUE = 10_000;

/** A record batch (magic 2) holding one record with `value`. */
function recordBatch(value: Buffer): Buffer {
  const record = new KafkaWriter(value.length + 32).int8(0).varint(0).varint(0).varint(-1).varint(value.length).raw(value).varint(0).toBuffer();
  const now = BigInt(Date.now());
  const afterCrc = new KafkaWriter(record.length + 64).int16(0).int32(0).int64(now).int64(now).int64(-1).int16(-1).int32(-1).int32(1).varint(record.length).raw(record).toBuffer();
  return new KafkaWriter(afterCrc.length + 32)
    .int64(0)
    .int32(4 + 1 + 4 + afterCrc.length)
    .int32(-1)
    .int8(2)
    .uint32(crc32c(afterCrc))
    .raw(afterCrc)
    .toBuffer();
}

function produceV3(id: number, batch: Buffer): Buffer {
  return new KafkaWriter(batch.length + 96)
    .int16(0)
    .int16(3)
    .int32(id)
    .nullableString('ignores-throttle')
    .nullableString(null)
    .int16(1)
    .int32(30_000)
    .int32(1)
    .string('quota-raw')
    .int32(1)
    .int32(0)
    .bytes(batch)
    .frame();
}

/** Pipelines Produce requests for `seconds`, never looking at the answers; acknowledged bytes over time. */
async function flood(port: number, seconds: number): Promise<Array<[number, number]>> {
  const c = await plainReady(port);
  const auth = await plainAttempt(c, 'alice', USERS.alice);
  if (auth.errorCode !== 0) throw new Error(`login failed: ${auth.message}`);
  const batch = recordBatch(Buffer.alloc(VALUE, 0x71));
  const start = Date.now();
  const samples: Array<[number, number]> = [];
  const timer = setInterval(() => samples.push([Date.now() - start, (c.frames.length - 2) * VALUE]), 50);
  let id = 10;
  while (Date.now() - start < seconds * 1000) {
    if (c.socket.write(produceV3(id++, batch))) continue;
    const left = Math.max(1, seconds * 1000 - (Date.now() - start));
    await new Promise<void>((resolve) => {
      const timeout = setTimeout(resolve, left);
      c.socket.once('drain', () => {
        clearTimeout(timeout);
        resolve();
      });
    });
  }
  clearInterval(timer);
  c.close();
  return samples;
}

function rateBetween(samples: Array<[number, number]>, fromMs: number, toMs: number): number {
  const at = (ms: number) => samples.reduce((best, s) => (Math.abs(s[0] - ms) < Math.abs(best[0] - ms) ? s : best));
  const a = at(fromMs);
  const b = at(toMs);
  return ((b[1] - a[1]) * 1000) / (b[0] - a[0]);
}

t.test('a client ignoring throttle_time_ms is held to its quota by the mute', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'quota-raw', partitions: 1 }] });
  t.teardown(() => cluster.stop());
  const gatewayWith = async (producerByteRate: number | null) => {
    const metrics = new Metrics();
    const manager = new QuotaManager({ entries: producerByteRate === null ? [] : [{ user: 'alice', producerByteRate }] });
    const service = new QuotaService(manager, metrics, createMemoryLogger('info').log);
    return startKafkaGateway(cluster, { metrics, auth: (m) => testPolicy(m), stages: [kafkaQuotaStage(service)] });
  };

  const capped = await gatewayWith(MB);
  t.teardown(() => capped.stop());
  const held = rateBetween(await flood(capped.port, 14.5), 3000, 14_000);
  t.comment(`capped at 1 MB/s, ignoring throttle times: ${(held / MB).toFixed(3)} MB/s`);
  t.ok(held <= 1.25 * MB, `held to its quota: ${(held / MB).toFixed(3)} MB/s`);
  t.ok(held >= 0.6 * MB, `and still served: ${(held / MB).toFixed(3)} MB/s`);

  const free = await gatewayWith(null);
  t.teardown(() => free.stop());
  const unheld = rateBetween(await flood(free.port, 5), 1000, 5000);
  t.comment(`the same client without a quota: ${(unheld / MB).toFixed(3)} MB/s`);
  t.ok(unheld > 3 * held, 'without the quota the flood goes far faster (so the cap above is the mute, not the machine)');
});
