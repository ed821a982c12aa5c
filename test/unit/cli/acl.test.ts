/**
 * `streamward acl` as a real process on temp store files: add/list round trips in the Fluss
 * list_acl and kafka-acls formats, remove, explain (ACL, DENY ACL, super user, default deny,
 * allowIfNoAcl, hosts), invalid input leaving the file byte-identical, import-rbac, help.
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAclFile } from '../../../src/acl/store-file.js';
import { main } from '../../../src/cli/dispatch.js';
import { memoryIO } from './io.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'acl', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 60_000,
    input: '',
    env: { PATH: process.env.PATH },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in this process (the dispatcher's main), for the long lists of cases. */
async function inProcess(args: string[]): Promise<Run> {
  const io = memoryIO();
  const status = await main(['acl', ...args], io);
  return { status, stdout: io.out(), stderr: io.err() };
}

function ok(t: Test, r: Run): Run {
  t.equal(r.status, 0, r.stderr);
  return r;
}

const CONFIG = (protocol: string) => `clusters:
  c: { protocol: ${protocol}, bootstrap: ["b:9092"] }
listeners:
  - { name: a, cluster: c, bind: "127.0.0.1:0", nodePorts: auto }
principals: { superUsers: [User:admin] }
acls: { store: acls.yaml, allowIfNoAcl: true }
`;

t.test('fluss: add with both resource syntaxes, list in list_acl format, filters, duplicates', async (t) => {
  const file = join(t.testdir({}), 'acls.yaml');
  const add = ok(t, cli(['add', '--file', file, '--principal', 'User:marketing', '--operation', 'all', '--resource', 'database:marketing_db']));
  t.equal(add.stdout, 'added: resource="cluster.marketing_db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"\n');
  ok(t, cli(['add', '--file', file, '--principal', 'User:finance', '--operation', 'ALL', '--resource', 'cluster.finance_db']));
  ok(t, cli(['add', '--file', file, '--protocol', 'fluss', '--principal', 'User:developer', '--operation', 'WRITE', '--resource', 'cluster', '--host', '10.0.0.7']));
  ok(t, cli(['add', '--file', file, '--principal', 'User:consumer', '--operation', 'READ', '--resource', 'CLUSTER.fluss.fluss_order']));
  const list = ok(t, cli(['list', '--file', file, '--protocol', 'fluss']));
  t.equal(
    list.stdout,
    [
      'resource="cluster.marketing_db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"',
      'resource="cluster.finance_db";permission="ALLOW";principal="User:finance";operation="ALL";host="*"',
      'resource="cluster";permission="ALLOW";principal="User:developer";operation="WRITE";host="10.0.0.7"',
      'resource="cluster.fluss.fluss_order";permission="ALLOW";principal="User:consumer";operation="READ";host="*"',
      '',
    ].join('\n'),
  );
  const stored = (await loadAclFile(file)).entries;
  t.same(
    stored.map((e) => [e.protocol, e.resourceType, e.resourceName]),
    [
      ['fluss', 'DATABASE', 'marketing_db'],
      ['fluss', 'DATABASE', 'finance_db'],
      ['fluss', 'CLUSTER', 'fluss-cluster'],
      ['fluss', 'TABLE', 'fluss.fluss_order'],
    ],
  );
  t.equal(
    ok(t, cli(['list', '--file', file, '--principal', 'User:finance', '--protocol', 'fluss'])).stdout,
    'resource="cluster.finance_db";permission="ALLOW";principal="User:finance";operation="ALL";host="*"\n',
  );
  t.equal(ok(t, cli(['list', '--file', file, '--resource', 'database'])).stdout.split('\n').length - 1, 2, 'a bare type lists every name');
  t.equal(ok(t, cli(['list', '--file', file, '--host', '10.0.0.7'])).stdout.split('\n').length - 1, 1);

  const before = readFileSync(file, 'utf8');
  const dup = ok(t, cli(['add', '--file', file, '--principal', 'User:finance', '--operation', 'ALL', '--resource', 'database:finance_db']));
  t.match(dup.stdout, /^already present: resource="cluster\.finance_db"/);
  t.equal(readFileSync(file, 'utf8'), before, 'a duplicate changes nothing');
});

