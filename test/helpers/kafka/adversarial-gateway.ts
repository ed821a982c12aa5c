/**
 * A Kafka gateway (SASL PLAIN + ACL authorization, in front of a librdkafka mock cluster) run
 * in its own process for the adversarial-frame tests, so that building 16 MiB attack frames in
 * the test process does not disturb the measurement. It prints {"port":N} on stdout, then
 * answers IPC messages: 'reset' (GC, restart the event-loop delay histogram, note the heap) and
 * 'stats' ({ p99Ms, maxMs, heapGrowth, cpuMs, errs }: event-loop delay since the reset, heap
 * growth since the reset's baseline, CPU time used, SW_ERR_* codes logged since the reset).
 *
 * Run: node --expose-gc --import=tsx test/helpers/kafka/adversarial-gateway.ts <maxFrameBytes>
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../../src/adapters/authz.js';
import { KafkaAdapter } from '../../../src/adapters/kafka/adapter.js';
import { kafkaAuthzStage } from '../../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../../src/adapters/kafka/authz/topic-ids.js';
import { Metrics } from '../../../src/metrics.js';
import { testPolicy } from '../auth.js';
import { startTestListener } from '../listener.js';
import { startMockCluster } from './mock-cluster.js';

const maxFrameBytes = Number(process.argv[2] ?? 16 * 1024 * 1024);
const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: [{ name: 'orders', partitions: 1 }] });
const metrics = new Metrics();
const acls = new MemoryAclState(AclIndex.from([{ protocol: 'kafka', principal: 'User:bob', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' }]));
const authorizer = new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics, audit: null });
const auth = await testPolicy(metrics, { mechanisms: ['PLAIN'] });
const gw = await startTestListener({
  metrics, adapter: new KafkaAdapter({ auth, stages: [kafkaAuthzStage(authorizer, { topicIds: new TopicIdMap() })] }),
  bootstrap: cluster.brokers.map((b) => ({ host: b.host, port: b.port })), limits: { maxFrameBytes },
});
const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
let baseline = 0;
let cpuAtReset = process.cpuUsage();
let seenLines = 0;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
process.on('message', (m: string) => {
  if (m === 'reset') {
    gc();
    baseline = process.memoryUsage().heapUsed;
    seenLines = gw.lines.length;
    histogram.reset();
    cpuAtReset = process.cpuUsage();
    process.send?.({ reset: true });
  } else if (m === 'stats') {
    const errs = gw.lines.slice(seenLines).map((l) => l.err).filter((e): e is string => typeof e === 'string');
    const cpu = process.cpuUsage(cpuAtReset);
    process.send?.({ p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, heapGrowth: process.memoryUsage().heapUsed - baseline, cpuMs: (cpu.user + cpu.system) / 1000, errs });
  } else if (m === 'stop') {
    void gw.stop().then(() => cluster.stop()).then(() => process.exit(0));
  }
});
process.stdout.write(`${JSON.stringify({ port: gw.port })}\n`);
