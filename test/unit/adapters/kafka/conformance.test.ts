// Conformance of the Kafka authorization rule table with a broker's standard authorizer, for
// every api key the gateway knows:
// 1. the table in this test, transcribed from the reference map of broker checks (operation,
//    resource type, denial shape, error code per api), equals the rule table in the code;
// 2. every inter-broker / controller-only key is refused, and so is a key with no rule;
// 3. driven with a real request and no ACLs, each api asks exactly the check the table names
//    first for that request and answers with that check's code (REJECT/ITEM), installs an
//    answer filter (FILTER), or passes (no check).
import t from 'tap';
import { API_SPECS, requestHeaderVersion } from '../../../../src/protocol/kafka/api-table.js';
import { KafkaWriter } from '../../../../src/protocol/kafka/writer.js';
import { KAFKA_AUTHZ_RULES } from '../../../../src/adapters/kafka/authz/index.js';
import type { Msg, Value } from '../../../../src/protocol/kafka/schema/message.js';
import { Harness, localAnswer } from './authz/harness.js';

type Row = readonly [operation: string, resource: string, denial: string, code?: number];
const T = 'TOPIC',
  G = 'GROUP',
  C = 'CLUSTER',
  X = 'TRANSACTIONAL_ID';
const clusterOnly = (op: string): Row[] => [[op, C, 'REJECT', 31]];
const configs = (op: string): Row[] => [
  [op, C, 'ITEM', 31],
  [op, T, 'ITEM', 29],
  [op, G, 'ITEM', 30],
];
const heartbeat: Row[] = [
  ['READ', G, 'REJECT', 30],
  ['DESCRIBE', T, 'REJECT', 29],
];
const describe: Row[] = [
  ['DESCRIBE', G, 'ITEM', 30],
  ['DESCRIBE', T, 'ITEM', 29],
];

