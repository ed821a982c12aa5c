// The admin server of a real gateway (config file, Fluss test cluster behind it): probes, every
// metric family fed by real traffic and read back from /metrics, audit records for
// authentications and authorization decisions, readiness during drain and with a dead backend.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import t from 'tap';
import { startFlussCluster } from '../../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussResponseError } from '../../../testkit/fluss/client/index.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { writePki } from '../../../src/tls/certs.js';
import { auditRecords, sample, startOpsGateway, tempDir, waitFor } from './setup.js';

const PASSWORDS = { alice: 'alice-secret-pw', bob: 'bob-secret-pw' };

async function writeUsers(file: string): Promise<void> {
  const store = await CredentialStore.load(file, { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 } });
  for (const [u, p] of Object.entries(PASSWORDS)) await store.addUser(u, p, { mechanisms: ['PLAIN'] });
}

t.test('admin server, metrics and audit of a running gateway', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 2 });
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await cluster.stop();
    remove();
  });
  await writePki(path.join(dir, 'pki'), { clients: ['app'] });
  await writeUsers(path.join(dir, 'users.yaml'));
  fs.writeFileSync(path.join(dir, 'acls.yaml'), 'acls:\n  - {protocol: fluss, principal: "User:alice", resourceType: CLUSTER, operation: CREATE}\n');
  const ops = await startOpsGateway(
    dir,
    `
clusters:
  fl: { protocol: fluss, bootstrap: ["${cluster.bootstrap}"] }
listeners:
  - { name: fluss-sasl, cluster: fl, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
  - name: fluss-tls
    cluster: fl
    bind: 127.0.0.1:0
    nodePorts: auto
    tls: { cert: pki/server.pem, key: pki/server.key, clientCa: pki/ca.pem }
    authentication: [mtls]
credentials: users.yaml
acls: { store: acls.yaml }
limits: { failedAuth: { delay: 0s, maxDelay: 0s, closeAfter: 0 } }
admin: { bind: 127.0.0.1:0 }
audit: { file: audit.log, allows: all }
`,
  );
  t.teardown(() => ops.stop());
  const bootstrap = `127.0.0.1:${ops.port('fluss-sasl')}`;
  const auditFile = path.join(dir, 'audit.log');

  t.test('probes', async (t) => {
    t.equal((await fetch(`${ops.admin}/healthz`)).status, 200);
    await waitFor(async () => (await fetch(`${ops.admin}/readyz`)).status === 200, 5000, 'ready');
    const body = (await (await fetch(`${ops.admin}/readyz`)).json()) as { listeners: Record<string, { bound: boolean; backend: string }> };
    t.same(body.listeners['fluss-sasl'], { bound: true, backend: 'reachable' });
    t.same(body.listeners['fluss-tls'], { bound: true, backend: 'reachable' });
  });

  t.test('traffic feeds every metric family', async (t) => {
    const alice = await FlussTestClient.connect(bootstrap, { auth: { username: 'alice', password: PASSWORDS.alice }, requestTimeoutMs: 4000 });
    await alice.admin.createDatabase('ops_db');
    alice.close();
    const bob = await FlussTestClient.connect(bootstrap, { auth: { username: 'bob', password: PASSWORDS.bob }, requestTimeoutMs: 4000 });
    await t.rejects(bob.admin.createDatabase('bob_db'), FlussResponseError, 'bob may not create databases');
    bob.close();
    await t.rejects(FlussTestClient.connect(bootstrap, { auth: { username: 'bob', password: 'wrong-guess-pw' }, requestTimeoutMs: 4000 }));
    const raw = net.connect(ops.port('fluss-sasl'), '127.0.0.1');
    await new Promise((r) => raw.once('connect', r));
    raw.write(Buffer.from([0xff, 0xff, 0xff, 0xfe]));
    await new Promise((r) => raw.once('close', r));

    let m = '';
    await waitFor(async () => sample((m = await ops.scrape()), 'streamward_connections_closed_total', { reason: 'SW_ERR_FRAME_NEGATIVE' }) === 1, 3000, 'close counted');
    const L = { listener: 'fluss-sasl' };
    t.ok(sample(m, 'streamward_connections_accepted_total', L) >= 4, 'accepted connections');
    t.ok(sample(m, 'streamward_connections_closed_total', { ...L, reason: 'normal' }) >= 1, 'closed by reason');
    t.match(m, /^streamward_connections_active\{listener="fluss-sasl"\} \d+$/m);
    t.equal(sample(m, 'streamward_frame_errors_total', { ...L, code: 'SW_ERR_FRAME_NEGATIVE' }), 1, 'frame errors by code');
    t.ok(sample(m, 'streamward_authentications_total', { ...L, mechanism: 'PLAIN', outcome: 'success' }) >= 2, 'authentications');
    t.ok(sample(m, 'streamward_authentications_total', { ...L, mechanism: 'PLAIN', outcome: 'failure' }) >= 1);
    t.ok(sample(m, 'streamward_authorization_decisions_total', { protocol: 'fluss', operation: 'CREATE', resource_type: 'CLUSTER', outcome: 'allow' }) >= 1, 'authz allow');
    t.ok(sample(m, 'streamward_authorization_decisions_total', { protocol: 'fluss', operation: 'CREATE', resource_type: 'CLUSTER', outcome: 'deny' }) >= 1, 'authz deny');
    t.ok(sample(m, 'streamward_requests_total', { ...L, protocol: 'fluss', api: 'CREATE_DATABASE', version: '0' }) >= 1, 'requests by api and version');
    t.ok(sample(m, 'streamward_gateway_latency_seconds_count', { ...L, protocol: 'fluss' }) > 0, 'gateway latency histogram');
    t.ok(sample(m, 'streamward_upstream_latency_seconds_count', { ...L, protocol: 'fluss' }) > 0, 'upstream latency histogram');
    t.ok(sample(m, 'streamward_client_bytes_in_total', L) > 0 && sample(m, 'streamward_client_bytes_out_total', L) > 0, 'bytes');
    const expiry = sample(m, 'streamward_certificate_expiry_seconds', { listener: 'fluss-tls' });
    t.ok(expiry > 364 * 86400 && expiry <= 365 * 86400, `certificate expiry in seconds (${expiry})`);
    t.ok(sample(m, 'streamward_node_endpoints', L) >= 1);
    t.equal(sample(m, 'streamward_ready'), 1);
    t.equal(sample(m, 'streamward_backend_reachable', L), 1);
    t.ok(sample(m, 'streamward_process_resident_memory_bytes') > 0, 'process metrics');
    t.match(m, /^# TYPE streamward_reloads_total counter$/m);
    t.match(m, /^# TYPE streamward_upstream_errors_total counter$/m);
  });

  t.test('audit records: authentications and decisions, no secrets', async (t) => {
    await waitFor(() => auditRecords(auditFile).some((r) => r.decision === 'deny'), 3000, 'audit written');
    const recs = auditRecords(auditFile);
    t.match(
      recs.find((r) => r.kind === 'authentication' && r.principal === 'User:alice'),
      {
        time: /^\d{4}-\d\d-\d\dT/,
        client: '127.0.0.1',
        listener: 'fluss-sasl',
        protocol: 'fluss',
        api: 'PLAIN',
        operation: 'Authenticate',
        decision: 'success',
      },
    );
    t.match(
      recs.find((r) => r.kind === 'authentication' && r.decision === 'failure'),
      { principal: 'User:bob', api: 'PLAIN', reason: String },
    );
    t.match(
      recs.find((r) => r.kind === 'authorization' && r.decision === 'deny'),
      {
        principal: 'User:bob',
        listener: 'fluss-sasl',
        protocol: 'fluss',
        api: 'CREATE_DATABASE',
        operation: 'CREATE',
        resource: { type: 'CLUSTER', name: 'fluss-cluster' },
      },
    );
    t.match(
      recs.find((r) => r.kind === 'authorization' && r.decision === 'allow' && r.principal === 'User:alice'),
      {
        api: 'CREATE_DATABASE',
        entry: /^User:alice \* CLUSTER:fluss-cluster LITERAL CREATE ALLOW$/,
      },
      'the deciding ACL entry',
    );
    const text = fs.readFileSync(auditFile, 'utf8');
    for (const secret of [...Object.values(PASSWORDS), 'wrong-guess-pw']) t.notOk(text.includes(secret), 'no password in the audit log');
  });

  t.test('drain: not ready, then closed', async (t) => {
    await ops.gw.drain(500);
    const res = await fetch(`${ops.admin}/readyz`);
    t.equal(res.status, 503);
    t.match(await res.json(), { draining: true, ready: false });
    t.equal(sample(await ops.scrape(), 'streamward_ready'), 0);
    await ops.stop();
    await t.rejects(fetch(`${ops.admin}/healthz`), 'admin server closed with the gateway');
  });
});

