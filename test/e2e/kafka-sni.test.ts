// SNI routing with a real client: kcat (librdkafka 2.0.2, which has no resolve-like setting)
// reaches a 3-broker mock through ONE gateway TLS port. The names resolve to 127.0.0.1 through
// /etc/hosts entries this test adds and removes (unique suffix; the tests run as root).
// Metadata advertises broker-N.<suffix> at the listener's port; produce/consume is byte-exact;
// a wrong or missing SNI name is closed with SW_ERR_SNI_UNKNOWN.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { KafkaAdapter } from '../../src/adapters/kafka/adapter.js';
import { anonymousPolicy } from '../../src/adapters/auth-policy.js';
import { Metrics } from '../../src/metrics.js';
import { writePki } from '../../src/tls/certs.js';
import { buildServerTls } from '../../src/tls/server-context.js';
import { startTestListener, waitForLine } from '../helpers/listener.js';
import { kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { digestPayloads, makePayloads } from '../helpers/kafka/payloads.js';

const HOSTS = '/etc/hosts';

function addHosts(names: string[], marker: string): () => void {
  fs.appendFileSync(HOSTS, `\n127.0.0.1 ${names.join(' ')} # ${marker}\n`);
  return () => {
    const kept = fs
      .readFileSync(HOSTS, 'utf8')
      .split('\n')
      .filter((line) => !line.includes(marker));
    fs.writeFileSync(HOSTS, kept.join('\n').replace(/\n+$/, '\n'));
  };
}

t.test('kcat through one SNI port', { skip: process.getuid?.() !== 0 ? 'needs root to edit /etc/hosts' : false }, async (t) => {
  const suffix = `sw${process.pid}x${Math.floor(Math.random() * 1e6)}.test`;
  const bootstrapName = `kafka.${suffix}`;
  const nodePattern = `broker-$(nodeId).${suffix}`;
  const removeHosts = addHosts([bootstrapName, ...[1, 2, 3].map((id) => `broker-${id}.${suffix}`)], `streamward-test ${suffix}`);
  t.teardown(removeHosts);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-sni-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pki = await writePki(dir, { serverCn: bootstrapName, sans: [`DNS:${bootstrapName}`, `DNS:*.${suffix}`] });
  const serverTls = buildServerTls({ cert: fs.readFileSync(pki.server.cert), key: fs.readFileSync(pki.server.key), clientAuth: 'none', minVersion: 'TLSv1.2' });

  const cluster = await startMockCluster({ brokers: 3, flavor: '2.0', topics: [{ name: 'sni', partitions: 3 }] });
  t.teardown(() => cluster.stop());
  const metrics = new Metrics();
  const gw = await startTestListener({
    metrics,
    tls: serverTls,
    adapter: new KafkaAdapter({ auth: anonymousPolicy('test', metrics) }),
    bootstrap: cluster.brokers.map((b) => ({ host: b.host, port: b.port })),
    sni: { bootstrap: bootstrapName, node: nodePattern, mainKind: 'broker' },
  });
  t.teardown(() => gw.stop());
  const bootstrap = `${bootstrapName}:${gw.port}`;
  const props = { 'security.protocol': 'ssl', 'ssl.ca.location': pki.ca };

  const md = await kcatMetadata({ bootstrap, props, timeoutMs: 30_000 });
  t.same(
    md.brokers.map((b) => b.name).sort(),
    [1, 2, 3].map((id) => `broker-${id}.${suffix}:${gw.port}`),
    'every broker advertised by name at the one port',
  );

  const payloads = makePayloads(300, { seed: 5, avoidBytes: [0x1e] });
  const prod = await kcatProduce({ bootstrap, topic: 'sni', messages: payloads, props, timeoutMs: 60_000 });
  t.equal(prod.code, 0, 'producer exits 0', { stderr: prod.stderr.slice(-800) });
  const cons = await kcatConsume({ bootstrap, topic: 'sni', count: payloads.length, props, timeoutMs: 60_000 });
  t.equal(cons.code, 0, 'consumer exits 0', { stderr: cons.stderr.slice(-800) });
  t.equal(digestPayloads(cons.messages), digestPayloads(payloads), 'byte-exact through per-broker SNI routes');
  for (const id of [1, 2, 3]) await waitForLine(gw.lines, (l) => l.msg === 'node endpoint learned' && l.node === `broker:${id}`);

  const knock = (servername?: string) =>
    new Promise<void>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: gw.port, servername, rejectUnauthorized: false });
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.on('secureConnect', () => s.write(Buffer.from([0, 0, 0, 4, 0, 18, 0, 0])));
    });
  await knock(`evil.${suffix}`);
  const wrong = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_SNI_UNKNOWN' && String(l.detail).includes('evil'));
  t.ok(wrong, 'a wrong name is closed with SW_ERR_SNI_UNKNOWN');
  await knock(undefined); // an IP address: Node sends no SNI
  t.ok(await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_SNI_UNKNOWN' && String(l.detail).includes('no SNI')), 'a missing name too');
  await knock(`broker-9.${suffix}`);
  t.ok(await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_NODE_UNKNOWN' && String(l.detail).includes('broker:9')), 'a node the backend does not have is closed');
});
