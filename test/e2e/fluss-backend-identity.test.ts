// Identity towards a Fluss backend that has SASL: the testkit Fluss cluster with its PLAIN
// listener switched on (users svc and alice-be) behind a gateway whose own clients log in with
// SASL/PLAIN. The gateway logs in on every backend connection (the client's and its own table
// lookups) before any other frame; the cluster records the principal it saw per connection.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { parseConfig } from '../../src/config/parse.js';
import { startGateway } from '../../src/gateway.js';
import { createMemoryLogger } from '../../src/log.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { buildLogBatch, readLogBatches } from '../../src/protocol/fluss/records/log-batch.js';
import { startFlussCluster, type FlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, tableDescriptorJson, type TablePath } from '../../testkit/fluss/client/index.js';

const BACKEND = { svc: 'svc-fluss-pw-0c2e', 'alice-be': 'alice-fluss-pw-7d41' };
const TABLE: TablePath = { database_name: 'ident_db', table_name: 'events' };

async function gatewayFor(cluster: FlussCluster, sasl: string, files: Record<string, string>, env: Record<string, string>, nodePorts = 'auto') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-fluss-upstream-'));
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  await users.addUser('alice', 'alice-pw', { mechanisms: ['PLAIN'] });
  await users.addUser('bob', 'bob-pw', { mechanisms: ['PLAIN'] });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const yaml = `
clusters:
  fluss:
    protocol: fluss
    bootstrap: ["${cluster.bootstrap}"]
    sasl: ${sasl}
listeners:
  - { name: f, cluster: fluss, bind: 127.0.0.1:0, nodePorts: ${nodePorts}, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
principals: { superUsers: [User:alice, User:bob] }
credentials: users.yaml
`;
  const { log, lines } = createMemoryLogger('debug');
  const gw = await startGateway(parseConfig(yaml, path.join(dir, 'gateway.yaml'), { env }), { log, registry: new Registry(), admin: false, audit: null });
  return {
    gw,
    lines,
    bootstrap: `127.0.0.1:${gw.listeners.get('f')!.boundPort}`,
    close: async () => {
      await gw.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const logins = (cluster: FlussCluster): string[] => cluster.nodes.flatMap((n) => n.logins.map((l) => l.principal));
/** Requests a node received on a connection before it was logged in, other than the two the server serves then. */
const beforeLogin = (cluster: FlussCluster) => cluster.nodes.flatMap((n) => n.received.filter((r) => r.principal === null && r.apiKey !== ApiKey.AUTHENTICATE && r.apiKey !== ApiKey.API_VERSIONS));

t.test('the testkit cluster with PLAIN on refuses requests before AUTHENTICATE, as Fluss does', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1, sasl: { users: BACKEND } });
  t.teardown(() => cluster.stop());
  await t.rejects(FlussTestClient.connect(cluster.bootstrap), { code: 46 }, 'a client without SASL gets AUTHENTICATE_EXCEPTION');
  await t.rejects(FlussTestClient.connect(cluster.bootstrap, { auth: { username: 'svc', password: 'wrong', style: 'java' } }), { code: 46 });
  const ok = await FlussTestClient.connect(cluster.bootstrap, { auth: { username: 'svc', password: BACKEND.svc, style: 'java' } });
  ok.close();
  t.same(logins(cluster), ['User:svc'], 'the cluster records the principal it authenticated');
});

t.test('service identity: every backend connection logs in as svc before anything else', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 2, sasl: { users: BACKEND } });
  t.teardown(() => cluster.stop());
  const g = await gatewayFor(cluster, '{ mechanism: PLAIN, identity: service, username: svc, password: "${FLUSS_PASSWORD}" }', {}, { FLUSS_PASSWORD: BACKEND.svc });
  t.teardown(() => g.close());
  const alice = await FlussTestClient.connect(g.bootstrap, { auth: { username: 'alice', password: 'alice-pw', style: 'java' } });
  t.teardown(() => alice.close());
  await alice.admin.createDatabase(TABLE.database_name);
  await alice.admin.createTable(TABLE, tableDescriptorJson({ columns: [{ name: 'id', type: 'BIGINT' }], bucketCount: 1 }));
  await alice.log.initWriter([TABLE]);
  const produced = await alice.log.produce(TABLE, new Map([[0, buildLogBatch({ records: [Buffer.from('e-1'), Buffer.from('e-2')] })]]));
  t.equal(produced.get(0)?.error_code, undefined, 'produce through the gateway');
  const fetched = await alice.log.fetch(TABLE, 0, 0n);
  t.equal(readLogBatches(fetched.records!)[0].recordCount, 2, 'fetch reads it back');
  const seen = logins(cluster);
  t.ok(seen.length >= 2, `the cluster saw a login on each gateway connection (${seen.length})`);
  t.same([...new Set(seen)], ['User:svc']);
  t.same(beforeLogin(cluster), [], 'no request reached the cluster before its connection logged in');
});

