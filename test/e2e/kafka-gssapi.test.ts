// SASL/GSSAPI (Kerberos) for Kafka against a real MIT KDC: the test makes a realm (kdb5_util,
// krb5kdc, kadmin.local), the gateway runs a GSSAPI listener from a config file (keytab of
// kafka/localhost, Kafka's principal.to.local rules, an ACL file) in front of the librdkafka
// mock cluster, and kcat (librdkafka + Cyrus SASL GSSAPI, keytab login) produces and consumes.
// The mapped principal is what the ACLs see; a stale service keytab is refused with Kafka's text.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Registry } from 'prom-client';
import { parseConfig } from '../../src/config/parse.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import { createMemoryLogger } from '../../src/log.js';
import { writeAclFile } from '../../src/acl/store-file.js';
import type { TaggedAclEntry } from '../../src/acl/types.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { digestPayloads, makePayloads } from '../helpers/kafka/payloads.js';
import { startTestRealm, REALM } from '../helpers/kdc.js';
import { waitForLine } from '../helpers/listener.js';

const allow = (principal: string, resourceType: string, resourceName: string, operation: string): TaggedAclEntry => ({
  protocol: 'kafka',
  principal,
  host: '*',
  resourceType,
  resourceName,
  patternType: 'LITERAL',
  operation,
  permission: 'ALLOW',
});

t.test('Kafka SASL/GSSAPI through the gateway with a real KDC', async (t) => {
  const realm = await startTestRealm();
  t.teardown(() => realm.stop());
  const serviceKeytab = await realm.addPrincipal('kafka/localhost', 'kafka.keytab');
  const staleKeytab = path.join(realm.dir, 'kafka-stale.keytab');
  fs.copyFileSync(serviceKeytab, staleKeytab);
  // New service key (kvno 2): tickets are now issued for it; kafka-stale.keytab only has kvno 1.
  await realm.rotateKey('kafka/localhost', 'kafka.keytab');
  const keytabs = { alice: await realm.addPrincipal('alice'), bob: await realm.addPrincipal('bob') };
  // The gateway's helper and kcat's kinit read the test realm's krb5.conf.
  const savedEnv = { KRB5_CONFIG: process.env.KRB5_CONFIG, KRB5CCNAME: process.env.KRB5CCNAME };
  process.env.KRB5_CONFIG = realm.krb5Conf;
  t.teardown(() => {
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'krb-t', partitions: 1 }] });
  t.teardown(() => cluster.stop());
  await writeAclFile(path.join(realm.dir, 'acls.yaml'), [allow('User:alice', 'TOPIC', 'krb-t', 'ALL')]);

  const startWith = async (name: string, keytab: string): Promise<{ gw: RunningGateway; bootstrap: string; lines: Array<Record<string, unknown>> }> => {
    const yaml = `
clusters:
  kafka: { protocol: kafka, bootstrap: ["${cluster.bootstrap}"] }
listeners:
  - name: ${name}
    cluster: kafka
    bind: 127.0.0.1:0
    advertise: localhost
    nodePorts: auto
    authentication: [sasl]
    sasl:
      mechanisms: [GSSAPI]
      gssapi:
        keytab: ${keytab}
        principal: kafka/localhost@${REALM}
        principalToLocalRules: ['RULE:[1:$1@$0](.*@STREAMWARD\\.TEST)s/@.*//', 'DEFAULT']
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
`;
    const file = path.join(realm.dir, `${name}.yaml`);
    fs.writeFileSync(file, yaml);
    const { log, lines } = createMemoryLogger('info');
    const gw = await startGateway(parseConfig(yaml, file), { log, registry: new Registry() });
    t.teardown(() => gw.close());
    return { gw, bootstrap: `localhost:${gw.listeners.get(name)!.boundPort}`, lines };
  };
  const { bootstrap, lines } = await startWith('kafka-krb', serviceKeytab);

  const asUser = (user: 'alice' | 'bob'): Record<string, string> => {
    process.env.KRB5CCNAME = `FILE:${path.join(realm.dir, `cc-${user}`)}`;
    return {
      'security.protocol': 'sasl_plaintext',
      'sasl.mechanisms': 'GSSAPI',
      'sasl.kerberos.service.name': 'kafka',
      'sasl.kerberos.keytab': keytabs[user],
      'sasl.kerberos.principal': `${user}@${REALM}`,
    };
  };

  t.test('alice (keytab login) produces and consumes; the gateway maps alice@REALM to User:alice', async (t) => {
    const payloads = makePayloads(200, { seed: 4752, avoidBytes: [0x1e] });
    const props = asUser('alice');
    const p = await kcatProduce({ bootstrap, topic: 'krb-t', messages: payloads, props, partition: 0, timeoutMs: 30_000 });
    t.equal(p.code, 0, 'producer exits 0', { stderr: p.stderr.slice(-800) });
    const c = await kcatConsume({ bootstrap, topic: 'krb-t', count: payloads.length, partition: 0, props, timeoutMs: 30_000 });
    t.equal(c.code, 0, 'consumer exits 0', { stderr: c.stderr.slice(-800) });
    t.equal(digestPayloads(c.messages), digestPayloads(payloads), 'consumed exactly what was produced');
    await waitForLine(lines, (l) => l.msg === 'authenticated' && l.mechanism === 'GSSAPI' && l.principal === 'User:alice');
  });

  t.test('bob authenticates too but the ACLs (for User:alice only) deny him the topic', async (t) => {
    const r = await kcatProduce({ bootstrap, topic: 'krb-t', messages: [Buffer.from('from bob')], props: asUser('bob'), partition: 0, timeoutMs: 20_000 });
    t.not(r.code, 0, 'producer fails');
    t.match(r.stderr, /Topic authorization failed|TOPIC_AUTHORIZATION_FAILED/, "with the broker's topic authorization error");
    await waitForLine(lines, (l) => l.msg === 'authenticated' && l.mechanism === 'GSSAPI' && l.principal === 'User:bob');
    await waitForLine(lines, (l) => l.err === 'SW_ERR_AUTHZ_DENIED' && JSON.stringify(l).includes('User:bob'));
  });

  t.test("a gateway with a stale service keytab refuses the login with Kafka's SASL failure", async (t) => {
    const stale = await startWith('kafka-stale', staleKeytab);
    const err = await kcatMetadata({ bootstrap: stale.bootstrap, props: asUser('alice'), timeoutMs: 10_000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.ok(err, 'kcat fails');
    t.match(err!, /Authentication failed during authentication due to invalid credentials with SASL mechanism GSSAPI/);
    await waitForLine(stale.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && l.mechanism === 'GSSAPI');
    const failures = stale.lines.filter((l) => l.msg === 'authentication failed');
    t.ok(
      failures.every((l) => l.err === 'SW_ERR_AUTH_FAILED'),
      'every failure line carries SW_ERR_AUTH_FAILED',
    );
    t.equal(new Set(failures.map((l) => l.conn)).size, failures.length, 'one authentication-failed line per refused connection');
    t.notOk(
      stale.lines.some((l) => l.msg === 'authenticated'),
      'nobody logged in',
    );
    t.match(String(failures[0]!.reason), /kvno|keytab|Key version/i, 'the log line names the GSS-API reason for the operator');
  });
});
