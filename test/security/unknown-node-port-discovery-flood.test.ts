// Attack: knock on pre-opened node ports whose node the backend never names (here KRaft
// controller ports, which Kafka discovery does not list) to make the gateway flood the backend
// with discovery requests. Each connection is closed with SW_ERR_NODE_UNKNOWN, and discoveries
// start at most once per DISCOVERY_INTERVAL_MS whatever the number of connections.
import t from 'tap';
import { KafkaAdapter } from '../../src/adapters/kafka/adapter.js';
import { anonymousPolicy } from '../../src/adapters/auth-policy.js';
import { Metrics } from '../../src/metrics.js';
import { DISCOVERY_INTERVAL_MS } from '../../src/proxy/node-endpoint-set.js';
import { startTestListener, waitForLine, type TestListener } from '../helpers/listener.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { startFakeKafka } from '../helpers/kafka/fake-cluster.js';

t.test('unknown node ports: closed, and discovery is rate-limited', async (t) => {
  const backend = await startFakeKafka({ brokers: 1 });
  t.teardown(() => backend.stop());
  const metrics = new Metrics();
  let gw: TestListener | undefined;
  let base = 0;
  for (let i = 0; !gw; i++) {
    base = 20000 + Math.floor(Math.random() * 30000);
    try {
      gw = await startTestListener({
        metrics,
        nodePorts: { base, minId: 0, maxId: 3, offsets: { broker: 0, controller: 4 }, overrides: {} },
        adapter: new KafkaAdapter({ auth: anonymousPolicy('test', metrics) }),
        bootstrap: [{ host: '127.0.0.1', port: backend.brokers[0]!.port }],
      });
    } catch (e) {
      if (i >= 5) throw e;
    }
  }
  t.teardown(() => gw!.stop());
  const started = Date.now();
  const knocks = 30;
  for (let i = 0; i < knocks; i++) {
    const c = await connectRaw(base + 4 + (i % 4)); // controller:0..3
    c.send(Buffer.from([0, 0, 0, 4, 0, 18, 0, 0]));
    t.ok(await within(c.closed, 10000), `knock ${i} closed`);
  }
  const elapsed = Date.now() - started;
  const discoveries = backend.brokers[0]!.received.filter((k) => k === 3).length;
  t.ok(discoveries >= 1, 'the gateway did ask the backend');
  t.ok(discoveries <= Math.ceil(elapsed / DISCOVERY_INTERVAL_MS) + 1, `${discoveries} discoveries for ${knocks} knocks in ${elapsed} ms`);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_NODE_UNKNOWN');
});
