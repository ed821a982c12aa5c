// The many-connections load tool end to end: its raw frames accepted by librdkafka's mock broker
// (the independent reader), directly and through a gateway listener (plaintext and TLS, where
// each client follows Metadata to the gateway's node port); every planned turn answered, no
// errors, a latency per answer.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { startMockCluster } from '../../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../../helpers/kafka/gateway.js';
import type { ManyJson } from '../../../bench/kafka/many-load.js';

const TOOL = fileURLToPath(new URL('../../../bench/kafka/many-load.ts', import.meta.url));

function runTool(args: string[]): Promise<{ json: ManyJson; marks: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', TOOL, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const lines = out.trim().split('\n');
      if (code !== 0) return reject(new Error(`many-load exit ${code}: ${err}`));
      resolve({ json: JSON.parse(lines.at(-1) ?? '') as ManyJson, marks: lines.filter((l) => l.startsWith('MARK ')) });
    });
  });
}

const common = ['--topic', 'bench', '--clients', '12', '--rate', '20', '--size', '100', '--duration-ms', '500'];

function checkRun(t: Test, r: { json: ManyJson; marks: string[] }): void {
  const j = r.json;
  t.same(r.marks, ['MARK connect:start', 'MARK connect:end', 'MARK produce:start', 'MARK produce:end']);
  t.equal(j.connected, 12, 'every client connected');
  t.same(j.errors, { connect: 0, produce: 0, closed: 0, timeout: 0 }, `no errors (${j.firstError})`);
  t.equal(j.planned, 120, '12 clients × 20/s × 0.5 s');
  t.equal(j.sent + j.skipped, j.planned, 'every turn taken or skipped');
  t.equal(j.answered, j.sent, 'every request answered');
  t.equal(j.bytes, j.sent * 100);
  t.equal(j.latency.count, j.sent, 'a latency per answer');
  t.same(
    j.cdf,
    [...j.cdf].sort((a, b) => a - b),
    'CDF samples sorted',
  );
}

t.test('many-load against the mock broker, directly and through the gateway', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: [{ name: 'bench', partitions: 4 }] });
  const plain = await startKafkaGateway(cluster);
  const tls = await startKafkaGateway(cluster, { tls: true });
  t.teardown(async () => {
    await plain.stop();
    await tls.stop();
    await cluster.stop();
  });
  t.test('direct', async (t) => checkRun(t, await runTool(['--bootstrap', cluster.bootstrap, ...common])));
  t.test('gateway, plaintext', async (t) => checkRun(t, await runTool(['--bootstrap', plain.bootstrap, ...common])));
  t.test('gateway, TLS', async (t) => checkRun(t, await runTool(['--bootstrap', tls.bootstrap, '--tls-ca', tls.caFile, ...common])));
  t.test('a topic the broker does not know: every client fails its set-up, exit 1 with the reason', async (t) => {
    const r = await runTool(['--bootstrap', cluster.bootstrap, ...common.slice(2), '--topic', 'missing', '--acks', '1']).catch((e: Error) => e);
    t.ok(r instanceof Error && /no client connected \(connect: metadata: topic missing/.test(r.message), 'metadata refusal fails every client: exit 1 with the reason');
  });
});
