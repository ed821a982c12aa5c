import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide } from '../../../src/acl/decide.js';
import { flussAclAdminResource, flussCandidateResources, flussDatabaseOf } from '../../../src/acl/decide-fluss.js';
import type { AccessRequest, AclEntry, DecideOptions } from '../../../src/acl/types.js';

function acl(resourceType: string, resourceName: string, operation: string, principal = 'User:alice', host = '*'): AclEntry {
  return { principal, host, resourceType, resourceName, patternType: 'LITERAL', operation, permission: 'ALLOW' };
}

function check(entries: AclEntry[], req: Partial<AccessRequest>, opts: DecideOptions = {}) {
  const index = new AclIndex();
  for (const e of entries) index.add('fluss', e);
  return decide(
    index,
    {
      protocol: 'fluss',
      principal: 'User:alice',
      host: '10.0.0.1',
      resourceType: 'TABLE',
      resourceName: 'db.t',
      operation: 'READ',
      ...req,
    },
    opts,
  );
}

t.test('no candidate ACL denies; super users pass', async (t) => {
  t.same(check([], {}), { allowed: false, reason: 'no-acl-default' });
  t.same(check([], {}, { superUsers: ['User:alice'] }), { allowed: true, reason: 'super-user' });
  t.same(check([], { principal: 'user:ALICE' }, { superUsers: ['User:alice'] }).allowed, false, 'super users are case-sensitive by default');
  t.same(check([], { principal: 'user:ALICE' }, { superUsers: ['User:alice'], principalIgnoreCase: true }).reason, 'super-user');
});

t.test('ancestry: table <- database <- cluster', async (t) => {
  const onDb = acl('DATABASE', 'db', 'READ');
  t.same(check([onDb], {}), { allowed: true, reason: 'acl', entry: onDb });
  t.same(check([onDb], { resourceName: 'db2.t' }).reason, 'no-acl-default', 'another database has no candidates');
  const onCluster = acl('CLUSTER', 'fluss-cluster', 'READ');
  t.equal(check([onCluster], {}).allowed, true, 'cluster ACL covers a table');
  t.equal(check([onCluster], { resourceType: 'DATABASE', resourceName: 'db' }).allowed, true, 'and a database');
  const onTable = acl('TABLE', 'db.t', 'READ');
  t.equal(check([onTable], { resourceType: 'DATABASE', resourceName: 'db' }).reason, 'no-acl-default', 'a table ACL does not cover its database');
  t.equal(check([onTable], { resourceType: 'CLUSTER', resourceName: 'fluss-cluster' }).reason, 'no-acl-default');
});

t.test('only the same-type wildcard resource applies', async (t) => {
  t.equal(check([acl('TABLE', '*', 'READ')], {}).allowed, true, '(TABLE, *) covers db.t');
  t.same(check([acl('DATABASE', '*', 'READ')], {}), { allowed: false, reason: 'no-acl-default' }, '(DATABASE, *) does not cover a table');
  t.equal(check([acl('DATABASE', '*', 'READ')], { resourceType: 'DATABASE', resourceName: 'db' }).allowed, true, 'but covers a database');
  t.same(check([acl('CLUSTER', '*', 'READ')], {}).reason, 'no-acl-default', '(CLUSTER, *) does not cover a table');
});

t.test('principal wildcard is *:* only; User:* is an ordinary principal', async (t) => {
  t.equal(check([acl('TABLE', 'db.t', 'READ', '*:*')], { principal: 'User:bob' }).allowed, true);
  t.same(check([acl('TABLE', 'db.t', 'READ', 'User:*')], { principal: 'User:bob' }), { allowed: false, reason: 'default-deny' });
  t.equal(check([acl('TABLE', 'db.t', 'READ', 'User:*')], { principal: 'User:*' }).allowed, true, 'it matches only itself');
});

