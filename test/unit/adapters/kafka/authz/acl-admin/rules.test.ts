// The ACL admin apis answered by the gateway: CreateAcls / DescribeAcls / DeleteAcls at v1
// (classic, hand-built) and v2+ (flexible), ALTER / DESCRIBE on the cluster, per-item
// INVALID_REQUEST with the broker's messages, connection closed for requests a broker cannot
// parse, and the store changed only by valid entries.
import t from 'tap';
import { KafkaWriter } from '../../../../../../src/protocol/kafka/writer.js';
import { readResponse } from '../../../../../../src/protocol/kafka/schema/frames.js';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, Harness, localAnswer } from '../harness.js';

// wire codes: resource TOPIC 2, GROUP 3, CLUSTER 4; pattern ANY 1, MATCH 2, LITERAL 3, PREFIXED 4;
// operation ANY 1, ALL 2, READ 3, WRITE 4; permission ANY 1, DENY 2, ALLOW 3
const creation = (o: Partial<Record<string, string | number>> = {}) => ({
  ResourceType: 2,
  ResourceName: 'orders',
  ResourcePatternType: 3,
  Principal: 'User:alice',
  Host: '*',
  Operation: 3,
  PermissionType: 3,
  ...o,
});
const filter = (o: Partial<Record<string, string | number | null>> = {}) => ({
  ResourceTypeFilter: 1,
  ResourceNameFilter: null,
  PatternTypeFilter: 1,
  PrincipalFilter: null,
  HostFilter: null,
  Operation: 1,
  PermissionType: 1,
  ...o,
});

t.test('CreateAcls v1 by hand: entries stored, answer per creation', async (t) => {
  const h = new Harness([], 'User:admin');
  const frame = new KafkaWriter()
    .int16(30)
    .int16(1)
    .int32(4)
    .nullableString('c')
    .int32(2)
    .int8(2)
    .string('orders')
    .int8(3)
    .string('User:alice')
    .string('*')
    .int8(3)
    .int8(3)
    .int8(2)
    .string('mkt.')
    .int8(4)
    .string('User:bob')
    .string('*')
    .int8(2)
    .int8(3)
    .frame();
  const sent = await h.sendFrame(frame);
  t.same(localAnswer(sent), {
    ThrottleTimeMs: 0,
    Results: [
      { ErrorCode: 0, ErrorMessage: null },
      { ErrorCode: 0, ErrorMessage: null },
    ],
  });
  t.same(
    h.acls
      .current()
      .entries('kafka')
      .map((e) => `${e.principal} ${e.operation} ${e.resourceType}:${e.resourceName} ${e.patternType}`),
    ['User:alice READ TOPIC:orders LITERAL', 'User:bob ALL TOPIC:mkt. PREFIXED'],
  );
});

t.test('CreateAcls per-item INVALID_REQUEST in the broker order, valid ones still stored', async (t) => {
  const h = new Harness([], 'User:admin');
  const out = localAnswer(
    await h.send(30, 2, {
      Creations: [
        creation({ ResourceType: 4, ResourceName: 'other' }),
        creation({ ResourceName: '' }),
        creation({ ResourceType: 1 }),
        creation({ ResourcePatternType: 2 }),
        creation({ Operation: 1 }),
        creation({ PermissionType: 1 }),
        creation({ Principal: 'alice' }),
        creation(),
      ],
    }),
  );
  t.same(
    (out.Results as Msg[]).map((r) => [r.ErrorCode, r.ErrorMessage]),
    [
      [42, 'The only valid name for the CLUSTER resource is kafka-cluster'],
      [42, 'Invalid empty resource name'],
      [42, 'Invalid resourceType ANY'],
      [42, 'Invalid patternType MATCH'],
      [42, 'Invalid operation ANY'],
      [42, 'Invalid permissionType ANY'],
      [42, 'expected a string in format principalType:principalName but got alice'],
      [0, null],
    ],
  );
  t.equal(h.acls.current().size('kafka'), 1, 'only the valid entry was stored');
});

t.test('requests a broker cannot parse close the connection', async (t) => {
  const h = new Harness([], 'User:admin');
  const unknown = await h.send(30, 2, { Creations: [creation({ Operation: 0 })] });
  t.equal(unknown.verdict?.kind, 'close');
  t.equal((await h.send(30, 0, { Creations: [creation()] })).verdict?.kind, 'respond', 'a v0 creation is LITERAL');
  t.equal((await h.send(30, 1, { Creations: [creation({ ResourcePatternType: 0 })] })).verdict?.kind, 'close', 'UNKNOWN pattern type');
  t.equal((await h.send(29, 1, filter({ ResourceTypeFilter: 0 }))).verdict?.kind, 'close');
  t.equal((await h.send(31, 1, { Filters: [filter({ PatternTypeFilter: 0 })] })).verdict?.kind, 'close');
  t.equal(h.acls.current().size('kafka'), 1, 'only the well-formed v0 creation was stored');
});

