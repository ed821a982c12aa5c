// DescribeClientQuotas (48) / AlterClientQuotas (49) answered by the gateway from its quota
// store, with the KRaft broker's semantics (ClientQuotasImage.describe, ClientQuotaControlManager
// in apache/kafka): match types, strict, the broker's messages for every refused filter and
// alteration, per-entity atomicity, validateOnly, authorization (DESCRIBE_CONFIGS /
// ALTER_CONFIGS on CLUSTER, Alter enforced on a shadow listener), the store's bound, a failing
// store, and the apis advertised (ownedApis) only with a store.
import t from 'tap';
import { QuotaStore } from '../../../../../../src/quota/store.js';
import { MemoryDocumentStore } from '../../../../../../src/store/file-document.js';
import type { DocumentStore } from '../../../../../../src/store/document.js';
import type { QuotaEntry } from '../../../../../../src/quota/entities.js';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, Harness, localAnswer } from '../harness.js';

const ent = (...pairs: Array<[string, string | null]>) => pairs.map(([EntityType, EntityName]) => ({ EntityType, EntityName }));
const op = (Key: string, Value: number, Remove = false) => ({ Key, Value, Remove });
const comp = (EntityType: string, MatchType: number, Match: string | null = null) => ({ EntityType, MatchType, Match });

async function setup(
  base: QuotaEntry[] = [],
  principal = 'User:admin',
  enforcement: 'enforce' | 'shadow' = 'enforce',
  maxEntries?: number,
  acls = [allow('User:ops', 'ALTER_CONFIGS', 'CLUSTER', 'kafka-cluster')],
) {
  const quotas = await QuotaStore.open(new MemoryDocumentStore(), { base, maxEntries });
  const h = new Harness(acls, principal, enforcement, { quotas });
  return { h, quotas };
}

async function alter(h: Harness, version: number, entries: unknown[], validateOnly = false): Promise<Msg> {
  return localAnswer(await h.send(49, version, { Entries: entries as Msg[], ValidateOnly: validateOnly }));
}

async function describe(h: Harness, version: number, components: unknown[], strict = false): Promise<Msg> {
  return localAnswer(await h.send(48, version, { Components: components as Msg[], Strict: strict }));
}

/** The answer's entries as `code message` lines. */
const results = (m: Msg) => (m.Entries as Msg[]).map((e) => `${e.ErrorCode as number} ${(e.ErrorMessage as string | null) ?? ''}`.trim());
/** Described entries as `client-id=y,user=x: key=value,...` (components in the order answered). */
const described = (m: Msg) =>
  (m.Entries as Msg[]).map(
    (e) =>
      `${(e.Entity as Msg[]).map((x) => `${x.EntityType as string}=${x.EntityName as string | null}`).join(',')}: ${(e.Values as Msg[]).map((v) => `${v.Key as string}=${v.Value as number}`).join(',')}`,
  );

for (const version of [0, 1]) {
  t.test(`v${version}: alter then describe round-trips through the store`, async (t) => {
    const { h, quotas } = await setup();
    const out = await alter(h, version, [
      { Entity: ent(['user', 'alice']), Ops: [op('producer_byte_rate', 1048576), op('request_percentage', 12.5)] },
      { Entity: ent(['user', null]), Ops: [op('consumer_byte_rate', 2048)] },
      { Entity: ent(['user', 'alice'], ['client-id', 'app']), Ops: [op('consumer_byte_rate', 4096)] },
    ]);
    t.same(results(out), ['0', '0', '0']);
    t.same((out.Entries as Msg[])[1].Entity, [{ EntityType: 'user', EntityName: null }], 'the default entity echoed with a null name');
    t.same(
      (out.Entries as Msg[])[2].Entity,
      [
        { EntityType: 'client-id', EntityName: 'app' },
        { EntityType: 'user', EntityName: 'alice' },
      ],
      "components echoed in the broker's (java.util.HashMap) order: client-id before user",
    );
    t.same(quotas.entries(), [
      { user: 'alice', producerByteRate: 1048576, requestPercentage: 12.5 },
      { user: '<default>', consumerByteRate: 2048 },
      { user: 'alice', clientId: 'app', consumerByteRate: 4096 },
    ]);
    t.same(described(await describe(h, version, [])), [
      'user=alice: producer_byte_rate=1048576,request_percentage=12.5',
      'user=null: consumer_byte_rate=2048',
      'client-id=app,user=alice: consumer_byte_rate=4096',
    ]);
  });
}

