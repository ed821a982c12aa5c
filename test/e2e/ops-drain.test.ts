// Graceful drain of `streamward run` (a child process) on SIGTERM, with a backend made slow by a
// delay proxy so a produce is in flight when the signal arrives: the produce completes and is
// stored, readiness turns false, new connections are refused, the process exits 0. SIGTERM twice
// closes at once without a crash, as does SIGHUP twice; a backend that dies during the drain crashes nothing either.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import t, { type Test } from 'tap';
import { startFlussCluster, type FlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, tableDescriptorJson } from '../../testkit/fluss/client/index.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { ProduceLogRequest, ProduceLogResponse } from '../../src/protocol/fluss/messages/log.js';
import { buildLogBatch, readLogBatches } from '../../src/protocol/fluss/records/log-batch.js';
import { startDelayProxy, type DelayProxy } from '../integration/ops/delay-proxy.js';
import { runGatewayProcess, type ChildGateway } from '../integration/ops/child-gateway.js';
import { tempDir, waitFor } from '../integration/ops/setup.js';

const DB = 'drain_db';

interface Setup {
  gw: ChildGateway;
  proxy: DelayProxy;
  client: FlussTestClient;
  tableId: bigint;
}

/** A gateway process whose bootstrap goes through a delay proxy to the (only) tablet server. */
async function setup(t: Test, cluster: FlussCluster, dir: string, table: string): Promise<Setup> {
  const tablet = cluster.tabletServers[0];
  const proxy = await startDelayProxy({ host: tablet.host, port: tablet.port });
  const file = path.join(dir, `${table}.yaml`);
  fs.writeFileSync(
    file,
    `
clusters: { fl: { protocol: fluss, bootstrap: ["127.0.0.1:${proxy.port}"] } }
listeners: [{ name: plain, cluster: fl, bind: 127.0.0.1:0, nodePorts: auto }]
principals: { superUsers: ["User:ANONYMOUS"] }
admin: { bind: 127.0.0.1:0 }
audit: { allows: none }
`,
  );
  const gw = runGatewayProcess(file, ['--drain-timeout', '10s']);
  t.teardown(async () => {
    gw.child.kill('SIGKILL');
    await proxy.kill();
  });
  const client = await FlussTestClient.connect(`127.0.0.1:${await gw.port('plain')}`, { requestTimeoutMs: 15_000 });
  t.teardown(() => client.close());
  await client.admin.createDatabase(DB, true);
  const path_ = { database_name: DB, table_name: table };
  await client.admin.createTable(path_, tableDescriptorJson({ columns: [{ name: 'v', type: 'STRING' }], bucketCount: 1 }));
  const route = await client.route(path_);
  return { gw, proxy, client, tableId: route.tableId };
}

/** PRODUCE_LOG on the bootstrap connection (through the delay proxy); resolves with bucket 0's answer. */
function produce(s: Setup, text: string) {
  return s.client.bootstrap
    .call(
      ApiKey.PRODUCE_LOG,
      ProduceLogRequest,
      {
        acks: -1,
        table_id: s.tableId,
        timeout_ms: 30_000,
        buckets_req: [{ bucket_id: 0, records: buildLogBatch({ records: [Buffer.from(text)] }) }],
      },
      ProduceLogResponse,
    )
    .then((r) => r.buckets_resp[0]);
}

const producesReceived = (cluster: FlussCluster) => cluster.nodes.flatMap((n) => n.received).filter((r) => r.apiKey === ApiKey.PRODUCE_LOG).length;

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

