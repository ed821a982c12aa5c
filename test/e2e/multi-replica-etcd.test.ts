// Three gateway replicas (separate processes, `streamward run -c ...`) sharing ACLs and users
// through one real etcd, in front of the librdkafka mock cluster and the Fluss test cluster:
// - an ACL created through replica A (kafkajs CreateAcls; Fluss CREATE_ACLS) is enforced by
//   replica C within 1 s (the propagation time is measured and printed);
// - a user added with `streamward users add` against etcd (config of B) logs in on A;
// - etcd stopped and restarted during traffic changes nothing for clients, while /readyz shows
//   degraded, and the replicas resync afterwards.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { startEtcd } from '../helpers/etcd.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { runProcess } from '../helpers/kafka/run-process.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussAclClient, FlussTestClient } from '../../testkit/fluss/client/index.js';
import { freePort } from '../helpers/free-port.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/main.ts');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<V>(what: string, probe: () => Promise<V | undefined>, ms = 30_000): Promise<V> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

interface Replica {
  name: string;
  kafka: number;
  fluss: number;
  admin: number;
  config: string;
  child?: ChildProcess;
  log: string;
}

async function readyz(r: Replica): Promise<{ ready: boolean; degraded?: boolean }> {
  const res = await fetch(`http://127.0.0.1:${r.admin}/readyz`, { signal: AbortSignal.timeout(2000) });
  return (await res.json()) as { ready: boolean; degraded?: boolean };
}

