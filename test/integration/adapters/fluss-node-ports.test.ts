// Deterministic node ports with Fluss: the coordinator at base, tablet server N at base+1+N on
// every replica; a replica that has met no client routes a tablet port (learned from another
// replica) to that very tablet server after asking the backend (API_VERSIONS + GET_METADATA).
import t from 'tap';
import { startFlussCluster } from '../../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussConnection } from '../../../testkit/fluss/client/index.js';
import { FlussAdapter } from '../../../src/adapters/fluss/adapter.js';
import { anonymousPolicy } from '../../../src/adapters/auth-policy.js';
import { Metrics } from '../../../src/metrics.js';
import { startTestListener, waitForLine, type TestListener } from '../../helpers/listener.js';
import type { NodePortPlan } from '../../../src/config/node-port-map.js';

t.test('Fluss replicas agree on node ports and a fresh replica discovers its nodes', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 3 });
  t.teardown(() => cluster.stop());
  const [host, port] = cluster.bootstrap.split(':');
  const start = async (bind: string, plan: NodePortPlan): Promise<TestListener> => {
    const metrics = new Metrics();
    const gw = await startTestListener({
      host: bind,
      nodePorts: plan,
      metrics,
      adapter: new FlussAdapter({ auth: anonymousPolicy('test', metrics) }),
      bootstrap: [{ host: host!, port: Number(port) }],
    });
    t.teardown(() => gw.stop());
    return gw;
  };
  let a: TestListener | undefined;
  let c: TestListener | undefined;
  let base = 0;
  for (let i = 0; !c; i++) {
    base = 20000 + Math.floor(Math.random() * 30000);
    const plan: NodePortPlan = { base, minId: 0, maxId: 7, offsets: { coordinator: 0, tablet: 1 }, overrides: {} };
    try {
      a = await start('127.0.0.1', plan);
      c = await start('127.0.0.3', plan);
    } catch (e) {
      await a?.stop();
      a = undefined;
      if (i >= 5) throw e;
    }
  }

  const client = await FlussTestClient.connect(`127.0.0.1:${a!.port}`, { requestTimeoutMs: 5000 });
  t.teardown(() => client.close());
  t.equal(client.coordinator!.port, base, 'coordinator at base');
  t.same(
    [...client.tabletServers.values()].map((n) => [n.nodeId, n.port]).sort(),
    [
      [0, base + 1],
      [1, base + 2],
      [2, base + 3],
    ],
    'tablet server N at base+1+N',
  );

  const tablet2 = cluster.nodes.find((n) => n.info.kind === 'tablet' && n.info.nodeId === 2)!;
  const before = tablet2.received.length;
  const conn = await FlussConnection.open('127.0.0.3', base + 3, { expect: 'tablet' });
  t.teardown(() => conn.close());
  t.ok(tablet2.received.length > before, 'the handshake reached tablet server 2 through the fresh replica');
  await waitForLine(c!.lines, (l) => l.msg === 'node endpoint learned' && l.node === 'tablet:2');
});
