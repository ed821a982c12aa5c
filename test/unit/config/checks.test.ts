/**
 * Semantic checks: references, authentication/TLS combinations, protocol limits, mapping rules,
 * limits, and the warnings `check` prints.
 */
import t from 'tap';
import { mappingRuleError } from '../../../src/config.js';
import { MINIMAL, parse, problemsOf } from './fixture.js';

const CLUSTERS = `clusters:
  k: { protocol: kafka, bootstrap: [kafka-0:9092] }
  f: { protocol: fluss, bootstrap: [coord:9123] }
  h: { protocol: http, url: http://flink:8081 }
`;
const TLS = '{ cert: s.pem, key: s.key, clientCa: ca.pem }';

/** A config with the given listener lines (indented 4, after `- name: l` ...). */
function listener(cluster: string, extra: string, top = ''): string {
  const nodePorts = cluster === 'h' ? '' : '    nodePorts: auto\n';
  return `${CLUSTERS}listeners:\n  - name: l\n    cluster: ${cluster}\n    bind: 127.0.0.1:0\n${nodePorts}${extra}${top}`;
}

t.test('listener names are unique and clusters must exist', async (t) => {
  const text = `${MINIMAL}  - name: plain
    cluster: nope
    bind: 127.0.0.1:0
    nodePorts: auto
`;
  t.same(problemsOf(text), [
    '/cfg/gw.yaml:10: listeners[1].name: listener name "plain" is already used by listeners[0]',
    '/cfg/gw.yaml:11: listeners[1].cluster: no cluster named "nope" (defined: k)',
  ]);
  t.same(problemsOf('listeners:\n  - { name: a, cluster: x, bind: ":0", nodePorts: auto }\n'), ['/cfg/gw.yaml:2: listeners[0].cluster: no cluster named "x" (no clusters are defined)']);
});

t.test('nodePorts: required for kafka/fluss, refused for http', async (t) => {
  t.same(problemsOf(`${CLUSTERS}listeners:\n  - { name: a, cluster: k, bind: ":0" }\n`), [
    '/cfg/gw.yaml:6: listeners[0].nodePorts: is required for kafka listeners: one port per backend node (a map such as { base: 9100, maxId: 31 }, or auto)',
  ]);
  t.same(problemsOf(`${CLUSTERS}listeners:\n  - { name: a, cluster: h, bind: ":0", nodePorts: auto }\n`), [
    '/cfg/gw.yaml:6: listeners[0].nodePorts: http listeners have no per-node endpoints; remove nodePorts',
  ]);
  const c = parse(`${CLUSTERS}listeners:\n  - { name: a, cluster: h, bind: ":0" }\n  - { name: b, cluster: f, bind: ":0", nodePorts: { base: 7000 } }\n`);
  t.equal(c.listeners[0]!.nodePorts, null);
  t.same(c.listeners[1]!.nodePorts, { kind: 'ids', base: 7000, minId: 0, maxId: 31, offsets: { coordinator: 0, tablet: 1 }, overrides: {} });
});

t.test('mtls needs tls with a clientCa; clientAuth needs clientCa', async (t) => {
  t.same(problemsOf(listener('k', '    authentication: [mtls]\n')), ['/cfg/gw.yaml:10: listeners[0].authentication: mtls needs a tls section with clientCa']);
  t.same(problemsOf(listener('k', '    tls: { cert: s.pem, key: s.key }\n    authentication: [mtls]\n')), ['/cfg/gw.yaml:10: listeners[0].tls.clientCa: is required when authentication lists mtls']);
  t.same(problemsOf(listener('k', '    tls: { cert: s.pem, key: s.key, clientAuth: required }\n')), ['/cfg/gw.yaml:10: listeners[0].tls.clientAuth: required needs tls.clientCa']);
  t.same(problemsOf(listener('k', '    tls: { cert: s.pem, key: s.key, clientCa: ca.pem, clientAuth: none }\n    authentication: [mtls]\n')), [
    '/cfg/gw.yaml:10: listeners[0].tls.clientAuth: none contradicts tls.clientCa; use requested or required',
  ]);
  const ok = parse(listener('k', `    tls: ${TLS}\n    authentication: [mtls]\n`));
  t.same(
    ok.meta.warnings.filter((w) => w.includes('listeners')),
    [],
    'no listener warnings',
  );
});