/** The reference: broker checks per api key, in the order the broker makes them. */
const REFERENCE: Record<number, Row[] | 'refused'> = {
  0: [
    ['WRITE', X, 'REJECT', 53],
    ['WRITE', T, 'ITEM', 29],
  ],
  1: [
    ['CLUSTER_ACTION', C, 'ITEM', 29],
    ['READ', T, 'ITEM', 29],
  ],
  2: [['DESCRIBE', T, 'ITEM', 29]],
  3: [
    ['DESCRIBE', T, 'ITEM', 29],
    ['DESCRIBE', T, 'FILTER'],
    ['CREATE', C, 'NONE'],
    ['CREATE', T, 'ITEM', 29],
    ['DESCRIBE', C, 'NONE'],
  ],
  8: [
    ['READ', G, 'REJECT', 30],
    ['READ', T, 'ITEM', 29],
  ],
  9: [
    ['DESCRIBE', G, 'REJECT', 30],
    ['DESCRIBE', T, 'ITEM', 29],
    ['DESCRIBE', T, 'FILTER'],
  ],
  10: [
    ['DESCRIBE', G, 'ITEM', 30],
    ['DESCRIBE', X, 'ITEM', 53],
    ['CLUSTER_ACTION', C, 'REJECT', 31],
  ],
  11: [['READ', G, 'REJECT', 30]],
  12: [['READ', G, 'REJECT', 30]],
  13: [['READ', G, 'REJECT', 30]],
  14: [['READ', G, 'REJECT', 30]],
  15: [['DESCRIBE', G, 'ITEM', 30]],
  16: [
    ['DESCRIBE', C, 'NONE'],
    ['DESCRIBE', G, 'FILTER'],
  ],
  17: [],
  18: [],
  36: [],
  71: [],
  72: [],
  39: [],
  40: [],
  19: [
    ['CREATE', C, 'NONE'],
    ['CREATE', T, 'ITEM', 29],
    ['DESCRIBE_CONFIGS', T, 'ITEM', 29],
  ],
  20: [
    ['DELETE', C, 'NONE'],
    ['DESCRIBE', T, 'ITEM', 29],
    ['DELETE', T, 'ITEM', 29],
  ],
  21: [['DELETE', T, 'ITEM', 29]],
  22: [
    ['WRITE', X, 'REJECT', 53],
    ['TWO_PHASE_COMMIT', X, 'REJECT', 53],
    ['IDEMPOTENT_WRITE', C, 'REJECT', 31],
  ],
  23: [
    ['CLUSTER_ACTION', C, 'NONE'],
    ['DESCRIBE', T, 'ITEM', 29],
  ],
  24: [
    ['WRITE', X, 'REJECT', 53],
    ['WRITE', T, 'ITEM', 29],
    ['CLUSTER_ACTION', C, 'REJECT', 31],
  ],
  25: [
    ['WRITE', X, 'REJECT', 53],
    ['READ', G, 'REJECT', 30],
  ],
  26: [['WRITE', X, 'REJECT', 53]],
  28: [
    ['WRITE', X, 'REJECT', 53],
    ['READ', G, 'REJECT', 30],
    ['READ', T, 'ITEM', 29],
  ],
  29: clusterOnly('DESCRIBE'),
  30: clusterOnly('ALTER'),
  31: clusterOnly('ALTER'),
  32: configs('DESCRIBE_CONFIGS'),
  33: configs('ALTER_CONFIGS'),
  44: configs('ALTER_CONFIGS'),
  34: clusterOnly('ALTER'),
  35: clusterOnly('DESCRIBE'),
  37: [['ALTER', T, 'ITEM', 29]],
  38: [['CREATE_TOKENS', 'USER', 'REJECT', 65]],
  41: [
    ['DESCRIBE', 'DELEGATION_TOKEN', 'FILTER'],
    ['DESCRIBE_TOKENS', 'USER', 'FILTER'],
  ],
  42: [['DELETE', G, 'ITEM', 30]],
  43: clusterOnly('ALTER'),
  45: clusterOnly('ALTER'),
  46: clusterOnly('DESCRIBE'),
  47: [
    ['DELETE', G, 'REJECT', 30],
    ['READ', T, 'ITEM', 29],
  ],
  48: clusterOnly('DESCRIBE_CONFIGS'),
  49: clusterOnly('ALTER_CONFIGS'),
  50: clusterOnly('DESCRIBE'),
  51: clusterOnly('ALTER'),
  55: clusterOnly('DESCRIBE'),
  57: clusterOnly('ALTER'),
  60: [['DESCRIBE', C, 'NONE']],
  61: [['READ', T, 'ITEM', 29]],
  64: clusterOnly('ALTER'),
  65: [
    ['DESCRIBE', X, 'ITEM', 53],
    ['DESCRIBE', T, 'FILTER'],
  ],
  66: [['DESCRIBE', X, 'FILTER']],
  68: heartbeat,
  76: heartbeat,
  69: describe,
  77: describe,
  89: describe,
  74: clusterOnly('DESCRIBE_CONFIGS'),
  75: [
    ['DESCRIBE', T, 'ITEM', 29],
    ['DESCRIBE', T, 'FILTER'],
  ],
  78: [
    ['READ', G, 'REJECT', 30],
    ['READ', T, 'ITEM', 29],
  ],
  79: [
    ['READ', G, 'REJECT', 30],
    ['READ', T, 'ITEM', 29],
  ],
  80: clusterOnly('ALTER'),
  81: clusterOnly('ALTER'),
  88: [
    ['READ', G, 'REJECT', 30],
    ['DESCRIBE', T, 'REJECT', 29],
    ['CREATE', C, 'NONE'],
  ],
  90: [
    ['DESCRIBE', G, 'ITEM', 30],
    ['DESCRIBE', T, 'ITEM', 29],
    ['DESCRIBE', T, 'FILTER'],
  ],
  91: [
    ['READ', G, 'REJECT', 30],
    ['READ', T, 'ITEM', 29],
  ],
  92: [
    ['DELETE', G, 'REJECT', 30],
    ['READ', T, 'ITEM', 29],
  ],
};
for (const k of [4, 5, 6, 7, 27, 52, 53, 54, 56, 58, 59, 62, 63, 67, 70, 73, 82, 83, 84, 85, 86, 87]) REFERENCE[k] = 'refused';