t.test('describe: exact, default, any, strict, as the broker matches', async (t) => {
  const { h } = await setup([
    { user: 'alice', producerByteRate: 100 },
    { user: '<default>', producerByteRate: 50 },
    { user: 'alice', clientId: 'app', producerByteRate: 10 },
    { clientId: 'app', consumerByteRate: 7 },
  ]);
  t.same(described(await describe(h, 1, [comp('user', 0, 'alice')])), ['user=alice: producer_byte_rate=100', 'client-id=app,user=alice: producer_byte_rate=10'], 'exact, not strict');
  t.same(described(await describe(h, 1, [comp('user', 0, 'alice')], true)), ['user=alice: producer_byte_rate=100'], 'exact, strict');
  t.same(described(await describe(h, 1, [comp('user', 1)])), ['user=null: producer_byte_rate=50'], 'default');
  t.same(described(await describe(h, 1, [comp('client-id', 2)])), ['client-id=app,user=alice: producer_byte_rate=10', 'client-id=app: consumer_byte_rate=7'], 'any client-id');
  t.same(described(await describe(h, 1, [comp('client-id', 2)], true)), ['client-id=app: consumer_byte_rate=7'], 'any client-id, strict');
  t.same(described(await describe(h, 1, [comp('user', 2), comp('client-id', 0, 'app')])), ['client-id=app,user=alice: producer_byte_rate=10'], 'two components');
  t.same(described(await describe(h, 1, [], true)), [], 'strict without components matches nothing');
  t.same(described(await describe(h, 1, [comp('user', 0, '<default>')])), [], 'the name <default> is not the default entity');
  t.same(described(await describe(h, 1, [comp('ip', 2)])), [], 'ip: the gateway holds no ip quotas');
});

t.test('describe: refused filters get the broker error and message, no entries, one log line', async (t) => {
  const { h } = await setup([{ user: 'alice', producerByteRate: 100 }]);
  const cases: Array<[unknown[], number, string]> = [
    [[comp('', 2)], 42, 'Invalid empty entity type.'],
    [[comp('user', 2), comp('user', 0, 'a')], 42, 'Entity type user cannot appear more than once in the filter.'],
    [[comp('group', 2)], 35, 'Unsupported entity type group'],
    [[comp('user', 0, null)], 42, 'Request specified MATCH_TYPE_EXACT, but set match string to null.'],
    [[comp('user', 1, 'x')], 42, 'Request specified MATCH_TYPE_DEFAULT, but also specified a match string.'],
    [[comp('user', 2, 'x')], 42, 'Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.'],
    [[comp('user', 7)], 42, 'Unknown match type 7'],
    [[comp('ip', 2), comp('user', 2)], 42, 'Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.'],
  ];
  for (const [components, code, message] of cases) {
    const out = await describe(h, 1, components);
    t.same([out.ErrorCode, out.ErrorMessage, out.Entries], [code, message, null], message);
  }
  t.equal(h.ctx.lines.filter((l) => l.err === 'SW_ERR_QUOTA_REFUSED').length, cases.length, 'one SW_ERR_QUOTA_REFUSED line per refused request');
});