t.test('authentication methods fit the protocol and each other', async (t) => {
  const creds = 'credentials: users.yaml\n';
  t.same(problemsOf(listener('k', '    authentication: [none, sasl]\n', creds)), ['/cfg/gw.yaml:10: listeners[0].authentication: none cannot be combined with other methods']);
  t.same(problemsOf(listener('h', '    authentication: [sasl]\n', creds)), ['/cfg/gw.yaml:9: listeners[0].authentication: sasl is for kafka and fluss listeners; http listeners use basic']);
  t.same(problemsOf(listener('f', '    authentication: [basic]\n', creds)), ['/cfg/gw.yaml:10: listeners[0].authentication: basic is for http listeners; fluss listeners use sasl']);
  t.same(problemsOf(listener('k', '    authentication: [sasl]\n')), ['/cfg/gw.yaml:10: listeners[0].authentication: password authentication needs a credentials file (top-level `credentials:`)']);
  t.same(problemsOf(listener('k', '    sasl: { mechanisms: [PLAIN] }\n')), ['/cfg/gw.yaml:10: listeners[0].sasl: is set but authentication does not list sasl']);
  const c = parse(listener('k', '    authentication: [sasl]\n', creds));
  const l = c.listeners[0]!;
  t.same(l.mode === 'gateway' && l.sasl, { mechanisms: ['PLAIN'], reauthenticateMs: null, oauthbearer: null }, 'sasl defaults to PLAIN');
});

t.test('Fluss: only PLAIN, no re-authentication', async (t) => {
  const text = listener('f', '    authentication: [sasl]\n    sasl: { mechanisms: [PLAIN, SCRAM-SHA-256], reauthenticate: 1h }\n', 'credentials: u.yaml\n');
  t.same(problemsOf(text), [
    '/cfg/gw.yaml:11: listeners[0].sasl.mechanisms: Fluss servers and clients only implement PLAIN (not SCRAM-SHA-256)',
    '/cfg/gw.yaml:11: listeners[0].sasl.reauthenticate: Fluss has no re-authentication',
  ]);
});

t.test('principalFrom only with mtls plus a password method, and names one of them', async (t) => {
  const creds = 'credentials: u.yaml\n';
  t.same(problemsOf(listener('k', '    authentication: [sasl]\n    principalFrom: mtls\n', creds)), [
    '/cfg/gw.yaml:11: listeners[0].principalFrom: only applies when authentication lists mtls together with sasl or basic',
  ]);
  t.same(problemsOf(listener('k', `    tls: ${TLS}\n    authentication: [sasl, mtls]\n    principalFrom: basic\n`, creds)), [
    '/cfg/gw.yaml:12: listeners[0].principalFrom: basic is not in authentication',
  ]);
  const c = parse(listener('k', `    tls: ${TLS}\n    authentication: [sasl, mtls]\n    principalFrom: must-match\n`, creds));
  const l = c.listeners[0]!;
  t.equal(l.mode === 'gateway' && l.principalFrom, 'must-match');
});

t.test('cluster tls: cert and key together; http tls needs https', async (t) => {
  const text = `clusters:
  k: { protocol: kafka, bootstrap: ["a:1"], tls: { ca: ca.pem, cert: c.pem } }
  h: { protocol: http, url: "http://x:80", tls: { ca: ca.pem } }
listeners:
  - { name: a, cluster: k, bind: ":0", nodePorts: auto }
  - { name: b, cluster: h, bind: ":0" }
`;
  t.same(problemsOf(text), [
    '/cfg/gw.yaml:2: clusters.k.tls: cert and key go together: set both or neither',
    '/cfg/gw.yaml:3: clusters.h.tls: is set but url is http://; use https:// for a TLS backend',
  ]);
});