t.test('ALTER / DESCRIBE on the cluster', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'CLUSTER', 'kafka-cluster')]);
  const c = localAnswer(await h.send(30, 3, { Creations: [creation(), creation()] }));
  t.same(
    (c.Results as Msg[]).map((r) => [r.ErrorCode, r.ErrorMessage]),
    [
      [31, 'Cluster authorization failed.'],
      [31, 'Cluster authorization failed.'],
    ],
  );
  const d = localAnswer(await h.send(31, 3, { Filters: [filter()] }));
  t.same(d.FilterResults, [{ ErrorCode: 31, ErrorMessage: 'Cluster authorization failed.', MatchingAcls: [] }]);
  t.equal(localAnswer(await h.send(29, 3, filter())).ErrorCode, 0, 'DESCRIBE is enough to list');
  t.same(localAnswer(await new Harness([]).send(29, 1, filter())), { ThrottleTimeMs: 0, ErrorCode: 31, ErrorMessage: 'Cluster authorization failed.', Resources: [] });
  t.same(h.asked(), ['ALTER CLUSTER:kafka-cluster deny', 'ALTER CLUSTER:kafka-cluster deny', 'DESCRIBE CLUSTER:kafka-cluster allow']);
});

t.test('DescribeAcls filters (MATCH, PREFIXED, principal) grouped by resource pattern', async (t) => {
  const entries = [
    allow('User:a', 'READ', 'TOPIC', 'orders'),
    allow('User:b', 'WRITE', 'TOPIC', 'orders'),
    allow('User:a', 'READ', 'TOPIC', 'ord', 'PREFIXED'),
    allow('User:a', 'READ', 'TOPIC', '*'),
    allow('User:a', 'READ', 'GROUP', 'g'),
  ];
  const h = new Harness(entries, 'User:admin');
  const match = localAnswer(await h.send(29, 2, filter({ ResourceTypeFilter: 2, ResourceNameFilter: 'orders', PatternTypeFilter: 2 })));
  t.same(
    (match.Resources as Msg[]).map((r) => [r.ResourceName, r.PatternType, (r.Acls as Msg[]).length]),
    [
      ['orders', 3, 2],
      ['ord', 4, 1],
      ['*', 3, 1],
    ],
  );
  const acl = ((match.Resources as Msg[])[0].Acls as Msg[])[0];
  t.same(acl, { Principal: 'User:a', Host: '*', Operation: 3, PermissionType: 3 });
  const byPrincipal = localAnswer(await h.send(29, 3, filter({ PrincipalFilter: 'User:b' })));
  t.same(
    (byPrincipal.Resources as Msg[]).map((r) => r.ResourceName),
    ['orders'],
  );
  const v0 = localAnswer(await h.send(29, 0, filter({ ResourceTypeFilter: 2 })));
  t.same(
    (v0.Resources as Msg[]).map((r) => r.ResourceName),
    ['orders', '*'],
    'v0: ANY pattern reads as LITERAL',
  );
  const outOfRange = localAnswer(await h.send(29, 2, filter({ Operation: 77 })));
  t.same([outOfRange.ErrorCode, outOfRange.Resources], [0, []], 'an operation code outside the enum matches nothing');
});

t.test('DeleteAcls: per-filter matches, an entry listed under every filter that matches it', async (t) => {
  const h = new Harness([allow('User:a', 'READ', 'TOPIC', 'orders'), allow('User:b', 'READ', 'TOPIC', 'orders')], 'User:admin');
  const sent = await h.send(31, 2, {
    Filters: [filter({ PrincipalFilter: 'User:a' }), filter({ ResourceNameFilter: 'orders', ResourceTypeFilter: 2, PatternTypeFilter: 3 }), filter({ Operation: 99 })],
  });
  const out = localAnswer(sent);
  const results = out.FilterResults as Msg[];
  t.same(
    results.map((r) => [r.ErrorCode, (r.MatchingAcls as Msg[]).map((m) => m.Principal)]),
    [
      [0, ['User:a']],
      [0, ['User:a', 'User:b']],
      [42, []],
    ],
  );
  t.equal(results[2].ErrorMessage, 'Unknown entryFilter.');
  t.same((results[0].MatchingAcls as Msg[])[0], {
    ErrorCode: 0,
    ErrorMessage: null,
    ResourceType: 2,
    ResourceName: 'orders',
    PatternType: 3,
    Principal: 'User:a',
    Host: '*',
    Operation: 3,
    PermissionType: 3,
  });
  t.equal(h.acls.current().size('kafka'), 0);
  if (sent.verdict?.kind === 'respond' && sent.verdict.frame) t.same(readResponse(sent.verdict.frame, 31, 2).body, out, 'flexible v2 answer decodes');
});

t.test('a store that cannot persist answers UNKNOWN_SERVER_ERROR and keeps the old ACLs', async (t) => {
  const h = new Harness([], 'User:admin');
  h.acls.update = async () => {
    throw new Error('disk full');
  };
  const out = localAnswer(await h.send(30, 1, { Creations: [creation()] }));
  t.same(
    (out.Results as Msg[]).map((r) => r.ErrorCode),
    [-1],
  );
  t.equal(h.acls.current().size('kafka'), 0);
  t.ok(
    h.ctx.lines.some((l) => l.err === 'SW_ERR_INTERNAL' && !JSON.stringify(l).includes('alice')),
    'logged without the entry',
  );
});
