// Smoke test of the Kafka test harness without the gateway: real clients (kcat, kafkajs,
// Python confluent_kafka) against librdkafka's mock cluster, both flavors (librdkafka 2.0.2
// with old protocol versions, 2.15.1 with flexible versions). Proves the backend and the
// helpers before the gateway is placed in between.
import { connect } from 'node:net';
import t from 'tap';
import { KCAT_CODECS, KCAT_DELIMITER, frameMessages, kcatConsume, kcatMetadata, kcatProduce, splitDelimited } from '../helpers/kafka/kcat.js';
import { createKafkajs, kafkajsConsume, kafkajsProduce } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster, type MockFlavor } from '../../testkit/kafka/mock-cluster.js';
import { digestPayloads, makePayloads } from '../helpers/kafka/payloads.js';
import { runConfluentRoundTrip } from '../helpers/kafka/python.js';

const FLAVORS: readonly MockFlavor[] = ['2.0', 'new'];

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

t.test('kcat framing is byte-exact and refuses ambiguous input', async (t) => {
  const msgs = makePayloads(50, { seed: 7, avoidBytes: [0x1e] });
  t.same(splitDelimited(frameMessages(msgs)), msgs);
  t.throws(() => frameMessages([Buffer.concat([Buffer.from('a'), KCAT_DELIMITER, Buffer.from('b')])]));
  t.throws(() => frameMessages([Buffer.alloc(0)]));
});

for (const flavor of FLAVORS) {
  t.test(`mock cluster ${flavor}`, async (t) => {
    const codecTopics = KCAT_CODECS.map((c) => ({ name: `kcat-${c}`, partitions: 3 }));
    const cluster = await startMockCluster({
      brokers: 3,
      flavor,
      topics: [...codecTopics, { name: 'five', partitions: 5 }, { name: 'kj', partitions: 3 }, { name: 'py', partitions: 3 }],
      rebalanceDelayMs: flavor === 'new' ? 0 : undefined,
    });
    t.teardown(() => cluster.stop());

    t.test('advertises 3 brokers and pre-creates topics', async (t) => {
      t.equal(cluster.brokers.length, 3);
      t.equal(cluster.bootstrap, cluster.brokers.map((b) => `${b.host}:${b.port}`).join(','));
      const md = await kcatMetadata({ bootstrap: cluster.bootstrap });
      const seen = md.brokers.map((b) => ({ id: b.id, name: b.name })).sort((a, b) => a.id - b.id);
      t.same(
        seen,
        cluster.brokers.map((b) => ({ id: b.nodeId, name: `${b.host}:${b.port}` })),
      );
      const five = md.topics.find((x) => x.topic === 'five');
      t.equal(five?.partitions.length, 5);
      const auto = await kcatMetadata({ bootstrap: cluster.bootstrap, topic: 'auto-created' });
      t.equal(auto.topics[0]?.partitions.length, 4, 'Metadata auto-creates with 4 partitions');
    });

    for (const [i, codec] of KCAT_CODECS.entries()) {
      t.test(`kcat 1000 messages, compression ${codec}`, async (t) => {
        const topic = `kcat-${codec}`;
        const payloads = makePayloads(1000, { seed: 100 + i, avoidBytes: [0x1e] });
        const prod = await kcatProduce({ bootstrap: cluster.bootstrap, topic, messages: payloads, compression: codec });
        t.equal(prod.code, 0, 'kcat producer exits 0', { stderr: prod.stderr.slice(-500) });
        const cons = await kcatConsume({ bootstrap: cluster.bootstrap, topic, count: 1000 });
        t.equal(cons.code, 0, 'kcat consumer exits 0', { stderr: cons.stderr.slice(-500) });
        t.equal(cons.messages.length, 1000);
        t.equal(digestPayloads(cons.messages), digestPayloads(payloads), 'byte-exact');
      });
    }

    t.test('kcat balanced consumer group reads a topic', async (t) => {
      const cons = await kcatConsume({ bootstrap: cluster.bootstrap, topic: 'kcat-none', count: 1000, group: 'kcat-g' });
      t.equal(cons.code, 0, 'kcat group consumer exits 0', { stderr: cons.stderr.slice(-500) });
      t.equal(digestPayloads(cons.messages), digestPayloads(makePayloads(1000, { seed: 100, avoidBytes: [0x1e] })));
    });

    t.test('kafkajs producer and consumer group round trip', async (t) => {
      const kafka = createKafkajs({ brokers: cluster.bootstrap });
      const payloads = makePayloads(300, { seed: 42 });
      await kafkajsProduce(kafka, 'kj', payloads, { gzip: true });
      const got = await kafkajsConsume(kafka, { topic: 'kj', groupId: 'kj-g', count: 300, timeoutMs: 15_000 });
      t.equal(got.length, 300);
      t.equal(digestPayloads(got), digestPayloads(payloads), 'byte-exact');
    });

    t.test('python confluent_kafka round trip', async (t) => {
      const payloads = makePayloads(300, { seed: 9 });
      const r = await runConfluentRoundTrip({ bootstrap: cluster.bootstrap, topic: 'py', payloads, compression: 'lz4', timeoutMs: 15_000 });
      t.equal(r.exitCode, 0, 'python exits 0', { stderr: r.stderr.slice(-500) });
      t.equal(r.summary?.ok, true, 'python summary ok', { summary: r.summary });
      t.equal(r.summary?.consumed, 300);
      t.equal(r.summary?.consumedSha256, digestPayloads(payloads), 'python digest matches');
    });
  });
}

t.test('stop() ends the mock and frees its ports', async (t) => {
  const cluster = await startMockCluster({ brokers: 2, flavor: '2.0' });
  t.equal(await portRefuses(cluster.brokers[0].port), false, 'listening while running');
  await cluster.stop();
  await cluster.stop(); // idempotent
  for (const b of cluster.brokers) t.equal(await portRefuses(b.port), true, `port ${b.port} closed`);
});

t.test('a client against a stopped cluster fails instead of hanging', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new' });
  await cluster.stop();
  const prod = await kcatProduce({ bootstrap: cluster.bootstrap, topic: 'x', messages: [Buffer.from('m')], timeoutMs: 6000 });
  t.not(prod.code, 0);
  t.equal(prod.timedOut, false, 'message.timeout.ms ends kcat before the hard timeout');
});
