// Flink REST resource decisions (protocol 'flink'): CLUSTER flink-cluster > JOB <id>, Fluss rules plus User:*.
import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide } from '../../../src/acl/decide.js';
import { flinkCandidateResources, flinkPrincipalCovers } from '../../../src/acl/decide-flink.js';
import type { AccessRequest, AclEntry, DecideOptions } from '../../../src/acl/types.js';

const J1 = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
const J2 = 'ffffffffffffffffffffffffffffffff';

function acl(resourceType: string, resourceName: string, operation: string, principal = 'User:alice', host = '*'): AclEntry {
  return { principal, host, resourceType, resourceName, patternType: 'LITERAL', operation, permission: 'ALLOW' };
}

function check(entries: AclEntry[], req: Partial<AccessRequest>, opts: DecideOptions = {}) {
  const index = new AclIndex();
  for (const e of entries) index.add('flink', e);
  return decide(
    index,
    {
      protocol: 'flink',
      principal: 'User:alice',
      host: '10.0.0.1',
      resourceType: 'JOB',
      resourceName: J1,
      operation: 'READ',
      ...req,
    },
    opts,
  );
}

t.test('no candidate denies, even with allowIfNoAcl; super users pass', async (t) => {
  t.same(check([], {}), { allowed: false, reason: 'no-acl-default' });
  t.same(check([], {}, { allowIfNoAcl: true }), { allowed: false, reason: 'no-acl-default' }, 'Flink has no allow-if-no-ACL switch');
  t.same(check([], {}, { superUsers: ['User:alice'] }), { allowed: true, reason: 'super-user' });
  t.equal(check([], { principal: 'user:ALICE' }, { superUsers: ['User:alice'] }).allowed, false, 'super users are exact by default');
  t.equal(check([], { principal: 'user:ALICE' }, { superUsers: ['User:alice'], principalIgnoreCase: true }).reason, 'super-user');
  t.equal(check([], {}, { superUsers: ['User:*'] }).allowed, false, 'User:* in superUsers is not a wildcard');
});

t.test('ancestry: a cluster grant covers every job, a job grant only that job', async (t) => {
  const onCluster = acl('CLUSTER', 'flink-cluster', 'READ');
  t.same(check([onCluster], {}), { allowed: true, reason: 'acl', entry: onCluster });
  t.equal(check([onCluster], { resourceName: J2 }).allowed, true);
  t.equal(check([onCluster], { resourceType: 'CLUSTER', resourceName: 'flink-cluster' }).allowed, true);
  const onJob = acl('JOB', J1, 'READ');
  t.equal(check([onJob], {}).allowed, true);
  t.same(check([onJob], { resourceName: J2 }), { allowed: false, reason: 'no-acl-default' }, 'another job has no candidates');
  t.same(check([onJob], { resourceType: 'CLUSTER', resourceName: 'flink-cluster' }), { allowed: false, reason: 'no-acl-default' }, 'a job grant does not reach the cluster');
});

t.test('only the same-type wildcard applies: JOB * covers jobs, CLUSTER * only the cluster', async (t) => {
  t.equal(check([acl('JOB', '*', 'READ')], { resourceName: J2 }).allowed, true);
  t.same(check([acl('JOB', '*', 'READ')], { resourceType: 'CLUSTER', resourceName: 'flink-cluster' }).reason, 'no-acl-default');
  t.same(check([acl('CLUSTER', '*', 'READ')], {}), { allowed: false, reason: 'no-acl-default' }, '(CLUSTER, *) does not cover a job');
  t.equal(check([acl('CLUSTER', '*', 'READ')], { resourceType: 'CLUSTER', resourceName: 'flink-cluster' }).allowed, true);
  t.same(flinkCandidateResources('JOB', J1), [
    ['JOB', '*'],
    ['JOB', J1],
    ['CLUSTER', 'flink-cluster'],
  ]);
  t.same(flinkCandidateResources('CLUSTER', 'flink-cluster'), [
    ['CLUSTER', '*'],
    ['CLUSTER', 'flink-cluster'],
  ]);
});

