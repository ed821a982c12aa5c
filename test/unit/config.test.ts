/**
 * Config loading end to end: the example file with real certificates, defaults, error lines for
 * unknown keys and wrong types, every schema error reported at once, YAML syntax errors,
 * env substitution and loadConfig on files.
 */
import t from 'tap';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../src/config.js';
import { isGatewayError } from '../../src/errors.js';
import { writePki } from '../../src/tls/certs.js';
import { MINIMAL, parse, problemsOf } from './config/fixture.js';

t.test('the example gateway.yaml loads with its referenced files present', async (t) => {
  const dir = t.testdir({});
  await writePki(join(dir, 'tls'), { clients: [{ cn: 'app1', ou: 'apps', o: 'example' }] });
  await copyFile('examples/gateway.yaml', join(dir, 'gateway.yaml'));
  const c = await loadConfig(join(dir, 'gateway.yaml'), { env: {} });
  t.same(Object.keys(c.clusters), ['fluss-prod', 'kafka-prod', 'flink-rest']);
  t.same(
    c.listeners.map((l) => [l.name, l.protocol]),
    [
      ['fluss-sasl', 'fluss'],
      ['fluss-mtls', 'fluss'],
      ['kafka-edge', 'kafka'],
      ['flink-ui', 'http'],
    ],
  );
  const edge = c.listeners[2]!;
  t.equal(edge.mode, 'gateway');
  if (edge.mode !== 'gateway') return;
  t.same(edge.bind, { host: '0.0.0.0', port: 9093 });
  t.same(edge.nodePorts, { kind: 'ids', base: 9094, minId: 0, maxId: 12, offsets: { broker: 0, controller: 13 }, overrides: {} });
  t.equal(edge.tls?.cert, join(dir, 'tls/server.pem'), 'paths resolve against the config folder');
  t.equal(edge.tls?.clientAuth, 'requested');
  t.equal(edge.sasl?.reauthenticateMs, 3_600_000);
  t.equal(edge.principalFrom, 'sasl');
  const ui = c.listeners[3]!;
  t.equal(ui.mode === 'gateway' && ui.principalFrom, 'basic', 'basic+mtls defaults to the password');
  t.equal(ui.advertise, '127.0.0.1', 'wildcard bind advertises 127.0.0.1 by default');
  t.equal(c.credentials, join(dir, 'users.yaml'));
  t.equal(c.audit.file, join(dir, 'audit.log'));
  t.equal(c.limits.maxFrameBytes, 100 * 1024 * 1024);
  t.same(c.principals.superUsers, ['User:admin']);
  t.match(c.meta.warnings.join('\n'), /users\.yaml does not exist yet/);
});

t.test('the sidecar example loads', async (t) => {
  const dir = t.testdir({});
  await writePki(join(dir, 'tls'), { clients: ['app1'] });
  await copyFile('examples/sidecar.yaml', join(dir, 'sidecar.yaml'));
  const c = await loadConfig(join(dir, 'sidecar.yaml'), { env: {} });
  const l = c.listeners[0]!;
  t.equal(l.mode, 'client-sidecar');
  if (l.mode !== 'client-sidecar') return;
  t.same(l.upstream.address, { host: 'fluss-gw.example.com', port: 9223 });
  t.equal(l.upstream.tls.cert, join(dir, 'tls/client-app1.pem'));
  t.equal(l.advertise, '127.0.0.1');
});

