// `workers: 2` (node:cluster) in front of the 3-broker librdkafka mock, as a real process:
// produce+consume through it; a Metadata answered by one worker opens the node ports in both
// (a connection to a node port may land in either worker); connections land on both workers;
// /metrics sums counters across workers and labels gauges per worker; SIGHUP reloads both;
// a killed worker is restarted (SW_ERR_WORKER_EXITED) and clients continue; audit lines from
// both workers never interleave; SIGTERM drains both and the process exits 0.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { digestPayloads, makePayloads } from '../helpers/kafka/payloads.js';
import { connectRaw } from '../helpers/raw-client.js';
import { startDelayProxy } from '../integration/ops/delay-proxy.js';
import { runGatewayProcess } from '../integration/ops/child-gateway.js';
import { sample, tempDir, waitFor } from '../integration/ops/setup.js';

const STARTUP_MS = 120_000;

/** ApiVersions v0 request, correlation id 1. */
function apiVersionsRequest(): Buffer {
  const body = Buffer.from([0, 18, 0, 0, 0, 0, 0, 1, 0, 1, 0x78]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

t.test('workers: 2 in front of the librdkafka mock', { timeout: 600_000 }, async (t) => {
  const cluster = await startMockCluster({
    brokers: 3,
    topics: [
      { name: 'w', partitions: 3 },
      { name: 'w2', partitions: 3 },
    ],
  });
  const { dir, remove } = tempDir('sw-workers-');
  const audit = path.join(dir, 'audit.jsonl');
  const file = path.join(dir, 'gw.yaml');
  fs.writeFileSync(
    file,
    `
clusters: { k: { protocol: kafka, bootstrap: "${cluster.bootstrap}" } }
listeners: [{ name: plain, cluster: k, bind: 127.0.0.1:0, nodePorts: auto }]
principals: { superUsers: ["User:ANONYMOUS"] }
admin: { bind: 127.0.0.1:0 }
audit: { file: ${audit}, allows: all }
workers: 2
`,
  );
  const gw = runGatewayProcess(file, ['--drain-timeout', '10s']);
  t.teardown(async () => {
    gw.child.kill('SIGKILL');
    await cluster.stop();
    remove();
  });
  const running = (worker: number, after = 0) => gw.waitLine((l) => l.msg === 'worker running' && l.worker === worker && gw.lines.indexOf(l) >= after, STARTUP_MS);
  const first = await Promise.all([running(1), running(2)]);
  const port = await gw.port('plain');
  const admin = await gw.adminUrl();
  const bootstrap = `127.0.0.1:${port}`;
  const metrics = async () => (await fetch(`${admin}/metrics`)).text();
  await waitFor(async () => (await fetch(`${admin}/readyz`)).status === 200, 30_000, 'every worker ready');

  await t.test('connections land on both workers; counters are summed, gauges labelled per worker', async (t) => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => connectRaw(port)));
    for (const c of clients) c.send(apiVersionsRequest());
    await Promise.all(clients.map((c) => c.waitFrames(1, 20_000)));
    const text = await metrics();
    t.equal(sample(text, 'streamward_connections_active', { worker: '1' }), 2, 'two connections on worker 1');
    t.equal(sample(text, 'streamward_connections_active', { worker: '2' }), 2, 'two connections on worker 2');
    t.equal(sample(text, 'streamward_requests_total', { api: 'ApiVersions' }), 4, 'ApiVersions counted across both workers');
    t.equal(sample(text, 'streamward_workers'), 2);
    t.equal(sample(text, 'streamward_ready'), 1, 'ready is one value, not one per worker');
    for (const c of clients) c.close();
  });

  await t.test('a node met by one worker is served on its port by both', async (t) => {
    const md = await kcatMetadata({ bootstrap, timeoutMs: 30_000 });
    t.equal(md.brokers.length, 3);
    await waitFor(
      async () => {
        const text = await metrics();
        return sample(text, 'streamward_node_endpoints', { worker: '1' }) === 3 && sample(text, 'streamward_node_endpoints', { worker: '2' }) === 3;
      },
      20_000,
      'three node endpoints in each worker',
    );
    // every node port, connected to several times (round-robin across workers), answers
    for (const b of md.brokers) {
      const p = Number(b.name.split(':').pop());
      const cs = await Promise.all([1, 2, 3, 4].map(() => connectRaw(p)));
      for (const c of cs) c.send(apiVersionsRequest());
      const answered = await Promise.all(
        cs.map((c) =>
          c.waitFrames(1, 20_000).then(
            () => true,
            () => false,
          ),
        ),
      );
      t.same(answered, [true, true, true, true], `broker ${b.id}: every connection answered`);
      for (const c of cs) c.close();
    }
  });

  const payloads = makePayloads(2000, { seed: 7, avoidBytes: [0x1e] });
  await t.test('produce and consume through both workers', async (t) => {
    const prod = await kcatProduce({ bootstrap, topic: 'w', messages: payloads, props: { acks: 'all' }, timeoutMs: 60_000 });
    t.equal(prod.code, 0, 'producer exits 0', { stderr: prod.stderr.slice(-500) });
    const cons = await kcatConsume({ bootstrap, topic: 'w', count: payloads.length, timeoutMs: 60_000 });
    t.equal(cons.code, 0, 'consumer exits 0', { stderr: cons.stderr.slice(-500) });
    t.equal(digestPayloads(cons.messages), digestPayloads(payloads), 'byte-exact');
  });

  await t.test('SIGHUP to the primary reloads every worker', async (t) => {
    const from = gw.lines.length;
    gw.child.kill('SIGHUP');
    for (const worker of [1, 2]) {
      await gw.waitLine((l) => l.msg === 'reload finished' && l.worker === worker && gw.lines.indexOf(l) >= from, 30_000);
      t.pass(`worker ${worker} reloaded`);
    }
  });

  await t.test('a killed worker is restarted and clients continue', async (t) => {
    const victim = Number(first[0].pid);
    const from = gw.lines.length;
    process.kill(victim, 'SIGKILL');
    const exitLine = await gw.waitLine((l) => l.err === 'SW_ERR_WORKER_EXITED' && gw.lines.indexOf(l) >= from, 20_000);
    t.match(exitLine, { worker: 1, signal: 'SIGKILL' });
    const again = await running(1, from);
    t.not(Number(again.pid), victim, 'a new process');
    await waitFor(async () => (await fetch(`${admin}/readyz`)).status === 200, 60_000, 'ready again');
    t.equal(sample(await metrics(), 'streamward_worker_restarts_total'), 1, 'restart counted');
    const more = makePayloads(500, { seed: 8, avoidBytes: [0x1e] });
    const prod = await kcatProduce({ bootstrap, topic: 'w2', messages: more, props: { acks: 'all' }, timeoutMs: 60_000 });
    t.equal(prod.code, 0, 'producer exits 0 after the restart', { stderr: prod.stderr.slice(-500) });
    const cons = await kcatConsume({ bootstrap, topic: 'w2', count: more.length, timeoutMs: 60_000 });
    t.equal(digestPayloads(cons.messages), digestPayloads(more), 'byte-exact after the restart');
    const text = await metrics();
    t.equal(sample(text, 'streamward_node_endpoints', { worker: '1' }), 3, 'the new worker got every node endpoint');
  });

  await t.test('audit lines of both workers never interleave', async (t) => {
    const lines = fs.readFileSync(audit, 'utf8').split('\n').filter(Boolean);
    t.ok(lines.length >= 10, `${lines.length} audit records`);
    const bad = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    t.same(bad, [], 'every line is one whole JSON record');
  });

  await t.test('SIGTERM drains every worker and the primary exits 0', async (t) => {
    gw.child.kill('SIGTERM');
    t.equal(await gw.exited, 0);
    t.equal(gw.lines.filter((l) => l.msg === 'gateway closed').length >= 3, true, 'both workers and the primary closed');
  });
});