t.test('kafka: add (combinations, prefixed, deny), list in kafka-acls format, remove', async (t) => {
  const file = join(t.testdir({}), 'acls.yaml');
  ok(t, cli(['add', '--file', file, '--principal', 'User:alice', '--operation', 'READ', '--operation', 'describe', '--resource', 'topic:orders']));
  ok(t, cli(['add', '--file', file, '--principal', 'User:bob', '--operation', 'WRITE', '--resource', 'topic:orders-', '--pattern', 'PREFIXED', '--resource', 'transactional-id:tx']));
  ok(t, cli(['add', '--file', file, '--principal', 'User:bob', '--operation', 'READ', '--resource', 'topic:orders', '--permission', 'deny', '--host', '::1']));
  const list = ok(t, cli(['list', '--file', file, '--protocol', 'kafka']));
  t.equal(
    list.stdout,
    'Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n' +
      ' \t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)\n' +
      '\t(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)\n' +
      '\t(principal=User:bob, host=0:0:0:0:0:0:0:1, operation=READ, permissionType=DENY) \n\n' +
      'Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders-, patternType=PREFIXED)`: \n' +
      ' \t(principal=User:bob, host=*, operation=WRITE, permissionType=ALLOW) \n\n' +
      'Current ACLs for resource `ResourcePattern(resourceType=TRANSACTIONAL_ID, name=tx, patternType=PREFIXED)`: \n' +
      ' \t(principal=User:bob, host=*, operation=WRITE, permissionType=ALLOW) \n\n',
  );
  const match = ok(t, cli(['list', '--file', file, '--resource', 'topic:orders-1', '--pattern', 'MATCH']));
  t.match(match.stdout, /name=orders-, patternType=PREFIXED/);
  t.notMatch(match.stdout, /name=orders,/, 'MATCH: only entries that apply to orders-1');
  t.match(
    ok(t, cli(['list', '--file', file, '--permission', 'DENY'])).stdout,
    /^Current ACLs .*\n \t\(principal=User:bob, host=0:0:0:0:0:0:0:1, operation=READ, permissionType=DENY\) \n\n$/,
    'DENY implies kafka when no protocol is given',
  );

  const removed = ok(t, cli(['remove', '--file', file, '--resource', 'topic:orders', '--principal', 'User:alice']));
  t.equal(
    removed.stdout,
    'removed: ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=READ, permissionType=ALLOW)\n' +
      'removed: ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)\n',
  );
  const before = readFileSync(file, 'utf8');
  const none = cli(['remove', '--file', file, '--resource', 'topic:orders-', '--principal', 'User:bob']);
  t.equal(none.status, 1, 'remove defaults to LITERAL, as kafka-acls --remove');
  t.match(none.stderr, /streamward acl remove: no ACL entry matches; nothing removed/);
  t.equal(readFileSync(file, 'utf8'), before);
  ok(t, cli(['remove', '--file', file, '--resource', 'topic', '--pattern', 'ANY']));
  t.same(
    (await loadAclFile(file)).entries.map((e) => e.resourceType),
    ['TRANSACTIONAL_ID'],
    'a bare type removes every topic entry',
  );
});

