// Hot reload under load: a kafkajs producer streams over mTLS through the gateway while the
// server certificate rotates (Kubernetes `..data` swap) and the ACL file is edited, and kcat
// processes keep opening new connections. Every send is acknowledged, every acknowledged
// message is in the topic afterwards, new handshakes see the new certificate's serial, and
// the new ACLs decide new requests.
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { kcatConsume, kcatProduce } from '../helpers/kafka/kcat.js';
import { createClientCert, createServerCert } from '../../src/tls/certs.js';
import { kubeVolume, serialOf, testCa } from '../unit/reload/fixtures.js';
import { sample, startOpsGateway, tempDir, waitFor } from '../integration/ops/setup.js';

const acl = (topic: string, operation = 'WRITE') => `  - {protocol: kafka, principal: "User:producer", resourceType: TOPIC, resourceName: ${topic}, operation: ${operation}}\n`;
/** The producer writes `stream`; the final check reads it back with the same identity. */
const BASE_ACLS = `acls:\n${acl('stream')}${acl('stream', 'READ')}`;

function servedSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(s.getPeerCertificate().serialNumber);
      s.destroy();
    });
    s.once('error', reject);
  });
}

t.test('certificate rotation and ACL edits while a producer streams', async (t) => {
  const cluster = await startMockCluster({
    brokers: 3,
    flavor: 'new',
    topics: [
      { name: 'stream', partitions: 3 },
      { name: 'late', partitions: 1 },
    ],
  });
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await cluster.stop();
    remove();
  });
  const ca = testCa();
  fs.writeFileSync(path.join(dir, 'ca.pem'), ca.cert);
  const client = createClientCert(ca, { cn: 'producer' });
  fs.writeFileSync(path.join(dir, 'producer.pem'), client.cert);
  fs.writeFileSync(path.join(dir, 'producer.key'), client.key);
  fs.mkdirSync(path.join(dir, 'tls'));
  const first = createServerCert(ca, { cn: 'localhost' });
  const volume = kubeVolume(path.join(dir, 'tls'), { 'tls.crt': first.cert, 'tls.key': first.key });
  fs.writeFileSync(path.join(dir, 'acls.yaml'), BASE_ACLS);
  const ops = await startOpsGateway(
    dir,
    `
clusters: { k: { protocol: kafka, bootstrap: "${cluster.bootstrap}" } }
listeners:
  - name: kafka-mtls
    cluster: k
    bind: 127.0.0.1:0
    nodePorts: auto
    tls: { cert: tls/tls.crt, key: tls/tls.key, clientCa: ca.pem }
    authentication: [mtls]
principals: { mtls: { rules: ['RULE:^CN=([^,]+).*$/$1/', DEFAULT] } }
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
log: { level: info }
`,
    { audit: null },
  );
  t.teardown(() => ops.stop());
  const bootstrap = `127.0.0.1:${ops.port('kafka-mtls')}`;
  const props = {
    'security.protocol': 'ssl',
    'ssl.ca.location': path.join(dir, 'ca.pem'),
    'ssl.certificate.location': path.join(dir, 'producer.pem'),
    'ssl.key.location': path.join(dir, 'producer.key'),
  };
  const newConnectionProduce = (topic: string, tag: string) =>
    kcatProduce({ bootstrap, topic, messages: [Buffer.from(`kcat-${tag}`)], props: { ...props, 'message.timeout.ms': 4000 }, timeoutMs: 8000 });
  t.equal((await newConnectionProduce('late', 'before')).code, 1, 'no ACL for topic late yet: kcat fails');

  // the stream: sends one after another until told to stop, counting acknowledgements
  // 30 s request timeout (the Java client's default): a lost answer still fails the stream, a busy machine does not
  const kafka = createKafkajs({ brokers: bootstrap, ssl: { ca: [ca.cert], cert: client.cert, key: client.key }, retries: 0, requestTimeoutMs: 30_000 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const acked: string[] = [];
  const failed: string[] = [];
  let streaming = true;
  const stream = (async () => {
    for (let batch = 0; streaming && batch < 5000; batch++) {
      const values = Array.from({ length: 20 }, (_, i) => `m-${batch}-${i}`);
      try {
        await producer.send({ topic: 'stream', acks: -1, messages: values.map((value) => ({ value })) });
        acked.push(...values);
      } catch (e) {
        failed.push(`${values[0]}: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  t.teardown(async () => {
    streaming = false;
    await stream;
    await producer.disconnect();
  });
  await waitFor(() => acked.length >= 200, 10_000, 'the stream is flowing');

  const second = createServerCert(ca, { cn: 'localhost' });
  volume.update({ 'tls.crt': second.cert, 'tls.key': second.key });
  await waitFor(async () => (await servedSerial(ops.port('kafka-mtls'), ca.cert)) === serialOf(second.cert), 5000, 'rotation');
  t.pass('new handshakes get the new certificate');
  t.equal((await newConnectionProduce('stream', 'after-rotation')).code, 0, 'a new client connects and produces after the rotation');

  fs.writeFileSync(path.join(dir, 'acls.yaml'), `${BASE_ACLS}${acl('late')}`);
  await waitFor(async () => sample(await ops.scrape(), 'streamward_reloads_total', { what: 'acls', outcome: 'success' }) === 1, 5000, 'ACLs reloaded');
  t.equal((await newConnectionProduce('late', 'after-acl')).code, 0, 'the new ACL allows topic late');

  const third = createServerCert(ca, { cn: 'localhost' });
  volume.update({ 'tls.crt': third.cert, 'tls.key': third.key });
  await waitFor(async () => (await servedSerial(ops.port('kafka-mtls'), ca.cert)) === serialOf(third.cert), 5000, 'second rotation');
  const mark = acked.length;
  await waitFor(() => acked.length >= mark + 200, 10_000, 'the stream keeps flowing after the changes');
  streaming = false;
  await stream;

  t.same(failed, [], 'no send failed');
  const expected = [...acked, 'kcat-after-rotation'];
  const got = await kcatConsume({ bootstrap, topic: 'stream', count: expected.length, props, timeoutMs: 60_000 });
  t.equal(got.code, 0, 'consumer exits 0');
  t.same(got.messages.map((m) => m.toString()).sort(), expected.sort(), `all ${expected.length} acknowledged messages are in the topic, none twice`);
  const m = await ops.scrape();
  t.equal(sample(m, 'streamward_reloads_total', { what: 'certificates', outcome: 'success' }), 2);
  t.equal(sample(m, 'streamward_reloads_total', { what: 'certificates', outcome: 'failure' }), 0);
});
