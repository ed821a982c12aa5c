// Real Kafka clients (kcat, kafkajs, Python confluent_kafka) through the TLS gateway in front of
// a 3-broker librdkafka mock cluster, both mock flavors. Every response carrying an address is
// inspected: no backend address may reach a client.
import fs from 'node:fs';
import t from 'tap';
import { KCAT_CODECS, kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { createKafkajs, kafkajsConsume, kafkajsProduce } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster, type MockFlavor } from '../../testkit/kafka/mock-cluster.js';
import { digestPayloads, makePayloads } from '../helpers/kafka/payloads.js';
import { runConfluentRoundTrip } from '../helpers/kafka/python.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';

const FLAVORS: readonly MockFlavor[] = ['2.0', 'new'];
const MESSAGES = Number(process.env.SW_E2E_MESSAGES ?? 100_000);

for (const flavor of FLAVORS) {
  t.test(`TLS gateway in front of mock cluster ${flavor}`, async (t) => {
    const codecTopics = KCAT_CODECS.map((c) => ({ name: `gw-${c}`, partitions: 3 }));
    const cluster = await startMockCluster({
      brokers: 3,
      flavor,
      topics: [...codecTopics, { name: 'kj', partitions: 3 }, { name: 'kj-idem', partitions: 3 }, { name: 'py', partitions: 3 }],
      rebalanceDelayMs: flavor === 'new' ? 0 : undefined,
    });
    const gw = await startKafkaGateway(cluster, { tls: true });
    t.teardown(async () => {
      await gw.stop();
      await cluster.stop();
    });
    const backendPorts = new Set(cluster.brokers.map((b) => b.port));
    const props = gw.rdkafkaProps;

    t.test('metadata through the gateway names only gateway endpoints', async (t) => {
      const md = await kcatMetadata({ bootstrap: gw.bootstrap, props });
      t.equal(md.brokers.length, 3, 'three brokers');
      for (const b of md.brokers) {
        const port = Number(b.name.split(':')[1]);
        t.notOk(backendPorts.has(port), `broker ${b.id} advertised as ${b.name}, not a backend port`);
      }
      t.equal(new Set(md.brokers.map((b) => b.name)).size, 3, 'each broker has its own endpoint');
    });

    for (const [i, codec] of KCAT_CODECS.entries()) {
      const count = codec === 'none' ? MESSAGES : Math.min(MESSAGES, 20_000);
      t.test(`kcat ${count} messages byte-exact, compression ${codec}`, async (t) => {
        const topic = `gw-${codec}`;
        // The mock keeps at most ~5 MB per partition log: keep 100k messages under that.
        const payloads = makePayloads(count, { seed: 500 + i, avoidBytes: [0x1e], maxBytes: count > 20_000 ? 96 : 512 });
        const prod = await kcatProduce({ bootstrap: gw.bootstrap, topic, messages: payloads, compression: codec, props, timeoutMs: 120_000 });
        t.equal(prod.code, 0, 'producer exits 0', { stderr: prod.stderr.slice(-800) });
        const cons = await kcatConsume({ bootstrap: gw.bootstrap, topic, count, props, timeoutMs: 120_000 });
        t.equal(cons.code, 0, 'consumer exits 0', { stderr: cons.stderr.slice(-800) });
        t.equal(cons.messages.length, count);
        t.equal(digestPayloads(cons.messages), digestPayloads(payloads), 'byte-exact');
      });
    }

    t.test('kafkajs producer and consumer group with offset commits', async (t) => {
      const kafka = createKafkajs({ brokers: gw.bootstrap, ssl: { ca: [fs.readFileSync(gw.caFile)] } });
      const payloads = makePayloads(500, { seed: 42 });
      await kafkajsProduce(kafka, 'kj', payloads, { gzip: true });
      const got = await kafkajsConsume(kafka, { topic: 'kj', groupId: 'kj-g', count: 500, timeoutMs: 20_000 });
      t.equal(digestPayloads(got), digestPayloads(payloads), 'byte-exact');
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchOffsets({ groupId: 'kj-g', topics: ['kj'] });
      await admin.disconnect();
      const committed = offsets[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
      t.equal(committed, 500, 'the group committed offsets for every message');
    });

    // kafkajs's idempotent producer cannot run against either librdkafka mock, even directly
    // (it asks for a controller broker the mocks never list), so librdkafka's idempotent
    // producer (InitProducerId + sequenced batches) is the real client here.
    t.test('idempotent producer (kcat, enable.idempotence, acks=all)', async (t) => {
      const payloads = makePayloads(2000, { seed: 43, avoidBytes: [0x1e] });
      const prod = await kcatProduce({ bootstrap: gw.bootstrap, topic: 'kj-idem', messages: payloads, props: { ...props, 'enable.idempotence': true, acks: 'all' } });
      t.equal(prod.code, 0, 'producer exits 0', { stderr: prod.stderr.slice(-500) });
      const cons = await kcatConsume({ bootstrap: gw.bootstrap, topic: 'kj-idem', count: 2000, props });
      t.equal(digestPayloads(cons.messages), digestPayloads(payloads), 'byte-exact, no duplicates');
    });

    t.test('python confluent_kafka produce and consume', async (t) => {
      const payloads = makePayloads(1000, { seed: 9 });
      const r = await runConfluentRoundTrip({ bootstrap: gw.bootstrap, topic: 'py', payloads, compression: 'lz4', config: props, timeoutMs: 30_000 });
      t.equal(r.exitCode, 0, 'python exits 0', { stderr: r.stderr.slice(-800) });
      t.equal(r.summary?.consumedSha256, digestPayloads(payloads), 'byte-exact');
    });

    t.test('no backend address reached any client', async (t) => {
      t.ok(gw.sightings.length > 0, `${gw.sightings.length} addresses inspected`);
      const leaked = gw.sightings.filter((s) => backendPorts.has(s.port));
      t.same(leaked, [], 'no response carried a backend port');
      const apis = new Set(gw.sightings.map((s) => s.api));
      t.ok(apis.has(3), 'Metadata responses inspected');
      t.ok(apis.has(10), 'FindCoordinator responses inspected');
    });
  });
}
