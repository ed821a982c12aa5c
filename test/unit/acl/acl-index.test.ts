import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { anyFilter } from '../../../src/acl/filters.js';
import type { AclEntry } from '../../../src/acl/types.js';

const topic = (name: string, p: Partial<AclEntry> = {}): AclEntry => ({
  principal: 'User:a',
  host: '*',
  resourceType: 'TOPIC',
  resourceName: name,
  patternType: 'LITERAL',
  operation: 'READ',
  permission: 'ALLOW',
  ...p,
});

t.test('add de-duplicates, keeps frozen copies, lists in insertion order', async (t) => {
  const index = new AclIndex();
  const e = topic('x');
  t.equal(index.add('kafka', e), true);
  t.equal(index.add('kafka', { ...e }), false, 'identical entry is a no-op');
  t.equal(index.add('kafka', topic('y')), true);
  t.equal(index.add('fluss', { ...topic('db.t'), resourceType: 'TABLE' }), true);
  t.equal(index.size('kafka'), 2);
  t.equal(index.size(), 3);
  e.resourceName = 'mutated';
  t.same(
    index.entries('kafka').map((x) => x.resourceName),
    ['x', 'y'],
    'the caller mutating its object changes nothing',
  );
  t.ok(Object.isFrozen(index.entries('kafka')[0]));
  t.same(
    index.tagged().map((x) => x.protocol),
    ['fluss', 'kafka', 'kafka'],
  );
  t.equal(index.has('kafka', topic('x')), true);
  t.equal(index.has('fluss', topic('x')), false, 'protocols are separate');
});

t.test('flink entries: held beside the others, tagged last, validated, cloned', async (t) => {
  const job = { ...topic('a5e0edd8e66b53f1b89c2041f91b8fd2'), resourceType: 'JOB' };
  const index = AclIndex.from([
    { protocol: 'flink', ...job },
    { protocol: 'kafka', ...topic('x') },
    { protocol: 'fluss', ...topic('db.t'), resourceType: 'TABLE' },
  ]);
  t.same(
    index.tagged().map((x) => x.protocol),
    ['fluss', 'kafka', 'flink'],
  );
  t.same([index.size('flink'), index.size()], [1, 3]);
  t.same(index.literal('flink', 'JOB', job.resourceName), [job]);
  t.equal(index.clone().has('flink', job), true);
  t.equal(index.remove('flink', job), true);
  t.equal(index.countOfType('flink', 'JOB'), 0);
  t.throws(
    () =>
      AclIndex.from([
        { protocol: 'kafka', ...topic('x') },
        { protocol: 'flink', ...job, resourceName: 'JOB-1' },
      ]),
    { code: 'SW_ERR_CONFIG_INVALID', message: /ACL entry 1: JOB 'JOB-1' is not a Flink job id/ },
  );
  t.throws(() => new AclIndex().add('flink', topic('x')), /invalid flink ACL entry: resourceType 'TOPIC'/);
});

t.test('extra fields are not stored', async (t) => {
  const index = new AclIndex();
  index.add('kafka', { ...topic('x'), note: 'hi' } as AclEntry);
  t.same(Object.keys(index.entries('kafka')[0]).sort(), ['host', 'operation', 'patternType', 'permission', 'principal', 'resourceName', 'resourceType']);
});

t.test('lookups by literal name and by prefix', async (t) => {
  const index = new AclIndex();
  index.add('kafka', topic('orders'));
  index.add('kafka', topic('ord', { patternType: 'PREFIXED' }));
  index.add('kafka', topic('orders', { patternType: 'PREFIXED' }));
  index.add('kafka', topic('x', { patternType: 'PREFIXED' }));
  t.same(
    index.literal('kafka', 'TOPIC', 'orders').map((e) => e.patternType),
    ['LITERAL'],
  );
  const seen: string[] = [];
  index.visitPrefixed('kafka', 'TOPIC', 'orders-eu', (list) => seen.push(...list.map((e) => e.resourceName)));
  t.same(seen.sort(), ['ord', 'orders']);
  t.same(index.literal('kafka', 'GROUP', 'orders'), []);
  t.equal(index.countOfType('kafka', 'TOPIC'), 4);
  t.equal([...index.ofType('kafka', 'TOPIC')].length, 4);
});

t.test('remove and removeMatching', async (t) => {
  const index = new AclIndex();
  index.add('kafka', topic('a'));
  index.add('kafka', topic('a', { patternType: 'PREFIXED' }));
  index.add('kafka', topic('b', { operation: 'WRITE' }));
  t.equal(index.remove('kafka', topic('a', { patternType: 'PREFIXED' })), true);
  t.equal(index.remove('kafka', topic('a', { patternType: 'PREFIXED' })), false);
  let n = 0;
  index.visitPrefixed('kafka', 'TOPIC', 'abc', () => n++);
  t.equal(n, 0, 'the prefix entry is gone from the trie too');
  const removed = index.removeMatching({ ...anyFilter('kafka'), operation: 'WRITE' });
  t.same(
    removed.map((e) => e.resourceName),
    ['b'],
  );
  t.same(
    index.entries('kafka').map((e) => e.resourceName),
    ['a'],
  );
  t.equal(index.countOfType('kafka', 'TOPIC'), 1);
  t.same(index.match(anyFilter('fluss')), []);
});

t.test('from() validates and names the bad entry; clone is independent', async (t) => {
  t.throws(
    () =>
      AclIndex.from([
        { protocol: 'kafka', ...topic('a') },
        { protocol: 'fluss', ...topic('a') },
      ]),
    /ACL entry 1: resourceType 'TOPIC'/,
  );
  const index = AclIndex.from([{ protocol: 'kafka', ...topic('a') }]);
  const copy = index.clone();
  copy.add('kafka', topic('b'));
  t.equal(index.size(), 1);
  t.equal(copy.size(), 2);
});

t.test('removeMatchingAll: per-filter results, Kafka repeats, Fluss first filter only', async (t) => {
  const kafka = new AclIndex();
  kafka.add('kafka', topic('a'));
  kafka.add('kafka', topic('b'));
  const k = kafka.removeMatchingAll([{ ...anyFilter('kafka'), resourceName: 'a' }, anyFilter('kafka'), { ...anyFilter('kafka'), host: 'nowhere' }]);
  t.same(
    k.map((list) => list.map((e) => e.resourceName)),
    [['a'], ['a', 'b'], []],
  );
  t.equal(kafka.size(), 0);
  const fluss = new AclIndex();
  fluss.add('fluss', { ...topic('db.t'), resourceType: 'TABLE' });
  fluss.add('fluss', { ...topic('db'), resourceType: 'DATABASE' });
  const f = fluss.removeMatchingAll([{ ...anyFilter('fluss'), resourceType: 'TABLE' }, anyFilter('fluss')]);
  t.same(
    f.map((list) => list.map((e) => e.resourceName)),
    [['db.t'], ['db']],
  );
  t.equal(fluss.size(), 0);
});
