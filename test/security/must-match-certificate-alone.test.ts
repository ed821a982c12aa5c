/**
 * Attack: log in with a stolen client certificate alone on a listener configured with
 * `principalFrom: must-match` (certificate AND SASL, naming the same principal). The gateway
 * used to map the certificate and log the client in at once, never asking for SASL. Now:
 * certificate without SASL -> not authenticated; certificate of alice + SASL of bob -> refused;
 * certificate of alice + SASL of alice -> works. Kafka (kafkajs) and Fluss (raw TLS client
 * speaking AUTHENTICATE as the Fluss Java client does).
 */
import fs from 'node:fs';
import t from 'tap';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { testPki } from '../helpers/pki.js';
import { waitForLine } from '../helpers/listener.js';
import { connectRaw, within, type RawClient } from '../helpers/raw-client.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame } from '../../src/protocol/fluss/frame.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';
import type { Metrics } from '../../src/metrics.js';

const RULES = ['RULE:^CN=([^,]+)$/$1/', 'DEFAULT'];
const mustMatch = (m: Metrics) => testPolicy(m, { methods: ['mtls', 'sasl'], principalFrom: 'must-match', rules: RULES, mechanisms: ['PLAIN', 'SCRAM-SHA-256'], throttle: null });

t.test('Kafka: a certificate alone does not log in under must-match', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'mm', partitions: 1 }] });
  const pki = await testPki();
  const gw = await startKafkaGateway(cluster, { tls: true, clientAuth: 'required', auth: mustMatch });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const ssl = (who: 'alice' | 'bob') => ({ ca: [fs.readFileSync(pki.ca)], cert: fs.readFileSync(pki.clients[who].cert), key: fs.readFileSync(pki.clients[who].key), servername: 'localhost' });
  const metadata = async (kafka: ReturnType<typeof createKafkajs>) => {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const md = await admin.fetchTopicMetadata({ topics: ['mm'] });
      return md.topics.length;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };

  await t.rejects(metadata(createKafkajs({ brokers: gw.bootstrap, ssl: ssl('alice'), retries: 0 })), 'alice certificate, no SASL: refused');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_REQUIRED');
  t.notOk(
    gw.lines.some((l) => l.msg === 'authenticated'),
    'nobody was authenticated',
  );

  await t.rejects(
    metadata(createKafkajs({ brokers: gw.bootstrap, ssl: ssl('alice'), sasl: { mechanism: 'plain', username: 'bob', password: USERS.bob }, retries: 0 })),
    'alice certificate + bob SASL: refused',
  );
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && /does not match/.test(String(l.reason)));

  t.equal(
    await metadata(createKafkajs({ brokers: gw.bootstrap, ssl: ssl('alice'), sasl: { mechanism: 'scram-sha-256', username: 'alice', password: USERS.alice } })),
    1,
    'alice certificate + alice SASL: works',
  );
  await waitForLine(gw.lines, (l) => l.msg === 'authenticated' && l.principal === 'User:alice');

  await t.rejects(
    metadata(
      createKafkajs({ brokers: gw.bootstrap, ssl: { ca: [fs.readFileSync(pki.ca)], servername: 'localhost' }, sasl: { mechanism: 'plain', username: 'alice', password: USERS.alice }, retries: 0 }),
    ),
    'SASL without a certificate: refused',
  );
});

t.test('Fluss: a certificate alone does not log in under must-match', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const pki = await testPki();
  const gw = await startFlussGateway(cluster, { tls: true, clientAuth: 'requested', auth: mustMatch });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  let id = 1;
  const open = (who: 'alice' | null) =>
    connectRaw(gw.port, {
      tls: { ca: fs.readFileSync(pki.ca), servername: 'localhost', ...(who ? { cert: fs.readFileSync(pki.clients[who].cert), key: fs.readFileSync(pki.clients[who].key) } : {}) },
    });
  const call = async (c: RawClient, key: number, body: Buffer) => {
    const before = c.frames.length;
    c.send(encodeRequestFrame(key, 0, id++, body));
    const frames = await c.waitFrames(before + 1, 5000);
    return frames[before];
  };
  const authenticate = (c: RawClient, user: string) => call(c, ApiKey.AUTHENTICATE, encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: Buffer.from(`\0${user}\0${USERS[user]}`) }));
  const listDatabases = (c: RawClient) => call(c, ApiKey.LIST_DATABASES, Buffer.alloc(0));

  const certOnly = await open('alice');
  t.teardown(() => certOnly.close());
  const denied = await listDatabases(certOnly);
  t.equal(denied.readInt8(4), 1, 'certificate alone: ERROR_RESPONSE');
  t.equal(decodeErrorResponse(denied.subarray(9)).code, 46, 'AUTHENTICATE_EXCEPTION, as a Fluss SASL listener answers before login');

  const wrongUser = await open('alice');
  t.teardown(() => wrongUser.close());
  const refused = await authenticate(wrongUser, 'bob');
  t.equal(refused.readInt8(4), 1, 'alice certificate + bob SASL: refused');
  t.equal((await listDatabases(wrongUser)).readInt8(4), 1, 'and still not logged in');

  const ok = await open('alice');
  t.teardown(() => ok.close());
  t.equal((await authenticate(ok, 'alice')).readInt8(4), 0, 'alice certificate + alice SASL: authenticated');
  t.equal((await listDatabases(ok)).readInt8(4), 0, 'and served');

  const noCert = await open(null);
  t.teardown(() => noCert.close());
  noCert.send(encodeRequestFrame(ApiKey.AUTHENTICATE, 0, id++, encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: Buffer.from(`\0alice\0${USERS.alice}`) })));
  t.ok(await within(noCert.closed, 5000), 'SASL without a certificate: connection closed');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_CLIENT_CERT');
});
