import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { explain, formatDecision } from '../../../src/acl/explain.js';
import type { AccessRequest } from '../../../src/acl/types.js';

const kafkaReq: AccessRequest = { protocol: 'kafka', principal: 'User:alice', host: '10.0.0.7', resourceType: 'TOPIC', resourceName: 'orders', operation: 'READ' };
const flussReq: AccessRequest = { protocol: 'fluss', principal: 'User:bob', host: '10.0.0.8', resourceType: 'TABLE', resourceName: 'db.t', operation: 'WRITE' };

t.test('explains allow, deny and defaults', async (t) => {
  const index = new AclIndex();
  t.equal(explain(index, kafkaReq), "DENIED kafka User:alice from 10.0.0.7: READ on TOPIC 'orders' - default deny (no ACL on this resource)");
  t.equal(explain(index, kafkaReq, { allowIfNoAcl: true }), "ALLOWED kafka User:alice from 10.0.0.7: READ on TOPIC 'orders' - no ACL on this resource; allowIfNoAcl allows");
  index.add('kafka', { principal: 'User:alice', host: '*', resourceType: 'TOPIC', resourceName: 'ord', patternType: 'PREFIXED', operation: 'READ', permission: 'ALLOW' });
  t.equal(
    explain(index, kafkaReq),
    "ALLOWED kafka User:alice from 10.0.0.7: READ on TOPIC 'orders' - ACL ResourcePattern(resourceType=TOPIC, name=ord, patternType=PREFIXED) (principal=User:alice, host=*, operation=READ, permissionType=ALLOW)",
  );
  index.add('kafka', { principal: 'User:*', host: '10.0.0.7', resourceType: 'TOPIC', resourceName: '*', patternType: 'LITERAL', operation: 'READ', permission: 'DENY' });
  t.match(explain(index, kafkaReq), /^DENIED .* - DENY ACL ResourcePattern\(resourceType=TOPIC, name=\*, patternType=LITERAL\)/);
  t.equal(
    explain(index, { ...kafkaReq, principal: 'User:bob' }),
    "DENIED kafka User:bob from 10.0.0.7: READ on TOPIC 'orders' - DENY ACL ResourcePattern(resourceType=TOPIC, name=*, patternType=LITERAL) (principal=User:*, host=10.0.0.7, operation=READ, permissionType=DENY)",
  );
  t.equal(explain(index, { ...kafkaReq, host: '1.1.1.1', principal: 'User:carol' }), "DENIED kafka User:carol from 1.1.1.1: READ on TOPIC 'orders' - default deny (no ACL matched)");
  t.match(explain(index, kafkaReq, { superUsers: ['User:alice'] }), /^ALLOWED .* - super user User:alice$/);
});

t.test('Fluss entries print in list_acl form; errors print their detail', async (t) => {
  const index = new AclIndex();
  index.add('fluss', { principal: 'User:bob', host: '*', resourceType: 'DATABASE', resourceName: 'db', patternType: 'LITERAL', operation: 'WRITE', permission: 'ALLOW' });
  t.equal(explain(index, flussReq), 'ALLOWED fluss User:bob from 10.0.0.8: WRITE on TABLE \'db.t\' - ACL resource="cluster.db";permission="ALLOW";principal="User:bob";operation="WRITE";host="*"');
  t.equal(formatDecision(flussReq, { allowed: false, reason: 'error', detail: 'boom' }), "DENIED fluss User:bob from 10.0.0.8: WRITE on TABLE 'db.t' - evaluation error, denied: boom");
  t.match(explain(index, { ...flussReq, operation: 'ANY' }), /evaluation error, denied: unknown Fluss operation 'ANY'/);
});

t.test('Flink decisions explained, entries in the Flink line form', async (t) => {
  const job = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
  const req: AccessRequest = { protocol: 'flink', principal: 'User:ops', host: '10.0.0.9', resourceType: 'JOB', resourceName: job, operation: 'ALTER' };
  const index = new AclIndex();
  t.equal(explain(index, req, { allowIfNoAcl: true }), `DENIED flink User:ops from 10.0.0.9: ALTER on JOB '${job}' - default deny (no ACL on this resource)`);
  index.add('flink', { principal: 'User:ops', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALTER', permission: 'ALLOW' });
  t.equal(explain(index, req), `ALLOWED flink User:ops from 10.0.0.9: ALTER on JOB '${job}' - ACL resource="cluster:flink-cluster";permission="ALLOW";principal="User:ops";operation="ALTER";host="*"`);
  t.equal(explain(index, { ...req, principal: 'User:viewer' }), `DENIED flink User:viewer from 10.0.0.9: ALTER on JOB '${job}' - default deny (no ACL matched)`);
  t.equal(
    explain(index, { ...req, resourceName: 'not-a-job' }),
    "DENIED flink User:ops from 10.0.0.9: ALTER on JOB 'not-a-job' - evaluation error, denied: 'not-a-job' is not a Flink job id (32 lower-case hex digits)",
  );
});
