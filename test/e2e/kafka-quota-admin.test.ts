// Describe/AlterClientQuotas served by the gateway, end to end: a gateway started from a config
// file (SASL/PLAIN listener, credentials file, ACL file) in front of the librdkafka mock cluster.
// No client on this machine speaks the quota admin apis (python3-confluent-kafka 1.7 has no
// alter_client_quotas, librdkafka and kafkajs have none, no Kafka distribution for
// kafka-configs.sh), so the requests are raw frames built with the gateway's schema codec from
// Kafka's message layouts, after a real SASL/PLAIN login (test/helpers/kafka/quota-admin.ts).
// Shown: ApiVersions advertises 48/49 (the mock does not have them), alter then describe
// round-trips and reaches the gateway's quota store, a principal without ALTER_CONFIGS gets
// CLUSTER_AUTHORIZATION_FAILED and changes nothing, and the alterations survive a gateway
// restart (the file beside the ACL file).
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { CredentialStore } from '../../src/sasl/credentials.js';
import type { Msg } from '../../src/protocol/kafka/schema/message.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { described, ent, op, saslPlainSession as login } from '../helpers/kafka/quota-admin.js';
import { startOpsGateway, tempDir, type OpsGateway } from '../integration/ops/setup.js';

const codes = (m: Msg) => (m.Entries as Msg[]).map((e) => e.ErrorCode);

t.test('kafka-configs style quota admin through a SASL listener, served and persisted by the gateway', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: [{ name: 'orders', partitions: 1 }] });
  const { dir, remove } = tempDir('sw-quota-e2e-');
  t.teardown(async () => {
    await cluster.stop();
    remove();
  });
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  for (const u of ['admin', 'ops', 'bob']) await users.addUser(u, `${u}-pw`, { mechanisms: ['PLAIN'] });
  fs.writeFileSync(
    path.join(dir, 'acls.yaml'),
    'acls:\n' +
      '  - {protocol: kafka, principal: "User:ops", resourceType: CLUSTER, operation: ALTER_CONFIGS}\n' +
      '  - {protocol: kafka, principal: "User:ops", resourceType: CLUSTER, operation: DESCRIBE_CONFIGS}\n',
  );
  const config = `
clusters: { k: { protocol: kafka, bootstrap: "${cluster.bootstrap}" } }
listeners:
  - { name: kafka-sasl, cluster: k, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
principals: { superUsers: [User:admin] }
credentials: users.yaml
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
log: { level: info }
`;
  let gw: OpsGateway = await startOpsGateway(dir, config, { audit: null });
  t.teardown(() => gw.stop());

  const ops = await login(gw.port('kafka-sasl'), 'ops', 'ops-pw');
  const versions = await ops.call(18, 0);
  const range = (key: number) => (versions.ApiKeys as Msg[]).filter((k) => k.ApiKey === key).map((k) => `${k.MinVersion as number}-${k.MaxVersion as number}`);
  t.same([range(48), range(49)], [['0-1'], ['0-1']], 'ApiVersions advertises Describe/AlterClientQuotas v0-1 (the backend has neither)');

  const altered = await ops.call(49, 1, {
    Entries: [
      { Entity: ent(['user', 'alice']), Ops: [op('producer_byte_rate', 1048576), op('request_percentage', 25)] },
      { Entity: ent(['user', null]), Ops: [op('consumer_byte_rate', 2097152)] },
      { Entity: ent(['user', 'alice'], ['client-id', 'batch']), Ops: [op('producer_byte_rate', 524288)] },
    ],
    ValidateOnly: false,
  });
  t.same(codes(altered), [0, 0, 0], 'kafka-configs --alter --entity-type users: accepted');
  const all = await ops.call(48, 1, { Components: [], Strict: false });
  t.equal(all.ErrorCode, 0);
  t.same(described(all), ['client-id=batch,user=alice: producer_byte_rate=524288', 'user=alice: producer_byte_rate=1048576,request_percentage=25', 'user=null: consumer_byte_rate=2097152']);
  const alice = await ops.call(48, 0, { Components: [{ EntityType: 'user', MatchType: 0, Match: 'alice' }], Strict: true });
  t.same(described(alice), ['user=alice: producer_byte_rate=1048576,request_percentage=25'], 'kafka-configs --describe --entity-type users --entity-name alice (v0)');
  t.same(
    gw.gw.quotaStore.entries().find((e) => e.user === 'alice' && e.clientId === undefined),
    { user: 'alice', producerByteRate: 1048576, requestPercentage: 25 },
    'the gateway quota store (what the quota manager is fed) holds it',
  );

  const bob = await login(gw.port('kafka-sasl'), 'bob', 'bob-pw');
  const refused = await bob.call(49, 1, { Entries: [{ Entity: ent(['user', 'bob']), Ops: [op('producer_byte_rate', 1e12)] }], ValidateOnly: false });
  t.same(
    (refused.Entries as Msg[]).map((e) => [e.ErrorCode, e.ErrorMessage]),
    [[31, 'Cluster authorization failed.']],
    'a principal without ALTER_CONFIGS gets CLUSTER_AUTHORIZATION_FAILED',
  );
  const bobDescribe = await bob.call(48, 1, { Components: [], Strict: false });
  t.same([bobDescribe.ErrorCode, bobDescribe.Entries], [31, null], 'and cannot describe without DESCRIBE_CONFIGS');
  t.notOk(
    gw.gw.quotaStore.entries().some((e) => e.user === 'bob'),
    'nothing changed for bob',
  );
  t.ok(
    gw.lines.some((l) => l.msg === 'client quota altered' && l.principal === 'User:ops'),
    'each alteration is logged with its principal',
  );
  ops.close();
  bob.close();

  t.ok(fs.existsSync(path.join(dir, 'acls.quotas.yaml')), 'persisted beside the ACL file');
  await gw.stop();
  gw = await startOpsGateway(dir, config, { audit: null });
  const again = await login(gw.port('kafka-sasl'), 'admin', 'admin-pw');
  t.teardown(() => again.close());
  t.same(described(await again.call(48, 1, { Components: [], Strict: false })), described(all), 'the alterations survive a restart');
});
