// Attack (issue 12 point 12): the ACL store loses a change. The gateway used to rewrite the whole
// ACL file from memory when an ACL was created over the wire, while `streamward acl add` wrote the
// same file without a lock: an entry added by the CLI just before (inside the gateway's reload
// debounce) or during a CreateAcls vanished, so a DENY added by an operator could silently
// disappear. Now both take a lock beside the file, re-read it and apply their change to what
// they read. Real parts: a gateway from a config file in front of the librdkafka mock, kafkajs
// CreateAcls over the wire, and the CLI as a separate process.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { Registry } from 'prom-client';
import { parseConfig } from '../../src/config/parse.js';
import { startGateway } from '../../src/gateway.js';
import { createMemoryLogger } from '../../src/log.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { loadAclFile } from '../../src/acl/store-file.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { runProcess } from '../helpers/kafka/run-process.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

t.test('a CLI acl add racing a gateway CreateAcls: both entries survive', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-acl-race-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new' });
  t.teardown(() => cluster.stop());
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  await users.addUser('admin', 'admin-pw', { mechanisms: ['PLAIN'] });
  const yaml = `
clusters:
  kafka: { protocol: kafka, bootstrap: ["${cluster.bootstrap.split(',')[0]}"] }
listeners:
  - { name: kafka-sasl, cluster: kafka, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
principals: { superUsers: [User:admin] }
credentials: users.yaml
acls: { store: acls.yaml }
`;
  const configPath = path.join(dir, 'gateway.yaml');
  fs.writeFileSync(configPath, yaml);
  const { log } = createMemoryLogger('warn');
  const gw = await startGateway(parseConfig(yaml, configPath), { log, registry: new Registry(), admin: false });
  t.teardown(() => gw.close());
  const bootstrap = `127.0.0.1:${gw.listeners.get('kafka-sasl')!.boundPort}`;
  const admin = createKafkajs({ brokers: bootstrap, sasl: { mechanism: 'plain', username: 'admin', password: 'admin-pw' }, retries: 1 }).admin();
  await admin.connect();
  t.teardown(() => admin.disconnect());

  const overTheWire = (name: string) =>
    admin.createAcls({
      acl: [
        {
          resourceType: AclResourceTypes.TOPIC,
          resourceName: name,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: 'User:wire',
          host: '*',
          operation: AclOperationTypes.READ,
          permissionType: AclPermissionTypes.ALLOW,
        },
      ],
    });
  const cli = async (name: string) => {
    const r = await runProcess(
      process.execPath,
      ['--import=tsx', path.join(ROOT, 'src/main.ts'), 'acl', 'add', '-c', configPath, '--principal', 'User:cli', '--operation', 'READ', '--resource', `topic:${name}`],
      { timeoutMs: 60_000 },
    );
    t.equal(r.code, 0, `cli acl add ${name}: ${r.stderr}`);
  };
  const topicsIn = async (): Promise<string[]> => (await loadAclFile(path.join(dir, 'acls.yaml'))).entries.map((e) => `${e.principal}/${e.resourceName}`).sort();

  // 1. The CLI writes, and a CreateAcls lands before the gateway's watcher has re-read the file.
  await cli('cli-first');
  await overTheWire('wire-first');
  t.same(await topicsIn(), ['User:cli/cli-first', 'User:wire/wire-first'], 'the CLI entry written just before a CreateAcls survives it');

  // 2. Truly concurrent: CLI processes and CreateAcls calls interleaved.
  const names = [1, 2, 3].map((i) => `race-${i}`);
  await Promise.all([
    ...names.map((n) => cli(`cli-${n}`)),
    ...names.map(async (n, i) => {
      await new Promise((r) => setTimeout(r, 300 * i));
      await overTheWire(`wire-${n}`);
    }),
  ]);
  const all = await topicsIn();
  for (const n of names) {
    t.ok(all.includes(`User:cli/cli-${n}`), `CLI entry cli-${n} survived`);
    t.ok(all.includes(`User:wire/wire-${n}`), `CreateAcls entry wire-${n} survived`);
  }

  // 3. The gateway enforces the merged state (not only the file has it).
  // (the last CLI write reaches the gateway through its file watcher: allow it a few seconds)
  const inForce = async (): Promise<string[]> => {
    const described = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return described.resources.flatMap((r) => r.acls.map((a) => `${a.principal}/${r.resourceName}`)).sort();
  };
  let served = await inForce();
  for (const end = Date.now() + 10_000; JSON.stringify(served) !== JSON.stringify(all) && Date.now() < end; served = await inForce()) {
    await new Promise((r) => setTimeout(r, 200));
  }
  t.same(served, all, 'the gateway serves every entry of the file');
  t.equal(fs.statSync(path.join(dir, 'acls.yaml')).mode & 0o777, 0o600, 'the store file created by the first writer is 0600');
  t.same(
    fs.readdirSync(dir).filter((f) => f.includes('.lock')),
    [],
    'no lock file left behind',
  );
});