t.test('the rule table covers every api key and matches the reference rows', async (t) => {
  t.same(
    [...KAFKA_AUTHZ_RULES.keys()].sort((a, b) => a - b),
    [...API_SPECS.keys()].sort((a, b) => a - b),
    'one rule per api key',
  );
  for (const spec of API_SPECS.values()) {
    const rule = KAFKA_AUTHZ_RULES.get(spec.key);
    const ref = REFERENCE[spec.key];
    if (ref === undefined) {
      t.fail(`no reference row for ${spec.name} (${spec.key})`);
      continue;
    }
    if (ref === 'refused') {
      t.equal(rule?.handle, null, `${spec.name} (${spec.key}) is refused`);
      t.notOk(spec.clientFacing, `${spec.name} is not a client api`);
      continue;
    }
    const got = (rule?.checks ?? []).map((c) => (c.code === undefined ? [c.operation, c.resource, c.denial] : [c.operation, c.resource, c.denial, c.code]));
    t.same(got, ref, `${spec.name} (${spec.key})`);
  }
});

const topic = { Name: 't', Partitions: [{ PartitionIndex: 0 }] };
const creation = { ResourceType: 2, ResourceName: 't', ResourcePatternType: 3, Principal: 'User:x', Host: '*', Operation: 3, PermissionType: 3 };
const aclFilter = { ResourceTypeFilter: 1, ResourceNameFilter: null, PatternTypeFilter: 1, PrincipalFilter: null, HostFilter: null, Operation: 1, PermissionType: 1 };

