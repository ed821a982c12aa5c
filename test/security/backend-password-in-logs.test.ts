// Attack (information leak): find the gateway's backend password in what the gateway shows:
// log lines at debug level (successful and refused logins, PLAIN and SCRAM), the metrics, and
// the config as `streamward check` prints it (a password written literally, or through ${VAR}).
import t from 'tap';
import path from 'node:path';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { kcatMetadata } from '../helpers/kafka/kcat.js';
import { BACKEND_USERS, CLIENT_USERS, startKafkaChain } from '../helpers/upstream/kafka-chain.js';
import { parseConfig } from '../../src/config/parse.js';
import { formatConfig } from '../../src/config/print.js';

t.test('the backend password never reaches a log line, a metric or the printed config', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  t.teardown(() => cluster.stop());
  const wrong = 'wrong-backend-secret-4411';
  for (const [mechanism, password] of [
    ['PLAIN', BACKEND_USERS.svc],
    ['SCRAM-SHA-512', BACKEND_USERS.svc],
    ['PLAIN', wrong],
    ['SCRAM-SHA-512', wrong],
  ] as const) {
    const chain = await startKafkaChain({ cluster, backendSasl: `{ mechanism: ${mechanism}, identity: service, username: svc, password: "\${P}" }`, env: { P: password }, level: 'trace' });
    await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('alice', CLIENT_USERS.alice), timeoutMs: 6000 }).catch(() => null);
    const shown = JSON.stringify(chain.aLines) + JSON.stringify(chain.bLines) + (await chain.a.metrics.registry.metrics());
    t.ok(chain.aLines.length > 0, `${mechanism}: the gateway logged`);
    t.notOk(shown.includes(password), `${mechanism} ${password === wrong ? 'refused' : 'accepted'}: the password is nowhere`);
    await chain.close();
  }

  const base = `
clusters:
  k: { protocol: kafka, bootstrap: ["127.0.0.1:9092"], sasl: SASL }
listeners:
  - { name: l, cluster: k, bind: 127.0.0.1:0, nodePorts: auto }
`;
  const literal = parseConfig(base.replace('SASL', `{ username: svc, password: "${wrong}" }`), path.join('/tmp', 'gw.yaml'), { env: {}, checkFiles: false });
  t.notOk(formatConfig(literal).includes(wrong), 'a literal password is masked when printed');
  t.ok(
    literal.meta.warnings.some((w) => w.includes('sasl.password') || w.includes('${VARIABLE}')),
    'and `check` warns that it is written in the file',
  );
  const fromEnv = parseConfig(base.replace('SASL', '{ username: svc, password: "${KAFKA_SECRET}" }'), path.join('/tmp', 'gw.yaml'), { env: { KAFKA_SECRET: wrong }, checkFiles: false });
  t.notOk(formatConfig(fromEnv).includes(wrong), 'a password from ${VAR} is masked when printed');
});
