import t from 'tap';
import { flinkAclSet, flussAclSet, kafkaAclSet } from '../../../bench/acl/acl-entries.js';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide } from '../../../src/acl/decide.js';
import { validateEntry } from '../../../src/acl/entry.js';

t.test('Kafka set: exact count, all valid, no duplicates, mixed patterns, many principals', async (t) => {
  const set = kafkaAclSet(10_000, 'User:bench', 'bench');
  t.equal(set.length, 10_000);
  t.equal(set.filter((e) => validateEntry('kafka', e) !== null).length, 0, 'every entry valid');
  t.equal(AclIndex.from(set).size('kafka'), 10_000, 'the index keeps every entry (none folded as a duplicate)');
  const prefixed = set.filter((e) => e.patternType === 'PREFIXED').length;
  t.ok(prefixed > 3000 && prefixed < 7000, `about half PREFIXED (${prefixed})`);
  t.ok(new Set(set.map((e) => e.principal)).size >= 1000, 'at least 1000 principals');
  t.ok(
    set.some((e) => e.permission === 'DENY'),
    'some DENY entries',
  );
  t.ok(set.filter((e) => e.principal !== 'User:bench' && (e.resourceName === 'bench' || 'bench'.startsWith(e.resourceName))).length > 10, 'other principals have entries on the topic under load');
  const mine = set.filter((e) => e.principal === 'User:bench');
  t.equal(mine.length, 1, 'one entry for the load principal');
  t.not(set.indexOf(mine[0]), 0);
  t.not(set.indexOf(mine[0]), set.length - 1);
  t.same(kafkaAclSet(10_000, 'User:bench', 'bench'), set, 'deterministic');
});

t.test('Kafka set: the engine allows the load principal to produce and denies others', async (t) => {
  const index = AclIndex.from(kafkaAclSet(10_000, 'User:bench', 'bench'));
  const ask = (principal: string, operation: string) =>
    decide(index, { protocol: 'kafka', principal, host: '127.0.0.1', resourceType: 'TOPIC', resourceName: 'bench', operation }, { allowIfNoAcl: false });
  t.equal(ask('User:bench', 'WRITE').allowed, true);
  t.equal(ask('User:bench', 'DESCRIBE').allowed, true, 'WRITE implies DESCRIBE (Metadata)');
  t.equal(ask('User:bench', 'READ').allowed, false);
  t.equal(ask('User:intruder', 'WRITE').allowed, false);
});

t.test('Fluss set: valid, unique, and ALL on the database for the load principal only', async (t) => {
  const set = flussAclSet(5000, 'User:bench', 'bench', 'events');
  t.equal(set.length, 5000);
  t.equal(set.filter((e) => validateEntry('fluss', e) !== null).length, 0);
  const index = AclIndex.from(set);
  t.equal(index.size('fluss'), 5000);
  const ask = (principal: string, operation: string) => decide(index, { protocol: 'fluss', principal, host: '127.0.0.1', resourceType: 'TABLE', resourceName: 'bench.events', operation });
  t.equal(ask('User:bench', 'WRITE').allowed, true);
  t.equal(ask('User:bench', 'READ').allowed, true);
  t.equal(ask('User:svc-0001', 'WRITE').allowed, false);
});

t.test('Flink set: DESCRIBE on the cluster', async (t) => {
  const index = AclIndex.from(flinkAclSet('User:bench'));
  const ask = (operation: string) => decide(index, { protocol: 'flink', principal: 'User:bench', host: '127.0.0.1', resourceType: 'CLUSTER', resourceName: 'flink-cluster', operation });
  t.equal(ask('DESCRIBE').allowed, true);
  t.equal(ask('ALTER').allowed, false);
});

t.test('Flink set of 10,000: distinct entries, only the load entry lets User:bench in', async (t) => {
  const set = flinkAclSet('User:bench', 10_000);
  t.equal(set.length, 10_000);
  const index = AclIndex.from(set);
  t.equal(index.size('flink'), 10_000, 'no two entries alike');
  const ask = (principal: string, operation: string, resourceType = 'CLUSTER', resourceName = 'flink-cluster') =>
    decide(index, { protocol: 'flink', principal, host: '127.0.0.1', resourceType, resourceName, operation });
  t.equal(ask('User:bench', 'DESCRIBE').allowed, true);
  t.equal(ask('User:bench', 'ALTER').allowed, false);
  t.equal(ask('User:bench', 'READ', 'JOB', '0'.repeat(32)).allowed, false);
  t.equal(set.filter((e) => e.principal === 'User:bench').length, 1);
});
