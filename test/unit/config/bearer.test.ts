import t from 'tap';
import { parseConfig } from '../../../src/config/parse.js';
import { formatConfig } from '../../../src/config/print.js';

const base = (listener: string) => `
clusters:
  flink: { protocol: http, url: "http://127.0.0.1:8081" }
  kafka: { protocol: kafka, bootstrap: ["127.0.0.1:9092"] }
listeners:
${listener}
`;

t.test('bearer settings on an http listener are parsed and printed back', async (t) => {
  const text = base(`  - name: ui
    cluster: flink
    bind: 127.0.0.1:0
    authentication: [none]
    bearer: { jwksUrl: "https://idp.example/jwks.json", issuer: "https://idp.example", audience: flink, principalClaim: email, jwksCache: 10m }`);
  const c = parseConfig(text, 'gw.yaml', { checkFiles: false });
  const l = c.listeners[0];
  t.equal(l.mode, 'gateway');
  if (l.mode !== 'gateway') return;
  t.same(l.bearer, { jwksUrl: 'https://idp.example/jwks.json', issuer: 'https://idp.example', audience: ['flink'], algorithms: null, principalClaim: 'email', jwksCacheMs: 600000 });
  const again = parseConfig(formatConfig(c), 'printed.yaml', { checkFiles: false });
  const l2 = again.listeners[0];
  t.same(l2.mode === 'gateway' ? l2.bearer : null, l.bearer, 'check output round-trips');
});

t.test('bearer on a kafka listener, or without a JWKS url, is an error naming the field', async (t) => {
  t.throws(
    () => parseConfig(base(`  - { name: k, cluster: kafka, bind: 127.0.0.1:0, nodePorts: auto, bearer: { jwksUrl: "https://x/j", issuer: i, audience: a } }`), 'gw.yaml', { checkFiles: false }),
    /bearer/,
  );
  t.throws(() => parseConfig(base(`  - { name: ui, cluster: flink, bind: 127.0.0.1:0, bearer: { issuer: i, audience: a } }`), 'gw.yaml', { checkFiles: false }), /jwksUrl/);
});
