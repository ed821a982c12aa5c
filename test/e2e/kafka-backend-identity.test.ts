// Identity towards a Kafka backend that has SASL: gateway A logs in to gateway B (a streamward
// whose SASL listener fronts the librdkafka mock and logs the principal it authenticated) on
// every backend connection, as one service identity or as the client's mapped identity, with
// PLAIN or SCRAM-SHA-512. kcat is the client. A wrong service password gives the client an error
// and one SW_ERR_UPSTREAM_AUTH_FAILED line per connection; a backend session lifetime makes A
// close the client's connection before it ends.
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { kcatConsume, kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { waitForLine } from '../helpers/listener.js';
import { BACKEND_USERS, CLIENT_USERS, backendPrincipals, startKafkaChain } from '../helpers/upstream/kafka-chain.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { handshakeV1, authenticateV1, plainToken, readAuthenticateV1 } from '../helpers/kafka-sasl-raw.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';

const SECRET_ENV = { BACKEND_PASSWORD: BACKEND_USERS.svc };

t.test('Kafka backend with SASL: the gateway logs in per backend connection', async (t) => {
  const cluster = await startMockCluster({ brokers: 2, flavor: '2.0', topics: [{ name: 'ident', partitions: 2 }] });
  t.teardown(() => cluster.stop());

  for (const mechanism of ['PLAIN', 'SCRAM-SHA-512']) {
    t.test(`service identity over ${mechanism}: B sees User:svc, data flows both ways`, async (t) => {
      const chain = await startKafkaChain({ cluster, backendSasl: `{ mechanism: ${mechanism}, identity: service, username: svc, password: "\${BACKEND_PASSWORD}" }`, env: SECRET_ENV });
      t.teardown(() => chain.close());
      const props = chain.clientProps('alice', CLIENT_USERS.alice);
      const payloads = Array.from({ length: 50 }, (_, i) => Buffer.from(`${mechanism}-message-${i}`));
      const p = await kcatProduce({ bootstrap: chain.bootstrap, topic: 'ident', messages: payloads, props, partition: mechanism === 'PLAIN' ? 0 : 1 });
      t.equal(p.code, 0, 'producer exits 0', { stderr: p.stderr.toString().slice(-500) });
      const c = await kcatConsume({ bootstrap: chain.bootstrap, topic: 'ident', count: 50, partition: mechanism === 'PLAIN' ? 0 : 1, props, timeoutMs: 30_000 });
      t.equal(c.code, 0, 'consumer exits 0');
      t.same(
        c.messages.map((m) => m.toString()),
        payloads.map((m) => m.toString()),
      );
      await waitForLine(chain.aLines, (l) => l.msg === 'authenticated' && l.principal === 'User:alice');
      const seen = backendPrincipals(chain);
      t.ok(seen.length >= 2, `B authenticated every connection A opened (${seen.length})`);
      t.same([...new Set(seen)], ['User:svc'], 'always as the service identity');
      t.ok(
        chain.bLines.some((l) => l.msg === 'authenticated' && l.mechanism === mechanism),
        `B saw ${mechanism}`,
      );
      t.notOk(
        chain.bLines.some((l) => l.err === 'SW_ERR_AUTH_REQUIRED'),
        'B never received a request before the login',
      );
    });
  }

  t.test('SASL_SSL: SCRAM-SHA-512 over TLS towards the backend', async (t) => {
    const chain = await startKafkaChain({ cluster, backendSasl: '{ mechanism: SCRAM-SHA-512, identity: service, username: svc, password: "${BACKEND_PASSWORD}" }', env: SECRET_ENV, backendTls: true });
    t.teardown(() => chain.close());
    const md = await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('alice', CLIENT_USERS.alice), topic: 'ident' });
    t.equal(md.topics[0]?.partitions.length, 2, 'metadata through both gateways, TLS between them');
    t.same([...new Set(backendPrincipals(chain))], ['User:svc']);
    t.ok(
      chain.bLines.some((l) => l.msg === 'authenticated' && l.mechanism === 'SCRAM-SHA-512'),
      'B authenticated SCRAM-SHA-512 on its TLS listener',
    );
  });

  t.test('mapped identity: B sees the principal the mapping names for alice', async (t) => {
    const mapping = `principals:\n  "User:alice": { username: alice-be, password: "${BACKEND_USERS['alice-be']}" }\n`;
    const chain = await startKafkaChain({ cluster, backendSasl: '{ mechanism: PLAIN, identity: mapped, mapping: mapping.yaml }', files: { 'mapping.yaml': mapping } });
    t.teardown(() => chain.close());
    const md = await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('alice', CLIENT_USERS.alice), topic: 'ident' });
    t.equal(md.topics[0]?.partitions.length, 2, 'metadata through both gateways');
    t.same([...new Set(backendPrincipals(chain))], ['User:alice-be'], 'B authenticated alice as alice-be, never as another identity');
    // the mapping file is re-read when it changes: no restart
    fs.writeFileSync(path.join(chain.dir, 'mapping.yaml'), `principals:\n  "User:alice": { username: svc, password: "${BACKEND_USERS.svc}" }\n`);
    await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('alice', CLIENT_USERS.alice), topic: 'ident' });
    t.equal(backendPrincipals(chain).at(-1), 'User:svc', "an edited mapping applies to alice's next connection");
  });

  t.test("passthrough: the client's own PLAIN login goes on to B; a SCRAM client and an unknown user do not get through", async (t) => {
    const chain = await startKafkaChain({ cluster, backendSasl: '{ mechanism: SCRAM-SHA-512, identity: passthrough }', clientMechanisms: '[PLAIN, SCRAM-SHA-512]' });
    t.teardown(() => chain.close());
    const md = await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('alice', CLIENT_USERS.alice), topic: 'ident' });
    t.equal(md.topics[0]?.partitions.length, 2, 'alice (PLAIN at A, known to B with the same password) gets through');
    t.same([...new Set(backendPrincipals(chain))], ['User:alice'], 'B authenticated alice herself');

    const scram = { ...chain.clientProps('alice', CLIENT_USERS.alice), 'sasl.mechanisms': 'SCRAM-SHA-512' };
    const refused = await kcatMetadata({ bootstrap: chain.bootstrap, props: scram, timeoutMs: 8000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.match(refused, /no backend credential/, 'a SCRAM login at A has no password to pass on: refused at its own login');
    await waitForLine(chain.aLines, (l) => l.err === 'SW_ERR_UPSTREAM_NO_CREDENTIAL' && l.mechanism === 'SCRAM-SHA-512');

    const bob = await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('bob', CLIENT_USERS.bob), timeoutMs: 8000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.ok(bob, 'bob (unknown to B) fails');
    await waitForLine(chain.aLines, (l) => l.err === 'SW_ERR_UPSTREAM_AUTH_FAILED' && /as bob/.test(String(l.detail)));
    t.notOk(JSON.stringify(chain.aLines).includes(CLIENT_USERS.bob), "bob's password is in no log line");
  });

  t.test('wrong service password: the client gets an error, A one line per connection, no secret anywhere', async (t) => {
    const chain = await startKafkaChain({
      cluster,
      backendSasl: '{ mechanism: PLAIN, identity: service, username: svc, password: "${BACKEND_PASSWORD}" }',
      env: { BACKEND_PASSWORD: 'not-the-svc-password-77' },
    });
    t.teardown(() => chain.close());
    const r = await kcatMetadata({ bootstrap: chain.bootstrap, props: chain.clientProps('alice', CLIENT_USERS.alice), timeoutMs: 8000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.ok(r, 'kcat fails');
    const failed = await waitForLine(chain.aLines, (l) => l.err === 'SW_ERR_UPSTREAM_AUTH_FAILED');
    t.match(String(failed.detail), /refused the PLAIN login as svc: SASL_AUTHENTICATION_FAILED/, 'the line names the mechanism, the user and the backend error');
    const lines = chain.aLines.filter((l) => l.err === 'SW_ERR_UPSTREAM_AUTH_FAILED');
    const perConnection = new Map<unknown, number>();
    for (const l of lines) perConnection.set(l.conn, (perConnection.get(l.conn) ?? 0) + 1);
    t.ok(
      [...perConnection.values()].every((n) => n === 1),
      'one line per failed connection',
    );
    t.notOk(backendPrincipals(chain).length, 'B authenticated nobody');
    const everything = JSON.stringify([chain.aLines, chain.bLines]) + (await chain.a.metrics.registry.metrics());
    t.notOk(everything.includes('not-the-svc-password-77'), 'the configured password is in no log line and no metric');
    t.notOk(everything.includes(BACKEND_USERS.svc), 'nor the real one');
    t.match(await chain.a.metrics.registry.metrics(), /streamward_upstream_logins_total\{listener="a",mechanism="PLAIN",outcome="failure"\} [1-9]/, 'counted');
  });

  t.test('a backend session lifetime: A closes the client connection before it ends', async (t) => {
    const chain = await startKafkaChain({
      cluster,
      backendSasl: '{ mechanism: PLAIN, identity: service, username: svc, password: "${BACKEND_PASSWORD}" }',
      env: SECRET_ENV,
      backendReauthenticate: '6s',
    });
    t.teardown(() => chain.close());
    const c = await connectRaw(chain.a.listeners.get('a')!.boundPort);
    t.teardown(() => c.close());
    c.send(handshakeV1(1, 'PLAIN'));
    c.send(authenticateV1(2, plainToken('alice', CLIENT_USERS.alice)));
    const metadataV1 = new KafkaWriter(32).int16(3).int16(1).int32(3).nullableString('t').int32(-1).frame();
    c.send(metadataV1);
    const frames = await c.waitFrames(3, 10_000);
    t.equal(readAuthenticateV1(frames[1]).errorCode, 0, 'alice logged in to A');
    const started = Date.now();
    t.ok(await within(c.closed, 10_000), 'A closed the connection');
    const after = Date.now() - started;
    t.ok(after < 6000, `before the 6 s backend session ended (${after} ms after the first answer)`);
    await waitForLine(chain.aLines, (l) => l.msg === 'backend SASL session ends soon: closing after the answers in flight');
    t.notOk(
      chain.bLines.some((l) => String(l.detail ?? '').includes('SASL session expired')),
      'B never had to close an expired session',
    );
  });
});