t.test('explain: deciding entry, DENY, super user, default deny, allowIfNoAcl, hosts', async (t) => {
  const dir = t.testdir({ 'fluss.yaml': CONFIG('fluss'), 'kafka.yaml': CONFIG('kafka') });
  const file = join(dir, 'acls.yaml');
  ok(t, cli(['add', '-c', join(dir, 'fluss.yaml'), '--principal', 'User:developer', '--operation', 'WRITE', '--resource', 'cluster']));
  ok(t, cli(['add', '-c', join(dir, 'fluss.yaml'), '--principal', 'User:consumer', '--operation', 'READ', '--resource', 'cluster', '--host', '10.0.0.7']));
  const fluss = ['explain', '-c', join(dir, 'fluss.yaml')];
  t.equal(
    ok(t, cli([...fluss, '--principal', 'User:developer', '--operation', 'WRITE', '--resource', 'table:fluss.fluss_order'])).stdout,
    `ALLOWED fluss User:developer from *: WRITE on TABLE 'fluss.fluss_order' - ACL resource="cluster";permission="ALLOW";principal="User:developer";operation="WRITE";host="*"\n`,
  );
  t.equal(
    ok(t, cli([...fluss, '--principal', 'User:developer', '--operation', 'CREATE', '--resource', 'database:fluss'])).stdout,
    `DENIED fluss User:developer from *: CREATE on DATABASE 'fluss' - default deny (no ACL matched)\n`,
  );
  t.match(
    ok(t, await inProcess([...fluss, '--principal', 'User:admin', '--operation', 'CREATE', '--resource', 'database:fluss'])).stdout,
    /^ALLOWED fluss User:admin from \*: CREATE on DATABASE 'fluss' - super user User:admin$/m,
    'superUsers from the config',
  );
  t.match(
    ok(t, await inProcess(['explain', '--file', file, '--protocol', 'fluss', '--principal', 'User:admin', '--operation', 'CREATE', '--resource', 'database:fluss'])).stdout,
    /^DENIED .* default deny/,
    'with --file there is no config, so no super user',
  );
  t.match(
    ok(t, await inProcess(['explain', '--file', file, '--protocol', 'fluss', '--super-user', 'User:admin', '--principal', 'User:admin', '--operation', 'CREATE', '--resource', 'database:fluss']))
      .stdout,
    /^ALLOWED .* super user/,
  );
  const consumer = [...fluss, '--principal', 'User:consumer', '--operation', 'READ', '--resource', 'cluster.fluss.fluss_order'];
  t.match(ok(t, await inProcess([...consumer, '--host', '10.0.0.7'])).stdout, /^ALLOWED fluss User:consumer from 10\.0\.0\.7: READ on TABLE 'fluss\.fluss_order' - ACL /);
  t.match(ok(t, await inProcess([...consumer, '--host', '10.0.0.8'])).stdout, /^DENIED .* default deny \(no ACL matched\)$/m);
  const noHost = ok(t, await inProcess(consumer));
  t.match(noHost.stdout, /^DENIED fluss User:consumer from \*/);
  t.match(noHost.stderr, /no --host given; entries limited to one client address were not considered/);

  const kafka = ['explain', '-c', join(dir, 'kafka.yaml')];
  ok(t, cli(['add', '-c', join(dir, 'kafka.yaml'), '--principal', 'User:*', '--operation', 'READ', '--resource', 'topic:pay', '--pattern', 'PREFIXED']));
  ok(t, await inProcess(['add', '-c', join(dir, 'kafka.yaml'), '--principal', 'User:eve', '--operation', 'READ', '--resource', 'topic:payroll', '--permission', 'DENY']));
  t.match(
    ok(t, await inProcess([...kafka, '--principal', 'User:eve', '--operation', 'READ', '--resource', 'topic:payroll'])).stdout,
    /^DENIED kafka User:eve from \*: READ on TOPIC 'payroll' - DENY ACL ResourcePattern\(resourceType=TOPIC, name=payroll, patternType=LITERAL\) \(principal=User:eve, host=\*, operation=READ, permissionType=DENY\)$/m,
  );
  t.match(
    ok(t, await inProcess([...kafka, '--principal', 'User:sam', '--operation', 'DESCRIBE', '--resource', 'topic:payments'])).stdout,
    /^ALLOWED .* - ACL ResourcePattern\(resourceType=TOPIC, name=pay, patternType=PREFIXED\) \(principal=User:\*, /m,
    'READ implies DESCRIBE',
  );
  t.match(ok(t, await inProcess([...kafka, '--principal', 'User:sam', '--operation', 'WRITE', '--resource', 'topic:payments'])).stdout, /^DENIED .* default deny \(no ACL matched\)$/m);
  t.match(
    ok(t, await inProcess([...kafka, '--principal', 'User:sam', '--operation', 'WRITE', '--resource', 'topic:other'])).stdout,
    /^ALLOWED .* no ACL on this resource; allowIfNoAcl allows$/m,
    'allowIfNoAcl from the config',
  );
  t.match(
    ok(t, await inProcess(['explain', '--file', file, '--principal', 'User:sam', '--operation', 'WRITE', '--resource', 'topic:other'])).stdout,
    /^DENIED kafka .* default deny \(no ACL on this resource\)$/m,
    'without the config: deny',
  );
});

t.test('invalid input exits 1 (or 2 for usage) and leaves the store file byte-identical', async (t) => {
  const bad = 'version: 1\nacls:\n  - protocol: kafka\n    principal: nobody\n    resourceType: TOPIC\n    resourceName: t\n    operation: READ\n';
  const dir = t.testdir({ 'bad.yaml': bad });
  const file = join(dir, 'acls.yaml');
  ok(t, cli(['add', '--file', file, '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t']));
  const before = readFileSync(file, 'utf8');
  const add = ['add', '--file', file];
  const failures: Array<[string[], RegExp]> = [
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'table:db.t', '--permission', 'DENY'], /--permission "DENY" is not valid for fluss.*fluss has no DENY/],
    [[...add, '--principal', 'alice', '--operation', 'READ', '--resource', 'topic:t'], /--principal "alice" is not in the form Type:Name/],
    [[...add, '--principal', 'User:a\nb', '--operation', 'READ', '--resource', 'topic:t'], /--principal contains a control character/],
    [[...add, '--principal', 'User:a', '--operation', 'FLY', '--resource', 'topic:t'], /--operation "FLY" is not a kafka operation/],
    [[...add, '--principal', 'User:a', '--operation', 'DROP', '--resource', 'topic:t'], /--operation "DROP" is not a kafka operation/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'table:orders'], /table name "orders" must be <database>\.<table>/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'cluster.a.b.c'], /resource must be in format cluster/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t', '--protocol', 'fluss'], /TOPIC is a kafka resource, but --protocol is fluss/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t', '--resource', 'table:d.t'], /mix kafka and fluss resources/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'cluster'], /which protocol\? give --protocol fluss\|kafka\|flink/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'cluster:prod'], /the cluster is called fluss-cluster \(fluss\), kafka-cluster \(kafka\), flink-cluster \(flink\)/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'queue:q'], /expected cluster, table:<db>\.<table>/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:'], /empty name/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'table:d.t', '--pattern', 'PREFIXED'], /fluss ACLs have no pattern types/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t', '--host', 'client.example.com'], /--host "client\.example\.com" must be \* or an IP address/],
    [[...add, '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t', '--protocol', 'pulsar'], /--protocol "pulsar": expected fluss, kafka, flink/],
    [['explain', '--file', file, '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t', '--host', '*'], /--host names one client address/],
    [['add', '--file', join(dir, 'bad.yaml'), '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t'], /bad\.yaml line 4: entry 0: principal 'nobody' is not in the form Type:Name/],
  ];
  for (const [i, [argv, message]] of failures.entries()) {
    const r = i < 2 ? cli(argv) : await inProcess(argv); // the first two as a real process, the rest in-process
    t.equal(r.status, 1, argv.join(' '));
    t.match(r.stderr, message, argv.join(' '));
  }
  const usage: Array<[string[], RegExp]> = [
    [['add', '--file', file, '--operation', 'READ', '--resource', 'topic:t'], /streamward acl add: missing required option --principal/],
    [['remove', '--file', file, '--principal', 'User:a'], /missing required option --resource/],
    [['explain', '--file', file, '--principal', 'User:a', '--resource', 'topic:t'], /missing required option --operation/],
    [['add', '--principal', 'User:a', '--operation', 'READ', '--resource', 'topic:t'], /missing -c\/--config <config> or --file <path>/],
    [['list', '--file', file, '--topic', 't'], /Unknown option '--topic'/],
    [['grant'], /unknown subcommand "grant"/],
  ];
  for (const [i, [argv, message]] of usage.entries()) {
    const r = i < 1 ? cli(argv) : await inProcess(argv);
    t.equal(r.status, 2, argv.join(' '));
    t.match(r.stderr, message, argv.join(' '));
  }
  t.equal(readFileSync(file, 'utf8'), before, 'the store file is unchanged');
  t.equal(readFileSync(join(dir, 'bad.yaml'), 'utf8'), bad, 'an invalid store is not rewritten');
});

