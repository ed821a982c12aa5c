/**
 * `streamward users` as a real process (node --import tsx src/main.ts) on temp files: add with
 * the password on stdin or in a file, list without secrets, rotation (two credentials, remove
 * one), remove, import-jaas, -c vs --file, usage and failure exit codes. What was stored is
 * checked by verifying passwords against the written file with the CredentialStore.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { main } from '../../../src/cli/dispatch.js';
import { memoryIO } from './io.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 60_000,
    input: input ?? '',
    env: { PATH: process.env.PATH },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same command in this process, for cases that fail before any password is read. */
async function inProcess(args: string[]): Promise<Run> {
  const io = memoryIO();
  const status = await main(args, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

async function verifies(file: string, user: string, password: string): Promise<boolean> {
  return (await CredentialStore.load(file)).verifyPlain(user, password);
}

t.test('add reads the password from stdin; list shows ids, times and mechanisms but no secret', async (t) => {
  const file = join(t.testdir({}), 'users.yaml');
  const r = cli(['users', 'add', 'alice', '--file', file], 'correct horse battery\nsecond line is not the password\n');
  t.equal(r.status, 0, r.stderr);
  const m = /^added user alice with credential ([0-9a-f]{8}) \(PLAIN, SCRAM-SHA-256, SCRAM-SHA-512\)$/m.exec(r.stdout);
  t.ok(m, r.stdout);
  const id = m![1]!;
  t.equal(await verifies(file, 'alice', 'correct horse battery'), true, 'the first line is the password');
  t.equal(await verifies(file, 'alice', 'correct horse battery\n'), false, 'without its line ending');
  t.equal(statSync(file).mode & 0o777, 0o600, 'the file is private');
  t.notMatch(readFileSync(file, 'utf8'), /horse/, 'the file holds no password');

  const list = cli(['users', 'list', '--file', file]);
  t.equal(list.status, 0, list.stderr);
  const lines = list.stdout.trimEnd().split('\n');
  t.match(lines[0], /^USER +CREDENTIAL +CREATED +MECHANISMS$/);
  t.match(lines[1], new RegExp(`^alice +${id} +\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z +PLAIN,SCRAM-SHA-256,SCRAM-SHA-512$`));
  t.equal(lines.length, 2);
  const stored = readFileSync(file, 'utf8');
  const salt = /salt: (\S+)/.exec(stored)![1]!;
  t.notMatch(list.stdout, /horse/);
  t.notOk(list.stdout.includes(salt), 'no salt, hash or key is printed');
  const json = JSON.parse(cli(['users', 'list', '--json', '--file', file]).stdout) as Array<{ user: string; credentials: Array<{ id: string; mechanisms: string[] }> }>;
  t.same(
    json.map((u) => [u.user, u.credentials.map((c) => c.id)]),
    [['alice', [id]]],
  );
  t.notOk(JSON.stringify(json).includes(salt));
});

t.test('rotation: a second credential, both passwords work, then the old one is removed', async (t) => {
  const dir = t.testdir({ 'pw.txt': 'pw-two\r\nnot this\n' });
  const file = join(dir, 'users.yaml');
  const first = cli(['users', 'add', 'bob', '--file', file], 'pw-one');
  t.equal(first.status, 0, first.stderr);
  const oldId = /credential ([0-9a-f]{8})/.exec(first.stdout)![1]!;
  const second = cli(['users', 'add', 'bob', '--file', file, '--password-file', join(dir, 'pw.txt'), '--mechanisms', 'plain', '--id', 'v2']);
  t.equal(second.status, 0, second.stderr);
  t.match(second.stdout, /^added credential v2 to user bob \(PLAIN\)$/m);
  t.match(second.stdout, new RegExp(`bob now has 2 credentials.*\\(${oldId}\\)`));
  t.equal(await verifies(file, 'bob', 'pw-one'), true, 'old password still works');
  t.equal(await verifies(file, 'bob', 'pw-two'), true, 'new password works');
  const store = await CredentialStore.load(file);
  t.same(
    store.scramCredentials('bob', 'SCRAM-SHA-256').map((c) => c.id),
    [oldId],
    'the new credential has PLAIN only',
  );
  const list = cli(['users', 'list', '--file', file]).stdout;
  t.match(list, new RegExp(`^bob +${oldId} .* PLAIN,SCRAM-SHA-256,SCRAM-SHA-512$`, 'm'));
  t.match(list, /^bob +v2 +\S+ +PLAIN$/m);

  const before = readFileSync(file, 'utf8');
  const wrong = cli(['users', 'remove', 'bob', '--credential', 'nope', '--file', file]);
  t.equal(wrong.status, 1);
  t.match(wrong.stderr, new RegExp(`streamward users remove: user bob has no credential nope \\(it has: ${oldId}, v2\\); nothing changed`));
  t.equal(readFileSync(file, 'utf8'), before, 'file unchanged');

  const removed = cli(['users', 'remove', 'bob', '--credential', oldId, '--file', file]);
  t.equal(removed.status, 0, removed.stderr);
  t.equal(removed.stdout, `removed credential ${oldId} from user bob (1 left)\n`);
  t.equal(await verifies(file, 'bob', 'pw-one'), false, 'old password rejected after removal');
  t.equal(await verifies(file, 'bob', 'pw-two'), true);

  const gone = cli(['users', 'remove', 'bob', '--file', file]);
  t.equal(gone.status, 0, gone.stderr);
  t.equal(gone.stdout, 'removed user bob (1 credential(s))\n');
  const empty = cli(['users', 'list', '--file', file]);
  t.equal(empty.status, 0);
  t.equal(empty.stdout, '');
  t.match(empty.stderr, /no users in/);
  const again = cli(['users', 'remove', 'bob', '--file', file]);
  t.equal(again.status, 1);
  t.match(again.stderr, /no user bob; nothing changed/);
});

t.test('import-jaas: new users, rotation for existing ones, idempotent re-run, --replace', async (t) => {
  const jaas = [
    'KafkaServer {',
    '  org.apache.kafka.common.security.plain.PlainLoginModule required',
    '    username="broker" password="broker-pw"',
    '    user_carol="carol-new"',
    '    user_dave="d\\"q pw";  // a comment',
    '};',
  ].join('\n');
  const dir = t.testdir({ 'kafka_jaas.conf': jaas, 'empty.conf': 'x.PlainLoginModule required username="a" password="b";' });
  const file = join(dir, 'users.yaml');
  t.equal(cli(['users', 'add', 'carol', '--file', file], 'carol-old\n').status, 0);

  const r = cli(['users', 'import-jaas', join(dir, 'kafka_jaas.conf'), '--file', file]);
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^carol: added credential [0-9a-f]{8} \(the 1 older one\(s\) still work until removed\)$/m);
  t.match(r.stdout, /^dave: added user \(credential [0-9a-f]{8}\)$/m);
  t.match(r.stdout, `wrote ${file}`);
  t.notMatch(r.stdout + r.stderr, /carol-new|q pw|broker-pw/, 'no password printed');
  t.notMatch(readFileSync(file, 'utf8'), /carol-new|broker/, 'no password stored, broker login ignored');
  t.equal(await verifies(file, 'carol', 'carol-old'), true);
  t.equal(await verifies(file, 'carol', 'carol-new'), true);
  t.equal(await verifies(file, 'dave', 'd"q pw'), true, 'escaped quote unescaped');
  t.equal((await CredentialStore.load(file)).hasUser('broker'), false);

  const before = readFileSync(file, 'utf8');
  const rerun = cli(['users', 'import-jaas', join(dir, 'kafka_jaas.conf'), '--file', file]);
  t.equal(rerun.status, 0, rerun.stderr);
  t.match(rerun.stdout, /^carol: unchanged/m);
  t.match(rerun.stdout, /nothing to write/);
  t.equal(readFileSync(file, 'utf8'), before, 're-import changes nothing');

  const replace = cli(['users', 'import-jaas', '-', '--replace', '--file', file], 'm.PlainLoginModule required user_carol="carol-new";');
  t.equal(replace.status, 0, replace.stderr);
  t.match(replace.stdout, /^carol: replaced 2 credential\(s\) with [0-9a-f]{8}$/m);
  t.equal(await verifies(file, 'carol', 'carol-old'), false, 'replace drops the old password');
  t.equal(await verifies(file, 'carol', 'carol-new'), true);
  t.equal((await CredentialStore.load(file)).list().find((u) => u.user === 'carol')!.credentials.length, 1);

  const afterReplace = readFileSync(file, 'utf8');
  const none = cli(['users', 'import-jaas', join(dir, 'empty.conf'), '--file', file]);
  t.equal(none.status, 1);
  t.match(none.stderr, /no user_<name>="<password>" entries/);
  const broken = cli(['users', 'import-jaas', '-', '--file', file], 'm.PlainLoginModule required user_eve="s3cr');
  t.equal(broken.status, 1);
  t.match(broken.stderr, /JAAS config at offset \d+: unterminated quoted value/);
  t.notMatch(broken.stderr, /s3cr/);
  const missing = cli(['users', 'import-jaas', join(dir, 'nope.conf'), '--file', file]);
  t.equal(missing.status, 1);
  t.match(missing.stderr, /cannot read the JAAS file .*nope\.conf \(ENOENT\)/);
  t.equal(readFileSync(file, 'utf8'), afterReplace, 'failed imports change nothing');
});

t.test('-c takes the credentials file from the config', async (t) => {
  const config = (extra: string) => `clusters:\n  k: { protocol: kafka, bootstrap: ["b:9092"] }\nlisteners:\n  - { name: a, cluster: k, bind: "127.0.0.1:0", nodePorts: auto }\n${extra}`;
  const dir = t.testdir({ 'gw.yaml': config('credentials: data/users.yaml\n'), 'bare.yaml': config(''), 'bad.yaml': config('colour: red\n'), data: {} });
  const r = cli(['users', 'add', 'erin', '-c', join(dir, 'gw.yaml')], 'erin-pw');
  t.equal(r.status, 0, r.stderr);
  t.equal(await verifies(join(dir, 'data/users.yaml'), 'erin', 'erin-pw'), true, 'written where the config says');
  t.match(cli(['users', 'list', '-c', join(dir, 'gw.yaml')]).stdout, /^erin /m);
  const bare = cli(['users', 'list', '-c', join(dir, 'bare.yaml')]);
  t.equal(bare.status, 1);
  t.match(bare.stderr, /sets no `credentials`; give the credentials file with --file/);
  const bad = cli(['users', 'list', '-c', join(dir, 'bad.yaml')]);
  t.equal(bad.status, 1);
  t.match(bad.stderr, /unknown key "colour"/);
});

t.test('failures exit 1 and change nothing; usage errors exit 2', async (t) => {
  const dir = t.testdir({ 'broken.yaml': 'version: 1\nusers: [oops]\n' });
  const file = join(dir, 'users.yaml');
  writeFileSync(file, '');
  const failures: Array<[string[], string | undefined, RegExp]> = [
    [['users', 'add', 'fay', '--file', file], '', /empty password \(stdin\)/],
    [['users', 'add', 'fay', '--file', file], '\nsecret\n', /empty password/],
    [['users', 'add', 'fay', '--file', file, '--mechanisms', 'PLAIN,MD5'], 'pw', /unknown mechanism "MD5"/],
    [['users', 'add', 'fay', '--file', file, '--password-file', join(dir, 'none')], undefined, /cannot read the password file .*none \(ENOENT\)/],
    [['users', 'add', 'f\u0001y', '--file', file], 'pw', /invalid user name/],
    [['users', 'add', 'fay', '--file', join(dir, 'broken.yaml')], 'pw', /broken\.yaml\.users: expected a mapping/],
  ];
  for (const [argv, input, message] of failures) {
    // cases that fail before reading stdin run in this process (faster); the others spawn
    const r = input === undefined || argv.includes('--mechanisms') || argv[2]!.includes('\u0001') || argv.includes(join(dir, 'broken.yaml')) ? await inProcess(argv) : cli(argv, input);
    t.equal(r.status, 1, argv.join(' '));
    t.match(r.stderr, message, argv.join(' '));
  }
  t.equal(readFileSync(file, 'utf8'), '', 'nothing was written');
  const usage: Array<[string[], RegExp]> = [
    [['users'], /expected a subcommand first: add, remove, list, import-jaas/],
    [['users', 'rename'], /unknown subcommand "rename"/],
    [['users', 'add', 'fay', 'hunter2', '--file', file], /add takes exactly one user name/],
    [['users', 'add', 'fay'], /missing -c\/--config <config> or --file <path>/],
    [['users', 'list', '-c', 'a.yaml', '--file', file], /either -c\/--config or --file, not both/],
    [['users', 'list', '--file', file, '--password', 'x'], /streamward users list: Unknown option '--password'/],
    [['users', 'remove', '--file', file], /remove takes exactly one user name/],
  ];
  for (const [i, [argv, message]] of usage.entries()) {
    const r = i < 2 ? cli(argv) : await inProcess(argv);
    t.equal(r.status, 2, argv.join(' '));
    t.match(r.stderr, message, argv.join(' '));
  }
});

t.test('help for the group and for each subcommand', async (t) => {
  const group = cli(['users', '--help']);
  t.equal(group.status, 0);
  t.match(group.stdout, /^Usage: streamward users <add\|remove\|list\|import-jaas\|export\|import> \[options\]/);
  for (const sub of ['add <user>', 'remove <user>', 'list', 'import-jaas <jaas-file|->']) t.match(group.stdout, `  users ${sub}`);
  t.match(group.stdout, /--password-file <file> +read the password/);
  t.equal((await inProcess(['users', 'add', '--help'])).stdout, group.stdout, '<sub> --help shows the group help with every subcommand');
  const add = await inProcess(['users', 'help', 'add']);
  t.equal(add.status, 0);
  t.match(add.stdout, /^Usage: streamward users add <user>/);
  t.match(add.stdout, /-c, --config <config> +gateway config/);
  t.notMatch(add.stdout, /--replace/, 'only the options of add');
  const jaas = await inProcess(['users', 'help', 'import-jaas']);
  t.match(jaas.stdout, /--replace +an existing user keeps only the imported password/);
  t.equal((await inProcess(['users', 'help', 'nope'])).status, 2);
});
