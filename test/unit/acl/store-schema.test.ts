import t from 'tap';
import { formatAclStore, parseAclStore } from '../../../src/acl/store-schema.js';
import type { TaggedAclEntry } from '../../../src/acl/types.js';

const GOOD = `# hand-written
version: 1
acls:
  - protocol: kafka
    principal: User:alice
    resourceType: TOPIC
    resourceName: orders
    operation: READ
  - protocol: kafka
    principal: "User:*"
    host: 10.0.0.1
    resourceType: CLUSTER
    patternType: LITERAL
    operation: IDEMPOTENT_WRITE
    permission: DENY
  - protocol: fluss
    principal: "*:*"
    resourceType: TABLE
    resourceName: db.t
    operation: DESCRIBE
`;

t.test('parses entries and fills defaults', async (t) => {
  const entries = parseAclStore(GOOD, 'acls.yaml');
  t.same(entries, [
    { protocol: 'kafka', principal: 'User:alice', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW' },
    { protocol: 'kafka', principal: 'User:*', host: '10.0.0.1', resourceType: 'CLUSTER', resourceName: 'kafka-cluster', patternType: 'LITERAL', operation: 'IDEMPOTENT_WRITE', permission: 'DENY' },
    { protocol: 'fluss', principal: '*:*', host: '*', resourceType: 'TABLE', resourceName: 'db.t', patternType: 'LITERAL', operation: 'DESCRIBE', permission: 'ALLOW' },
  ]);
  t.same(parseAclStore(''), [], 'empty file');
  t.same(parseAclStore('version: 1\n'), [], 'no acls key');
  t.same(parseAclStore('acls:\n'), [], 'empty acls');
  t.same(parseAclStore('acls: []\n'), []);
});

t.test('errors name the source, line and entry', async (t) => {
  const bad = (text: string, re: RegExp, what: string): void => {
    t.throws(() => parseAclStore(text, 'acls.yaml'), { code: 'SW_ERR_CONFIG_INVALID', message: re }, what);
  };
  bad(GOOD.replace('operation: DESCRIBE', 'operation: DELETE'), /acls\.yaml line 20: entry 2: operation 'DELETE' is not one of/, 'Fluss has no DELETE');
  bad(GOOD.replace('resourceName: orders', 'resourceName: 42'), /line 7: entry 0: resourceName must be a string \(quote it\)/, 'numbers must be quoted');
  bad(GOOD.replace('permission: DENY', 'permision: DENY'), /line 15: entry 1: unknown key 'permision'/, 'typos are caught');
  bad(GOOD.replace('protocol: fluss', 'protocol: http'), /line 16: entry 2: protocol must be one of 'fluss', 'kafka', 'flink'/, 'protocol');
  bad(GOOD.replace('principal: "*:*"', 'principal: *'), /acls\.yaml line 17: YAML:/, 'YAML syntax (a bare * is an alias)');
  bad(GOOD.replace('version: 1', 'version: 2'), /line 2: unsupported version 2/, 'version');
  bad('acls: {a: 1}\n', /line 1: `acls` must be a list/, 'acls shape');
  bad('- a\n', /top level must be a mapping/, 'top level');
  bad('acls: []\nextra: 1\n', /line 2: unknown top-level key 'extra'/, 'top-level typo');
  bad('acls:\n  - protocol: kafka\n    principal: User:a\n    resourceType: TOPIC\n    operation: READ\n', /line 2: entry 0: resourceName must be a string/, 'name required');
  bad('acls: []\nacls: []\n', /YAML/, 'duplicate keys');
});

t.test('formatAclStore round-trips and quotes what YAML needs', async (t) => {
  const entries = parseAclStore(GOOD);
  const text = formatAclStore(entries);
  t.match(text, /^# streamward ACL store/);
  t.match(text, /principal: "\*:\*"/);
  t.same(parseAclStore(text), entries);
  const odd: TaggedAclEntry[] = [
    { protocol: 'kafka', principal: 'User:CN=a, O=b', host: '*', resourceType: 'TOPIC', resourceName: 'yes', patternType: 'PREFIXED', operation: 'ALL', permission: 'ALLOW' },
  ];
  t.same(parseAclStore(formatAclStore(odd)), odd, 'values YAML would read as other types survive');
  t.same(parseAclStore(formatAclStore([])), []);
});

const FLINK = `version: 1
acls:
  - protocol: flink
    principal: User:viewer
    resourceType: CLUSTER
    operation: DESCRIBE
  - protocol: flink
    principal: "User:*"
    host: 10.0.0.5
    resourceType: JOB
    resourceName: a5e0edd8e66b53f1b89c2041f91b8fd2
    operation: ALL
  - protocol: flink
    principal: "*:*"
    resourceType: JOB
    resourceName: "*"
    operation: READ
`;

t.test('flink entries: parsed with defaults, errors name line and entry, round trip', async (t) => {
  const entries = parseAclStore(FLINK, 'acls.yaml');
  t.same(entries, [
    { protocol: 'flink', principal: 'User:viewer', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'DESCRIBE', permission: 'ALLOW' },
    { protocol: 'flink', principal: 'User:*', host: '10.0.0.5', resourceType: 'JOB', resourceName: 'a5e0edd8e66b53f1b89c2041f91b8fd2', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' },
    { protocol: 'flink', principal: '*:*', host: '*', resourceType: 'JOB', resourceName: '*', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW' },
  ]);
  const bad = (text: string, re: RegExp, what: string): void => {
    t.throws(() => parseAclStore(text, 'acls.yaml'), { code: 'SW_ERR_CONFIG_INVALID', message: re }, what);
  };
  bad(FLINK.replace('resourceName: a5e0', 'resourceName: A5E0'), /acls\.yaml line 11: entry 1: JOB 'A5E0.*' is not a Flink job id/, 'upper-case job id');
  bad(FLINK.replace('host: 10.0.0.5', 'host: flink.internal'), /line 9: entry 1: host 'flink.internal' is not \* or an IP address/, 'host name');
  bad(FLINK.replace('operation: DESCRIBE', 'operation: DELETE'), /line 6: entry 0: operation 'DELETE' is not one of/, 'Flink says DROP');
  bad(FLINK.replace('resourceType: CLUSTER', 'resourceType: TABLE\n    resourceName: db.t'), /line 5: entry 0: resourceType 'TABLE' is not one of CLUSTER, JOB \(flink\)/, 'Fluss type');
  bad(FLINK.replace('operation: READ', 'operation: READ\n    permission: DENY'), /line 18: entry 2: permission 'DENY' is not one of ALLOW \(flink\)/, 'no DENY');
  bad(FLINK.replace('operation: READ', 'operation: READ\n    patternType: PREFIXED'), /line 18: entry 2: patternType 'PREFIXED'/, 'no PREFIXED');
  bad(FLINK.replace('resourceType: CLUSTER', 'resourceType: CLUSTER\n    resourceName: fluss-cluster'), /line 6: entry 0: .*flink-cluster and \*/, "another protocol's cluster");
  bad(
    FLINK.replace('resourceName: a5e0edd8e66b53f1b89c2041f91b8fd2', 'resourceName: 12345678901234567890123456789012'),
    /line 11: entry 1: resourceName must be a string \(quote it\)/,
    'an all-digit id must be quoted',
  );
  const mixed = [...parseAclStore(GOOD), ...entries];
  const text = formatAclStore(mixed);
  t.match(text, /protocol: flink/);
  t.same(parseAclStore(text), mixed, 'kafka, fluss and flink entries survive one file');
  const digits: TaggedAclEntry[] = [
    { ...entries[1], resourceName: '12345678901234567890123456789012' },
    { ...entries[1], resourceName: '1234567890123456789012345678e901' },
  ];
  t.same(parseAclStore(formatAclStore(digits)), digits, 'ids YAML would read as numbers are quoted when written');
});
