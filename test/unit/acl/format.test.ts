import t from 'tap';
import { formatAclLine, formatFlinkAclLine, formatFlussAclLine, formatKafkaAclLine, formatKafkaAclListing } from '../../../src/acl/format.js';
import type { AclEntry } from '../../../src/acl/types.js';

const fluss = (resourceType: string, resourceName: string, p: Partial<AclEntry> = {}): AclEntry => ({
  principal: 'User:marketing',
  host: '*',
  resourceType,
  resourceName,
  patternType: 'LITERAL',
  operation: 'ALL',
  permission: 'ALLOW',
  ...p,
});

t.test('Fluss list_acl lines', async (t) => {
  t.equal(formatFlussAclLine(fluss('DATABASE', 'marketing_db')), 'resource="cluster.marketing_db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"');
  t.equal(
    formatFlussAclLine(fluss('CLUSTER', 'fluss-cluster', { operation: 'CREATE', host: '10.0.0.1' })),
    'resource="cluster";permission="ALLOW";principal="User:marketing";operation="CREATE";host="10.0.0.1"',
  );
  t.equal(formatFlussAclLine(fluss('TABLE', 'db.orders', { principal: '*:*', operation: 'READ' })), 'resource="cluster.db.orders";permission="ALLOW";principal="*:*";operation="READ";host="*"');
  t.equal(formatFlussAclLine(fluss('TABLE', 'db.t', { host: '' })), 'resource="cluster.db.t";permission="ALLOW";principal="User:marketing";operation="ALL";', 'an empty value prints nothing');
});

t.test('Kafka lines and kafka-acls listing', async (t) => {
  const a: AclEntry = { principal: 'User:alice', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW' };
  const b: AclEntry = { ...a, principal: 'User:bob', operation: 'WRITE', permission: 'DENY' };
  const c: AclEntry = { ...a, resourceType: 'GROUP', resourceName: 'g-', patternType: 'PREFIXED' };
  t.equal(formatKafkaAclLine(a), 'ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=READ, permissionType=ALLOW)');
  t.equal(
    formatKafkaAclListing([a, c, b]),
    'Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n' +
      ' \t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)\n' +
      '\t(principal=User:bob, host=*, operation=WRITE, permissionType=DENY) \n\n' +
      'Current ACLs for resource `ResourcePattern(resourceType=GROUP, name=g-, patternType=PREFIXED)`: \n' +
      ' \t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW) \n\n',
  );
  t.equal(formatKafkaAclListing([]), '');
});

t.test('Flink lines: the list_acl shape with <type>:<name> resources', async (t) => {
  const job = fluss('JOB', 'a5e0edd8e66b53f1b89c2041f91b8fd2', { principal: 'User:team-a' });
  t.equal(formatFlinkAclLine(job), 'resource="job:a5e0edd8e66b53f1b89c2041f91b8fd2";permission="ALLOW";principal="User:team-a";operation="ALL";host="*"');
  t.equal(
    formatFlinkAclLine(fluss('CLUSTER', 'flink-cluster', { operation: 'DESCRIBE', host: '10.0.0.1' })),
    'resource="cluster:flink-cluster";permission="ALLOW";principal="User:marketing";operation="DESCRIBE";host="10.0.0.1"',
  );
  t.equal(formatFlinkAclLine(fluss('CLUSTER', '*', { principal: '*:*' })), 'resource="cluster:*";permission="ALLOW";principal="*:*";operation="ALL";host="*"', 'the CLUSTER wildcard is not cluster.*');
  t.equal(formatAclLine('flink', job), formatFlinkAclLine(job));
  t.equal(formatAclLine('fluss', fluss('DATABASE', 'db')), 'resource="cluster.db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"');
  t.match(formatAclLine('kafka', fluss('TOPIC', 'orders')), /^ResourcePattern\(resourceType=TOPIC, name=orders, patternType=LITERAL\) \(principal=User:marketing/);
});
