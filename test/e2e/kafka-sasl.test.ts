// SASL and mTLS authentication terminated by the gateway, with real Kafka clients: kcat
// (SASL_SSL with PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; SSL with a client certificate), kafkajs
// (PLAIN, SCRAM), Python confluent_kafka. The backend is the plaintext librdkafka mock.
import fs from 'node:fs';
import t from 'tap';
import { kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { digestPayloads, makePayloads } from '../helpers/kafka/payloads.js';
import { runConfluentRoundTrip } from '../helpers/kafka/python.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { testPolicy, testCredentials, USERS } from '../helpers/auth.js';
import { testPki } from '../helpers/pki.js';
import { waitForLine } from '../helpers/listener.js';
import { connectRaw, within } from '../helpers/raw-client.js';

const sasl = (mechanism: string, user: string, password: string, ca: string) => ({
  'security.protocol': 'sasl_ssl',
  'ssl.ca.location': ca,
  'sasl.mechanisms': mechanism,
  'sasl.username': user,
  'sasl.password': password,
});

t.test('SASL over TLS in front of the mock cluster', async (t) => {
  const cluster = await startMockCluster({
    brokers: 3,
    flavor: '2.0',
    topics: [
      { name: 'auth-t', partitions: 3 },
      { name: 'py-auth', partitions: 3 },
    ],
  });
  const gw = await startKafkaGateway(cluster, { tls: true, auth: (m) => testPolicy(m) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const ca = gw.caFile;

  // Each mechanism gets its own partition of auth-t and its own payloads (distinct seeds), so
  // what one run consumes can only match what that run produced.
  for (const [partition, mech] of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'].entries()) {
    t.test(`kcat ${mech}: produce and consume 1000 messages`, async (t) => {
      const payloads = makePayloads(1000, { seed: 1000 + partition, avoidBytes: [0x1e] });
      const props = sasl(mech, 'alice', USERS.alice, ca);
      const p = await kcatProduce({ bootstrap: gw.bootstrap, topic: 'auth-t', messages: payloads, props, partition });
      t.equal(p.code, 0, 'producer exits 0', { stderr: p.stderr.slice(-500) });
      const c = await kcatConsume({ bootstrap: gw.bootstrap, topic: 'auth-t', count: 1000, partition, props, timeoutMs: 30_000 });
      t.equal(c.code, 0, 'consumer exits 0', { stderr: c.stderr.slice(-500) });
      t.equal(c.messages.length, payloads.length, 'consumed every message');
      t.equal(digestPayloads(c.messages), digestPayloads(payloads), 'consumed exactly the produced set, byte for byte');
      const firstDiff = payloads.findIndex((m, i) => !c.messages[i]?.equals(m));
      t.equal(firstDiff, -1, 'in the order produced (one partition)');
      await waitForLine(gw.lines, (l) => l.msg === 'authenticated' && l.mechanism === mech && l.principal === 'User:alice');
    });
  }

  t.test('kcat with a wrong password sees the authentication-failed message', async (t) => {
    const r = await kcatMetadata({ bootstrap: gw.bootstrap, props: sasl('PLAIN', 'alice', 'wrong', ca), timeoutMs: 8000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.ok(r, 'kcat failed');
    t.match(r!, /Authentication failed: Invalid username or password/);
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && l.user === 'alice');
    const text = JSON.stringify(gw.lines);
    t.notOk(text.includes('wrong'), 'the password never reaches the log');
    t.notOk(text.includes(USERS.alice), 'nor the right one');
  });

  t.test("kcat SCRAM with a wrong password fails with Kafka's generic text", async (t) => {
    const r = await kcatMetadata({ bootstrap: gw.bootstrap, props: sasl('SCRAM-SHA-256', 'alice', 'nope', ca), timeoutMs: 8000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.match(r!, /Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256/);
  });

  t.test('kafkajs PLAIN and SCRAM-SHA-512 admin calls', async (t) => {
    for (const mechanism of ['plain', 'scram-sha-512'] as const) {
      const kafka = createKafkajs({ brokers: gw.bootstrap, ssl: { ca: [fs.readFileSync(ca)] }, sasl: { mechanism, username: 'bob', password: USERS.bob } as never });
      const admin = kafka.admin();
      await admin.connect();
      const md = await admin.fetchTopicMetadata({ topics: ['auth-t'] });
      t.equal(md.topics[0].partitions.length, 3, `${mechanism}: metadata through the gateway`);
      await admin.disconnect();
    }
    const bad = createKafkajs({ brokers: gw.bootstrap, ssl: { ca: [fs.readFileSync(ca)] }, sasl: { mechanism: 'plain', username: 'bob', password: 'x' }, retries: 0 });
    await t.rejects(bad.admin().connect(), /Invalid username or password|SASL/);
  });

  t.test('python confluent_kafka SCRAM-SHA-256 round trip', async (t) => {
    const payloads = makePayloads(300, { seed: 77 });
    const r = await runConfluentRoundTrip({ bootstrap: gw.bootstrap, topic: 'py-auth', payloads, config: sasl('SCRAM-SHA-256', 'alice', USERS.alice, ca), timeoutMs: 30_000 });
    t.equal(r.exitCode, 0, 'python exits 0', { stderr: r.stderr.slice(-500) });
    t.equal(r.summary?.consumedSha256, digestPayloads(payloads));
  });

  t.test('a request other than the handshake before authentication is refused', async (t) => {
    const c = await connectRaw(gw.port, { tls: { ca: fs.readFileSync(ca), servername: 'localhost' } });
    const metadataV1 = Buffer.from([0, 0, 0, 14, 0, 3, 0, 1, 0, 0, 0, 5, 0, 2, 0x73, 0x77, 0xff, 0xff, 0xff, 0xff]);
    metadataV1.writeInt32BE(metadataV1.length - 4, 0);
    c.send(metadataV1);
    t.ok(await within(c.closed, 3000), 'connection closed');
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_REQUIRED');
  });

  t.test('mechanism not enabled', async (t) => {
    const gw2 = await startKafkaGateway(cluster, { tls: true, auth: (m) => testPolicy(m, { mechanisms: ['SCRAM-SHA-512'] }) });
    t.teardown(() => gw2.stop());
    const r = await kcatMetadata({ bootstrap: gw2.bootstrap, props: sasl('PLAIN', 'alice', USERS.alice, ca), timeoutMs: 8000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.ok(r, 'kcat failed');
    await waitForLine(gw2.lines, (l) => l.err === 'SW_ERR_AUTH_MECHANISM');
  });
});

t.test('mTLS: the certificate subject is mapped to the principal', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const pki = await testPki();
  const gw = await startKafkaGateway(cluster, { tls: true, clientAuth: 'required', auth: (m) => testPolicy(m, { methods: ['mtls'], rules: ['RULE:^CN=([^,]+),OU=apps,.*$/$1/U', 'DEFAULT'] }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const props = { 'security.protocol': 'ssl', 'ssl.ca.location': pki.ca, 'ssl.certificate.location': pki.clients['svc-orders'].cert, 'ssl.key.location': pki.clients['svc-orders'].key };
  const md = await kcatMetadata({ bootstrap: gw.bootstrap, props });
  t.equal(md.brokers.length, 1);
  await waitForLine(gw.lines, (l) => l.principal === 'User:SVC-ORDERS' && l.source === 'dn');
  const alice = { ...props, 'ssl.certificate.location': pki.clients.alice.cert, 'ssl.key.location': pki.clients.alice.key };
  await kcatMetadata({ bootstrap: gw.bootstrap, props: alice });
  await waitForLine(gw.lines, (l) => l.principal === 'User:CN=alice', 2000);
  const noCert = await kcatMetadata({ bootstrap: gw.bootstrap, props: { 'security.protocol': 'ssl', 'ssl.ca.location': pki.ca }, timeoutMs: 6000 }).then(
    () => null,
    (e: Error) => e.message,
  );
  t.ok(noCert, 'a client without a certificate is refused');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_CLIENT_CERT');
});

t.test('rotation: old and new passwords both work until the old one is removed, no restart', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const { CredentialStore } = await import('../../src/sasl/credentials.js');
  const store = CredentialStore.empty({ scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  const oldId = await store.addUser('rot', 'old-pw');
  const gw = await startKafkaGateway(cluster, { tls: true, auth: (m) => testPolicy(m, { credentials: store, throttle: null }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const ok = (pw: string, mech = 'PLAIN') =>
    kcatMetadata({ bootstrap: gw.bootstrap, props: sasl(mech, 'rot', pw, gw.caFile), timeoutMs: 6000 }).then(
      () => true,
      () => false,
    );
  t.equal(await ok('old-pw'), true, 'old password');
  await store.addCredential('rot', 'new-pw');
  t.equal(await ok('new-pw'), true, 'new password');
  t.equal(await ok('old-pw'), true, 'old password still works');
  t.equal(await ok('new-pw', 'SCRAM-SHA-256'), true, 'new password over SCRAM');
  await store.removeCredential('rot', oldId);
  t.equal(await ok('old-pw'), false, 'old password rejected after removal');
  t.equal(await ok('new-pw'), true, 'new password still works');
});

t.test('failed attempts are throttled: each answer comes later, and they are counted', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const gw = await startKafkaGateway(cluster, { tls: true, auth: (m) => testPolicy(m, { throttle: { delayMs: 500, maxDelayMs: 5000, closeAfter: 0 } }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const kafka = createKafkajs({ brokers: gw.bootstrap, ssl: { ca: [fs.readFileSync(gw.caFile)] }, sasl: { mechanism: 'plain', username: 'alice', password: 'bad' }, retries: 0 });
    const admin = kafka.admin();
    const start = Date.now();
    await admin.connect().catch(() => null);
    times.push(Date.now() - start);
    await admin.disconnect().catch(() => null);
  }
  const failures = (await gw.metrics.registry.getSingleMetric('streamward_authentications_total')!.get()).values.filter((v) => v.labels.outcome === 'failure').reduce((n, v) => n + v.value, 0);
  t.ok(failures >= 4, `${failures} failures counted`);
  // the fourth attempt follows three failures: it waits 500 * 2^2 = 2000 ms; the first waits nothing
  // (the connection and TLS cost, large on a loaded machine, is in every figure)
  t.ok(times[3] >= 2000, `the fourth failure waited for the throttle (${times.join(', ')} ms)`);
  t.ok(times[3] > times[0] + 1000, 'answers slow down');
  void testCredentials;
});