t.test('import-rbac compiles a Fluvio policy into entries; dry run; warnings; bad JSON', async (t) => {
  const policy = JSON.stringify({
    Admin: { Database: ['All'] },
    Producer: { Topic: ['Update:sales.orders', 'Create:sales.orders'], SmartModule: ['All'] },
  });
  const dir = t.testdir({
    'policy.json': policy,
    'scopes.json': JSON.stringify({ marketing: ['Admin'], 'User:app': ['Producer', 'Ghost'] }),
    'roles.json': JSON.stringify({ Producer: ['app2'] }),
    'broken.json': '{ "Admin": ',
  });
  const file = join(dir, 'acls.yaml');
  const args = [join(dir, 'policy.json'), join(dir, 'scopes.json'), '--file', file, '--protocol', 'fluss'];
  const dry = ok(t, cli(['import-rbac', ...args, '--dry-run']));
  t.match(dry.stdout, /^would add: resource="cluster\.\*";permission="ALLOW";principal="User:marketing";operation="ALL";host="\*"$/m);
  t.match(dry.stdout, /dry run: nothing written/);
  t.equal(existsSync(file), false, 'a dry run writes nothing');

  const real = ok(t, cli(['import-rbac', ...args]));
  t.match(real.stderr, /warning: role 'Producer': object type 'SmartModule' has no fluss resource; skipped/);
  t.match(real.stderr, /warning: principal 'User:app': role 'Ghost' is not in the policy/);
  t.match(real.stdout, /4 entries from the policy, 4 new/);
  const list = ok(t, cli(['list', '--file', file, '--protocol', 'fluss']))
    .stdout.trimEnd()
    .split('\n')
    .sort();
  t.same(list, [
    'resource="cluster.*";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"',
    'resource="cluster.sales";permission="ALLOW";principal="User:app";operation="CREATE";host="*"',
    'resource="cluster.sales.orders";permission="ALLOW";principal="User:app";operation="ALTER";host="*"',
    'resource="cluster.sales.orders";permission="ALLOW";principal="User:app";operation="WRITE";host="*"',
  ]);
  t.match(ok(t, cli(['explain', '--file', file, '--principal', 'User:app', '--operation', 'WRITE', '--resource', 'table:sales.orders'])).stdout, /^ALLOWED/);

  const before = readFileSync(file, 'utf8');
  t.match(ok(t, cli(['import-rbac', ...args])).stdout, /4 entries from the policy, 0 new/);
  t.equal(readFileSync(file, 'utf8'), before, 're-import writes nothing new');
  const broken = cli(['import-rbac', join(dir, 'broken.json'), join(dir, 'scopes.json'), '--file', file, '--protocol', 'fluss']);
  t.equal(broken.status, 1);
  t.match(broken.stderr, /RBAC policy is not valid JSON/);
  const format = cli(['import-rbac', ...args, '--scopes-format', 'sideways']);
  t.equal(format.status, 1);
  t.match(format.stderr, /--scopes-format "sideways": one of principal-roles, role-principals/);
  t.equal(readFileSync(file, 'utf8'), before, 'failed imports change nothing');

  const kafka = ok(t, cli(['import-rbac', join(dir, 'policy.json'), join(dir, 'roles.json'), '--file', file, '--protocol', 'kafka', '--scopes-format', 'role-principals', '--host', '10.1.2.3']));
  t.match(kafka.stdout, /^added: ResourcePattern\(resourceType=TOPIC, name=sales\.orders, patternType=LITERAL\) \(principal=User:app2, host=10\.1\.2\.3, operation=WRITE, permissionType=ALLOW\)$/m);
  t.equal((await loadAclFile(file)).entries.filter((e) => e.protocol === 'kafka').length, 4, 'WRITE, ALTER, ALTER_CONFIGS, CREATE');
  t.equal(cli(['import-rbac', join(dir, 'policy.json'), '--file', file]).status, 2, 'two files are required');
});

