import t, { type Test } from 'tap';
import fc from 'fast-check';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide, kafkaAuthorizedOperations } from '../../../src/acl/decide.js';
import type { AccessRequest, AclEntry, DecideOptions } from '../../../src/acl/types.js';
import { bruteFlink, bruteFluss, bruteKafka, type BruteResult } from './brute-force.js';

const principals = ['User:alice', 'User:bob', 'User:*', '*:*', 'user:ALICE', 'Group:ops'];
const hosts = ['*', '10.0.0.1', '10.0.0.2'];
const kafkaTypes = ['TOPIC', 'GROUP'];
const kafkaNames = ['a', 'ab', 'abc', 'b', 'ba', '*', 'a*'];
const kafkaOps = ['ALL', 'READ', 'WRITE', 'DELETE', 'ALTER', 'DESCRIBE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'CREATE'];
const flussResources: Array<[string, string]> = [
  ['CLUSTER', 'fluss-cluster'],
  ['CLUSTER', '*'],
  ['DATABASE', 'db'],
  ['DATABASE', 'db2'],
  ['DATABASE', '*'],
  ['TABLE', 'db.t'],
  ['TABLE', 'db.u'],
  ['TABLE', 'db2.t'],
  ['TABLE', '*'],
];
const flussOps = ['ALL', 'READ', 'WRITE', 'CREATE', 'DROP', 'ALTER', 'DESCRIBE'];

const kafkaEntry: fc.Arbitrary<AclEntry> = fc.record({
  principal: fc.constantFrom(...principals.filter((p) => p !== '*:*')),
  host: fc.constantFrom(...hosts),
  resourceType: fc.constantFrom(...kafkaTypes),
  resourceName: fc.constantFrom(...kafkaNames),
  patternType: fc.constantFrom('LITERAL' as const, 'PREFIXED' as const),
  operation: fc.constantFrom(...kafkaOps),
  permission: fc.constantFrom('ALLOW' as const, 'DENY' as const),
});

const flussEntry: fc.Arbitrary<AclEntry> = fc
  .record({
    principal: fc.constantFrom(...principals),
    host: fc.constantFrom(...hosts),
    resource: fc.constantFrom(...flussResources),
    operation: fc.constantFrom(...flussOps),
  })
  .map(({ resource, ...r }) => ({
    ...r,
    resourceType: resource[0],
    resourceName: resource[1],
    patternType: 'LITERAL' as const,
    permission: 'ALLOW' as const,
  }));

const options: fc.Arbitrary<DecideOptions> = fc.record({
  superUsers: fc.subarray(['User:root', 'user:ALICE', 'User:alice']),
  allowIfNoAcl: fc.boolean(),
  principalIgnoreCase: fc.boolean(),
});

function agrees(t: Test, got: ReturnType<typeof decide>, want: BruteResult, label: string): boolean {
  if (got.allowed !== want.allowed || got.reason !== want.reason) {
    t.fail(`${label}: got ${got.allowed}/${got.reason}, brute force ${want.allowed}/${want.reason}`);
    return false;
  }
  if (want.deciders.length > 0 && !want.deciders.some((e) => JSON.stringify(e) === JSON.stringify(got.entry))) {
    t.fail(`${label}: deciding entry ${JSON.stringify(got.entry)} is not one the rules allow`);
    return false;
  }
  return true;
}

t.test('Kafka decide equals a linear brute-force evaluation', async (t) => {
  const req = fc.record({
    principal: fc.constantFrom('User:alice', 'User:bob', 'User:root', 'user:ALICE'),
    host: fc.constantFrom('10.0.0.1', '10.0.0.2'),
    resourceType: fc.constantFrom(...kafkaTypes),
    resourceName: fc.constantFrom(...kafkaNames.filter((n) => n !== '*'), 'abcd', 'c'),
    operation: fc.constantFrom(...kafkaOps),
  });
  fc.assert(
    fc.property(fc.array(kafkaEntry, { maxLength: 25 }), req, options, (entries, r, opts) => {
      const index = new AclIndex();
      for (const e of entries) index.add('kafka', e);
      const request: AccessRequest = { protocol: 'kafka', ...r };
      return agrees(t, decide(index, request, opts), bruteKafka(index.entries('kafka'), request, opts), JSON.stringify(request));
    }),
    { numRuns: 1500 },
  );
  t.pass('1500 random ACL sets agree');
});

t.test('Fluss decide equals a linear brute-force evaluation', async (t) => {
  const checks: Array<[string, string]> = [
    ['CLUSTER', 'fluss-cluster'],
    ['DATABASE', 'db'],
    ['DATABASE', 'db3'],
    ['TABLE', 'db.t'],
    ['TABLE', 'db2.t'],
    ['TABLE', 'db3.x'],
  ];
  const req = fc.record({
    principal: fc.constantFrom('User:alice', 'User:bob', 'User:root', 'user:ALICE', 'Group:ops'),
    host: fc.constantFrom('10.0.0.1', '10.0.0.2'),
    resource: fc.constantFrom(...checks),
    operation: fc.constantFrom(...flussOps),
  });
  fc.assert(
    fc.property(fc.array(flussEntry, { maxLength: 25 }), req, options, (entries, r, opts) => {
      const index = new AclIndex();
      for (const e of entries) index.add('fluss', e);
      const request: AccessRequest = {
        protocol: 'fluss',
        principal: r.principal,
        host: r.host,
        resourceType: r.resource[0],
        resourceName: r.resource[1],
        operation: r.operation,
      };
      return agrees(t, decide(index, request, opts), bruteFluss(index.entries('fluss'), request, opts), JSON.stringify(request));
    }),
    { numRuns: 1500 },
  );
  t.pass('1500 random ACL sets agree');
});

const J1 = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
const J2 = '0123456789abcdef0123456789abcdef';
const flinkResources: Array<[string, string]> = [
  ['CLUSTER', 'flink-cluster'],
  ['CLUSTER', '*'],
  ['JOB', J1],
  ['JOB', J2],
  ['JOB', '*'],
];
const flinkEntry: fc.Arbitrary<AclEntry> = fc
  .record({
    principal: fc.constantFrom(...principals, 'USER:*', 'user:bob'),
    host: fc.constantFrom(...hosts),
    resource: fc.constantFrom(...flinkResources),
    operation: fc.constantFrom(...flussOps),
  })
  .map(({ resource, ...r }) => ({
    ...r,
    resourceType: resource[0],
    resourceName: resource[1],
    patternType: 'LITERAL' as const,
    permission: 'ALLOW' as const,
  }));

t.test('Flink decide equals a linear brute-force evaluation (and ignores other protocols)', async (t) => {
  const checks: Array<[string, string]> = [
    ['CLUSTER', 'flink-cluster'],
    ['JOB', J1],
    ['JOB', J2],
    ['JOB', 'ffffffffffffffffffffffffffffffff'],
  ];
  const req = fc.record({
    principal: fc.constantFrom('User:alice', 'User:bob', 'User:root', 'user:ALICE', 'user:bob', 'Group:ops'),
    host: fc.constantFrom('10.0.0.1', '10.0.0.2'),
    resource: fc.constantFrom(...checks),
    operation: fc.constantFrom(...flussOps),
  });
  let allowedSeen = 0;
  let deniedSeen = 0;
  fc.assert(
    fc.property(fc.array(flinkEntry, { maxLength: 25 }), fc.array(flussEntry, { maxLength: 10 }), req, options, (entries, others, r, opts) => {
      const index = new AclIndex();
      for (const e of entries) index.add('flink', e);
      for (const e of others) index.add('fluss', e);
      const request: AccessRequest = {
        protocol: 'flink',
        principal: r.principal,
        host: r.host,
        resourceType: r.resource[0],
        resourceName: r.resource[1],
        operation: r.operation,
      };
      const got = decide(index, request, opts);
      if (got.allowed) allowedSeen++;
      else deniedSeen++;
      return agrees(t, got, bruteFlink(index.entries('flink'), request, opts), JSON.stringify(request));
    }),
    { numRuns: 1500 },
  );
  t.ok(allowedSeen > 100 && deniedSeen > 100, `both outcomes exercised (${allowedSeen} allowed, ${deniedSeen} denied)`);
});

t.test('evaluation problems deny with reason error', async (t) => {
  const index = new AclIndex();
  index.add('kafka', { principal: 'User:*', host: '*', resourceType: 'TOPIC', resourceName: '*', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' });
  const base: AccessRequest = { protocol: 'kafka', principal: 'User:a', host: '1.1.1.1', resourceType: 'TOPIC', resourceName: 'x', operation: 'READ' };
  t.same(decide(index, base).allowed, true, 'the well-formed request is allowed');
  for (const bad of [{ operation: 'ANY' }, { operation: 'read' }, { resourceType: 'TABLE' }, { protocol: 'http' }]) {
    const d = decide(index, { ...base, ...bad } as AccessRequest);
    t.equal(d.allowed, false, JSON.stringify(bad));
    t.equal(d.reason, 'error', JSON.stringify(bad));
    t.ok(d.detail && d.detail.length > 0, 'carries a detail');
  }
  const fluss = decide(index, { ...base, protocol: 'fluss', resourceType: 'TABLE', resourceName: '..' });
  t.same([fluss.allowed, fluss.reason], [false, 'error'], 'a table name without a database part is an error, as in Java');
  const flinkIndex = new AclIndex();
  flinkIndex.add('flink', { principal: '*:*', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' });
  const flinkBase: AccessRequest = { protocol: 'flink', principal: 'User:a', host: '1.1.1.1', resourceType: 'JOB', resourceName: J1, operation: 'READ' };
  t.equal(decide(flinkIndex, flinkBase).allowed, true, 'the well-formed Flink request is allowed');
  for (const bad of [
    { operation: 'ANY' },
    { operation: 'DELETE' },
    { resourceType: 'TABLE' },
    { resourceName: J1.toUpperCase() },
    { resourceName: 'job-1' },
    { resourceType: 'CLUSTER', resourceName: 'fluss-cluster' },
  ]) {
    const d = decide(flinkIndex, { ...flinkBase, ...bad });
    t.same([d.allowed, d.reason], [false, 'error'], `flink ${JSON.stringify(bad)}`);
  }
  const broken = {
    literal(): never {
      throw new Error('boom');
    },
  } as unknown as AclIndex;
  t.same(decide(broken, flinkBase), { allowed: false, reason: 'error', detail: 'boom' }, 'an index failure is a Flink denial too');
  t.same(decide(broken, { ...base, protocol: 'fluss', resourceType: 'TABLE', resourceName: 'db.t' }), { allowed: false, reason: 'error', detail: 'boom' });
});

t.test('Kafka authorized-operations bitfield', async (t) => {
  const index = new AclIndex();
  const e = (operation: string, permission: 'ALLOW' | 'DENY' = 'ALLOW'): AclEntry => ({
    principal: 'User:a',
    host: '*',
    resourceType: 'TOPIC',
    resourceName: 't',
    patternType: 'LITERAL',
    operation,
    permission,
  });
  index.add('kafka', e('READ'));
  index.add('kafka', e('ALTER_CONFIGS'));
  const bits = kafkaAuthorizedOperations(index, { principal: 'User:a', host: '1.1.1.1', resourceType: 'TOPIC', resourceName: 't' });
  // READ 3, DESCRIBE 8 (implied by READ), DESCRIBE_CONFIGS 10 (implied by ALTER_CONFIGS), ALTER_CONFIGS 11
  t.equal(bits, (1 << 3) | (1 << 8) | (1 << 10) | (1 << 11));
  index.add('kafka', e('DESCRIBE', 'DENY'));
  t.equal(
    kafkaAuthorizedOperations(index, { principal: 'User:a', host: '1.1.1.1', resourceType: 'TOPIC', resourceName: 't' }),
    (1 << 3) | (1 << 10) | (1 << 11),
    'a DENY DESCRIBE removes the implied bit',
  );
});

t.test('micro-benchmark: decisions over 10,000 entries (logged, not asserted)', async (t) => {
  const kafka = new AclIndex();
  const fluss = new AclIndex();
  for (let i = 0; kafka.size('kafka') < 10_000; i++) {
    kafka.add('kafka', {
      principal: `User:u${i % 500}`,
      host: i % 7 === 0 ? '10.0.0.1' : '*',
      resourceType: i % 3 === 0 ? 'GROUP' : 'TOPIC',
      resourceName: i % 4 === 0 ? `team${i % 300}.` : `team${i % 300}.topic${i}`,
      patternType: i % 4 === 0 ? 'PREFIXED' : 'LITERAL',
      operation: ['READ', 'WRITE', 'DESCRIBE', 'ALL'][i % 4],
      permission: i % 11 === 0 ? 'DENY' : 'ALLOW',
    });
  }
  for (let i = 0; fluss.size('fluss') < 10_000; i++) {
    fluss.add('fluss', {
      principal: `User:u${i % 500}`,
      host: '*',
      resourceType: i % 5 === 0 ? 'DATABASE' : 'TABLE',
      resourceName: i % 5 === 0 ? `db${i % 400}` : `db${i % 400}.t${i}`,
      patternType: 'LITERAL',
      operation: ['READ', 'WRITE', 'DESCRIBE', 'ALL'][i % 4],
      permission: 'ALLOW',
    });
  }
  t.equal(kafka.size('kafka'), 10_000);
  t.equal(fluss.size('fluss'), 10_000);
  const rounds = 20_000;
  let allowed = 0;
  let start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    const d = decide(kafka, { protocol: 'kafka', principal: `User:u${i % 600}`, host: '10.0.0.1', resourceType: 'TOPIC', resourceName: `team${i % 300}.topic${i % 10_000}`, operation: 'READ' });
    if (d.allowed) allowed++;
  }
  const kafkaNs = Number(process.hrtime.bigint() - start) / rounds;
  start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    const d = decide(fluss, { protocol: 'fluss', principal: `User:u${i % 600}`, host: '10.0.0.1', resourceType: 'TABLE', resourceName: `db${i % 400}.t${i % 10_000}`, operation: 'DESCRIBE' });
    if (d.allowed) allowed++;
  }
  const flussNs = Number(process.hrtime.bigint() - start) / rounds;
  t.comment(`per decision over 10,000 entries: kafka ${(kafkaNs / 1000).toFixed(2)} us, fluss ${(flussNs / 1000).toFixed(2)} us (${allowed} allowed)`);
  t.ok(allowed > 0, 'some decisions allow, so the loop exercised real matches');
});
