import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide } from '../../../src/acl/decide.js';
import { compileRbac } from '../../../src/acl/rbac.js';

// Shaped like Fluvio's sc test-data/auth_config policy.json and scopes.json.
const policy = {
  Root: { Topic: ['All'], Spu: ['All'], SmartModule: ['All'] },
  Default: { Topic: ['Read'], Partition: ['Read'], CustomSpu: ['All'] },
  Producer: { TopicSpec: ['Update:orders', 'create'] },
};
const scopes = { root: ['Root'], user1: ['Default'], 'User:app': ['Producer', 'Ghost'] };

const ops = (entries: { resourceType: string; resourceName: string; operation: string; principal: string }[], principal: string) =>
  entries.filter((e) => e.principal === principal).map((e) => `${e.resourceType}:${e.resourceName}:${e.operation}`).sort();

t.test('Kafka mapping', async (t) => {
  const { entries, warnings } = compileRbac(policy, JSON.stringify(scopes), { protocol: 'kafka' });
  t.same(ops(entries, 'User:root'), ['CLUSTER:kafka-cluster:ALL', 'TOPIC:*:ALL']);
  t.same(ops(entries, 'User:user1'), ['CLUSTER:kafka-cluster:ALL', 'TOPIC:*:DESCRIBE', 'TOPIC:*:DESCRIBE_CONFIGS', 'TOPIC:*:READ'],
    'Topic and Partition both map to TOPIC; duplicates removed');
  t.same(ops(entries, 'User:app'), ['TOPIC:*:CREATE', 'TOPIC:orders:ALTER', 'TOPIC:orders:ALTER_CONFIGS', 'TOPIC:orders:WRITE'],
    'an instance names one topic; IDEMPOTENT_WRITE is not a TOPIC operation');
  t.ok(entries.every((e) => e.protocol === 'kafka' && e.permission === 'ALLOW' && e.patternType === 'LITERAL' && e.host === '*'));
  t.match(warnings.join('\n'), /SmartModule' has no kafka resource/);
  t.match(warnings.join('\n'), /role 'Ghost' is not in the policy/);
  const index = AclIndex.from(entries);
  const can = (principal: string, resourceName: string, operation: string) =>
    decide(index, { protocol: 'kafka', principal, host: '1.2.3.4', resourceType: 'TOPIC', resourceName, operation }).allowed;
  t.equal(can('User:user1', 'anything', 'READ'), true);
  t.equal(can('User:user1', 'anything', 'WRITE'), false);
  t.equal(can('User:app', 'orders', 'WRITE'), true);
  t.equal(can('User:app', 'other', 'WRITE'), false);
});

t.test('Fluss mapping', async (t) => {
  const { entries } = compileRbac(policy, scopes, { protocol: 'fluss', host: '10.0.0.1' });
  t.same(ops(entries, 'User:user1'), ['CLUSTER:fluss-cluster:ALL', 'TABLE:*:READ']);
  t.same(ops(entries, 'User:app'), ['DATABASE:*:CREATE', 'TABLE:orders:ALTER', 'TABLE:orders:WRITE'],
    'creating tables is granted on the database, where Fluss checks it');
  t.ok(entries.every((e) => e.host === '10.0.0.1'));
  const db = compileRbac({ R: { Topic: ['Create:sales.orders', 'Delete'], Database: ['Read:sales'] } }, { u: ['R'] }, { protocol: 'fluss' });
  t.same(ops(db.entries, 'User:u'), ['DATABASE:sales:CREATE', 'DATABASE:sales:READ', 'TABLE:*:DROP']);
});

t.test('role-principals scopes and errors', async (t) => {
  const { entries } = compileRbac({ R: { Group: ['Read'] } }, { R: ['alice', 'Group:ops'] }, { protocol: 'kafka', scopesFormat: 'role-principals' });
  t.same([...new Set(entries.map((e) => e.principal))].sort(), ['Group:ops', 'User:alice']);
  t.same(ops(entries, 'User:alice'), ['GROUP:*:DESCRIBE', 'GROUP:*:DESCRIBE_CONFIGS', 'GROUP:*:READ']);
  const created = compileRbac({ R: { Group: ['Create'] } }, { u: ['R'] }, { protocol: 'kafka' });
  t.same(created.entries, []);
  t.match(created.warnings[0], /'Create' has no kafka operation on GROUP/);
  t.throws(() => compileRbac({ R: { Topic: ['Fly'] } }, {}, { protocol: 'kafka' }), { code: 'SW_ERR_CONFIG_INVALID', message: /unknown action 'Fly'/ });
  t.throws(() => compileRbac({ R: { Topic: 'All' } }, {}, { protocol: 'kafka' }), /must be a list of strings/);
  t.throws(() => compileRbac([], {}, { protocol: 'kafka' }), /policy must be a JSON object/);
  t.throws(() => compileRbac('{', {}, { protocol: 'kafka' }), /policy is not valid JSON/);
  t.throws(() => compileRbac({}, { u: 'R' }, { protocol: 'kafka' }), /scopes 'u' must be a list/);
});
