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
  entries
    .filter((e) => e.principal === principal)
    .map((e) => `${e.resourceType}:${e.resourceName}:${e.operation}`)
    .sort();

t.test('Kafka mapping', async (t) => {
  const { entries, warnings } = compileRbac(policy, JSON.stringify(scopes), { protocol: 'kafka' });
  t.same(ops(entries, 'User:root'), ['CLUSTER:kafka-cluster:ALL', 'TOPIC:*:ALL']);
  t.same(ops(entries, 'User:user1'), ['CLUSTER:kafka-cluster:ALL', 'TOPIC:*:DESCRIBE', 'TOPIC:*:DESCRIBE_CONFIGS', 'TOPIC:*:READ'], 'Topic and Partition both map to TOPIC; duplicates removed');
  t.same(
    ops(entries, 'User:app'),
    ['TOPIC:*:CREATE', 'TOPIC:orders:ALTER', 'TOPIC:orders:ALTER_CONFIGS', 'TOPIC:orders:WRITE'],
    'an instance names one topic; IDEMPOTENT_WRITE is not a TOPIC operation',
  );
  t.ok(entries.every((e) => e.protocol === 'kafka' && e.permission === 'ALLOW' && e.patternType === 'LITERAL' && e.host === '*'));
  t.match(warnings.join('\n'), /SmartModule' has no kafka resource/);
  t.match(warnings.join('\n'), /role 'Ghost' is not in the policy/);
  const index = AclIndex.from(entries);
  const can = (principal: string, resourceName: string, operation: string) => decide(index, { protocol: 'kafka', principal, host: '1.2.3.4', resourceType: 'TOPIC', resourceName, operation }).allowed;
  t.equal(can('User:user1', 'anything', 'READ'), true);
  t.equal(can('User:user1', 'anything', 'WRITE'), false);
  t.equal(can('User:app', 'orders', 'WRITE'), true);
  t.equal(can('User:app', 'other', 'WRITE'), false);
});

t.test('Fluss mapping', async (t) => {
  const { entries } = compileRbac(policy, scopes, { protocol: 'fluss', host: '10.0.0.1' });
  t.same(ops(entries, 'User:user1'), ['CLUSTER:fluss-cluster:ALL', 'TABLE:*:READ']);
  t.same(ops(entries, 'User:app'), ['DATABASE:*:CREATE', 'TABLE:orders:ALTER', 'TABLE:orders:WRITE'], 'creating tables is granted on the database, where Fluss checks it');
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

t.test('Flink mapping: Cluster and Job, Fluss actions; job ids checked', async (t) => {
  const J1 = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
  const flinkPolicy = {
    Viewer: { Cluster: ['Describe'], Topic: ['Read'] },
    TeamA: { Job: [`All:${J1.toUpperCase()}`], Cluster: ['Create'] },
    Oncall: { Job: ['Update', 'Delete'] },
  };
  const { entries, warnings } = compileRbac(flinkPolicy, { viewer: ['Viewer'], 'team-a': ['TeamA'], oncall: ['Oncall'] }, { protocol: 'flink' });
  t.same(ops(entries, 'User:viewer'), ['CLUSTER:flink-cluster:DESCRIBE']);
  t.same(ops(entries, 'User:team-a'), ['CLUSTER:flink-cluster:CREATE', `JOB:${J1}:ALL`], 'a job instance is lower-cased');
  t.same(ops(entries, 'User:oncall'), ['JOB:*:ALTER', 'JOB:*:DROP', 'JOB:*:WRITE']);
  t.ok(entries.every((e) => e.protocol === 'flink'));
  t.match(warnings.join('\n'), /object type 'Topic' has no flink resource/);
  const index = AclIndex.from(entries);
  const can = (principal: string, resourceType: string, resourceName: string, operation: string) =>
    decide(index, { protocol: 'flink', principal, host: '1.2.3.4', resourceType, resourceName, operation }).allowed;
  t.equal(can('User:team-a', 'JOB', J1, 'ALTER'), true);
  t.equal(can('User:team-a', 'JOB', 'ffffffffffffffffffffffffffffffff', 'ALTER'), false);
  t.equal(can('User:oncall', 'JOB', 'ffffffffffffffffffffffffffffffff', 'DESCRIBE'), true);
  t.throws(() => compileRbac({ R: { Job: ['Read:job-1'] } }, { u: ['R'] }, { protocol: 'flink' }), /RBAC .*JOB 'job-1' is not a Flink job id/);
  t.throws(() => compileRbac({ R: { Job: ['Read'] } }, { u: ['R'] }, { protocol: 'flink', host: 'flink.local' }), /host 'flink.local' is not \* or an IP address/);
  t.same(compileRbac({ R: { Job: ['Read'] } }, { u: ['R'] }, { protocol: 'kafka' }).entries, [], 'Job has no kafka resource');
});