t.test('three replicas on one etcd', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-replicas-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const etcd = await startEtcd();
  t.teardown(() => etcd.close());
  const cluster = await startMockCluster({ brokers: 3, flavor: 'new', topics: [{ name: 'orders', partitions: 3 }], rebalanceDelayMs: 0 });
  t.teardown(() => cluster.stop());
  const fluss = await startFlussCluster({ tabletServers: 1 });
  t.teardown(() => fluss.stop());

  const store = (prefix: string) => `{ etcd: { endpoints: ["${etcd.endpoint}"], prefix: /sw-e2e/${prefix} } }`;
  const replicas: Replica[] = [];
  for (const name of ['A', 'B', 'C']) {
    const r: Replica = { name, kafka: await freePort(), fluss: await freePort(), admin: await freePort(), config: path.join(dir, `gateway-${name}.yaml`), log: '' };
    fs.writeFileSync(
      r.config,
      `
clusters:
  kafka: { protocol: kafka, bootstrap: ["${cluster.bootstrap.split(',')[0]}"] }
  fluss: { protocol: fluss, bootstrap: ["${fluss.bootstrap}"] }
listeners:
  - { name: kafka, cluster: kafka, bind: 127.0.0.1:${r.kafka}, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
  - { name: fluss, cluster: fluss, bind: 127.0.0.1:${r.fluss}, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
principals: { superUsers: [User:admin] }
credentials: ${store('credentials')}
acls: ${store('acls')}
admin: { bind: 127.0.0.1:${r.admin} }
log: { level: warn }
`,
    );
    replicas.push(r);
  }
  const [A, B, C] = replicas as [Replica, Replica, Replica];
  const usersAdd = async (r: Replica, user: string, password: string) => {
    const res = await runProcess(process.execPath, ['--import=tsx', MAIN, 'users', 'add', user, '-c', r.config, '--mechanisms', 'PLAIN'], { stdin: Buffer.from(`${password}\n`), timeoutMs: 60_000 });
    t.equal(res.code, 0, `users add ${user} against etcd (config of ${r.name}): ${res.stderr}`);
  };
  await usersAdd(A, 'admin', 'admin-pw');
  await usersAdd(A, 'alice', 'alice-pw');

  for (const r of replicas) {
    const child = spawn(process.execPath, ['--import=tsx', MAIN, 'run', '-c', r.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    r.child = child;
    child.stdout?.on('data', (d: Buffer) => {
      r.log = (r.log + d.toString()).slice(-8000);
    });
    child.stderr?.on('data', (d: Buffer) => {
      r.log = (r.log + d.toString()).slice(-8000);
    });
    t.teardown(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((res) => child.once('exit', res));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    });
  }
  for (const r of replicas) await until(`replica ${r.name} ready (${r.log})`, async () => ((await readyz(r)).ready ? true : undefined), 60_000);

  const kafkaAs = (r: Replica, user: string, password: string) =>
    createKafkajs({ brokers: `127.0.0.1:${r.kafka}`, clientId: `e2e-${user}-${r.name}`, sasl: { mechanism: 'plain', username: user, password }, retries: 0 });

  await t.test('Kafka CreateAcls through A is enforced by C within 1 s', async (t) => {
    const adminA = kafkaAs(A, 'admin', 'admin-pw').admin();
    await adminA.connect();
    t.teardown(() => adminA.disconnect());
    const producerC = kafkaAs(C, 'alice', 'alice-pw').producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
    await producerC.connect();
    t.teardown(() => producerC.disconnect());
    const send = () => producerC.send({ topic: 'orders', acks: -1, messages: [{ value: Buffer.from('x') }] });
    const grant = (operation: number) =>
      adminA.createAcls({
        acl: [
          {
            resourceType: AclResourceTypes.TOPIC,
            resourceName: 'orders',
            resourcePatternType: ResourcePatternTypes.LITERAL,
            principal: 'User:alice',
            host: '*',
            operation,
            permissionType: AclPermissionTypes.ALLOW,
          },
        ],
      });
    // DESCRIBE first (not timed), so alice's producer knows the topic and each probe below is a
    // single Produce round trip that the gateway on C allows or refuses with its ACLs.
    await grant(AclOperationTypes.DESCRIBE);
    await until(
      'alice sees the topic through C',
      async () => {
        try {
          await send();
        } catch (e) {
          return /not authorized|authoriz/i.test(String((e as Error).message)) && !/metadata/i.test(String((e as Error).message)) ? true : undefined;
        }
        return undefined;
      },
      10_000,
    ).catch(() => undefined);
    await t.rejects(send(), 'alice may not write before the ACL');
    const started = Date.now();
    await grant(AclOperationTypes.WRITE);
    const written = Date.now();
    await until('C enforces the new ACL', async () => ((await send()) ? true : undefined), 10_000);
    const afterAnswer = Date.now() - written;
    t.comment(`Kafka ACL propagation A -> C: ${afterAnswer} ms after the CreateAcls answer (${Date.now() - started} ms from the call)`);
    t.ok(afterAnswer < 1000, `enforced on C within 1 s of the acknowledged change (${afterAnswer} ms)`);
  });

  await t.test('Fluss CREATE_ACLS through A is enforced by C within 1 s', async (t) => {
    const adminA = await FlussTestClient.connect(`127.0.0.1:${A.fluss}`, { auth: { username: 'admin', password: 'admin-pw', style: 'java' } });
    t.teardown(() => adminA.close());
    await adminA.admin.createDatabase('shared_db', true);
    const aliceC = await FlussTestClient.connect(`127.0.0.1:${C.fluss}`, { auth: { username: 'alice', password: 'alice-pw', style: 'java' } });
    t.teardown(() => aliceC.close());
    t.same(await aliceC.admin.listDatabases(), [], 'alice sees no database before the ACL');
    const started = Date.now();
    await new FlussAclClient(adminA).addAcl({ resource: 'cluster.shared_db', permission: 'ALLOW', principal: 'User:alice', operation: 'READ' });
    const written = Date.now();
    await until('C lists shared_db to alice', async () => ((await aliceC.admin.listDatabases()).includes('shared_db') ? true : undefined), 10_000);
    const afterAnswer = Date.now() - written;
    t.comment(`Fluss ACL propagation A -> C: ${afterAnswer} ms after the CREATE_ACLS answer (${Date.now() - started} ms from the call)`);
    t.ok(afterAnswer < 1000, `enforced on C within 1 s of the acknowledged change (${afterAnswer} ms)`);
  });

  await t.test('a user added against etcd with the config of B logs in on A', async (t) => {
    const started = Date.now();
    await usersAdd(B, 'bob', 'bob-pw');
    const cliDone = Date.now();
    await until(
      'bob logs in on A',
      async () => {
        const admin = kafkaAs(A, 'bob', 'bob-pw').admin();
        await admin.connect();
        await admin.disconnect();
        return true;
      },
      10_000,
    );
    t.comment(`user propagation: ${Date.now() - cliDone} ms after \`users add\` returned (${cliDone - started} ms for the CLI process itself)`);
    t.ok(Date.now() - cliDone < 1000);
  });

  await t.test('etcd stopped and restarted during traffic: clients see nothing; /readyz degraded meanwhile', async (t) => {
    const producerC = kafkaAs(C, 'alice', 'alice-pw').producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
    await producerC.connect();
    t.teardown(() => producerC.disconnect());
    let sent = 0;
    let failed = 0;
    let running = true;
    const traffic = (async () => {
      while (running) {
        try {
          await producerC.send({ topic: 'orders', acks: -1, messages: [{ value: Buffer.from(`m${sent}`) }] });
          sent++;
        } catch {
          failed++;
        }
        await sleep(20);
      }
    })();
    await sleep(300);
    await etcd.stop();
    const degraded = await until(
      'every replica reports degraded',
      async () => {
        const all = await Promise.all(replicas.map(readyz));
        return all.every((r) => r.degraded === true) ? all : undefined;
      },
      15_000,
    );
    t.ok(
      degraded.every((r) => r.ready),
      'still ready (serving the last state) while degraded',
    );
    const newLogin = kafkaAs(A, 'bob', 'bob-pw').admin();
    await newLogin.connect();
    await newLogin.disconnect();
    t.pass('a new login on A works during the outage (last credentials seen)');
    await sleep(500);
    await etcd.start();
    await until('every replica healthy again', async () => ((await Promise.all(replicas.map(readyz))).every((r) => r.degraded === false) ? true : undefined), 15_000);
    running = false;
    await traffic;
    t.equal(failed, 0, `no client request failed (${sent} sent through C during the outage and recovery)`);
    t.ok(sent > 10);
  });
});