t.test('flink (the HTTP listener): job and cluster resources, list, explain, protocol from an http config', async (t) => {
  const job = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
  const dir = t.testdir({
    'http.yaml':
      'clusters:\n  f: { protocol: http, url: "http://127.0.0.1:8081" }\nlisteners:\n  - { name: h, cluster: f, bind: "127.0.0.1:0" }\n' +
      'principals: { superUsers: [User:admin] }\nacls: { store: acls.yaml }\n',
  });
  const config = join(dir, 'http.yaml');
  const add = ok(t, cli(['add', '-c', config, '--principal', 'User:ops', '--operation', 'ALTER', '--resource', `job:${job.toUpperCase()}`]));
  t.equal(add.stdout, `added: resource="job:${job}";permission="ALLOW";principal="User:ops";operation="ALTER";host="*"\n`, 'job ids are kept in lower case');
  ok(t, await inProcess(['add', '-c', config, '--principal', 'User:viewer', '--operation', 'DESCRIBE', '--resource', 'cluster']));
  t.equal(
    ok(t, await inProcess(['list', '-c', config])).stdout,
    [
      `resource="job:${job}";permission="ALLOW";principal="User:ops";operation="ALTER";host="*"`,
      'resource="cluster:flink-cluster";permission="ALLOW";principal="User:viewer";operation="DESCRIBE";host="*"',
      '',
    ].join('\n'),
    "the http cluster makes the config's protocol flink",
  );
  t.same(
    (await loadAclFile(join(dir, 'acls.yaml'))).entries.map((e) => e.protocol),
    ['flink', 'flink'],
  );
  t.match(
    ok(t, await inProcess(['explain', '-c', config, '--principal', 'User:ops', '--operation', 'ALTER', '--resource', `job:${job}`])).stdout,
    new RegExp(`^ALLOWED flink User:ops from \\*: ALTER on JOB '${job}' - ACL resource="job:${job}"`),
  );
  t.match(
    ok(t, await inProcess(['explain', '-c', config, '--principal', 'User:viewer', '--operation', 'ALTER', '--resource', `job:${job}`])).stdout,
    /^DENIED flink .* default deny \(no ACL matched\)$/m,
  );
  t.match(ok(t, await inProcess(['explain', '-c', config, '--principal', 'User:admin', '--operation', 'DROP', '--resource', `job:${job}`])).stdout, /super user User:admin/);
  const before = readFileSync(join(dir, 'acls.yaml'), 'utf8');
  for (const [argv, message] of [
    [['add', '-c', config, '--principal', 'User:x', '--operation', 'READ', '--resource', 'job:123'], /a job is job:<id> with a 32-digit hex job id/],
    [['add', '-c', config, '--principal', 'User:x', '--operation', 'READ', '--resource', 'cluster', '--permission', 'DENY'], /not valid for flink.*flink has no DENY/],
    [['add', '-c', config, '--principal', 'User:x', '--operation', 'READ', '--resource', `job:${job}`, '--pattern', 'PREFIXED'], /flink ACLs have no pattern types/],
  ] as Array<[string[], RegExp]>) {
    const r = await inProcess(argv);
    t.equal(r.status, 1, argv.join(' '));
    t.match(r.stderr, message);
  }
  t.equal(readFileSync(join(dir, 'acls.yaml'), 'utf8'), before);
});

