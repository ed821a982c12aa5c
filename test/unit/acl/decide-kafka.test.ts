import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide } from '../../../src/acl/decide.js';
import type { AccessRequest, AclEntry, DecideOptions } from '../../../src/acl/types.js';

function acl(p: Partial<AclEntry>): AclEntry {
  return { principal: 'User:alice', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW', ...p };
}

function check(entries: AclEntry[], req: Partial<AccessRequest> = {}, opts: DecideOptions = {}) {
  const index = new AclIndex();
  for (const e of entries) index.add('kafka', e);
  return decide(
    index,
    {
      protocol: 'kafka',
      principal: 'User:alice',
      host: '10.0.0.1',
      resourceType: 'TOPIC',
      resourceName: 'orders',
      operation: 'READ',
      ...req,
    },
    opts,
  );
}

t.test('no ACL on any candidate -> allowIfNoAcl; ACLs for others -> deny', async (t) => {
  t.same(check([]), { allowed: false, reason: 'no-acl-default' });
  t.same(check([], {}, { allowIfNoAcl: true }), { allowed: true, reason: 'no-acl-default' });
  const other = acl({ principal: 'User:bob' });
  t.same(check([other], {}, { allowIfNoAcl: true }), { allowed: false, reason: 'default-deny' }, 'an ACL for bob makes the resource ACL-ed');
  t.same(check([acl({ resourceName: 'ord' })], {}, { allowIfNoAcl: true }), { allowed: true, reason: 'no-acl-default' }, 'a LITERAL entry on a prefix of the name is not a candidate');
  t.same(check([acl({ resourceType: 'GROUP' })], {}, { allowIfNoAcl: true }).reason, 'no-acl-default', 'other resource types do not count');
});

t.test('candidates: LITERAL same name, PREFIXED prefix, LITERAL *', async (t) => {
  const prefixed = acl({ resourceName: 'ord', patternType: 'PREFIXED' });
  t.same(check([prefixed]), { allowed: true, reason: 'acl', entry: prefixed });
  t.equal(check([acl({ resourceName: 'orders', patternType: 'PREFIXED' })]).allowed, true, 'a prefix equal to the name');
  t.equal(check([acl({ resourceName: 'orders-x', patternType: 'PREFIXED' })]).reason, 'no-acl-default', 'longer prefix is not a candidate');
  t.equal(check([acl({ resourceName: '*' })]).allowed, true, 'LITERAL * covers every name');
  t.equal(check([acl({ resourceName: '*', patternType: 'PREFIXED' })]).reason, 'no-acl-default', 'PREFIXED * is only a prefix');
  t.equal(check([acl({ resourceName: '*', patternType: 'PREFIXED' })], { resourceName: '*x' }).allowed, true);
});

t.test('principal: exact (case-sensitive) or User:*', async (t) => {
  t.equal(check([acl({ principal: 'User:*' })], { principal: 'User:bob' }).allowed, true);
  t.equal(check([acl({ principal: '*:*' })], { principal: 'User:bob' }).allowed, false, '*:* is not a Kafka wildcard');
  t.equal(check([acl({ principal: 'User:Alice' })]).allowed, false);
  t.equal(check([acl({ principal: 'Group:x' })], { principal: 'User:x' }).allowed, false, 'type counts');
});

t.test('host: * or the exact client IP', async (t) => {
  t.equal(check([acl({ host: '10.0.0.1' })]).allowed, true);
  t.same(check([acl({ host: '10.0.0.2' })]), { allowed: false, reason: 'default-deny' });
});

t.test('operations and implications', async (t) => {
  for (const op of ['READ', 'WRITE', 'DELETE', 'ALTER', 'DESCRIBE']) {
    t.equal(check([acl({ operation: op })], { operation: 'DESCRIBE' }).allowed, true, `ALLOW ${op} implies DESCRIBE`);
  }
  t.equal(check([acl({ operation: 'CREATE' })], { operation: 'DESCRIBE' }).allowed, false, 'CREATE does not imply DESCRIBE');
  t.equal(check([acl({ operation: 'ALTER_CONFIGS' })], { operation: 'DESCRIBE_CONFIGS' }).allowed, true);
  t.equal(check([acl({ operation: 'ALTER' })], { operation: 'DESCRIBE_CONFIGS' }).allowed, false);
  t.equal(check([acl({ operation: 'DESCRIBE' })], { operation: 'READ' }).allowed, false, 'no reverse implication');
  t.equal(
    check([acl({ operation: 'ALL' })], { operation: 'IDEMPOTENT_WRITE', resourceType: 'CLUSTER', resourceName: 'kafka-cluster' }).reason,
    'no-acl-default',
    'the TOPIC ALL entry is not on the cluster',
  );
  t.equal(
    check([acl({ operation: 'ALL', resourceType: 'CLUSTER', resourceName: 'kafka-cluster' })], { operation: 'IDEMPOTENT_WRITE', resourceType: 'CLUSTER', resourceName: 'kafka-cluster' }).allowed,
    true,
    'ALL grants anything',
  );
});

t.test('DENY wins; DENY needs the exact operation or ALL', async (t) => {
  const deny = acl({ permission: 'DENY', resourceName: 'o', patternType: 'PREFIXED' });
  t.same(check([acl({}), deny]), { allowed: false, reason: 'deny-acl', entry: deny }, 'a prefix DENY beats a literal ALLOW');
  const denyAll = acl({ principal: 'User:*', permission: 'DENY', operation: 'ALL', resourceName: '*' });
  t.same(check([acl({}), denyAll], { operation: 'DESCRIBE' }).reason, 'deny-acl', 'DENY ALL denies DESCRIBE');
  const denyRead = acl({ permission: 'DENY' });
  t.same(check([acl({}), denyRead], { operation: 'DESCRIBE' }).allowed, true, 'DENY READ does not deny the DESCRIBE READ implies');
  t.same(check([acl({ permission: 'DENY', host: '10.0.0.1' }), acl({})], { host: '10.0.0.9' }).reason, 'acl', 'host also limits DENY');
  t.same(check([denyAll], {}, { superUsers: ['User:alice'] }), { allowed: true, reason: 'super-user' }, 'DENY does not apply to super users');
  t.equal(check([], {}, { superUsers: ['user:alice'] }).allowed, false, 'super users are compared exactly');
});

t.test('CLUSTER ACLs must name kafka-cluster', async (t) => {
  const index = new AclIndex();
  t.throws(() => index.add('kafka', acl({ resourceType: 'CLUSTER', resourceName: 'c' })), /kafka-cluster/);
  t.throws(() => index.add('kafka', acl({ operation: 'ANY' })), /operation 'ANY'/);
  t.throws(() => index.add('kafka', acl({ resourceName: '' })), /resourceName/);
  t.throws(() => index.add('kafka', acl({ principal: 'alice' })), /Type:Name/);
});
