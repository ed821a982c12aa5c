// Attack: with `identity: mapped`, log in as a user the mapping does not name and hope the
// gateway falls back to its service identity (which the backend may trust more). bob has a valid
// gateway password but no mapped backend credential; the gateway also has a service identity
// configured. bob's own login must be refused with Kafka's authentication error and one
// SW_ERR_UPSTREAM_NO_CREDENTIAL line, and the backend (a second streamward with SASL) must see
// no login at all for him: neither as svc nor as anyone else.
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { kcatMetadata } from '../helpers/kafka/kcat.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { authenticateV1, handshakeV1, plainToken, readAuthenticateV1 } from '../helpers/kafka-sasl-raw.js';
import { BACKEND_USERS, CLIENT_USERS, backendPrincipals, startKafkaChain } from '../helpers/upstream/kafka-chain.js';

t.test('a principal without a mapped backend credential is refused, never logged in as the service', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  t.teardown(() => cluster.stop());
  const mapping = `principals:\n  "User:alice": { username: alice-be, password: "${BACKEND_USERS['alice-be']}" }\n`;
  const chain = await startKafkaChain({
    cluster,
    backendSasl: '{ mechanism: PLAIN, identity: mapped, mapping: mapping.yaml, username: svc, password: "${P}" }',
    env: { P: BACKEND_USERS.svc },
    files: { 'mapping.yaml': mapping },
  });
  t.teardown(() => chain.close());

  const c = await connectRaw(chain.a.listeners.get('a')!.boundPort);
  t.teardown(() => c.close());
  c.send(handshakeV1(1, 'PLAIN'));
  c.send(authenticateV1(2, plainToken('bob', CLIENT_USERS.bob)));
  const frames = await c.waitFrames(2, 20_000);
  const answer = readAuthenticateV1(frames[1]);
  t.equal(answer.errorCode, 58, 'SASL_AUTHENTICATION_FAILED');
  t.match(answer.message, /no backend credential/);
  t.ok(await within(c.closed, 5000), 'and the connection is closed');
  const lines = chain.aLines.filter((l) => l.err === 'SW_ERR_UPSTREAM_NO_CREDENTIAL' && l.msg === 'authentication failed');
  t.equal(lines.length, 1, 'one SW_ERR_UPSTREAM_NO_CREDENTIAL authentication line');
  t.equal(lines[0]?.user, 'bob');

  const r = await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('bob', CLIENT_USERS.bob), timeoutMs: 8000 }).then(
    () => null,
    (e: Error) => e.message,
  );
  t.match(r, /no backend credential/, 'kcat shows the reason');
  t.same(backendPrincipals(chain), [], 'the backend authenticated nobody for bob');

  const ok = await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('alice', CLIENT_USERS.alice) });
  t.equal(ok.brokers.length, 1, 'alice (mapped) gets through');
  t.same([...new Set(backendPrincipals(chain))], ['User:alice-be'], 'as her mapped identity');
});