t.test('workers: 2, a request in flight at SIGTERM: a second SIGTERM closes every worker at once', { timeout: 300_000 }, async (t) => {
  const cluster = await startMockCluster({ brokers: 1 });
  const proxy = await startDelayProxy(cluster.brokers[0]!, 0);
  const { dir, remove } = tempDir('sw-workers-term-');
  const file = path.join(dir, 'gw.yaml');
  fs.writeFileSync(
    file,
    `
clusters: { k: { protocol: kafka, bootstrap: ["127.0.0.1:${proxy.port}"] } }
listeners: [{ name: plain, cluster: k, bind: 127.0.0.1:0, nodePorts: auto }]
principals: { superUsers: ["User:ANONYMOUS"] }
admin: { bind: 127.0.0.1:0 }
audit: { allows: none }
workers: 2
`,
  );
  const gw = runGatewayProcess(file, ['--drain-timeout', '120s']);
  t.teardown(async () => {
    gw.child.kill('SIGKILL');
    await proxy.kill();
    await cluster.stop();
    remove();
  });
  await gw.waitLine((l) => l.msg === 'worker running' && l.worker === 1, STARTUP_MS);
  await gw.waitLine((l) => l.msg === 'worker running' && l.worker === 2, STARTUP_MS);
  const port = await gw.port('plain');
  proxy.delayMs = 100_000;
  const c = await connectRaw(port);
  c.send(apiVersionsRequest());
  await waitFor(() => proxy.accepted > 0, 20_000, 'the request reached the backend side');
  gw.child.kill('SIGTERM');
  await gw.waitLine((l) => typeof l.msg === 'string' && l.msg.startsWith('draining: every worker'), 20_000);
  await new Promise((r) => setTimeout(r, 1000));
  t.equal(gw.child.exitCode, null, 'still draining: the request is in flight');
  const t0 = Date.now();
  gw.child.kill('SIGTERM');
  t.equal(await gw.exited, 0, 'exits 0');
  t.ok(Date.now() - t0 < 30_000, 'closed at once, not after the 120 s drain timeout');
  t.ok(gw.lines.some((l) => l.msg === 'second stop signal: closing every worker now'));
  c.close();
});
