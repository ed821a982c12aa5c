/**
 * Attack: one unauthenticated connection sends ApiVersions at 1,000 different out-of-range
 * versions. The gateway answers each (UNSUPPORTED_VERSION, as Kafka does) on the same
 * connection, and every request is counted in streamward_requests_total. Before, the version
 * label was the client's number, so each request made a new metric series (up to 65,536 per api,
 * kept for the process's life and printed at every scrape). Now versions outside 0-99 (no Kafka
 * api has 100 versions) share the label `other`. The same for Fluss api keys outside the table
 * (answered with an error on the same connection): their requests share the api label `UNKNOWN`.
 */
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { connectRaw } from '../helpers/raw-client.js';
import { Metrics } from '../../src/metrics.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussConnection } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';

function apiVersionsAt(version: number, correlationId: number): Buffer {
  const b = Buffer.alloc(14);
  b.writeInt32BE(10, 0);
  b.writeInt16BE(18, 4);
  b.writeInt16BE(version, 6);
  b.writeInt32BE(correlationId, 8);
  b.writeInt16BE(-1, 12);
  return b;
}

t.test('out-of-range ApiVersions versions make no new metric series', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const metrics = new Metrics();
  const gw = await startKafkaGateway(cluster, { metrics });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const c = await connectRaw(gw.port);
  t.teardown(() => c.close());
  const N = 1000;
  for (let i = 0; i < N; i++) c.send(apiVersionsAt(100 + i, i));
  const answers = await c.waitFrames(N, 30_000);
  t.equal(answers.length, N, 'every request answered on the same connection');
  const series = (await metrics.requests.get()).values.filter((v) => v.labels.api === 'ApiVersions');
  t.ok(series.length <= 2, `ApiVersions series: ${series.length}`);
  t.equal(series.find((v) => v.labels.version === 'other')?.value, N, 'all counted under version="other"');
});

t.test('Fluss: unknown api keys make no new metric series', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const metrics = new Metrics();
  const gw = await startFlussGateway(cluster, { metrics });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  t.teardown(() => conn.close());
  const N = 300;
  const answers = await Promise.all(Array.from({ length: N }, (_, i) => conn.request(2000 + i, 0, Buffer.alloc(0), 30_000)));
  t.ok(
    answers.every((a) => a.type !== 0),
    'every unknown api key gets an error answer on the same connection',
  );
  const series = (await metrics.requests.get()).values.filter((v) => v.labels.protocol === 'fluss');
  t.ok(series.length <= 2, `Fluss series: ${series.length}`);
});