t.test('help for the group and for each subcommand', async (t) => {
  const group = ok(t, cli(['--help']));
  t.match(group.stdout, /^Usage: streamward acl <add\|remove\|list\|explain\|import-rbac\|export\|import> \[options\]/);
  for (const sub of ['add', 'remove', 'list', 'explain', 'import-rbac']) t.match(group.stdout, new RegExp(`^  acl ${sub} `, 'm'));
  t.match(group.stdout, /--protocol fluss\|kafka/);
  t.equal(ok(t, await inProcess(['explain', '--help'])).stdout, group.stdout);
  const explain = ok(t, await inProcess(['help', 'explain']));
  t.match(explain.stdout, /^Usage: streamward acl explain --principal <Type:Name> --operation <op> --resource <resource> \[--host <ip>\]/);
  t.match(explain.stdout, /--allow-if-no-acl/);
  t.notMatch(explain.stdout, /--pattern/);
  t.match(ok(t, await inProcess(['help', 'import-rbac'])).stdout, /--scopes-format <format>/);
});

t.test('a store file written by hand is read and rewritten in its canonical form', async (t) => {
  const dir = t.testdir({});
  const file = join(dir, 'acls.yaml');
  writeFileSync(file, 'acls:\n  - { protocol: fluss, principal: "User:x", resourceType: CLUSTER, operation: READ }\n');
  ok(t, cli(['add', '--file', file, '--principal', 'User:y', '--operation', 'READ', '--resource', 'cluster', '--protocol', 'fluss']));
  t.same(
    (await loadAclFile(file)).entries.map((e) => `${e.principal} ${e.resourceName} ${e.host}`),
    ['User:x fluss-cluster *', 'User:y fluss-cluster *'],
  );
});
