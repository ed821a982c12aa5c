/**
 * Printing for `check`: defaults written out, units restored, secrets from secret-looking
 * variables masked, key files referenced by path only, and the output parses back to the same
 * config.
 */
import t from 'tap';
import { join } from 'node:path';
import { formatConfig, maskSecrets, MASK, toFileShape, type Config } from '../../../src/config.js';
import { writePki } from '../../../src/tls/certs.js';
import { MINIMAL, parse } from './fixture.js';

const withoutMeta = (c: Config): Omit<Config, 'meta'> => {
  const { meta: _meta, ...rest } = c;
  return rest;
};

t.test('defaults are written out in file units', async (t) => {
  const shape = toFileShape(parse(MINIMAL));
  t.same(shape.limits, {
    maxFrameBytes: '100MiB',
    preAuthMaxFrameBytes: '512KiB',
    maxConnections: 10000,
    maxConnectionsPerAddress: 0,
    handshakeTimeout: '10s',
    authTimeout: '10s',
    idleTimeout: '10m',
    failedAuth: { delay: '1s', maxDelay: '30s', closeAfter: 5, decay: '1m' },
    authHashing: { concurrency: 2, queue: 32 },
  });
  t.same(shape.admin, { bind: '127.0.0.1:9404' });
  t.same((shape.listeners as unknown[])[0], {
    name: 'plain',
    cluster: 'k',
    bind: '127.0.0.1:0',
    advertise: '127.0.0.1',
    nodePorts: 'auto',
    authentication: ['none'],
    enforcement: 'enforce',
  });
});

t.test('values from secret variables are masked, others and paths are shown', async (t) => {
  const dir = t.testdir({});
  await writePki(dir, { clients: ['app'] });
  const text = `clusters:
  k: { protocol: kafka, bootstrap: ["\${KAFKA_HOST}:9092"], tls: { ca: ca.pem, serverName: "\${BROKER_TOKEN}" } }
listeners:
  - name: l
    cluster: k
    bind: "127.0.0.1:0"
    advertise: \${ADVERTISE_SECRET}
    nodePorts: auto
    tls: { cert: server.pem, key: server.key, clientCa: ca.pem }
    authentication: [mtls]
`;
  const env = { KAFKA_HOST: 'broker.internal', BROKER_TOKEN: 's3cr3t-token', ADVERTISE_SECRET: 'hidden.example.com' };
  const config = parse(text, { env }, join(dir, 'gw.yaml'));
  t.equal(config.listeners[0]!.advertise, 'hidden.example.com', 'the config itself keeps the real value');
  const masked = maskSecrets(config) as { clusters: { k: { bootstrap: string[]; tls: Record<string, string> } }; listeners: Array<Record<string, unknown>> };
  t.same(masked.clusters.k.bootstrap, ['broker.internal:9092']);
  t.equal(masked.clusters.k.tls.serverName, MASK);
  t.equal(masked.listeners[0]!.advertise, MASK);
  t.same(masked.listeners[0]!.tls, { cert: join(dir, 'server.pem'), key: join(dir, 'server.key'), clientCa: join(dir, 'ca.pem'), clientAuth: 'required', minVersion: 'TLSv1.2' });
  const printed = formatConfig(config);
  t.notMatch(printed, /s3cr3t|hidden\.example|PRIVATE KEY/);
  t.match(printed, /key: .*server\.key/);
  t.match(printed, /authentication: \[mtls\]/, 'short lists print on one line');
});

t.test('printed output parses back to the same config', async (t) => {
  const text = `clusters:
  k: { protocol: kafka, bootstrap: "a:1,b:2" }
  h: { protocol: http, url: "https://flink:8443/" }
listeners:
  - { name: a, cluster: k, bind: ":9000", advertise: gw.example.com, nodePorts: { base: 9001, minId: 1, maxId: 4, overrides: { "broker:1001": 9100 } }, enforcement: shadow }
  - { name: b, cluster: h, bind: "[::1]:0" }
  - { name: n, cluster: k, bind: ":9443", tls: { cert: s.pem, key: s.key }, sni: { bootstrap: k.example.com, node: "$(kind)-$(nodeId).k.example.com" } }
  - name: s
    mode: client-sidecar
    protocol: fluss
    bind: "127.0.0.1:0"
    nodePorts: 0
    upstream: { address: "edge:9223", tls: { cert: a.pem, key: a.key } }
principals: { mtls: { rules: ["RULE:^CN=(.*)$/$1/L", DEFAULT], san: uri, sanPattern: "^spiffe://x/(.*)$" }, superUsers: [User:root] }
acls: { store: acls.yaml, allowIfNoAcl: true }
limits: { maxFrameBytes: 1500, authTimeout: 1500ms, idleTimeout: 2h, failedAuth: { delay: 250ms, maxDelay: 1m, closeAfter: 3 } }
log: { level: debug }
audit: { file: stdout, allows: none }
`;
  const first = parse(text);
  const again = parse(formatConfig(first));
  t.same(withoutMeta(again), withoutMeta(first));
  const h = first.clusters.h!;
  t.equal(h.protocol === 'http' && h.url, 'https://flink:8443', 'trailing slash dropped');
});
