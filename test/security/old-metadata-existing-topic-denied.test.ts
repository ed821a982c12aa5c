// Reported as a bug, and an availability attack on any topic: with Metadata v0-3 (all the Debian
// librdkafka 2.0.2 mock speaks) a fresh gateway answered TOPIC_AUTHORIZATION_FAILED (29) for an
// EXISTING topic to a principal with WRITE but not CREATE, forever, because it never asked the
// backend whether the topic exists (these versions cannot switch auto-creation off). Reproduced
// as a new user would: `streamward users add bench`, `streamward acl add --operation WRITE
// --resource topic:bench`, a gateway started from a config file, a librdkafka producer (kcat).
// The gateway now asks for a listing of every topic, which never creates anything, and answers
// from it: the producer works, and a topic that does not exist is still neither created nor
// revealed (29), as a broker answers a principal without CREATE.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { startOpsGateway, tempDir } from '../integration/ops/setup.js';
import { kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';

function cli(args: string[], stdin = ''): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

t.test('WRITE without CREATE on an existing topic, Metadata v0-3, fresh gateway: the producer works', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'bench', partitions: 1 }] });
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await cluster.stop();
    remove();
  });
  const users = path.join(dir, 'users.yaml');
  const acls = path.join(dir, 'acls.yaml');
  const added = cli(['users', 'add', 'bench', '--file', users], 'bench-pw\n');
  t.equal(added.status, 0, added.out);
  const granted = cli(['acl', 'add', '--file', acls, '--principal', 'User:bench', '--operation', 'WRITE', '--resource', 'topic:bench']);
  t.equal(granted.status, 0, granted.out);
  const ops = await startOpsGateway(
    dir,
    `
clusters: { k: { protocol: kafka, bootstrap: "${cluster.bootstrap}" } }
listeners:
  - name: kafka
    cluster: k
    bind: 127.0.0.1:0
    nodePorts: auto
    authentication: [sasl]
    sasl: { mechanisms: [PLAIN] }
credentials: users.yaml
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
`,
    { audit: null },
  );
  t.teardown(() => ops.stop());
  const bootstrap = `127.0.0.1:${ops.port('kafka')}`;
  const props = { 'security.protocol': 'sasl_plaintext', 'sasl.mechanisms': 'PLAIN', 'sasl.username': 'bench', 'sasl.password': 'bench-pw' };
  const messages = Array.from({ length: 10 }, (_, i) => Buffer.from(`bench-${i}`));

  const produced = await kcatProduce({ bootstrap, topic: 'bench', messages, props: { ...props, 'message.timeout.ms': 10_000 }, partition: 0, timeoutMs: 20_000 });
  t.equal(produced.code, 0, `kcat produced through the fresh gateway: ${produced.stderr.slice(-300)}`);
  const back = await kcatConsume({ bootstrap: cluster.bootstrap, topic: 'bench', count: messages.length, partition: 0, timeoutMs: 20_000 });
  t.same(back.messages.map(String), messages.map(String), 'the messages are in the topic (read from the backend directly)');

  const missing = await kcatProduce({ bootstrap, topic: 'nosuch', messages: messages.slice(0, 1), props: { ...props, 'message.timeout.ms': 4000 }, timeoutMs: 15_000 });
  t.not(missing.code, 0, 'a topic that does not exist is not produced to');
  t.match(missing.stderr, /authoriz/i, 'refused as a broker refuses a principal without CREATE');
  const md = await kcatMetadata({ bootstrap: cluster.bootstrap });
  t.notOk(
    md.topics.some((x) => x.topic === 'nosuch'),
    'and it was not created on the backend',
  );
});