t.test('principal case: exact unless ignoreCase', async (t) => {
  const e = acl('TABLE', 'db.t', 'READ', 'User:Alice');
  t.equal(check([e], {}).allowed, false);
  t.equal(check([e], {}, { principalIgnoreCase: true }).allowed, true);
  t.equal(check([e], { principal: 'USER:ALICE' }, { principalIgnoreCase: true }).allowed, true, 'type is folded too');
});

t.test('operations: ALL implies everything, DESCRIBE is implied by the five, nothing else is', async (t) => {
  for (const op of ['READ', 'WRITE', 'CREATE', 'DROP', 'ALTER', 'DESCRIBE', 'ALL']) {
    t.equal(check([acl('TABLE', 'db.t', 'ALL')], { operation: op }).allowed, true, `ALL grants ${op}`);
  }
  for (const op of ['READ', 'WRITE', 'CREATE', 'DROP', 'ALTER']) {
    t.equal(check([acl('TABLE', 'db.t', op)], { operation: 'DESCRIBE' }).allowed, true, `${op} grants DESCRIBE`);
  }
  t.equal(check([acl('TABLE', 'db.t', 'READ')], { operation: 'WRITE' }).allowed, false, 'READ does not grant WRITE');
  t.equal(check([acl('TABLE', 'db.t', 'DESCRIBE')], { operation: 'READ' }).allowed, false, 'DESCRIBE does not grant READ');
  t.equal(check([acl('TABLE', 'db.t', 'WRITE')], { operation: 'ALL' }).allowed, false, 'a check for ALL needs an ALL entry');
  t.equal(check([acl('DATABASE', 'db', 'CREATE')], { resourceType: 'DATABASE', resourceName: 'db', operation: 'CREATE' }).allowed, true);
});

t.test('host: * or the exact client IP', async (t) => {
  const e = acl('TABLE', 'db.t', 'READ', 'User:alice', '10.0.0.1');
  t.equal(check([e], {}).allowed, true);
  t.same(check([e], { host: '10.0.0.2' }), { allowed: false, reason: 'default-deny' });
});

t.test('Fluss stores ALLOW LITERAL entries only', async (t) => {
  const index = new AclIndex();
  t.throws(() => index.add('fluss', { ...acl('TABLE', 'db.t', 'READ'), permission: 'DENY' }), /permission 'DENY'/);
  t.throws(() => index.add('fluss', { ...acl('TABLE', 'db', 'READ'), patternType: 'PREFIXED' }), /patternType 'PREFIXED'/);
  t.throws(() => index.add('fluss', acl('CLUSTER', 'other', 'READ')), /fluss-cluster/);
  t.throws(() => index.add('fluss', acl('TOPIC', 'x', 'READ')), /resourceType 'TOPIC'/);
});

t.test('candidate resources and the database part of a table name', async (t) => {
  t.same(flussCandidateResources('TABLE', 'db.t'), [
    ['TABLE', '*'],
    ['TABLE', 'db.t'],
    ['DATABASE', 'db'],
    ['CLUSTER', 'fluss-cluster'],
  ]);
  t.same(flussCandidateResources('DATABASE', 'db'), [
    ['DATABASE', '*'],
    ['DATABASE', 'db'],
    ['CLUSTER', 'fluss-cluster'],
  ]);
  t.same(flussCandidateResources('CLUSTER', 'fluss-cluster'), [
    ['CLUSTER', '*'],
    ['CLUSTER', 'fluss-cluster'],
  ]);
  t.equal(flussDatabaseOf('db.t'), 'db');
  t.equal(flussDatabaseOf('db.t.x'), 'db');
  t.equal(flussDatabaseOf('.t'), '');
  t.equal(flussDatabaseOf('nodot'), 'nodot');
  t.throws(() => flussDatabaseOf('...'));
});

t.test('ACL admin APIs check ALL on the resource, or on the database of a table', async (t) => {
  t.same(flussAclAdminResource('TABLE', 'db.t'), ['DATABASE', 'db']);
  t.same(flussAclAdminResource('DATABASE', 'db'), ['DATABASE', 'db']);
  t.same(flussAclAdminResource('CLUSTER', 'fluss-cluster'), ['CLUSTER', 'fluss-cluster']);
});
