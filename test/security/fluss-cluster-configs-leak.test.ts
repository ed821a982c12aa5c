/**
 * Attack: read the backend's addresses and secrets from DESCRIBE_CLUSTER_CONFIGS. A Fluss server
 * masks only its SASL credentials map and PLAIN JAAS configs; `bind.listeners` (its own address),
 * `zookeeper.address`, storage URIs and file-system secret keys go out as configured, and the
 * gateway passed them through. Now credential-bearing keys are always masked, and host-bearing
 * values follow the cluster's `configValues`: rewrite (backend addresses the gateway fronts become
 * gateway endpoints, any other host masks the value), redact, or pass.
 */
import t, { type Test } from 'tap';
import { startFlussCluster, type FlussCluster } from '../../testkit/fluss/cluster/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { connectRaw, type RawClient } from '../helpers/raw-client.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame } from '../../src/protocol/fluss/frame.js';
import { decodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { collectMetadataServers } from '../../src/protocol/fluss/rewrite.js';
import { DescribeClusterConfigsResponse } from '../../src/protocol/fluss/messages/configs.js';
import { parseConfig } from '../../src/config.js';

const SECRETS = {
  s3: 'AKIAexample/secret-key-value',
  jaas: 'org.apache.fluss.security.auth.sasl.plain.PlainLoginModule required user_admin="adm-pw";',
  creds: 'admin:adm-pw,bob:bob-pw',
  ssl: 'keystore-pw',
};

function configure(cluster: FlussCluster): void {
  const c = cluster.state.initialConfigs;
  c.set('security.sasl.plain.credentials', SECRETS.creds);
  c.set('security.sasl.plain.jaas.config', SECRETS.jaas);
  c.set('fs.s3.secret-key', SECRETS.s3);
  c.set('client.security.ssl.keystore.password', SECRETS.ssl);
  c.set('remote.data.dir', 'hdfs://namenode.backend.internal:8020/fluss');
  c.set('advertised.listeners', `FLUSS://${cluster.coordinator.host}:${cluster.coordinator.port}`);
  cluster.state.dynamicConfigs.set('kv.rocksdb.shared-rate-limiter.bytes-per-sec', '100mb');
}

let id = 1;
async function call(c: RawClient, key: number): Promise<Buffer> {
  const before = c.frames.length;
  c.send(encodeRequestFrame(key, 0, id++, Buffer.alloc(0)));
  return (await c.waitFrames(before + 1, 5000))[before];
}

async function describe(mode: 'rewrite' | 'redact' | 'pass' | undefined, metadataFirst: boolean) {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  configure(cluster);
  const gw = await startFlussGateway(cluster, { configValues: mode });
  const c = await connectRaw(gw.port);
  let coordinatorEndpoint: number | undefined;
  if (metadataFirst) coordinatorEndpoint = collectMetadataServers(await call(c, ApiKey.GET_METADATA)).find((s) => s.type === 'coordinator')!.port;
  const frame = await call(c, ApiKey.DESCRIBE_CLUSTER_CONFIGS);
  c.close();
  await gw.stop();
  await cluster.stop();
  const backendPorts = [cluster.coordinator.port, ...cluster.tabletServers.map((n) => n.port)];
  const values = new Map(decodeMessage(DescribeClusterConfigsResponse, frame.subarray(9)).configs.map((e) => [e.config_key, e.config_value]));
  return { frame, values, backendPorts, coordinatorEndpoint, cluster };
}

function noSecrets(t: Test, frame: Buffer, values: Map<string, string | undefined>): void {
  const text = frame.toString('latin1');
  for (const s of ['adm-pw', 'bob-pw', SECRETS.s3, SECRETS.ssl]) t.notOk(text.includes(s), `no secret ${s.slice(0, 6)}... in the answer`);
  for (const k of ['security.sasl.plain.credentials', 'security.sasl.plain.jaas.config', 'fs.s3.secret-key', 'client.security.ssl.keystore.password']) t.equal(values.get(k), '******', `${k} masked`);
}

t.test('rewrite (default): backend addresses become gateway endpoints, other hosts are masked, secrets never pass', async (t) => {
  const { frame, values, backendPorts, coordinatorEndpoint } = await describe(undefined, true);
  noSecrets(t, frame, values);
  t.equal(values.get('bind.listeners'), `FLUSS://127.0.0.1:${coordinatorEndpoint}`, 'bind.listeners names the gateway endpoint of the coordinator');
  t.equal(values.get('advertised.listeners'), `FLUSS://127.0.0.1:${coordinatorEndpoint}`);
  t.equal(values.get('zookeeper.address'), '******', 'an address the gateway does not front is masked');
  t.equal(values.get('remote.data.dir'), '******', 'a storage URI naming an internal host is masked');
  t.equal(values.get('default.bucket.number'), '1', 'other configs unchanged');
  t.equal(values.get('kv.rocksdb.shared-rate-limiter.bytes-per-sec'), '100mb');
  const text = frame.toString('latin1');
  for (const p of backendPorts) t.notOk(text.includes(`:${p}`), `backend port ${p} does not leak`);
  t.notOk(text.includes('backend.internal'), 'no internal host name leaks');
});

t.test('rewrite before any metadata answer: nothing learned yet, so backend addresses are masked', async (t) => {
  const { values } = await describe('rewrite', false);
  t.equal(values.get('bind.listeners'), '******');
});

t.test('redact: every host-bearing value is masked', async (t) => {
  const { frame, values } = await describe('redact', true);
  noSecrets(t, frame, values);
  for (const k of ['bind.listeners', 'advertised.listeners', 'zookeeper.address', 'remote.data.dir']) t.equal(values.get(k), '******', `${k} masked`);
  t.equal(values.get('default.bucket.number'), '1');
});

t.test('pass: host-bearing values pass as the backend sent them, credentials still never do', async (t) => {
  const { frame, values, cluster } = await describe('pass', true);
  noSecrets(t, frame, values);
  t.equal(values.get('bind.listeners'), `FLUSS://${cluster.coordinator.host}:${cluster.coordinator.port}`);
});

t.test('config: clusters.<name>.configValues', async (t) => {
  const yaml = (extra: string) => `clusters:\n  f: { protocol: fluss, bootstrap: "h:9123"${extra} }\nlisteners:\n  - name: l\n    cluster: f\n    bind: 127.0.0.1:0\n    nodePorts: auto\n`;
  const cluster = (extra: string) => parseConfig(yaml(extra), '/cfg/gw.yaml', { checkFiles: false, env: {} }).clusters.f as { configValues?: string };
  t.equal(cluster('').configValues, 'rewrite', 'default rewrite');
  t.equal(cluster(', configValues: redact').configValues, 'redact');
  t.throws(() => cluster(', configValues: maybe'));
});