t.test('graceful drain of streamward run', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await cluster.stop();
    remove();
  });

  t.test('a produce in flight at SIGTERM completes and is stored', async (t) => {
    const s = await setup(t, cluster, dir, 'inflight');
    const port = await s.gw.port('plain');
    const admin = await s.gw.adminUrl();
    await waitFor(async () => (await fetch(`${admin}/readyz`)).status === 200, 5000, 'ready');
    s.proxy.delayMs = 2000;
    const before = producesReceived(cluster);
    const pending = produce(s, 'in flight at SIGTERM');
    await waitFor(() => producesReceived(cluster) > before, 5000, 'the produce reached the backend');
    s.gw.child.kill('SIGTERM');
    await s.gw.waitLine((l) => typeof l.msg === 'string' && l.msg.startsWith('draining'));
    const ready = await fetch(`${admin}/readyz`);
    t.equal(ready.status, 503, 'not ready while draining');
    t.match(await ready.json(), { draining: true });
    t.ok(await refused(port), 'new connections are refused');
    const answer = await pending;
    t.notOk(answer.error_code, 'the produce was acknowledged');
    t.equal(answer.base_offset, 0n);
    t.equal(await s.gw.exited, 0, 'the process exits 0 after the drain');
    t.ok(s.gw.lines.some((l) => l.msg === 'gateway closed'));
    const direct = await FlussTestClient.connect(cluster.bootstrap, { requestTimeoutMs: 5000 });
    t.teardown(() => direct.close());
    const fetched = await direct.log.fetch({ database_name: DB, table_name: 'inflight' }, 0, 0n);
    const batches = readLogBatches(fetched.records!);
    t.same(
      batches.map((b) => b.recordCount),
      [1],
      'one batch of one record stored',
    );
    t.ok(fetched.records!.includes(Buffer.from('in flight at SIGTERM')), 'the acknowledged record is stored');
  });

  t.test('SIGHUP twice in a row reloads without a crash', async (t) => {
    const s = await setup(t, cluster, dir, 'hup');
    s.gw.child.kill('SIGHUP');
    await s.gw.waitLine((l) => l.msg === 'reloading'); // (two signals sent at once may merge into one)
    s.gw.child.kill('SIGHUP');
    await waitFor(() => s.gw.lines.filter((l) => l.msg === 'reload finished').length === 2, 10_000, 'two reloads');
    t.equal(s.gw.child.exitCode, null, 'still running');
    await s.client.admin.listDatabases();
    t.pass('still serving');
    s.gw.child.kill('SIGTERM');
    t.equal(await s.gw.exited, 0);
  });

  t.test('SIGTERM twice: closes at once, no crash', async (t) => {
    const s = await setup(t, cluster, dir, 'twice');
    s.proxy.delayMs = 8000;
    const before = producesReceived(cluster);
    const pending = produce(s, 'cut short').then(
      () => 'answered',
      () => 'connection closed',
    );
    await waitFor(() => producesReceived(cluster) > before, 5000, 'in flight');
    const started = Date.now();
    s.gw.child.kill('SIGTERM');
    await s.gw.waitLine((l) => typeof l.msg === 'string' && l.msg.startsWith('draining'));
    s.gw.child.kill('SIGTERM');
    t.equal(await s.gw.exited, 0, 'exit code 0');
    t.ok(Date.now() - started < 5000, 'did not wait for the slow backend');
    t.equal(await pending, 'connection closed', 'the forced close cut the unacknowledged request');
    t.ok(s.gw.lines.some((l) => l.msg === 'second stop signal: closing now'));
    t.notMatch(s.gw.stderr(), /Error|at /, 'nothing on stderr');
  });

  t.test('the backend dies during the drain: no crash', async (t) => {
    const s = await setup(t, cluster, dir, 'gone');
    s.proxy.delayMs = 8000;
    const before = producesReceived(cluster);
    const pending = produce(s, 'never acknowledged').then(
      (r) => `error ${r.error_code ?? 0}`,
      () => 'connection closed',
    );
    await waitFor(() => producesReceived(cluster) > before, 5000, 'in flight');
    s.gw.child.kill('SIGTERM');
    await s.gw.waitLine((l) => typeof l.msg === 'string' && l.msg.startsWith('draining'));
    await s.proxy.kill();
    const outcome = await pending;
    t.not(outcome, 'error 0', `the request was not acknowledged (${outcome})`);
    t.equal(await s.gw.exited, 0, 'exit code 0');
    t.notMatch(s.gw.stderr(), /Error|at /, 'nothing on stderr');
  });
});
