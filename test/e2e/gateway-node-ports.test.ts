// From a config file through startGateway: a Fluss listener with a nodePorts map advertises the
// coordinator at base and tablet server N at base+1+N; the old range form does not start.
import t from 'tap';
import { Registry } from 'prom-client';
import { parseConfig } from '../../src/config.js';
import { startGateway } from '../../src/gateway.js';
import { createMemoryLogger } from '../../src/log.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient } from '../../testkit/fluss/client/index.js';

t.test('nodePorts map from the config file', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 2 });
  t.teardown(() => cluster.stop());
  const yamlFor = (nodePorts: string) => `
clusters:
  fluss: { protocol: fluss, bootstrap: ["${cluster.bootstrap}"] }
listeners:
  - { name: fl, cluster: fluss, bind: 127.0.0.1:0, nodePorts: ${nodePorts} }
admin: { bind: 127.0.0.1:0 }
`;
  t.throws(() => parseConfig(yamlFor('9124-9129'), '/cfg/gw.yaml'), /listeners\[0\]\.nodePorts: the range form .* write nodePorts: \{ base: 9124, maxId: 4 \}/);
  const { log } = createMemoryLogger('warn');
  let gw: Awaited<ReturnType<typeof startGateway>> | undefined;
  let base = 0;
  for (let i = 0; !gw; i++) {
    base = 20000 + Math.floor(Math.random() * 30000);
    try {
      gw = await startGateway(parseConfig(yamlFor(`{ base: ${base}, maxId: 3 }`), '/cfg/gw.yaml'), { log, registry: new Registry() });
    } catch (e) {
      if (i >= 5) throw e;
    }
  }
  t.teardown(() => gw!.close());
  const client = await FlussTestClient.connect(`127.0.0.1:${gw.listeners.get('fl')!.boundPort}`, { requestTimeoutMs: 5000 });
  t.teardown(() => client.close());
  t.equal(client.coordinator!.port, base);
  t.same([...client.tabletServers.values()].map((n) => n.port).sort(), [base + 1, base + 2]);
  t.match(await gw.metrics.registry.getSingleMetricAsString('streamward_node_endpoints'), /streamward_node_endpoints\{listener="fl"\} 5/, 'coordinator + tablets 0-3 opened at start');
});
