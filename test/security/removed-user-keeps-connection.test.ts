/**
 * Attack: keep using a connection after the user (or the password it logged in with) was
 * removed. Removing bob from the credentials file used to stop only new logins; his open Kafka
 * and Fluss connections kept working. Now the credential store reports what a change took away
 * and the gateway closes every connection that authenticated with it within a second or two,
 * each with one SW_ERR_AUTH_REVOKED line, counted in streamward_connections_closed_total.
 * Removal is done as `streamward users remove` does it: another CredentialStore on the same
 * file; the gateway's store notices through its file watch. alice is never affected.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { testPolicy } from '../helpers/auth.js';
import { waitForLine } from '../helpers/listener.js';
import { connectRaw, within, type RawClient } from '../helpers/raw-client.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { LiveSessions, closeOnRemoval } from '../../src/adapters/live-sessions.js';
import { createMemoryLogger } from '../../src/log.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame } from '../../src/protocol/fluss/frame.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';
import type { Metrics } from '../../src/metrics.js';

const CHEAP = { scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 };

async function setup(t: Test) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-removal-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'users.yaml');
  const cli = await CredentialStore.load(file, { ...CHEAP, createIfMissing: true });
  await cli.addUser('alice', 'alice-pw');
  await cli.addUser('bob', 'bob-pw');
  const carolOld = await cli.addUser('carol', 'carol-old');
  await cli.addCredential('carol', 'carol-new');
  const store = await CredentialStore.load(file, CHEAP);
  const watch = store.watch(() => undefined, { debounceMs: 50 });
  const sessions = new LiveSessions();
  const { log } = createMemoryLogger('info');
  const unwire = closeOnRemoval(store, sessions, log);
  t.teardown(() => {
    watch.close();
    unwire();
  });
  /** A fresh store on the same file, as one `streamward users ...` command opens it. */
  const cliStore = () => CredentialStore.load(file, CHEAP);
  const policy = async (m: Metrics) => ({ ...(await testPolicy(m, { credentials: store, mechanisms: ['PLAIN', 'SCRAM-SHA-256'], throttle: null })), sessions });
  return { store, sessions, cliStore, policy, carolOld };
}

async function closedCount(metrics: Metrics): Promise<number> {
  const m = await metrics.connectionsClosed.get();
  return m.values.filter((v) => v.labels.reason === 'SW_ERR_AUTH_REVOKED').reduce((n, v) => n + v.value, 0);
}

t.test('Kafka (kafkajs): removing bob closes his connections, alice keeps hers', async (t) => {
  const { sessions, cliStore, policy } = await setup(t);
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'rm', partitions: 1 }] });
  const gw = await startKafkaGateway(cluster, { tls: true, auth: policy });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const ssl = { ca: [fs.readFileSync(gw.caFile)], servername: 'localhost' };
  const admin = async (user: string, password: string, mechanism: 'plain' | 'scram-sha-256') => {
    const a = createKafkajs({ brokers: gw.bootstrap, ssl, sasl: { mechanism, username: user, password } as never, retries: 0 }).admin();
    await a.connect();
    await a.fetchTopicMetadata({ topics: ['rm'] });
    t.teardown(() => a.disconnect().catch(() => undefined));
    return a;
  };
  const bob = await admin('bob', 'bob-pw', 'scram-sha-256');
  const alice = await admin('alice', 'alice-pw', 'plain');
  t.ok(sessions.count('bob') >= 1, 'bob has live connections');
  const aliceConnections = sessions.count('alice');

  const started = Date.now();
  await (await cliStore()).removeUser('bob');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_REVOKED', 5000);
  const elapsed = Date.now() - started;
  t.ok(elapsed < 3000, `bob's connection closed ${elapsed} ms after the removal`);
  t.match(String(line.detail), /User:bob: user bob was removed/);
  t.equal(sessions.count('bob'), 0, 'no connection of bob is left');
  t.ok((await closedCount(gw.metrics)) >= 1, 'counted under reason SW_ERR_AUTH_REVOKED');
  t.notOk(
    gw.lines.some((l) => l.err === 'SW_ERR_AUTH_REVOKED' && /alice/.test(String(l.detail))),
    'alice untouched',
  );
  t.equal(sessions.count('alice'), aliceConnections, 'alice keeps her connections');
  await t.resolves(alice.fetchTopicMetadata({ topics: ['rm'] }), 'alice still works');
  await t.rejects(bob.fetchTopicMetadata({ topics: ['rm'] }), 'bob cannot get back in');
});

