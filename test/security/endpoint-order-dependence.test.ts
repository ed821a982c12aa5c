// Attack / failure: node ports handed out in discovery order. Two replicas of one config whose
// first clients meet the brokers in different orders (FindCoordinator first on one, Metadata
// first on the other) must still give every broker the same port, and a client holding an
// address from replica A must reach the same broker through replica C, which has met no client
// yet. A broker the map has no port for is never silently assigned one.
import t from 'tap';
import { KafkaAdapter } from '../../src/adapters/kafka/adapter.js';
import { anonymousPolicy } from '../../src/adapters/auth-policy.js';
import { collectAddresses } from '../../src/protocol/kafka/rewrite.js';
import { Metrics } from '../../src/metrics.js';
import type { NodePortPlan } from '../../src/config/node-port-map.js';
import { startTestListener, waitForLine, type TestListener } from '../helpers/listener.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { requestFrame } from '../helpers/kafka-encode.js';
import { startFakeKafka, type FakeKafkaCluster } from '../helpers/kafka/fake-cluster.js';

const metadataV1 = (corr: number) => requestFrame(3, 1, corr, 1, 'c', Buffer.from([0, 0, 0, 0]));
const findCoordinatorV1 = (corr: number) => requestFrame(10, 1, corr, 1, 'c', Buffer.concat([Buffer.from([0, 1]), Buffer.from('g'), Buffer.from([0])]));

/** Replicas bind one port set on different loopback addresses; a random base avoids other tests' ports. */
async function replica(t: { teardown(fn: () => unknown): void }, backend: FakeKafkaCluster, host: string, plan: NodePortPlan): Promise<TestListener> {
  const metrics = new Metrics();
  const gw = await startTestListener({
    host,
    nodePorts: plan,
    metrics,
    adapter: new KafkaAdapter({ auth: anonymousPolicy('test', metrics) }),
    bootstrap: [{ host: backend.brokers[0]!.host, port: backend.brokers[0]!.port }],
  });
  t.teardown(() => gw.stop());
  return gw;
}

async function ask(host: string, port: number, frame: Buffer, key: number, version: number): Promise<Map<number, number>> {
  const c = await connectRaw(port, { host });
  c.send(frame);
  const [answer] = await c.waitFrames(1, 10000);
  c.close();
  return new Map(collectAddresses(key, version, answer!).map((a) => [a.nodeId, a.port]));
}

async function withFreeBase<T>(start: (plan: NodePortPlan) => Promise<T>, plan: Omit<NodePortPlan, 'base'>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await start({ base: 20000 + Math.floor(Math.random() * 30000), ...plan });
    } catch (e) {
      if (i >= 5 || !/node port/.test((e as Error).message)) throw e;
    }
  }
}

t.test('two replicas, brokers met in different orders: one port per broker on both', async (t) => {
  const backend = await startFakeKafka({ brokers: 3, coordinatorId: 3 });
  t.teardown(() => backend.stop());
  const shape = { minId: 0, maxId: 7, offsets: { broker: 0, controller: 8 }, overrides: {} };
  const [a, b, c] = await withFreeBase(async (plan) => {
    const out: TestListener[] = [];
    for (const host of ['127.0.0.1', '127.0.0.2', '127.0.0.3']) out.push(await replica(t, backend, host, plan));
    return out;
  }, shape);

  const coordA = await ask('127.0.0.1', a!.port, findCoordinatorV1(1), 10, 1);
  const metaA = await ask('127.0.0.1', a!.port, metadataV1(2), 3, 1);
  const metaB = await ask('127.0.0.2', b!.port, metadataV1(3), 3, 1);
  const coordB = await ask('127.0.0.2', b!.port, findCoordinatorV1(4), 10, 1);

  t.same([...metaA.keys()].sort(), [1, 2, 3]);
  for (const id of [1, 2, 3]) t.equal(metaA.get(id), metaB.get(id), `broker ${id}: same port on both replicas`);
  t.equal(coordA.get(3), metaA.get(3), 'FindCoordinator and Metadata agree on replica A');
  t.equal(coordB.get(3), metaB.get(3), 'and on replica B');
  const base = metaA.get(1)! - 1;
  t.same([metaA.get(1), metaA.get(2), metaA.get(3)], [base + 1, base + 2, base + 3], 'port = base + broker id');

  // replica C has met no client: broker 2's port (learned from A) still leads to broker 2
  const broker2 = backend.brokers[1]!;
  const before = broker2.received.length;
  const other = backend.brokers.filter((x) => x.id !== 2).map((x) => x.received.length);
  const cl = await connectRaw(metaA.get(2)!, { host: '127.0.0.3' });
  cl.send(metadataV1(5));
  await cl.waitFrames(1, 10000);
  cl.close();
  t.equal(broker2.received.length, before + 1, 'the request reached broker 2 through replica C');
  const deltas = backend.brokers.filter((x) => x.id !== 2).map((x, i) => x.received.length - other[i]!);
  t.same(deltas, [1, 0], "brokers 1 and 3: only replica C's discovery Metadata, at the bootstrap broker");
  await waitForLine(c!.lines, (l) => l.msg === 'node endpoint learned' && l.node === 'broker:2');
});

t.test('a broker id outside the map is refused, counted and never given a port', async (t) => {
  const backend = await startFakeKafka({ brokers: 3 });
  t.teardown(() => backend.stop());
  const gw = await withFreeBase((plan) => replica(t, backend, '127.0.0.1', plan), { minId: 0, maxId: 2, offsets: { broker: 0 }, overrides: {} });
  const c = await connectRaw(gw.port);
  c.send(metadataV1(1));
  t.ok(await within(c.closed, 5000), 'the answer naming broker 3 is not passed on; the connection closes');
  t.equal(c.frames.length, 0, 'no answer reached the client');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_NODE_OUT_OF_RANGE');
  t.match(String(line.detail), /broker:3 .*outside nodePorts ids 0-2/);
  const refused = await gw.metrics.registry.getSingleMetricAsString('streamward_nodes_refused_total');
  t.match(refused, /streamward_nodes_refused_total\{listener="test",kind="broker"\} 1/);
});
