/** The `acl` flag parsers: resource forms, principals, operations, hosts, combinations. */
import t from 'tap';
import { combinations, parseHostArg, parseOperationArg, parsePatternArg, parsePermissionArg, parsePrincipalArg, parseResourceArg, resourceNameFor } from '../../../src/cli/acl-args.js';
import { filtersFromArgs } from '../../../src/cli/acl-entries.js';

t.test('resource forms', async (t) => {
  t.same(parseResourceArg('table:db.t'), { protocol: 'fluss', resourceType: 'TABLE', resourceName: 'db.t' });
  t.same(parseResourceArg('Database:db'), { protocol: 'fluss', resourceType: 'DATABASE', resourceName: 'db' });
  t.same(parseResourceArg('table:*'), { protocol: 'fluss', resourceType: 'TABLE', resourceName: '*' });
  t.same(parseResourceArg('cluster.db.t'), { protocol: 'fluss', resourceType: 'TABLE', resourceName: 'db.t' }, 'Flink syntax');
  t.same(parseResourceArg('cluster.db'), { protocol: 'fluss', resourceType: 'DATABASE', resourceName: 'db' });
  t.same(parseResourceArg('topic:a:b'), { protocol: 'kafka', resourceType: 'TOPIC', resourceName: 'a:b' }, 'split at the first colon');
  t.same(parseResourceArg('transactional-id:tx-1'), { protocol: 'kafka', resourceType: 'TRANSACTIONAL_ID', resourceName: 'tx-1' });
  t.same(parseResourceArg('DELEGATION_TOKEN:x'), { protocol: 'kafka', resourceType: 'DELEGATION_TOKEN', resourceName: 'x' });
  t.same(parseResourceArg('cluster:kafka-cluster'), { protocol: 'kafka', resourceType: 'CLUSTER', resourceName: 'kafka-cluster' });
  t.same(parseResourceArg('job:*'), { protocol: 'flink', resourceType: 'JOB', resourceName: '*' });
  t.same(parseResourceArg('JOB:A5E0EDD8E66B53F1B89C2041F91B8FD2'), { protocol: 'flink', resourceType: 'JOB', resourceName: 'a5e0edd8e66b53f1b89c2041f91b8fd2' });
  t.throws(() => parseResourceArg('job:abc'), /32-digit hex job id/);
  t.same(parseResourceArg('cluster:flink-cluster'), { protocol: 'flink', resourceType: 'CLUSTER', resourceName: 'flink-cluster' });
  t.same(parseResourceArg('cluster:*'), { protocol: null, resourceType: 'CLUSTER', resourceName: '*' }, 'the CLUSTER wildcard of fluss and flink');
  t.throws(() => parseResourceArg('cluster:prod'), /fluss-cluster \(fluss\), kafka-cluster \(kafka\), flink-cluster \(flink\)/);
  const cluster = parseResourceArg('Cluster');
  t.same(cluster, { protocol: null, resourceType: 'CLUSTER', resourceName: null });
  t.equal(resourceNameFor(cluster, 'fluss'), 'fluss-cluster');
  t.equal(resourceNameFor(cluster, 'kafka'), 'kafka-cluster');
  t.equal(resourceNameFor(cluster, 'flink'), 'flink-cluster');
  t.same(parseResourceArg('group', true), { protocol: 'kafka', resourceType: 'GROUP', resourceName: null }, 'bare type in filters');
  t.throws(() => parseResourceArg('group'), /name missing, e\.g\. group:<name>/);
  t.throws(() => parseResourceArg('database:a.b'), /must not contain '\.'/);
  t.throws(() => parseResourceArg('table:a.b.c'), /must be <database>\.<table>/);
  t.throws(() => parseResourceArg('table:.b'), /must be <database>\.<table>/);
  t.same(parseResourceArg('cluster.'), { protocol: 'fluss', resourceType: 'CLUSTER', resourceName: 'fluss-cluster' }, 'Java split drops the trailing empty piece, as the Flink procedures do');
  t.throws(() => parseResourceArg('cluster.a.b.c'), /resource must be in format/);
  t.throws(() => parseResourceArg('topic\u0000:x'), /control character/);
});