t.test('a wrong service password: the request gets NETWORK_EXCEPTION, one SW_ERR_UPSTREAM_AUTH_FAILED line, no secret', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1, sasl: { users: BACKEND } });
  t.teardown(() => cluster.stop());
  const g = await gatewayFor(cluster, '{ mechanism: PLAIN, identity: service, username: svc, password: "${P}" }', {}, { P: 'wrong-fluss-secret-31' });
  t.teardown(() => g.close());
  await t.rejects(FlussTestClient.connect(g.bootstrap, { auth: { username: 'alice', password: 'alice-pw', style: 'java' }, requestTimeoutMs: 8000 }), { code: 1 });
  const lines = g.lines.filter((l) => l.err === 'SW_ERR_UPSTREAM_AUTH_FAILED');
  t.equal(lines.length, 1, 'one line');
  t.match(String(lines[0]?.detail), /refused the PLAIN login as svc: AUTHENTICATE_EXCEPTION \(Authentication failed: Invalid username or password\)/);
  t.same(logins(cluster), [], 'nobody logged in at the backend');
  t.notOk(JSON.stringify(g.lines).includes('wrong-fluss-secret-31'), 'the password is in no log line');
});

t.test('mapped identity: alice is alice-be at the backend; bob (unmapped) is refused at his own login', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1, sasl: { users: BACKEND } });
  t.teardown(() => cluster.stop());
  const mapping = `principals:\n  "User:alice": { username: alice-be, password: "${BACKEND['alice-be']}" }\n`;
  const g = await gatewayFor(
    cluster,
    '{ mechanism: PLAIN, identity: mapped, mapping: mapping.yaml, username: svc, passwordFile: svc.pw }',
    { 'mapping.yaml': mapping, 'svc.pw': `${BACKEND.svc}\n` },
    {},
  );
  t.teardown(() => g.close());
  const alice = await FlussTestClient.connect(g.bootstrap, { auth: { username: 'alice', password: 'alice-pw', style: 'java' } });
  t.teardown(() => alice.close());
  t.same(await alice.admin.listDatabases(), ['fluss'], 'alice reaches the backend');
  t.ok(logins(cluster).includes('User:alice-be'), 'as alice-be');
  const before = logins(cluster).length;
  await t.rejects(FlussTestClient.connect(g.bootstrap, { auth: { username: 'bob', password: 'bob-pw', style: 'java' } }), {
    code: 46,
    message: /no backend credential/,
  });
  t.equal(logins(cluster).length, before, 'no backend login at all for bob (never the service identity)');
  t.ok(
    g.lines.some((l) => l.err === 'SW_ERR_UPSTREAM_NO_CREDENTIAL' && l.user === 'bob'),
    'one SW_ERR_UPSTREAM_NO_CREDENTIAL line names bob',
  );
});

t.test("a client reaching a node port first: the gateway's own discovery connection logs in too", async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 2, sasl: { users: BACKEND } });
  t.teardown(() => cluster.stop());
  let g: Awaited<ReturnType<typeof gatewayFor>> | undefined;
  let base = 0;
  for (let i = 0; !g; i++) {
    base = 20000 + Math.floor(Math.random() * 30000);
    try {
      g = await gatewayFor(cluster, '{ mechanism: PLAIN, identity: service, username: svc, password: "${P}" }', {}, { P: BACKEND.svc }, `{ base: ${base}, maxId: 3 }`);
    } catch (e) {
      if (i >= 5) throw e;
    }
  }
  t.teardown(() => g!.close());
  // tablet server 1's port, before any answer through this gateway named that node
  const direct = await FlussTestClient.connect(`127.0.0.1:${base + 2}`, { auth: { username: 'alice', password: 'alice-pw', style: 'java' }, requestTimeoutMs: 8000 });
  t.teardown(() => direct.close());
  t.same(await direct.admin.listDatabases(), ['fluss'], 'served through the discovered node');
  t.same([...new Set(logins(cluster))], ['User:svc'], 'every backend connection, discovery included, logged in as svc');
  t.same(beforeLogin(cluster), [], 'none sent a request before its login');
});