t.test('principals: exact, *:* everyone, User:* every User', async (t) => {
  t.equal(check([acl('JOB', J1, 'READ', '*:*')], { principal: 'Group:ops' }).allowed, true, '*:* is everyone');
  t.equal(check([acl('JOB', J1, 'READ', 'User:*')], { principal: 'User:bob' }).allowed, true, 'User:* is every User');
  t.same(check([acl('JOB', J1, 'READ', 'User:*')], { principal: 'Group:ops' }), { allowed: false, reason: 'default-deny' }, 'User:* is not other principal types');
  t.equal(check([acl('JOB', J1, 'READ', 'User:*')], { principal: 'user:bob' }).allowed, false, 'the type is compared exactly by default');
  t.equal(check([acl('JOB', J1, 'READ', 'USER:*')], { principal: 'user:bob' }, { principalIgnoreCase: true }).allowed, true, 'and folded with ignoreCase');
  t.equal(check([acl('JOB', J1, 'READ', 'Group:*')], { principal: 'Group:ops' }).allowed, false, 'only User:* is a wildcard');
  t.equal(check([acl('JOB', J1, 'READ', 'User:Bob')], { principal: 'User:bob' }).allowed, false);
  t.equal(check([acl('JOB', J1, 'READ', 'User:Bob')], { principal: 'USER:BOB' }, { principalIgnoreCase: true }).allowed, true);
  t.equal(flinkPrincipalCovers('User:*', 'nocolon', false), false, 'a principal without a type is no User');
});

t.test('operations: ALL implies everything, DESCRIBE is implied by the five, nothing else is', async (t) => {
  for (const op of ['READ', 'WRITE', 'CREATE', 'DROP', 'ALTER', 'DESCRIBE', 'ALL']) {
    t.equal(check([acl('JOB', J1, 'ALL')], { operation: op }).allowed, true, `ALL grants ${op}`);
  }
  for (const op of ['READ', 'WRITE', 'CREATE', 'DROP', 'ALTER']) {
    t.equal(check([acl('CLUSTER', 'flink-cluster', op)], { operation: 'DESCRIBE' }).allowed, true, `${op} grants DESCRIBE`);
    t.equal(check([acl('CLUSTER', 'flink-cluster', 'DESCRIBE')], { operation: op }).allowed, false, `DESCRIBE does not grant ${op}`);
  }
  t.equal(check([acl('JOB', J1, 'READ')], { operation: 'ALTER' }).allowed, false, 'READ does not grant ALTER');
  t.equal(check([acl('JOB', J1, 'WRITE')], { operation: 'ALL' }).allowed, false, 'a check for ALL needs an ALL entry');
});

t.test('host: * or the exact client IP', async (t) => {
  const e = acl('JOB', J1, 'READ', 'User:alice', '10.0.0.1');
  t.same(check([e], {}), { allowed: true, reason: 'acl', entry: e });
  t.same(check([e], { host: '10.0.0.2' }), { allowed: false, reason: 'default-deny' });
  const v6 = acl('JOB', J1, 'READ', 'User:alice', '0:0:0:0:0:0:0:1');
  t.equal(check([v6], { host: '0:0:0:0:0:0:0:1' }).allowed, true, 'IPv6 in the form client addresses are compared in');
});

t.test('flink entries are separate from fluss and kafka entries', async (t) => {
  const index = new AclIndex();
  index.add('fluss', acl('CLUSTER', 'fluss-cluster', 'ALL', '*:*'));
  index.add('kafka', { ...acl('CLUSTER', 'kafka-cluster', 'ALL', 'User:*') });
  const req: AccessRequest = { protocol: 'flink', principal: 'User:alice', host: '10.0.0.1', resourceType: 'CLUSTER', resourceName: 'flink-cluster', operation: 'READ' };
  t.same(decide(index, req), { allowed: false, reason: 'no-acl-default' });
  index.add('flink', acl('CLUSTER', 'flink-cluster', 'READ'));
  t.equal(decide(index, req).allowed, true);
  t.equal(decide(index, { ...req, protocol: 'fluss', resourceName: 'fluss-cluster' }).allowed, true, 'the fluss entry still decides fluss');
  t.equal(index.literal('fluss', 'CLUSTER', 'flink-cluster').length, 0);
});
