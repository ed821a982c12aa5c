// Config for SASL/OAUTHBEARER: sasl.oauthbearer parsed with its defaults and printed back; the
// checks that keep a listener from enabling the mechanism without settings (or on Fluss), and
// that an OAUTHBEARER-only listener needs no credentials file.
import t from 'tap';
import { parseConfig } from '../../../src/config/parse.js';
import { formatConfig } from '../../../src/config/print.js';

const base = (listener: string, top = '') => `
${top}
clusters:
  kafka: { protocol: kafka, bootstrap: ["127.0.0.1:9092"] }
  fluss: { protocol: fluss, bootstrap: ["127.0.0.1:9123"] }
listeners:
${listener}
`;

t.test('sasl.oauthbearer is parsed with defaults and round-trips through check output', async (t) => {
  const c = parseConfig(
    base(`  - name: k
    cluster: kafka
    bind: 127.0.0.1:0
    nodePorts: auto
    authentication: [sasl]
    sasl:
      mechanisms: [OAUTHBEARER]
      oauthbearer: { issuer: "https://idp.example/realms/kafka", audience: kafka }`),
    'gw.yaml',
    { checkFiles: false },
  );
  const l = c.listeners[0];
  if (l.mode !== 'gateway') return t.fail('gateway listener');
  t.same(l.sasl?.oauthbearer, {
    issuer: 'https://idp.example/realms/kafka',
    jwksUrl: null,
    audience: ['kafka'],
    principalClaim: 'sub',
    clockSkewSeconds: 30,
    allowedAlgorithms: ['RS256', 'ES256'],
    jwksCacheMs: 600_000,
    jwksCooldownMs: 30_000,
    maxTokenBytes: 4096,
  });
  const again = parseConfig(formatConfig(c), 'printed.yaml', { checkFiles: false });
  const l2 = again.listeners[0];
  t.same(l2.mode === 'gateway' ? l2.sasl?.oauthbearer : null, l.sasl?.oauthbearer, 'round-trips');
});

t.test('every setting', async (t) => {
  const c = parseConfig(
    base(`  - name: k
    cluster: kafka
    bind: 127.0.0.1:0
    nodePorts: auto
    authentication: [sasl]
    sasl:
      mechanisms: [OAUTHBEARER]
      reauthenticate: 1h
      oauthbearer: { issuer: i, jwksUrl: "https://idp/jwks", audience: [a, b], principalClaim: azp, clockSkewSeconds: 5, allowedAlgorithms: [PS256, EdDSA], jwksCache: 1m, jwksCooldown: 10s, maxTokenBytes: 8192 }`),
    'gw.yaml',
    { checkFiles: false },
  );
  const l = c.listeners[0];
  t.match(l.mode === 'gateway' ? l.sasl : null, {
    reauthenticateMs: 3_600_000,
    oauthbearer: {
      jwksUrl: 'https://idp/jwks',
      audience: ['a', 'b'],
      principalClaim: 'azp',
      clockSkewSeconds: 5,
      allowedAlgorithms: ['PS256', 'EdDSA'],
      jwksCacheMs: 60_000,
      jwksCooldownMs: 10_000,
      maxTokenBytes: 8192,
    },
  });
});

t.test('mistakes are errors naming the field', async (t) => {
  const k = (sasl: string) => base(`  - { name: k, cluster: kafka, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: ${sasl} }`, 'credentials: /tmp/users.json');
  t.throws(() => parseConfig(k('{ mechanisms: [OAUTHBEARER] }'), 'gw.yaml', { checkFiles: false }), /oauthbearer.*required/);
  t.throws(() => parseConfig(k('{ mechanisms: [PLAIN], oauthbearer: { issuer: i, audience: a } }'), 'gw.yaml', { checkFiles: false }), /do not list OAUTHBEARER/);
  t.throws(() => parseConfig(k('{ mechanisms: [OAUTHBEARER], oauthbearer: { issuer: i, audience: a, allowedAlgorithms: [none] } }'), 'gw.yaml', { checkFiles: false }), /allowedAlgorithms/);
  t.throws(() => parseConfig(k('{ mechanisms: [OAUTHBEARER], oauthbearer: { issuer: i, audience: a, allowedAlgorithms: [HS256] } }'), 'gw.yaml', { checkFiles: false }), /allowedAlgorithms/);
  t.throws(() => parseConfig(k('{ mechanisms: [OAUTHBEARER], oauthbearer: { audience: a } }'), 'gw.yaml', { checkFiles: false }), /issuer/);
  t.throws(() => parseConfig(k('{ mechanisms: [OAUTHBEARER], oauthbearer: { issuer: i, audience: a, maxTokenBytes: 1000000 } }'), 'gw.yaml', { checkFiles: false }), /maxTokenBytes/);
  const fluss = base(`  - { name: f, cluster: fluss, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [OAUTHBEARER], oauthbearer: { issuer: i, audience: a } } }`);
  t.throws(() => parseConfig(fluss, 'gw.yaml', { checkFiles: false }), /only implement PLAIN/);
});

t.test('an OAUTHBEARER-only listener needs no credentials file; PLAIN still does', async (t) => {
  const l = (m: string) => base(`  - { name: k, cluster: kafka, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [${m}], oauthbearer: { issuer: i, audience: a } } }`);
  t.doesNotThrow(() => parseConfig(l('OAUTHBEARER'), 'gw.yaml', { checkFiles: false }));
  t.throws(() => parseConfig(l('OAUTHBEARER, PLAIN'), 'gw.yaml', { checkFiles: false }), /credentials file/);
});
