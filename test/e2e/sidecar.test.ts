// The client-side sidecar chain: a client without TLS → sidecar (plaintext, localhost) → edge
// gateway (mTLS, principal from the sidecar's certificate, ACLs) → backend. Discovery must name
// only the sidecar's own local endpoints; the sidecar decides nothing, the edge decides all.
// Fluss with the Fluss test client; Kafka with kcat.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussResponseError, tableDescriptorJson } from '../../testkit/fluss/client/index.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { makePayloads, digestPayloads } from '../helpers/kafka/payloads.js';
import { buildLogBatch } from '../../src/protocol/fluss/records/log-batch.js';
import { writePki } from '../../src/tls/certs.js';
import type { AuditEvent } from '../../src/adapters/authz.js';
import { sample, startOpsGateway, tempDir, type OpsGateway } from '../integration/ops/setup.js';

interface Chain {
  edge: OpsGateway;
  sidecar: OpsGateway;
  decisions: AuditEvent[];
  sidecarBootstrap: string;
}

/** Edge gateway (mTLS) in front of `bootstrap`, then a sidecar pointed at it with the `app` certificate. */
async function startChain(dir: string, protocol: 'fluss' | 'kafka', bootstrap: string, acls: string): Promise<Chain> {
  const pki = await writePki(path.join(dir, 'pki'), { clients: ['app'] });
  fs.writeFileSync(path.join(dir, 'acls.yaml'), `acls:\n${acls}`);
  const decisions: AuditEvent[] = [];
  const edgeDir = path.join(dir, 'edge');
  fs.mkdirSync(edgeDir);
  const edge = await startOpsGateway(
    edgeDir,
    `
clusters: { backend: { protocol: ${protocol}, bootstrap: "${bootstrap}" } }
listeners:
  - name: edge
    cluster: backend
    bind: 127.0.0.1:0
    nodePorts: auto
    tls: { cert: ${pki.server.cert}, key: ${pki.server.key}, clientCa: ${pki.ca} }
    authentication: [mtls]
principals: { mtls: { rules: ['RULE:^CN=([^,]+)$/$1/'] } }
acls: { store: ${path.join(dir, 'acls.yaml')} }
admin: { bind: 127.0.0.1:0 }
`,
    { audit: { record: (e) => decisions.push(e) } },
  );
  const sideDir = path.join(dir, 'sidecar');
  fs.mkdirSync(sideDir);
  const sidecar = await startOpsGateway(
    sideDir,
    `
listeners:
  - name: local
    mode: client-sidecar
    protocol: ${protocol}
    bind: 127.0.0.1:0
    nodePorts: auto
    upstream:
      address: 127.0.0.1:${edge.port('edge')}
      tls: { ca: ${pki.ca}, cert: ${pki.clients.app.cert}, key: ${pki.clients.app.key} }
admin: { bind: 127.0.0.1:0 }
`,
    { audit: null },
  );
  return { edge, sidecar, decisions, sidecarBootstrap: `127.0.0.1:${sidecar.port('local')}` };
}

async function stopChain(c: Chain): Promise<void> {
  await c.sidecar.stop();
  await c.edge.stop();
}