/** A request per client api: [version, fields, index of the check it exercises (-1: none), expected outcome]. */
type Outcome = 'code' | 'filter' | 'pass' | number;
const SAMPLES: Record<number, [number, Record<string, Value>, number, Outcome]> = {
  0: [9, { Acks: -1, TopicData: [{ Name: 't', PartitionData: [{ Index: 0, Records: null }] }] }, 1, 'code'],
  1: [12, { SessionEpoch: -1, Topics: [{ Topic: 't', Partitions: [{ Partition: 0, FetchOffset: 0n, PartitionMaxBytes: 1 }] }] }, 1, 'code'],
  2: [6, { Topics: [{ Name: 't', Partitions: [{ PartitionIndex: 0, Timestamp: -1n }] }] }, 0, 'code'],
  3: [9, { Topics: [{ Name: 't' }] }, 0, 'code'],
  8: [8, { GroupId: 'g', Topics: [{ Name: 't', Partitions: [{ PartitionIndex: 0, CommittedOffset: 0n, CommittedMetadata: null }] }] }, 0, 'code'],
  9: [7, { GroupId: 'g', Topics: [{ Name: 't', PartitionIndexes: [0] }] }, 0, 'code'],
  10: [4, { KeyType: 0, CoordinatorKeys: ['g'] }, 0, 'code'],
  11: [6, { GroupId: 'g' }, 0, 'code'],
  12: [4, { GroupId: 'g' }, 0, 'code'],
  13: [4, { GroupId: 'g' }, 0, 'code'],
  14: [5, { GroupId: 'g', ProtocolType: 'consumer', ProtocolName: 'range' }, 0, 'code'],
  15: [5, { Groups: ['g'] }, 0, 'code'],
  16: [4, {}, -1, 'filter'],
  17: [1, { Mechanism: 'PLAIN' }, -1, 'pass'],
  36: [2, {}, -1, 'pass'],
  18: [3, { ClientSoftwareName: 'x', ClientSoftwareVersion: '1' }, -1, 'pass'],
  71: [0, {}, -1, 'pass'],
  72: [0, {}, -1, 'pass'],
  19: [5, { Topics: [{ Name: 't', NumPartitions: 1, ReplicationFactor: 1, Assignments: [], Configs: [] }] }, 1, 'code'],
  20: [4, { TopicNames: ['t'] }, 1, 'code'],
  21: [2, { Topics: [{ Name: 't', Partitions: [{ PartitionIndex: 0, Offset: 0n }] }] }, 0, 'code'],
  22: [4, { TransactionalId: 'x' }, 0, 'code'],
  23: [4, { Topics: [{ Topic: 't', Partitions: [{ Partition: 0, LeaderEpoch: 0 }] }] }, 1, 'code'],
  24: [3, { V3AndBelowTransactionalId: 'x', V3AndBelowTopics: [{ Name: 't', Partitions: [0] }] }, 0, 'code'],
  25: [3, { TransactionalId: 'x', GroupId: 'g' }, 0, 'code'],
  26: [3, { TransactionalId: 'x' }, 0, 'code'],
  28: [3, { TransactionalId: 'x', GroupId: 'g', Topics: [{ Name: 't', Partitions: [{ PartitionIndex: 0, CommittedOffset: 0n, CommittedMetadata: null }] }] }, 0, 'code'],
  29: [2, aclFilter, 0, 'code'],
  30: [2, { Creations: [creation] }, 0, 'code'],
  31: [2, { Filters: [aclFilter] }, 0, 'code'],
  32: [4, { Resources: [{ ResourceType: 2, ResourceName: 't', ConfigurationKeys: null }] }, 1, 'code'],
  33: [2, { Resources: [{ ResourceType: 32, ResourceName: 'g', Configs: [] }] }, 2, 'code'],
  44: [1, { Resources: [{ ResourceType: 4, ResourceName: '1', Configs: [] }] }, 0, 'code'],
  34: [2, { Dirs: [{ Path: '/d', Topics: [{ Name: 't', Partitions: [0] }] }] }, 0, 'code'],
  35: [4, {}, 0, 'code'],
  37: [3, { Topics: [{ Name: 't', Count: 2, Assignments: null }] }, 0, 'code'],
  38: [3, { OwnerPrincipalType: 'User', OwnerPrincipalName: 'carol', Renewers: [] }, 0, 'code'],
  39: [2, {}, -1, 61],
  40: [2, {}, -1, 61],
  41: [3, { Owners: null }, -1, 61],
  42: [2, { GroupsNames: ['g'] }, 0, 'code'],
  43: [2, { TopicPartitions: null }, 0, 'code'],
  45: [1, { Topics: [] }, 0, 'code'],
  46: [0, {}, 0, 'code'],
  47: [0, { GroupId: 'g', Topics: [topic] }, 0, 'code'],
  48: [1, {}, 0, 'code'],
  49: [1, { Entries: [{ Entity: [{ EntityType: 'user', EntityName: 'u' }], Ops: [] }] }, 0, 'code'],
  50: [0, { Users: null }, 0, 'code'],
  51: [0, { Deletions: [{ Name: 'u', Mechanism: 1 }] }, 0, 'code'],
  55: [2, {}, 0, 'code'],
  57: [2, {}, 0, 'code'],
  64: [0, {}, 0, 'code'],
  74: [1, {}, 0, 'code'],
  80: [1, {}, 0, 'code'],
  81: [0, {}, 0, 'code'],
  60: [2, { IncludeClusterAuthorizedOperations: true }, -1, 'filter'],
  61: [0, { Topics: [{ Name: 't', PartitionIndexes: [0] }] }, 0, 'code'],
  65: [0, { TransactionalIds: ['x'] }, 0, 'code'],
  66: [2, {}, -1, 'filter'],
  68: [1, { GroupId: 'g' }, 0, 'code'],
  76: [1, { GroupId: 'g' }, 0, 'code'],
  69: [1, { GroupIds: ['g'] }, 0, 'code'],
  77: [1, { GroupIds: ['g'] }, 0, 'code'],
  89: [0, { GroupIds: ['g'] }, 0, 'code'],
  75: [0, { Topics: [{ Name: 't' }] }, 0, 'code'],
  78: [2, { GroupId: 'g', MemberId: 'm', Topics: [] }, 0, 'code'],
  79: [2, { GroupId: 'g', MemberId: 'm', Topics: [] }, 0, 'code'],
  88: [0, { GroupId: 'g' }, 0, 'code'],
  90: [1, { Groups: [{ GroupId: 'g', Topics: null }] }, 0, 'code'],
  91: [0, { GroupId: 'g', Topics: [] }, 0, 'code'],
  92: [0, { GroupId: 'g', Topics: [] }, 0, 'code'],
};

