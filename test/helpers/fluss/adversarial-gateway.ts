/**
 * A Fluss gateway (SASL PLAIN + ACL authorization, in front of the Fluss test cluster) run in
 * its own process for the adversarial-frame tests; prints {"port":N} and serves the stats IPC
 * of ../gateway-stats.ts. Run: node --expose-gc --import=tsx <this file> <maxFrameBytes>
 */
import { AclIndex } from '../../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../../src/adapters/authz.js';
import { FlussTableDirectory, flussAuthzStage } from '../../../src/adapters/fluss/authz/index.js';
import { FlussAdapter } from '../../../src/adapters/fluss/adapter.js';
import { Metrics } from '../../../src/metrics.js';
import { testPolicy } from '../auth.js';
import { serveStats } from '../gateway-stats.js';
import { startTestListener } from '../listener.js';
import { startFlussCluster } from '../../../testkit/fluss/cluster/index.js';

const maxFrameBytes = Number(process.argv[2] ?? 16 * 1024 * 1024);
const cluster = await startFlussCluster({ tabletServers: 1 });
const metrics = new Metrics();
const authorizer = new Authorizer({ protocol: 'fluss', acls: new MemoryAclState(new AclIndex()), decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics, audit: null });
const [host, port] = cluster.bootstrap.split(':');
const tables = new FlussTableDirectory({ backend: { host, port: Number(port), timeoutMs: 3000 }, minRefreshIntervalMs: 0 });
const auth = await testPolicy(metrics, { mechanisms: ['PLAIN'], throttle: null });
const gw = await startTestListener({
  metrics,
  adapter: new FlussAdapter({ auth, stages: [flussAuthzStage(authorizer, tables)] }),
  bootstrap: [{ host, port: Number(port) }],
  limits: { maxFrameBytes },
});
serveStats(gw.lines, async () => {
  await gw.stop();
  await cluster.stop();
});
process.stdout.write(`${JSON.stringify({ port: gw.port })}\n`);
