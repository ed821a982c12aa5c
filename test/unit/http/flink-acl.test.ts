// Flink resource decisions (CLUSTER flink-cluster, JOB <id>) with the acl module's Fluss semantics.
import t from 'tap';
import { flinkDecider, flinkEntryProblem } from '../../../src/http/flink-acl.js';
import type { AclEntry } from '../../../src/acl/types.js';

const J1 = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
const J2 = 'ffffffffffffffffffffffffffffffff';
const e = (principal: string, resourceType: string, resourceName: string, operation: string, host = '*'): AclEntry =>
  ({ principal, host, resourceType, resourceName, patternType: 'LITERAL', operation, permission: 'ALLOW' });

const decide = flinkDecider([
  e('User:ops', 'CLUSTER', 'flink-cluster', 'ALTER'),
  e('User:dev', 'JOB', J1, 'ALTER'),
  e('User:viewer', 'CLUSTER', 'flink-cluster', 'DESCRIBE'),
  e('*:*', 'JOB', J2, 'DESCRIBE'),
  e('User:anyjob', 'JOB', '*', 'READ'),
  e('User:lan', 'CLUSTER', 'flink-cluster', 'ALL', '10.0.0.5'),
], { superUsers: ['User:root'] });
const q = (principal: string, resourceType: 'CLUSTER' | 'JOB', resourceName: string, operation: 'DESCRIBE' | 'READ' | 'ALTER' | 'CREATE', host = '127.0.0.1') =>
  decide({ principal, host, resourceType, resourceName, operation });

t.test('decisions', async (t) => {
  t.match(q('User:ops', 'JOB', J1, 'ALTER'), { allowed: true, reason: 'acl' }, 'a cluster grant covers every job');
  t.match(q('User:ops', 'JOB', J1, 'DESCRIBE'), { allowed: true }, 'ALTER implies DESCRIBE');
  t.match(q('User:ops', 'CLUSTER', 'flink-cluster', 'CREATE'), { allowed: false, reason: 'default-deny' });
  t.match(q('User:dev', 'JOB', J1, 'ALTER'), { allowed: true });
  t.match(q('User:dev', 'JOB', J2, 'ALTER'), { allowed: false }, 'a job grant is for that job only');
  t.match(q('User:dev', 'CLUSTER', 'flink-cluster', 'ALTER'), { allowed: false }, 'a job grant does not reach the cluster');
  t.match(q('User:viewer', 'JOB', J1, 'READ'), { allowed: false }, 'DESCRIBE does not imply READ');
  t.match(q('User:anyone', 'JOB', J2, 'DESCRIBE'), { allowed: true }, '*:* is every principal');
  t.match(q('User:anyjob', 'JOB', J1, 'READ'), { allowed: true }, 'JOB * is every job');
  t.match(q('User:lan', 'CLUSTER', 'flink-cluster', 'CREATE'), { allowed: false }, 'host must match');
  t.match(q('User:lan', 'CLUSTER', 'flink-cluster', 'CREATE', '10.0.0.5'), { allowed: true });
  t.match(q('User:root', 'CLUSTER', 'flink-cluster', 'CREATE'), { allowed: true, reason: 'super-user' });
  t.match(q('User:nobody', 'CLUSTER', 'flink-cluster', 'DESCRIBE'), { allowed: false, reason: 'default-deny' });
  t.match(flinkDecider([])({ principal: 'User:a', host: '1.2.3.4', resourceType: 'JOB', resourceName: J1, operation: 'READ' }), { allowed: false, reason: 'no-acl-default' });
  t.match(decide({ principal: 'User:ops', host: 'x', resourceType: 'TABLE' as 'JOB', resourceName: 'x', operation: 'READ' }), { allowed: false, reason: 'error' }, 'a bad question is a denial');
});

t.test('entries that cannot be Flink ACLs', async (t) => {
  t.equal(flinkEntryProblem(e('User:a', 'TABLE', 'db.t', 'READ')), "resourceType 'TABLE' is not CLUSTER or JOB");
  t.match(flinkEntryProblem(e('User:a', 'CLUSTER', 'fluss-cluster', 'READ')), /flink-cluster/);
  t.match(flinkEntryProblem(e('User:a', 'JOB', 'ABC', 'READ')), /32 lower-case hex/);
  t.match(flinkEntryProblem(e('User:a', 'JOB', J1, 'DELETE')), /operation 'DELETE'/);
  t.match(flinkEntryProblem({ ...e('User:a', 'JOB', J1, 'READ'), permission: 'DENY' }), /only ALLOW/);
  t.match(flinkEntryProblem({ ...e('User:a', 'JOB', J1, 'READ'), patternType: 'PREFIXED' }), /only LITERAL/);
  t.equal(flinkEntryProblem(e('User:a', 'JOB', '*', 'ALL')), null);
  t.throws(() => flinkDecider([e('User:a', 'TOPIC', 'x', 'READ')]), /Flink ACL entry 0/);
});