/** Every error code anywhere in a message (fields named ...ErrorCode). */
function errorCodes(m: Value, out: number[] = []): number[] {
  if (Array.isArray(m)) m.forEach((x) => errorCodes(x, out));
  else if (m && typeof m === 'object' && !Buffer.isBuffer(m)) {
    for (const [k, v] of Object.entries(m as Msg)) {
      if (k.endsWith('ErrorCode') && typeof v === 'number') out.push(v);
      else errorCodes(v, out);
    }
  }
  return out;
}

t.test('driven with no ACLs, each api asks its check and answers its code', async (t) => {
  for (const spec of API_SPECS.values()) {
    if (!spec.clientFacing) continue;
    const sample = SAMPLES[spec.key];
    if (!sample) {
      t.fail(`no sample request for ${spec.name} (${spec.key})`);
      continue;
    }
    const [version, fields, index, outcome] = sample;
    const rule = KAFKA_AUTHZ_RULES.get(spec.key);
    const h = new Harness([]);
    const sent = await h.send(spec.key, version, fields);
    const name = `${spec.name} (${spec.key}) v${version}`;
    if (index >= 0) {
      const check = rule?.checks[index];
      t.match(h.asked()[0] ?? '', new RegExp(`^${check?.operation} ${check?.resource}:\\S* deny$`), `${name}: asks ${check?.operation} on ${check?.resource}`);
      if (outcome === 'code') {
        const answer = sent.verdict?.kind === 'forward' ? await h.answer(sent) : localAnswer(sent);
        t.ok(errorCodes(answer).includes(check?.code ?? -999), `${name}: answers ${check?.code} (${check?.denial})`);
      }
    } else {
      t.same(h.asked(), [], `${name}: no enforced check`);
    }
    if (outcome === 'filter') t.ok(sent.verdict?.kind === 'forward' && h.stage.responses!.awaits(sent.info), `${name}: forwarded with an answer filter`);
    if (outcome === 'pass') t.ok(sent.verdict === null || (sent.verdict.kind === 'forward' && sent.verdict.frame === sent.frame), `${name}: passes untouched`);
    if (typeof outcome === 'number') t.same(errorCodes(localAnswer(sent)), [outcome], `${name}: answered ${outcome}`);
  }
});

t.test('refused and unknown keys close the connection', async (t) => {
  const h = new Harness([], 'User:admin');
  for (const spec of API_SPECS.values()) {
    if (spec.clientFacing) continue;
    const w = new KafkaWriter().int16(spec.key).int16(spec.minVersion).int32(1).nullableString(null);
    if (requestHeaderVersion(spec.key, spec.minVersion) === 2) w.taggedFields([]);
    const frame = w.frame();
    const v = (await h.sendFrame(frame)).verdict;
    t.equal(v?.kind, 'close', `${spec.name} (${spec.key}) refused even for a super user`);
  }
});