t.test('principal mapping rules use the Kafka syntax', async (t) => {
  t.equal(mappingRuleError('DEFAULT'), null);
  t.equal(mappingRuleError('RULE:^CN=([^,]+),OU=apps,.*$/$1/L'), null);
  t.equal(mappingRuleError('RULE:^CN=(.*?)$/$1/'), null);
  t.equal(mappingRuleError('RULE:^O=a\\/b,CN=(.*)$/$1/U'), null, 'escaped slash inside the pattern');
  t.match(mappingRuleError('RULE:^CN=(.*$/$1/'), /regex does not compile/);
  t.match(mappingRuleError('RULE:^CN=(.*)$/$1'), /must be DEFAULT or RULE:/);
  t.match(mappingRuleError('default'), /must be DEFAULT or RULE:/);
  t.same(problemsOf(`${MINIMAL}principals:\n  mtls:\n    rules: [DEFAULT, "RULE:x/y/Q"]\n    sanPattern: "^spiffe://(.*)$"\n`), [
    '/cfg/gw.yaml:12: principals.mtls.rules[1]: must be DEFAULT or RULE:<regex>/<replacement>/ with an optional L or U at the end',
    '/cfg/gw.yaml:13: principals.mtls.sanPattern: needs principals.mtls.san (dns or uri)',
  ]);
  t.same(problemsOf(`${MINIMAL}principals:\n  mtls: { san: uri, sanPattern: "([" }\n  superUsers: [admin]\n`), [
    '/cfg/gw.yaml:11: principals.mtls.sanPattern: "([" is not a valid regular expression',
    '/cfg/gw.yaml:12: principals.superUsers[0]: "admin" is not a principal such as User:alice',
  ]);
});

t.test('limits must make sense', async (t) => {
  t.same(problemsOf(`${MINIMAL}limits:\n  maxFrameBytes: 0\n  authTimeout: 0s\n  failedAuth: { delay: 1m, maxDelay: 30s }\n`), [
    '/cfg/gw.yaml:11: limits.maxFrameBytes: must be more than 0',
    '/cfg/gw.yaml:12: limits.authTimeout: must be more than 0',
    '/cfg/gw.yaml:13: limits.failedAuth.delay: is longer than failedAuth.maxDelay',
  ]);
});

t.test('warnings: unused cluster, certificates checked but unused, sampleRate without sampling', async (t) => {
  const c = parse(listener('k', `    tls: ${TLS}\n`, 'audit: { allows: all, sampleRate: 0.5 }\n'));
  t.same(c.meta.warnings, [
    '/cfg/gw.yaml:3: clusters.f: no listener uses this cluster',
    '/cfg/gw.yaml:4: clusters.h: no listener uses this cluster',
    '/cfg/gw.yaml:10: listeners[0].tls.clientCa: client certificates are checked but not used as identity (authentication does not list mtls)',
    '/cfg/gw.yaml:11: audit.sampleRate: has no effect with allows: all',
  ]);
  const r = parse(listener('k', `    tls: { cert: s.pem, key: s.key, clientCa: ca.pem, clientAuth: requested }\n    authentication: [mtls]\n`));
  t.match(r.meta.warnings.join('\n'), /listeners\[0\]\.tls\.clientAuth: requested: clients without a certificate connect but cannot authenticate/);
  const wild = parse(
    `${CLUSTERS}listeners:\n  - { name: a, cluster: k, bind: "0.0.0.0:0", nodePorts: auto }\n  - { name: b, cluster: f, bind: ":0", nodePorts: auto, advertise: gw }\n  - { name: c, cluster: h, bind: ":0" }\n`,
  );
  t.same(wild.meta.warnings, ['/cfg/gw.yaml:6: listeners[0].bind: binds every interface but has no advertise: clients are sent to 127.0.0.1 for node endpoints']);
});