t.test('principals, operations, permissions, patterns, hosts', async (t) => {
  t.equal(parsePrincipalArg('User:alice', 'kafka'), 'User:alice');
  t.equal(parsePrincipalArg('User:*', 'kafka'), 'User:*');
  t.equal(parsePrincipalArg('all', 'fluss'), '*:*', 'ALL is the Fluss wildcard, as in the Flink procedures');
  t.throws(() => parsePrincipalArg('all', 'kafka'), /not in the form Type:Name/);
  t.throws(() => parsePrincipalArg('User:a:b', 'fluss'), /exactly one Type:Name pair/);
  t.equal(parsePrincipalArg('User:a:b', 'kafka'), 'User:a:b', 'kafka splits at the first colon');
  t.throws(() => parsePrincipalArg(':bob', 'kafka'), /Type:Name/);
  t.throws(() => parsePrincipalArg('User:', 'kafka'), /Type:Name/);
  t.throws(() => parsePrincipalArg(' User:a', 'kafka'), /leading or trailing spaces/);
  t.equal(parseOperationArg('describe-configs', 'kafka'), 'DESCRIBE_CONFIGS');
  t.equal(parseOperationArg('drop', 'fluss'), 'DROP');
  t.throws(() => parseOperationArg('ANY', 'fluss'), /not a fluss operation/);
  t.equal(parseOperationArg('any', 'fluss', true), 'ANY');
  t.throws(() => parseOperationArg('DELETE', 'fluss'), /not a fluss operation/);
  t.equal(parsePermissionArg('deny', 'kafka'), 'DENY');
  t.throws(() => parsePermissionArg('DENY', 'fluss'), /fluss has no DENY/);
  t.throws(() => parsePermissionArg('ANY', 'kafka'), /one of ALLOW, DENY/);
  t.equal(parsePatternArg('prefixed', 'kafka'), 'PREFIXED');
  t.throws(() => parsePatternArg('MATCH', 'kafka'), /one of LITERAL, PREFIXED$/);
  t.equal(parsePatternArg('MATCH', 'kafka', true), 'MATCH');
  t.throws(() => parsePatternArg('PREFIXED', 'fluss'), /no pattern types/);
  t.equal(parseHostArg('*'), '*');
  t.equal(parseHostArg('10.0.0.1'), '10.0.0.1');
  t.equal(parseHostArg('::1'), '0:0:0:0:0:0:0:1', 'IPv6 in the Java form the brokers compare');
  t.equal(parseHostArg('::ffff:10.0.0.1'), '10.0.0.1');
  t.throws(() => parseHostArg('localhost'), /must be \* or an IP address/);
});

t.test('combinations and filters', async (t) => {
  t.same(combinations({ a: [1, 2], b: ['x', 'y'] }), [
    { a: 1, b: 'x' },
    { a: 1, b: 'y' },
    { a: 2, b: 'x' },
    { a: 2, b: 'y' },
  ]);
  t.same(combinations({ a: [1], b: [] }), [], 'an empty list gives nothing');
  const args = { values: { principal: ['User:a', 'User:b'] }, positionals: [] };
  t.same(filtersFromArgs(args, 'kafka', [], 'ANY'), [
    { protocol: 'kafka', resourceType: 'ANY', resourceName: null, principal: 'User:a', host: null, operation: 'ANY', permission: 'ANY', patternType: 'ANY' },
    { protocol: 'kafka', resourceType: 'ANY', resourceName: null, principal: 'User:b', host: null, operation: 'ANY', permission: 'ANY', patternType: 'ANY' },
  ]);
  t.same(filtersFromArgs({ values: {}, positionals: [] }, 'fluss', [parseResourceArg('cluster')], 'ANY'), [
    { protocol: 'fluss', resourceType: 'CLUSTER', resourceName: 'fluss-cluster', principal: null, host: null, operation: 'ANY', permission: 'ANY' },
  ]);
});