t.test('a dead backend: not ready, upstream errors counted', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const dead = net.createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  const port = (dead.address() as net.AddressInfo).port;
  await new Promise((r) => dead.close(r));
  const ops = await startOpsGateway(
    dir,
    `
clusters: { fl: { protocol: fluss, bootstrap: ["127.0.0.1:${port}"] } }
listeners: [{ name: gone, cluster: fl, bind: 127.0.0.1:0, nodePorts: auto }]
admin: { bind: 127.0.0.1:0 }
`,
    { audit: null },
  );
  t.teardown(() => ops.stop());
  await waitFor(async () => ((await (await fetch(`${ops.admin}/readyz`)).json()) as { listeners: { gone: { backend: string } } }).listeners.gone.backend === 'unreachable', 3000);
  const res = await fetch(`${ops.admin}/readyz`);
  t.equal(res.status, 503);
  t.match(await res.json(), { listeners: { gone: { bound: true, backend: 'unreachable', detail: /ECONNREFUSED/ } } });
  await t.rejects(FlussTestClient.connect(`127.0.0.1:${ops.port('gone')}`, { requestTimeoutMs: 2000 }));
  await waitFor(async () => sample(await ops.scrape(), 'streamward_upstream_errors_total', { listener: 'gone', code: 'SW_ERR_UPSTREAM_UNREACHABLE' }) >= 1, 3000, 'upstream error counted');
  t.pass('upstream connection errors counted by code');
});
