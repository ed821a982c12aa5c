// SASL/OAUTHBEARER from a config file: startGateway wires sasl.oauthbearer (OIDC discovery from
// the issuer, no credentials file) and kafkajs logs in with a token from the local issuer; a
// JWKS outage is logged once with SW_ERR_JWKS_UNAVAILABLE and tokens are refused meanwhile.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { parseConfig } from '../../src/config/parse.js';
import { startGateway } from '../../src/gateway.js';
import { createMemoryLogger } from '../../src/log.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { startTestIssuer } from '../helpers/oauth/issuer.js';
import { refusedLogin } from '../helpers/oauth/gateway.js';

t.test('an OAUTHBEARER listener from a config file', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-oauth-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const issuer = await startTestIssuer();
  t.teardown(() => issuer.close());
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'cfg-t', partitions: 2 }] });
  t.teardown(() => cluster.stop());
  const yaml = `
clusters:
  kafka: { protocol: kafka, bootstrap: ["${cluster.bootstrap}"] }
listeners:
  - name: kafka-oauth
    cluster: kafka
    bind: 127.0.0.1:0
    nodePorts: auto
    authentication: [sasl]
    sasl:
      mechanisms: [OAUTHBEARER]
      oauthbearer: { issuer: "${issuer.issuer}", audience: [other, kafka], principalClaim: client_id, jwksCooldown: 4s }
acls: { allowIfNoAcl: true }
limits: { failedAuth: { delay: 10ms, maxDelay: 50ms } }
admin: { bind: 127.0.0.1:0 }
`;
  fs.writeFileSync(path.join(dir, 'gateway.yaml'), yaml);
  const config = parseConfig(yaml, path.join(dir, 'gateway.yaml'));
  const { log, lines } = createMemoryLogger('info');
  const gw = await startGateway(config, { log, registry: new Registry() });
  t.teardown(() => gw.close());
  const port = gw.listeners.get('kafka-oauth')!.boundPort;

  const kafka = createKafkajs({ brokers: `127.0.0.1:${port}`, sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await issuer.sign({ client_id: 'svc-config' }) }) } });
  const admin = kafka.admin();
  await admin.connect();
  const md = await admin.fetchTopicMetadata({ topics: ['cfg-t'] });
  t.equal(md.topics[0].partitions.length, 2, 'metadata through the gateway');
  await admin.disconnect();
  t.ok(
    lines.some((l) => l.msg === 'authenticated' && l.principal === 'User:svc-config'),
    'principal from the configured claim',
  );

  issuer.failJwks = true;
  await new Promise((r) => setTimeout(r, 4200)); // past the cooldown: an unknown kid may refetch now
  const other = { ...issuer.keys[0], kid: 'rotated-away' };
  for (let i = 0; i < 5; i++) {
    const r = await refusedLogin(port, await issuer.sign({ client_id: 'svc-config' }, { key: other }));
    t.equal(r.final.errorCode, 58, `token ${i} with an unknown kid during the JWKS outage is refused`);
  }
  const outage = lines.filter((l) => l.err === 'SW_ERR_JWKS_UNAVAILABLE');
  t.equal(outage.length, 1, 'one log line for the failed JWKS fetch, not one per token');
  t.equal(issuer.jwksFetches, 2, 'the JWKS was asked once at the first login and once in the outage');
});