t.test('alter: the broker messages, per entity; a bad op refuses its whole entity, others apply', async (t) => {
  const { h, quotas } = await setup();
  const cases: Array<[unknown, string]> = [
    [{ Entity: [], Ops: [op('producer_byte_rate', 1)] }, '42 Invalid empty client quota entity'],
    [{ Entity: ent(['group', 'g']), Ops: [] }, '42 Unhandled client quota entity type: group'],
    [{ Entity: ent(['user', '']), Ops: [] }, '42 Empty user not supported'],
    [{ Entity: ent(['ip', '10.0.0.1']), Ops: [op('connection_creation_rate', 5)] }, '42 Unhandled client quota entity type: ip'],
    [{ Entity: ent(['ip', '10.0.0.1'], ['user', 'u1']), Ops: [] }, '42 Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId'],
    [{ Entity: ent(['user', 'u2']), Ops: [op('producer_byte_rate', 5), op('bogus', 1)] }, '42 Invalid configuration key bogus'],
    [{ Entity: ent(['user', 'u3']), Ops: [op('controller_mutation_rate', 1)] }, '42 Invalid configuration key controller_mutation_rate'],
    [{ Entity: ent(['user', 'u4']), Ops: [op('consumer_byte_rate', 0)] }, '42 Quota consumer_byte_rate must be greater than 0'],
    [{ Entity: ent(['user', 'u5']), Ops: [op('request_percentage', -1)] }, '42 Quota request_percentage must be greater than 0'],
    [{ Entity: ent(['user', 'u6']), Ops: [op('producer_byte_rate', 1.5)] }, '42 producer_byte_rate cannot be a fractional value.'],
    [{ Entity: ent(['user', 'u7']), Ops: [op('producer_byte_rate', 1e19)] }, '42 Proposed value for producer_byte_rate is too large for a LONG.'],
    [{ Entity: ent(['user', 'u8']), Ops: [op('request_percentage', NaN)] }, '42 Quota request_percentage must be a finite number'],
    [{ Entity: ent(['user', 'u9'], ['user', 'u10']), Ops: [] }, '42 Invalid client quota entity, duplicate entity entry user'],
    [{ Entity: ent(['client-id', '<default>']), Ops: [] }, '42 client-id name <default> is reserved for the default entity (send a null name)'],
    [{ Entity: ent(['user', 'ok']), Ops: [op('request_percentage', 0.5)] }, '0'],
  ];
  const out = await alter(
    h,
    1,
    cases.map((c) => c[0]),
  );
  t.same(
    results(out),
    cases.map((c) => c[1]),
  );
  t.same(quotas.entries(), [{ user: 'ok', requestPercentage: 0.5 }], 'only the valid entity was stored (u2 kept nothing of its valid op)');
  t.equal(h.ctx.lines.filter((l) => l.err === 'SW_ERR_QUOTA_REFUSED').length, 1, 'one log line for the request');
});

t.test('alter: a duplicated key or entity is "Ignoring duplicate entity"; the first entry of an entity stays applied', async (t) => {
  const { h, quotas } = await setup();
  const out = await alter(h, 1, [
    { Entity: ent(['user', 'a']), Ops: [op('producer_byte_rate', 1), op('producer_byte_rate', 2)] },
    { Entity: ent(['user', 'b'], ['client-id', 'c']), Ops: [op('producer_byte_rate', 3)] },
    { Entity: ent(['client-id', 'c'], ['user', 'b']), Ops: [op('producer_byte_rate', 4)] },
  ]);
  t.same(
    results(out),
    ['42 Ignoring duplicate entity ClientQuotaEntity(entries={user=a})', '42 Ignoring duplicate entity ClientQuotaEntity(entries={client-id=c, user=b})'],
    'one result per distinct entity',
  );
  t.same(quotas.entries(), [{ user: 'b', clientId: 'c', producerByteRate: 3 }], 'the duplicated key changed nothing; the first entry of b/c applied, as on the broker');
});

t.test('alter: remove, validateOnly, and config values hidden by a wire removal', async (t) => {
  const { h, quotas } = await setup([{ user: 'alice', producerByteRate: 100, consumerByteRate: 200 }]);
  t.same(results(await alter(h, 0, [{ Entity: ent(['user', 'alice']), Ops: [op('producer_byte_rate', 999)] }], true)), ['0'], 'validateOnly answers');
  t.same(quotas.entries(), [{ user: 'alice', producerByteRate: 100, consumerByteRate: 200 }], 'validateOnly changed nothing');
  t.same(results(await alter(h, 0, [{ Entity: ent(['user', 'alice']), Ops: [op('producer_byte_rate', 0, true), op('request_percentage', 5)] }])), ['0']);
  t.same(quotas.entries(), [{ user: 'alice', consumerByteRate: 200, requestPercentage: 5 }], 'the config value removed over the wire, a new one set');
  t.same(
    results(await alter(h, 0, [{ Entity: ent(['user', 'alice']), Ops: [op('consumer_byte_rate', 0, true), op('request_percentage', 0, true), op('nonsense', 0, true)] }])),
    ['0'],
    'removals are not validated',
  );
  t.same(quotas.entries(), [], 'an entity without values is gone');
  t.same(described(await describe(h, 1, [])), []);
});

