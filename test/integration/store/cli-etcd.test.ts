// `streamward acl ...` and `streamward users ...` against a real etcd (through the gateway config's
// acls.etcd / credentials.etcd), and export/import between the file stores and etcd, both ways.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/dispatch.js';
import { parseConfig } from '../../../src/config/parse.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { EtcdDocumentStore } from '../../../src/store/etcd-document.js';
import { memoryIO } from '../../unit/cli/io.js';
import { startEtcd } from '../../helpers/etcd.js';

async function run(args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = memoryIO();
  const status = await main(args, io);
  return { status, out: io.out(), err: io.err() };
}

t.test('CLI on etcd, and export/import file <-> etcd', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-cli-etcd-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const etcd = await startEtcd();
  t.teardown(() => etcd.close());
  const etcdConfig = join(dir, 'gateway-etcd.yaml');
  writeFileSync(
    etcdConfig,
    `clusters:
  c: { protocol: kafka, bootstrap: ["b:9092"] }
listeners:
  - { name: a, cluster: c, bind: "127.0.0.1:0", nodePorts: auto, authentication: [sasl] }
credentials: { etcd: { endpoints: ["${etcd.endpoint}"], prefix: /cli/credentials } }
acls: { etcd: { endpoints: ["${etcd.endpoint}"], prefix: /cli/acls } }
`,
  );
  const config = parseConfig(readFileSync(etcdConfig, 'utf8'), etcdConfig);
  t.ok(config.acls.etcd && config.credentialsEtcd, 'the config names both etcd stores');
  t.throws(
    () =>
      parseConfig(
        'listeners: [{ name: a, cluster: c, bind: "127.0.0.1:0", nodePorts: auto }]\nclusters: { c: { protocol: kafka, bootstrap: ["b:1"] } }\nacls: { store: a.yaml, etcd: { endpoints: ["http://x:1"], prefix: /p } }\n',
        join(dir, 'x.yaml'),
      ),
    /either store/,
  );

  // acl add/list on etcd
  let r = await run(['acl', 'add', '-c', etcdConfig, '--principal', 'User:bob', '--operation', 'READ', '--resource', 'topic:orders']);
  t.equal(r.status, 0, r.err);
  r = await run(['acl', 'list', '-c', etcdConfig]);
  t.match(r.out, /User:bob.*READ|orders/, 'listed from etcd');
  const doc = new EtcdDocumentStore(config.acls.etcd!, { oneShot: true });
  t.match(await doc.read(), /resourceName: orders/, 'the entry is in etcd');

  // users add on etcd
  const io = memoryIO();
  writeFileSync(join(dir, 'pw'), 'bob-pw\n');
  t.equal(await main(['users', 'add', 'bob', '-c', etcdConfig, '--password-file', join(dir, 'pw'), '--mechanisms', 'PLAIN'], io), 0, io.err());
  const shared = await CredentialStore.openShared(new EtcdDocumentStore(config.credentialsEtcd!, { oneShot: true }));
  t.ok(await shared.verifyPlain('bob', 'bob-pw'), 'the user is in etcd');

  // export etcd -> file, import file -> etcd (another prefix via a second config), and back
  r = await run(['acl', 'export', '-c', etcdConfig, '--out', join(dir, 'acls-export.yaml')]);
  t.equal(r.status, 0, r.err);
  t.equal(statSync(join(dir, 'acls-export.yaml')).mode & 0o777, 0o600);
  r = await run(['acl', 'import', '--file', join(dir, 'acls-file.yaml'), join(dir, 'acls-export.yaml')]);
  t.equal(r.status, 0, r.err);
  t.match(readFileSync(join(dir, 'acls-file.yaml'), 'utf8'), /resourceName: orders/, 'etcd -> file');
  r = await run(['users', 'export', '-c', etcdConfig, '--out', join(dir, 'users-export.yaml')]);
  t.equal(r.status, 0, r.err);
  const other = etcdConfig.replace('.yaml', '-2.yaml');
  writeFileSync(other, readFileSync(etcdConfig, 'utf8').replaceAll('/cli/', '/cli2/'));
  r = await run(['users', 'import', '-c', other, join(dir, 'users-export.yaml')]);
  t.equal(r.status, 0, r.err);
  r = await run(['users', 'list', '-c', other]);
  t.match(r.out, /bob/, 'file -> etcd (users)');
  writeFileSync(join(dir, 'bad.yaml'), 'acls: [{ protocol: kafka }]\n');
  r = await run(['acl', 'import', '-c', other, join(dir, 'bad.yaml')]);
  t.equal(r.status, 1, 'an invalid export is refused');
  t.equal(await new EtcdDocumentStore({ ...config.acls.etcd!, prefix: '/cli2/acls' }, { oneShot: true }).read(), null, 'and nothing was written');
});