t.test('defaults are filled in', async (t) => {
  const c = parse(MINIMAL);
  const l = c.listeners[0]!;
  t.equal(l.mode, 'gateway');
  if (l.mode !== 'gateway') return;
  t.same(l.authentication, ['none']);
  t.equal(l.enforcement, 'enforce');
  t.equal(l.tls, null);
  t.equal(l.sasl, null);
  t.equal(l.principalFrom, null);
  t.same(l.nodePorts, { kind: 'ephemeral' });
  t.equal(l.advertise, '127.0.0.1');
  t.same(c.limits, {
    maxFrameBytes: 104_857_600,
    preAuthMaxFrameBytes: 524_288,
    maxConnections: 10_000,
    maxConnectionsPerAddress: 0,
    handshakeTimeoutMs: 10_000,
    authTimeoutMs: 10_000,
    idleTimeoutMs: 600_000,
    failedAuth: { delayMs: 1000, maxDelayMs: 30_000, closeAfter: 5, decayMs: 60_000 },
    authHashing: { concurrency: 2, queue: 32 },
  });
  t.same(c.admin.bind, { host: '127.0.0.1', port: 9404 });
  t.equal(c.log.level, 'info');
  t.same(c.acls, { store: null, etcd: null, allowIfNoAcl: false });
  t.same(c.principals.mtls, { rules: ['DEFAULT'], san: null, sanPattern: null });
  t.equal(c.credentials, null);
  t.equal(c.credentialsEtcd, null);
  t.equal(c.audit.file, 'stdout');
});

t.test('tls defaults: minVersion TLSv1.2, clientAuth required with a clientCa', async (t) => {
  const c = parse(`${MINIMAL}    tls: { cert: s.pem, key: s.key, clientCa: ca.pem }\n    authentication: [mtls]\n`);
  const l = c.listeners[0]!;
  t.same(l.mode === 'gateway' && l.tls, { cert: '/cfg/s.pem', key: '/cfg/s.key', clientCa: '/cfg/ca.pem', clientAuth: 'required', minVersion: 'TLSv1.2' });
});

