import t from 'tap';
import { anyFilter, matchesFilter, type FlinkAclFilter, type FlussAclFilter, type KafkaAclFilter } from '../../../src/acl/filters.js';
import { AclIndex } from '../../../src/acl/acl-index.js';
import type { AclEntry } from '../../../src/acl/types.js';

const entry = (p: Partial<AclEntry>): AclEntry => ({
  principal: 'User:a',
  host: '*',
  resourceType: 'TOPIC',
  resourceName: 'orders',
  patternType: 'LITERAL',
  operation: 'READ',
  permission: 'ALLOW',
  ...p,
});

t.test('Fluss filter: type ANY ignores the name; principal, host exact; ANY operation/permission', async (t) => {
  const table = entry({ resourceType: 'TABLE', resourceName: 'db.t' });
  const f = (p: Partial<FlussAclFilter>): boolean => matchesFilter({ ...anyFilter('fluss'), ...p }, table);
  t.equal(f({}), true, 'ANY matches');
  t.equal(f({ resourceType: 'ANY', resourceName: 'other' }), true, 'name ignored under type ANY');
  t.equal(f({ resourceType: 'TABLE', resourceName: 'db.t' }), true);
  t.equal(f({ resourceType: 'TABLE', resourceName: null }), true);
  t.equal(f({ resourceType: 'TABLE', resourceName: 'db' }), false);
  t.equal(f({ resourceType: 'DATABASE', resourceName: null }), false);
  t.equal(f({ principal: 'User:a' }), true);
  t.equal(f({ principal: '*:*' }), false, 'no wildcard expansion in filters');
  t.equal(f({ host: '*' }), true);
  t.equal(f({ host: '10.0.0.1' }), false);
  t.equal(f({ operation: 'READ', permission: 'ALLOW' }), true);
  t.equal(f({ operation: 'ALL' }), false, 'ALL in a filter is an exact value');
});

t.test('Kafka filter pattern types', async (t) => {
  const lit = entry({});
  const wild = entry({ resourceName: '*' });
  const pre = entry({ resourceName: 'ord', patternType: 'PREFIXED' });
  const f = (p: Partial<KafkaAclFilter>, e: AclEntry): boolean => matchesFilter({ ...anyFilter('kafka'), ...p }, e);
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: 'orders', patternType: 'MATCH' }, e)),
    [true, true, true],
    'MATCH: what applies to orders',
  );
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: 'ord', patternType: 'MATCH' }, e)),
    [false, true, true],
  );
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: 'orders', patternType: 'ANY' }, e)),
    [true, false, false],
    'ANY: exact name, any pattern',
  );
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: 'ord', patternType: 'ANY' }, e)),
    [false, false, true],
  );
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: 'ord', patternType: 'LITERAL' }, e)),
    [false, false, false],
  );
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: 'ord', patternType: 'PREFIXED' }, e)),
    [false, false, true],
  );
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: null, patternType: 'LITERAL' }, e)),
    [true, true, false],
    'null name: any name',
  );
  t.same(
    [lit, wild, pre].map((e) => f({ resourceName: null, patternType: 'MATCH' }, e)),
    [true, true, true],
  );
  t.equal(f({ resourceType: 'GROUP' }, lit), false);
  t.equal(f({ permission: 'DENY' }, lit), false);
  t.equal(f({ principal: 'User:a', host: '*', operation: 'READ', permission: 'ALLOW' }, lit), true);
  t.equal(f({ principal: 'User:*' }, lit), false);
});

t.test('Flink filter: the Fluss rules on CLUSTER and JOB; removal lists an entry under its first filter', async (t) => {
  const job = entry({ resourceType: 'JOB', resourceName: 'a5e0edd8e66b53f1b89c2041f91b8fd2' });
  const cluster = entry({ resourceType: 'CLUSTER', resourceName: 'flink-cluster', operation: 'ALTER' });
  const f = (p: Partial<FlinkAclFilter>, e: AclEntry): boolean => matchesFilter({ ...anyFilter('flink'), ...p }, e);
  t.same(anyFilter('flink'), { protocol: 'flink', resourceType: 'ANY', resourceName: null, principal: null, host: null, operation: 'ANY', permission: 'ANY' });
  t.same(
    [job, cluster].map((e) => f({}, e)),
    [true, true],
  );
  t.same(
    [job, cluster].map((e) => f({ resourceType: 'JOB', resourceName: null }, e)),
    [true, false],
  );
  t.same(
    [job, cluster].map((e) => f({ resourceType: 'JOB', resourceName: '*' }, e)),
    [false, false],
    'no wildcard expansion in filters',
  );
  t.same(
    [job, cluster].map((e) => f({ resourceType: 'ANY', resourceName: 'ignored', operation: 'ALTER' }, e)),
    [false, true],
  );
  const index = new AclIndex();
  index.add('flink', job);
  index.add('flink', cluster);
  index.add('fluss', entry({ resourceType: 'CLUSTER', resourceName: 'fluss-cluster' }));
  const removed = index.removeMatchingAll([anyFilter('flink'), { ...anyFilter('flink'), resourceType: 'JOB' }]);
  t.same(
    removed.map((list) => list.length),
    [2, 0],
    'the second filter gets nothing the first took',
  );
  t.same([index.size('flink'), index.size('fluss')], [0, 1], 'a flink filter never touches fluss entries');
});
