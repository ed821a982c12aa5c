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

t.test("validateEntry for flink (the HTTP listener's CLUSTER and JOB)", async (t) => {
  const job = { ...e, resourceType: 'JOB', resourceName: 'a5e0edd8e66b53f1b89c2041f91b8fd2' };
  t.equal(validateEntry('flink', job), null);
  t.equal(validateEntry('flink', { ...job, resourceName: '*' }), null, 'JOB *');
  t.equal(validateEntry('flink', { ...e, resourceType: 'CLUSTER', resourceName: 'flink-cluster' }), null);
  t.equal(validateEntry('flink', { ...e, resourceType: 'CLUSTER', resourceName: '*' }), null, 'CLUSTER *');
  t.equal(validateEntry('flink', { ...job, principal: '*:*', host: '10.0.0.1' }), null);
  t.match(validateEntry('flink', { ...e, resourceType: 'CLUSTER', resourceName: 'fluss-cluster' }), /flink CLUSTER resource are flink-cluster and \*/);
  t.match(validateEntry('flink', { ...job, resourceName: 'A5E0EDD8E66B53F1B89C2041F91B8FD2' }), /not a Flink job id \(32 lower-case hex digits\)/);
  t.match(validateEntry('flink', { ...job, resourceName: 'a5e0edd8' }), /JOB 'a5e0edd8' is not a Flink job id/);
  t.match(validateEntry('flink', { ...job, resourceType: 'TABLE' }), /resourceType 'TABLE' is not one of CLUSTER, JOB \(flink\)/);
  t.match(validateEntry('flink', { ...job, operation: 'DELETE' }), /operation 'DELETE' is not one of ALL, READ, WRITE, CREATE, DROP, ALTER, DESCRIBE \(flink\)/);
  t.match(validateEntry('flink', { ...job, permission: 'DENY' }), /permission 'DENY' is not one of ALLOW \(flink\)/);
  t.match(validateEntry('flink', { ...job, patternType: 'PREFIXED' }), /patternType 'PREFIXED' is not one of LITERAL \(flink\)/);
  t.match(validateEntry('flink', { ...job, host: 'jobmanager.local' }), /host 'jobmanager.local' is not \* or an IP address/);
  t.match(validateEntry('flink', { ...job, host: '::1' }), /write it as 0:0:0:0:0:0:0:1/);
  t.match(validateEntry('flink', { ...job, host: '::ffff:10.0.0.1' }), /write it as 10\.0\.0\.1/);
  t.equal(validateEntry('kafka', { ...e, host: 'jobmanager.local' }), null, 'kafka and fluss keep accepting any host string');
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