t.test('an unknown key names file, line and field, with a suggestion', async (t) => {
  const lines = problemsOf(`${MINIMAL}    tlss: { cert: a, key: b }\n`);
  t.same(lines, ['/cfg/gw.yaml:10: listeners[0].tlss: unknown key "tlss" (did you mean "tls"?)']);
  const top = problemsOf(`${MINIMAL}colour: blue\n`);
  t.match(top[0], /^\/cfg\/gw\.yaml:10: colour: unknown key "colour" \(allowed here: clusters, listeners, /);
});

t.test('wrong types and enum values are reported with their lines', async (t) => {
  const text = `${MINIMAL}    authentication: sasl\n    enforcement: maybe\nlimits:\n  maxConnections: many\n  authTimeout: 10 seconds\n`;
  t.same(problemsOf(text), [
    '/cfg/gw.yaml:10: listeners[0].authentication: must be a list (got string "sasl")',
    '/cfg/gw.yaml:11: listeners[0].enforcement: must be one of: enforce, shadow (got string "maybe")',
    '/cfg/gw.yaml:13: limits.maxConnections: must be an integer (got string "many")',
    '/cfg/gw.yaml:14: limits.authTimeout: "10 seconds" is not a duration such as 250ms, 30s, 5m, 1h',
  ]);
});

t.test('every schema problem is collected, not only the first', async (t) => {
  const text = `clusters:
  k: { protocol: kafak, bootstrap: [nohost] }
listeners:
  - { name: a, cluster: k, bind: "1.2.3.4:99999", nodePorts: 10-5 }
  - { cluster: k, bind: ":0" }
log: { level: loud }
`;
  const lines = problemsOf(text);
  t.same(lines, [
    '/cfg/gw.yaml:2: clusters.k.protocol: must be one of: kafka, fluss, http (got string "kafak")',
    '/cfg/gw.yaml:2: clusters.k.bootstrap[0]: "nohost" is not host:port (port 0..65535)',
    '/cfg/gw.yaml:4: listeners[0].bind: "1.2.3.4:99999" is not host:port (port 0..65535)',
    '/cfg/gw.yaml:4: listeners[0].nodePorts: "10-5" is not auto, or a map such as { base: 9100, maxId: 31 }',
    '/cfg/gw.yaml:5: listeners[1].name: is required but missing',
    '/cfg/gw.yaml:6: log.level: must be one of: trace, debug, info, warn, error, fatal, silent (got string "loud")',
  ]);
});

t.test('the error is a GatewayError SW_ERR_CONFIG_INVALID listing every problem', async (t) => {
  try {
    parseConfig('listeners: []\nextra: 1\n', 'x.yaml', { env: {} });
    t.fail('should throw');
  } catch (e) {
    t.ok(isGatewayError(e));
    t.ok(e instanceof ConfigError);
    const err = e as ConfigError;
    t.equal(err.code, 'SW_ERR_CONFIG_INVALID');
    t.match(err.message, /^configuration file is invalid: 2 problems\n/);
    t.match(err.message, /x\.yaml:1: listeners: must list at least 1 item/);
    t.match(err.message, /x\.yaml:2: extra: unknown key "extra"/);
  }
});

t.test('YAML syntax errors and non-map documents carry lines', async (t) => {
  t.match(problemsOf(MINIMAL.replace('[kafka-0:9092]', '[${HOST}:9092]'))[0], /^\/cfg\/gw\.yaml:4: \(top level\): YAML: .*\(quote values with \$\{\.\.\.\} inside \[ \] or \{ \}\)$/);
  t.match(problemsOf('clusters:\n  a: [1, 2\nlisteners: x\n')[0], /^\/cfg\/gw\.yaml:\d+: \(top level\): YAML: /);
  t.match(problemsOf('a: 1\na: 2\n')[0], /^\/cfg\/gw\.yaml:2: \(top level\): YAML: Map keys must be unique/);
  t.same(problemsOf('- just\n- a list\n'), ['/cfg/gw.yaml:1: (top level): must be a map with at least `listeners` (and `clusters`)']);
  t.same(problemsOf(''), ['/cfg/gw.yaml:1: (top level): must be a map with at least `listeners` (and `clusters`)']);
});

t.test('durations and sizes are converted', async (t) => {
  const c = parse(`${MINIMAL}limits:
  maxFrameBytes: 1KiB
  authTimeout: 250ms
  idleTimeout: 1h
  failedAuth: { delay: 2s, maxDelay: 5m, closeAfter: 0 }
`);
  t.same(c.limits, {
    maxFrameBytes: 1024,
    preAuthMaxFrameBytes: 524_288,
    maxConnections: 10_000,
    maxConnectionsPerAddress: 0,
    handshakeTimeoutMs: 10_000,
    authTimeoutMs: 250,
    idleTimeoutMs: 3_600_000,
    failedAuth: { delayMs: 2000, maxDelayMs: 300_000, closeAfter: 0, decayMs: 60_000 },
    authHashing: { concurrency: 2, queue: 32 },
  });
  t.equal(parse(`${MINIMAL}limits: { maxFrameBytes: 512 }\n`).limits.maxFrameBytes, 512);
  t.equal(parse(`${MINIMAL}limits: { maxFrameBytes: "2 MiB" }\n`).limits.maxFrameBytes, 2 * 1024 * 1024);
});

t.test('${ENV} substitution', async (t) => {
  const text = MINIMAL.replace('[kafka-0:9092]', '["${KAFKA_HOST}:9092"]').replace('bind: 127.0.0.1:0', 'bind: ${BIND:-127.0.0.1:0}') + '    advertise: "$${literal}"\n';
  const c = parse(text, { checkFiles: false, env: { KAFKA_HOST: 'broker.internal' } });
  const k = c.clusters.k!;
  t.same(k.protocol !== 'http' && k.bootstrap, [{ host: 'broker.internal', port: 9092 }]);
  t.same(c.listeners[0]!.bind, { host: '127.0.0.1', port: 0 }, 'default used when unset');
  t.equal(c.listeners[0]!.advertise, '${literal}', '$${ is a literal');
  t.same(c.meta.envValues, [
    { path: ['clusters', 'k', 'bootstrap', 0], variables: ['KAFKA_HOST'] },
    { path: ['listeners', 0, 'bind'], variables: ['BIND'] },
  ]);
  t.same(parse(text, { checkFiles: false, env: { KAFKA_HOST: 'h', BIND: '0.0.0.0:7000' } }).listeners[0]!.bind, { host: '0.0.0.0', port: 7000 });
  // a whole list from one variable
  const list = parse(MINIMAL.replace('[kafka-0:9092]', '${BOOT}'), { checkFiles: false, env: { BOOT: 'a:1,b:2' } });
  const lk = list.clusters.k!;
  t.same(lk.protocol !== 'http' && lk.bootstrap.map((b) => b.host), ['a', 'b']);
});

t.test('a missing variable is an error naming the field (and nothing else about it)', async (t) => {
  const text = MINIMAL.replace('[kafka-0:9092]', '["${KAFKA_HOST}:9092"]').replace('bind: 127.0.0.1:0', 'bind: ${NOPE}');
  t.same(problemsOf(text, { checkFiles: false, env: { KAFKA_HOST: 'h' } }), ['/cfg/gw.yaml:8: listeners[0].bind: environment variable NOPE is not set']);
  t.match(problemsOf(MINIMAL.replace('[kafka-0:9092]', '["${bad name}:1"]'))[0], /clusters\.k\.bootstrap\[0\]: malformed variable reference "\$\{bad name\}"/);
});

t.test('values from secret variables are never quoted in errors', async (t) => {
  const text = MINIMAL.replace('bind: 127.0.0.1:0', 'bind: ${BIND_TOKEN}');
  const lines = problemsOf(text, { checkFiles: false, env: { BIND_TOKEN: 'hunter2-not-an-address' } });
  t.same(lines, ['/cfg/gw.yaml:8: listeners[0].bind: must be host:port (port 0..65535)']);
  t.notMatch(lines.join('\n'), /hunter2/);
});

t.test('loadConfig reads a file; a missing file is a config error', async (t) => {
  const dir = t.testdir({ 'gw.yaml': MINIMAL });
  const c = await loadConfig(join(dir, 'gw.yaml'), { env: {} });
  t.equal(c.meta.source, join(dir, 'gw.yaml'));
  await t.rejects(loadConfig(join(dir, 'missing.yaml')), { code: 'SW_ERR_CONFIG_INVALID', message: /missing\.yaml: \(top level\): cannot read the config file \(ENOENT\)/ });
  await writeFile(join(dir, 'bad.yaml'), `${MINIMAL}    nope: 1\n`);
  await t.rejects(loadConfig(join(dir, 'bad.yaml')), { message: new RegExp(`${join(dir, 'bad.yaml')}:10: listeners\\[0\\]\\.nope`) });
  t.equal(await readFile(join(dir, 'gw.yaml'), 'utf8'), MINIMAL);
});

t.test('clusters.<kafka>.configValues: rewrite by default, redact or pass when set, anything else refused', async (t) => {
  const withValue = (v: string): string => MINIMAL.replace('    bootstrap: [kafka-0:9092]\n', `    bootstrap: [kafka-0:9092]\n    configValues: ${v}\n`);
  const l = parse(MINIMAL).clusters.k!;
  t.equal(l.protocol === 'kafka' ? l.configValues : null, 'rewrite');
  const r = parse(withValue('redact')).clusters.k!;
  t.equal(r.protocol === 'kafka' ? r.configValues : null, 'redact');
  t.same(problemsOf(withValue('hide')), ['/cfg/gw.yaml:5: clusters.k.configValues: must be one of: rewrite, redact, pass (got string "hide")']);
  t.same(problemsOf(`${MINIMAL}    configValues: redact\n`).length, 1, 'no longer a listener key');
});

t.test('pre-auth and abuse limits are read, converted and printed back', async (t) => {
  const { parse } = await import('./config/fixture.js');
  const { MINIMAL } = await import('./config/fixture.js');
  const { toFileShape } = await import('../../src/config/print.js');
  const c = parse(
    `${MINIMAL}limits:\n  preAuthMaxFrameBytes: 64KiB\n  maxConnectionsPerAddress: 20\n  handshakeTimeout: 3s\n  failedAuth: { decay: 5m }\n  authHashing: { concurrency: 1, queue: 4 }\n`,
  );
  t.equal(c.limits.preAuthMaxFrameBytes, 65_536);
  t.equal(c.limits.maxConnectionsPerAddress, 20);
  t.equal(c.limits.handshakeTimeoutMs, 3000);
  t.equal(c.limits.failedAuth.decayMs, 300_000);
  t.same(c.limits.authHashing, { concurrency: 1, queue: 4 });
  t.match(toFileShape(c).limits, { preAuthMaxFrameBytes: '64KiB', maxConnectionsPerAddress: 20, handshakeTimeout: '3s', authHashing: { concurrency: 1, queue: 4 } });
});
