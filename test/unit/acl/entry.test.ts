import t from 'tap';
import { entryKey, javaEqualsIgnoreCase, joinPrincipal, sameEntry, splitPrincipal, validateEntry } from '../../../src/acl/entry.js';
import type { AclEntry } from '../../../src/acl/types.js';

const e: AclEntry = { principal: 'User:a', host: '*', resourceType: 'TOPIC', resourceName: 'x', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW' };

t.test('validateEntry', async (t) => {
  t.equal(validateEntry('kafka', e), null);
  t.equal(validateEntry('kafka', { ...e, resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'PREFIXED' }), null);
  t.match(validateEntry('kafka', { ...e, host: '' }), /host/);
  t.match(validateEntry('kafka', { ...e, permission: 'ANY' as 'ALLOW' }), /permission 'ANY'/);
  t.match(validateEntry('kafka', { ...e, operation: 5 as unknown as string }), /operation must be a string/);
  t.match(validateEntry('kafka', { ...e, principal: ':a' }), /Type:Name/);
  t.equal(validateEntry('kafka', { ...e, principal: 'User:' }), null, 'an empty name parses in Kafka too');
  t.equal(validateEntry('fluss', { ...e, resourceType: 'CLUSTER', resourceName: '*' }), null, 'Fluss same-type wildcard on CLUSTER');
  t.match(validateEntry('kafka', { ...e, resourceType: 'CLUSTER', resourceName: '*' }), /kafka-cluster/);
  t.match(validateEntry('fluss', { ...e, resourceType: 'TABLE', operation: 'DELETE' }), /operation 'DELETE'/, 'Fluss says DROP');
});

t.test('keys and principals', async (t) => {
  t.equal(sameEntry(e, { ...e }), true);
  t.not(entryKey(e), entryKey({ ...e, host: '1.1.1.1' }));
  t.not(entryKey({ ...e, resourceName: 'a","b' }), entryKey({ ...e, resourceName: 'a', principal: 'b' }), 'no field can bleed into another');
  t.same(splitPrincipal('User:CN=a:b'), { type: 'User', name: 'CN=a:b' });
  t.equal(splitPrincipal('nouser'), null);
  t.equal(joinPrincipal('User', 'a:b'), 'User:a:b');
  t.throws(() => joinPrincipal('U:x', 'a'));
  t.throws(() => joinPrincipal('', 'a'));
});

t.test('Java equalsIgnoreCase', async (t) => {
  t.equal(javaEqualsIgnoreCase('User:Alice', 'user:ALICE'), true);
  t.equal(javaEqualsIgnoreCase('a', 'ab'), false);
  t.equal(javaEqualsIgnoreCase('straße', 'STRASSE'), false, 'no multi-character mappings');
  t.equal(javaEqualsIgnoreCase('ǅ', 'ǆ'), true, 'title case folds per character');
});