t.test('Fluss: removing a user or one credential closes exactly the connections that used it', async (t) => {
  const { sessions, cliStore, policy, carolOld } = await setup(t);
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster, { auth: policy });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const login = async (user: string, password: string): Promise<RawClient> => {
    const c = await connectRaw(gw.port);
    t.teardown(() => c.close());
    c.send(encodeRequestFrame(ApiKey.AUTHENTICATE, 0, 1, encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: Buffer.from(`\0${user}\0${password}`) })));
    const [answer] = await c.waitFrames(1, 5000);
    t.equal(answer.readInt8(4), 0, `${user} authenticated`);
    return c;
  };
  const served = async (c: RawClient, id: number) => {
    const before = c.frames.length;
    c.send(encodeRequestFrame(ApiKey.LIST_DATABASES, 0, id, Buffer.alloc(0)));
    return (await c.waitFrames(before + 1, 5000))[before].readInt8(4) === 0;
  };
  const bob = await login('bob', 'bob-pw');
  const alice = await login('alice', 'alice-pw');
  const carolWithOld = await login('carol', 'carol-old');
  const carolWithNew = await login('carol', 'carol-new');

  const started = Date.now();
  await (await cliStore()).removeUser('bob');
  t.ok(await within(bob.closed, 3000), "bob's Fluss connection is closed");
  t.ok(Date.now() - started < 3000, `within ${Date.now() - started} ms`);
  t.equal(await served(alice, 2), true, 'alice is still served');

  await (await cliStore()).removeCredential('carol', carolOld);
  t.ok(await within(carolWithOld.closed, 3000), "the connection that used carol's removed password is closed");
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_REVOKED' && /carol/.test(String(l.detail)));
  t.match(String(line.detail), new RegExp(`credential ${carolOld} of user carol was removed`));
  t.equal(await served(carolWithNew, 3), true, 'the one that used her other password stays');
  t.equal(sessions.count('carol'), 1);
  t.equal(await closedCount(gw.metrics), 2, 'two connections closed, two counted');
});

t.test('config: credentials.closeOnRemoval (default true)', async (t) => {
  const { MINIMAL, parse } = await import('../unit/config/fixture.js');
  t.equal(parse(`${MINIMAL}credentials: users.yaml\n`).credentialsCloseOnRemoval, true);
  const off = parse(`${MINIMAL}credentials: { file: users.yaml, closeOnRemoval: false }\n`);
  t.equal(off.credentials, '/cfg/users.yaml');
  t.equal(off.credentialsCloseOnRemoval, false);
});

t.test('the running gateway (config file): closeOnRemoval on by default, off when configured', async (t) => {
  const { startOpsGateway, tempDir, sample } = await import('../integration/ops/setup.js');
  const cluster = await startFlussCluster({ tabletServers: 1 });
  t.teardown(() => cluster.stop());
  for (const closeOnRemoval of [undefined, false]) {
    const { dir, remove } = tempDir();
    t.teardown(remove);
    const users = path.join(dir, 'users.yaml');
    const cli = await CredentialStore.load(users, { ...CHEAP, createIfMissing: true });
    await cli.addUser('bob', 'bob-pw', { mechanisms: ['PLAIN'] });
    const credentials = closeOnRemoval === undefined ? 'users.yaml' : `{ file: users.yaml, closeOnRemoval: ${closeOnRemoval} }`;
    const ops = await startOpsGateway(
      dir,
      `
clusters: { f: { protocol: fluss, bootstrap: "${cluster.bootstrap}" } }
listeners:
  - name: fluss-sasl
    cluster: f
    bind: 127.0.0.1:0
    nodePorts: auto
    authentication: [sasl]
    sasl: { mechanisms: [PLAIN] }
credentials: ${credentials}
acls: { allowIfNoAcl: true }
admin: { bind: 127.0.0.1:0 }
log: { level: info }
`,
      { audit: null },
    );
    t.teardown(() => ops.stop());
    const c = await connectRaw(ops.port('fluss-sasl'));
    t.teardown(() => c.close());
    c.send(encodeRequestFrame(ApiKey.AUTHENTICATE, 0, 1, encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: Buffer.from('\0bob\0bob-pw') })));
    t.equal((await c.waitFrames(1, 5000))[0].readInt8(4), 0, 'bob logged in');
    await (await CredentialStore.load(users, CHEAP)).removeUser('bob');
    const closed = await within(c.closed, closeOnRemoval === false ? 1500 : 4000);
    if (closeOnRemoval === false) {
      t.notOk(closed, 'closeOnRemoval: false leaves the connection open');
    } else {
      t.ok(closed, "default: bob's connection is closed");
      t.equal(sample(await ops.scrape(), 'streamward_connections_closed_total', { reason: 'SW_ERR_AUTH_REVOKED' }), 1, 'and counted');
    }
    await ops.stop();
  }
});