t.test('Fluss: test client → sidecar → edge (mTLS) → Fluss test cluster', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 3 });
  const { dir, remove } = tempDir();
  const chain = await startChain(
    dir,
    'fluss',
    cluster.bootstrap,
    [
      '  - {protocol: fluss, principal: "User:app", resourceType: CLUSTER, operation: CREATE}',
      '  - {protocol: fluss, principal: "User:app", resourceType: DATABASE, resourceName: side_db, operation: ALL}',
    ].join('\n') + '\n',
  );
  t.teardown(async () => {
    await stopChain(chain);
    await cluster.stop();
    remove();
  });
  const client = await FlussTestClient.connect(chain.sidecarBootstrap, { requestTimeoutMs: 5000 });
  t.teardown(() => client.close());

  t.test("discovery names the sidecar's own plaintext endpoints", async (t) => {
    const backend = new Set([cluster.coordinator.port, ...cluster.tabletServers.map((n) => n.port)]);
    const ports = [client.coordinator!.port, ...[...client.tabletServers.values()].map((n) => n.port)];
    t.equal(new Set(ports).size, 4, 'coordinator and three tablet servers, distinct');
    for (const p of ports) t.notOk(backend.has(p), `port ${p} is not a backend port`);
    t.equal(client.coordinator!.host, '127.0.0.1');
    t.equal(sample(await chain.sidecar.scrape(), 'streamward_node_endpoints', { listener: 'local' }), 4, 'the sidecar opened one local endpoint per node');
    t.equal(sample(await chain.edge.scrape(), 'streamward_node_endpoints', { listener: 'edge' }), 4, 'the edge has its own');
  });

  t.test("data flows end to end under the certificate's principal", async (t) => {
    const TABLE = { database_name: 'side_db', table_name: 'events' };
    await client.admin.createDatabase('side_db');
    await client.admin.createTable(TABLE, tableDescriptorJson({ columns: [{ name: 'id', type: 'BIGINT' }], bucketCount: 3 }));
    const sent = new Map([0, 1, 2].map((b) => [b, buildLogBatch({ records: [Buffer.from(`via-sidecar-${b}`)] })]));
    const acks = await client.log.produce(TABLE, sent);
    t.same(
      [...acks.values()].map((a) => a.error_code ?? 0),
      [0, 0, 0],
      'every bucket acknowledged',
    );
    for (const b of [0, 1, 2]) {
      const got = await client.log.fetch(TABLE, b, 0n);
      t.ok(got.records?.includes(Buffer.from(`via-sidecar-${b}`)), `bucket ${b} reads back`);
    }
    const principals = new Set(chain.decisions.filter((d) => d.kind === 'authorization').map((d) => d.principal));
    t.same([...principals], ['User:app'], 'the edge decided as User:app, from the sidecar certificate');
  });

  t.test('the edge applies ACLs; the sidecar decides nothing', async (t) => {
    await t.rejects(client.admin.dropDatabase('other_db', { ignoreIfNotExists: true }), FlussResponseError, 'DROP on a database without an ACL');
    t.ok(
      chain.decisions.some((d) => d.decision === 'deny' && d.principal === 'User:app'),
      'denied at the edge',
    );
    t.equal(sample(await chain.sidecar.scrape(), 'streamward_authorization_decisions_total'), 0, 'no decisions at the sidecar');
    t.ok(chain.edge.lines.some((l) => l.msg === 'client certificate mapped to principal' && l.principal === 'User:app'));
  });
});

t.test('Kafka: kcat → sidecar → edge (mTLS) → mock cluster', async (t) => {
  const cluster = await startMockCluster({
    brokers: 3,
    flavor: 'new',
    topics: [
      { name: 'side', partitions: 3 },
      { name: 'forbidden', partitions: 1 },
    ],
  });
  const { dir, remove } = tempDir();
  const chain = await startChain(
    dir,
    'kafka',
    cluster.bootstrap,
    [
      '  - {protocol: kafka, principal: "User:app", resourceType: TOPIC, resourceName: side, operation: WRITE}',
      '  - {protocol: kafka, principal: "User:app", resourceType: TOPIC, resourceName: side, operation: READ}',
    ].join('\n') + '\n',
  );
  t.teardown(async () => {
    await stopChain(chain);
    await cluster.stop();
    remove();
  });
  const bootstrap = chain.sidecarBootstrap;

  t.test('metadata names only sidecar endpoints', async (t) => {
    const md = await kcatMetadata({ bootstrap, topic: 'side' });
    const backend = new Set(cluster.brokers.map((b) => b.port));
    t.equal(md.brokers.length, 3);
    for (const b of md.brokers) t.notOk(backend.has(Number(b.name.split(':')[1])), `${b.name} is not a backend`);
    t.equal(sample(await chain.sidecar.scrape(), 'streamward_node_endpoints', { listener: 'local' }), 3, "the advertised ports are the sidecar's");
  });

  t.test('produce and consume in plaintext, mTLS on the way', async (t) => {
    const payloads = makePayloads(2000, { seed: 77, avoidBytes: [0x1e] });
    const p = await kcatProduce({ bootstrap, topic: 'side', messages: payloads, timeoutMs: 60_000 });
    t.equal(p.code, 0, 'producer exits 0', { stderr: p.stderr.slice(-500) });
    const c = await kcatConsume({ bootstrap, topic: 'side', count: 2000, timeoutMs: 60_000 });
    t.equal(c.code, 0);
    t.equal(digestPayloads(c.messages), digestPayloads(payloads), 'byte-exact');
    t.ok(
      chain.edge.lines.some((l) => l.msg === 'client certificate mapped to principal' && l.principal === 'User:app'),
      'the edge sees the sidecar certificate',
    );
    t.equal(sample(await chain.sidecar.scrape(), 'streamward_authorization_decisions_total'), 0, 'no decisions at the sidecar');
  });

  t.test('the edge denies what the ACLs do not allow', async (t) => {
    const p = await kcatProduce({ bootstrap, topic: 'forbidden', messages: [Buffer.from('no')], props: { 'message.timeout.ms': 4000 }, timeoutMs: 8000 });
    t.not(p.code, 0, 'produce to a topic without an ACL fails');
    t.ok(
      chain.decisions.some((d) => d.decision === 'deny' && d.principal === 'User:app' && d.resource?.name === 'forbidden'),
      'denied at the edge as User:app',
    );
  });
});
