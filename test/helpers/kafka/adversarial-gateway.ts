/**
 * A Kafka gateway (SASL PLAIN + ACL authorization, in front of a librdkafka mock cluster) run
 * in its own process for the adversarial-frame tests, so that building 16 MiB attack frames in
 * the test process does not disturb the measurement. It prints {"port":N} on stdout, then
 * serves the stats IPC of ../gateway-stats.ts.
 *
 * Run: node --expose-gc --import=tsx test/helpers/kafka/adversarial-gateway.ts <maxFrameBytes>
 */
import { AclIndex } from '../../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../../src/adapters/authz.js';
import { KafkaAdapter } from '../../../src/adapters/kafka/adapter.js';
import { kafkaAuthzStage } from '../../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../../src/adapters/kafka/authz/topic-ids.js';
import { Metrics } from '../../../src/metrics.js';
import { testPolicy } from '../auth.js';
import { serveStats } from '../gateway-stats.js';
import { startTestListener } from '../listener.js';
import { startMockCluster } from '../../../testkit/kafka/mock-cluster.js';

const maxFrameBytes = Number(process.argv[2] ?? 16 * 1024 * 1024);
const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: [{ name: 'orders', partitions: 1 }] });
const metrics = new Metrics();
const acls = new MemoryAclState(
  AclIndex.from([{ protocol: 'kafka', principal: 'User:bob', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' }]),
);
const authorizer = new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics, audit: null });
const auth = await testPolicy(metrics, { mechanisms: ['PLAIN'] });
const gw = await startTestListener({
  metrics,
  adapter: new KafkaAdapter({ auth, stages: [kafkaAuthzStage(authorizer, { topicIds: new TopicIdMap() })] }),
  bootstrap: cluster.brokers.map((b) => ({ host: b.host, port: b.port })),
  limits: { maxFrameBytes },
});
serveStats(gw.lines, async () => {
  await gw.stop();
  await cluster.stop();
});
process.stdout.write(`${JSON.stringify({ port: gw.port })}\n`);