t.test('authorization: DESCRIBE_CONFIGS / ALTER_CONFIGS on the cluster; Alter enforced on a shadow listener', async (t) => {
  const { h, quotas } = await setup([{ user: 'alice', producerByteRate: 100 }], 'User:bob');
  const d = await describe(h, 1, []);
  t.same([d.ErrorCode, d.ErrorMessage, d.Entries], [31, 'Cluster authorization failed.', null], 'describe refused top-level');
  const a = await alter(h, 1, [
    { Entity: ent(['user', 'bob']), Ops: [op('producer_byte_rate', 1e9)] },
    { Entity: ent(['user', null]), Ops: [] },
  ]);
  t.same(results(a), ['31 Cluster authorization failed.', '31 Cluster authorization failed.'], 'every entry echoed with 31');
  t.same((a.Entries as Msg[])[1].Entity, [{ EntityType: 'user', EntityName: null }]);
  t.same(quotas.entries(), [{ user: 'alice', producerByteRate: 100 }], 'store unchanged');
  t.same(h.asked(), ['DESCRIBE_CONFIGS CLUSTER:kafka-cluster deny', 'ALTER_CONFIGS CLUSTER:kafka-cluster deny'], 'the broker checks, in its order');

  const ops = await setup([], 'User:ops');
  t.same(results(await alter(ops.h, 1, [{ Entity: ent(['user', 'bob']), Ops: [op('producer_byte_rate', 5)] }])), ['0'], 'an ALTER_CONFIGS grant is enough');

  const shadow = await setup([], 'User:bob', 'shadow');
  t.same(results(await alter(shadow.h, 1, [{ Entity: ent(['user', 'bob']), Ops: [op('producer_byte_rate', 1e9)] }])), ['31 Cluster authorization failed.'], 'shadow mode does not relax Alter');
  t.same(shadow.quotas.entries(), []);
  t.equal((await describe(shadow.h, 1, [])).ErrorCode, 0, 'Describe (a read) is relaxed in shadow mode, like DescribeAcls');
});

t.test('bounded: past maxEntries new entities get POLICY_VIOLATION; existing ones still change', async (t) => {
  const { h, quotas } = await setup([], 'User:admin', 'enforce', 2);
  const out = await alter(h, 1, [
    { Entity: ent(['user', 'a']), Ops: [op('producer_byte_rate', 1)] },
    { Entity: ent(['user', 'b']), Ops: [op('producer_byte_rate', 1)] },
    { Entity: ent(['user', 'c']), Ops: [op('producer_byte_rate', 1)] },
  ]);
  t.same(results(out), ['0', '0', "44 The gateway's quota store holds at most 2 altered entities"]);
  t.same(results(await alter(h, 1, [{ Entity: ent(['user', 'a']), Ops: [op('producer_byte_rate', 7)] }])), ['0'], 'an existing entity still changes');
  t.same(
    quotas.entries().map((e) => `${e.user}=${e.producerByteRate}`),
    ['a=7', 'b=1'],
  );
  t.ok(h.ctx.lines.some((l) => l.err === 'SW_ERR_QUOTA_STORE_FULL'));
});

t.test('a store that cannot save: UNKNOWN_SERVER_ERROR for every entry, nothing changed', async (t) => {
  const broken: DocumentStore = {
    where: 'broken',
    read: async () => null,
    update: async () => {
      throw new Error('disk full');
    },
    watch: async () => undefined,
    close: async () => undefined,
  };
  const quotas = await QuotaStore.open(broken);
  const h = new Harness([], 'User:admin', 'enforce', { quotas });
  const out = await alter(h, 1, [{ Entity: ent(['user', 'a']), Ops: [op('producer_byte_rate', 1)] }]);
  t.same(results(out), ['-1 The server experienced an unexpected error when processing the request.']);
  t.same(quotas.entries(), []);
});

t.test('ApiVersions: 48 and 49 are owned (advertised) only by a stage with a quota store', async (t) => {
  const { h } = await setup();
  t.same([...(h.stage.ownedApis ?? new Map()).keys()], [29, 30, 31, 48, 49]);
  t.same([...(new Harness().stage.ownedApis ?? new Map()).keys()], [29, 30, 31]);
});
