import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { authorizeByResourceType } from '../../../src/acl/decide.js';
import type { AclEntry, DecideOptions } from '../../../src/acl/types.js';

function acl(p: Partial<AclEntry>): AclEntry {
  return { principal: 'User:alice', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'WRITE', permission: 'ALLOW', ...p };
}

function anyTopicWrite(entries: AclEntry[], opts: DecideOptions = {}, principal = 'User:alice', operation = 'WRITE') {
  const index = new AclIndex();
  for (const e of entries) index.add('kafka', e);
  return authorizeByResourceType(index, { principal, host: '10.0.0.1', resourceType: 'TOPIC', operation }, opts);
}

t.test('defaults', async (t) => {
  t.same(anyTopicWrite([]), { allowed: false, reason: 'no-acl-default' });
  t.same(anyTopicWrite([], { allowIfNoAcl: true }), { allowed: true, reason: 'no-acl-default' }, 'the hardcode probe applies allowIfNoAcl');
  t.same(anyTopicWrite([], { superUsers: ['User:alice'] }), { allowed: true, reason: 'super-user' });
});

t.test('one allowed topic is enough', async (t) => {
  const lit = acl({});
  t.same(anyTopicWrite([lit]), { allowed: true, reason: 'acl', entry: lit });
  t.same(anyTopicWrite([acl({ principal: 'User:*' })]).allowed, true, 'User:* counts');
  t.same(anyTopicWrite([acl({ principal: 'User:bob' })]).reason, 'default-deny', 'another principal does not');
  t.same(anyTopicWrite([acl({ host: '10.0.0.2' })]).allowed, false, 'nor another host');
  t.same(anyTopicWrite([acl({ operation: 'READ' })]).allowed, false, 'nor another operation');
  t.same(anyTopicWrite([acl({ operation: 'ALL' })]).allowed, true, 'ALL counts');
  t.same(anyTopicWrite([acl({ operation: 'WRITE' })], {}, 'User:alice', 'DESCRIBE').allowed, false, 'no implied operations here');
  t.same(anyTopicWrite([acl({ resourceType: 'GROUP' })]).allowed, false, 'other resource types do not count');
});

t.test('denies that dominate', async (t) => {
  t.same(anyTopicWrite([acl({}), acl({ permission: 'DENY' })]).allowed, false, 'literal allow also denied literal');
  t.same(anyTopicWrite([acl({}), acl({ permission: 'DENY', resourceName: 'ord', patternType: 'PREFIXED' })]).allowed, false, 'literal allow under a deny prefix');
  t.same(
    anyTopicWrite([acl({ resourceName: 'team.', patternType: 'PREFIXED' }), acl({ permission: 'DENY', resourceName: 'team', patternType: 'PREFIXED' })]).allowed,
    false,
    'prefixed allow under a shorter deny prefix',
  );
  t.same(
    anyTopicWrite([acl({ resourceName: 'team.', patternType: 'PREFIXED' }), acl({ permission: 'DENY', resourceName: 'team.x', patternType: 'PREFIXED' })]).allowed,
    true,
    'a longer deny prefix does not dominate',
  );
  t.same(
    anyTopicWrite([acl({ resourceName: 'team.', patternType: 'PREFIXED' }), acl({ permission: 'DENY', resourceName: 'team.' })]).allowed,
    true,
    'a literal deny does not dominate a prefixed allow',
  );
  const wildDeny = acl({ permission: 'DENY', resourceName: '*', principal: 'User:*', operation: 'ALL' });
  t.same(anyTopicWrite([acl({ resourceName: '*' }), wildDeny]), { allowed: false, reason: 'deny-acl', entry: wildDeny }, 'DENY * beats everything');
  t.same(anyTopicWrite([acl({}), acl({ resourceName: 'x' }), acl({ permission: 'DENY' })]).allowed, true, 'another undenied literal allow suffices');
});

t.test('the hardcode probe', async (t) => {
  const prefix = acl({ resourceName: 'hard', patternType: 'PREFIXED' });
  t.same(anyTopicWrite([prefix, acl({ permission: 'DENY', resourceName: 'h', patternType: 'PREFIXED', operation: 'READ' })]), { allowed: true, reason: 'acl', entry: prefix });
});

t.test('bad arguments deny with reason error', async (t) => {
  t.same(anyTopicWrite([acl({})], {}, 'User:alice', 'ANY').reason, 'error');
  const index = new AclIndex();
  t.same(authorizeByResourceType(index, { principal: 'User:a', host: '*', resourceType: 'ANY', operation: 'WRITE' }).reason, 'error');
});
