// GSSAPI test fixtures: a real MIT realm (kdc.ts) with the gateway's service principal
// kafka/localhost, a Kafka test gateway whose listener offers GSSAPI from that keytab, and
// AP-REQ tokens made by a real GSS-API initiator (python3-gssapi) from a user's keytab login.
import path from 'node:path';
import { Metrics } from '../../src/metrics.js';
import { startGssapiMechanism } from '../../src/sasl/gssapi-listener.js';
import { testPolicy } from './auth.js';
import { startKafkaGateway, type KafkaTestGateway } from './kafka/gateway.js';
import type { MockCluster } from '../../testkit/kafka/mock-cluster.js';
import { runProcess } from './kafka/run-process.js';
import { REALM, type TestRealm } from './kdc.js';

export const SERVICE = `kafka/localhost@${REALM}`;

/** A Kafka test gateway offering GSSAPI only (service keytab from the realm; rules [DEFAULT]). */
export async function startGssapiGateway(cluster: MockCluster, realm: TestRealm, keytab: string): Promise<{ gw: KafkaTestGateway; close(): void }> {
  process.env.KRB5_CONFIG = realm.krb5Conf;
  const closers: { close(): void }[] = [];
  const impls = await startGssapiMechanism({ keytab, principal: SERVICE, principalToLocalRules: ['DEFAULT'], defaultRealm: REALM, python: '/usr/bin/python3' }, closers);
  const gw = await startKafkaGateway(cluster, { metrics: new Metrics(), auth: async (m) => ({ ...(await testPolicy(m, { mechanisms: ['GSSAPI'], throttle: null })), mechanismImpls: impls }) });
  return {
    gw,
    close: () => {
      for (const c of closers) c.close();
    },
  };
}

const INITIATOR = String.raw`
import base64, sys, gssapi
name = gssapi.Name("kafka@localhost", gssapi.NameType.hostbased_service)
ctx = gssapi.SecurityContext(name=name, usage="initiate", mech=gssapi.MechType.kerberos, flags=[gssapi.RequirementFlag.mutual_authentication])
print(base64.b64encode(ctx.step()).decode())
`;

/** The first GSS token (AP-REQ) a real initiator sends for user, after kinit from their keytab. */
export async function apReq(realm: TestRealm, user: string, keytab: string): Promise<Buffer> {
  const env = realm.env(path.join(realm.dir, `cc-raw-${user}`));
  const k = await runProcess('kinit', ['-k', '-t', keytab, `${user}@${REALM}`], { timeoutMs: 20_000, env });
  if (k.code !== 0) throw new Error(`kinit: ${k.stderr}`);
  const r = await runProcess('/usr/bin/python3', ['-c', INITIATOR], { timeoutMs: 20_000, env });
  if (r.code !== 0) throw new Error(`initiator: ${r.stderr}`);
  return Buffer.from(r.stdout.toString().trim(), 'base64');
}
