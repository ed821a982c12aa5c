// SASL/OAUTHBEARER terminated by the gateway with real clients, in front of the librdkafka mock:
// librdkafka 2.0.2 (python confluent_kafka; Debian builds it without libcurl, so
// sasl.oauthbearer.method=oidc is refused at configuration, and the test's oauth_cb does the
// client-credentials grant against the local token endpoint instead) logs in and produces;
// kcat's unsecured-JWT test mode is refused; kafkajs's oauthBearerProvider
// logs in; a session is closed when it outlives its token without re-authenticating (KIP-368).
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { kcatMetadata } from '../helpers/kafka/kcat.js';
import { runProcess } from '../helpers/kafka/run-process.js';
import { SYSTEM_PYTHON } from '../helpers/kafka/python.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { waitForLine } from '../helpers/listener.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { CLIENTS } from '../helpers/oauth/issuer.js';
import { authenticate, clientFirst, oauthLogin, readAuthenticate, startOAuthGateway } from '../helpers/oauth/gateway.js';
import { within } from '../helpers/raw-client.js';

const PRODUCER = fileURLToPath(new URL('../helpers/oauth/oauth_produce.py', import.meta.url));

t.test('OAUTHBEARER in front of the mock cluster', async (t) => {
  const fx = await startOAuthGateway({ topics: [{ name: 'oauth-t', partitions: 1 }] });
  t.teardown(() => fx.stop());

  t.test('librdkafka (python confluent_kafka, token from the OIDC token endpoint) logs in and produces', async (t) => {
    const r = await runProcess(SYSTEM_PYTHON, [PRODUCER, fx.gw.bootstrap, 'oauth-t', fx.issuer.tokenUrl, 'svc-orders', CLIENTS['svc-orders'], '50'], { timeoutMs: 60_000 });
    t.equal(r.code, 0, 'python exits 0', { stderr: r.stderr.slice(-800) });
    const summary = JSON.parse(r.stdout.toString('utf8').trim().split('\n').at(-1) ?? '{}') as { delivered: number; tokensFetched: number; errors: string[] };
    t.equal(summary.delivered, 50, 'every message delivered through the gateway', { errors: summary.errors });
    t.ok(summary.tokensFetched > 0 && fx.issuer.tokensIssued > 0, 'the token came from the local token endpoint');
    await waitForLine(fx.gw.lines, (l) => l.msg === 'authenticated' && l.mechanism === 'OAUTHBEARER' && l.principal === 'User:svc-orders');
    const c = await runProcess(SYSTEM_PYTHON, [PRODUCER, fx.gw.bootstrap, 'oauth-t', fx.issuer.tokenUrl, 'svc-orders', 'wrong-secret', '1'], { timeoutMs: 60_000 });
    t.not(c.code, 0, 'a client that cannot get a token does not get in');
  });

  t.test("librdkafka's unsecured-JWT test mode is refused", async (t) => {
    const props = {
      'security.protocol': 'sasl_plaintext',
      'sasl.mechanisms': 'OAUTHBEARER',
      'enable.sasl.oauthbearer.unsecure.jwt': 'true',
      'sasl.oauthbearer.config': 'principal=admin scope=kafka',
    };
    const r = await kcatMetadata({ bootstrap: fx.gw.bootstrap, props, timeoutMs: 10_000 }).then(
      () => null,
      (e: Error) => e.message,
    );
    t.ok(r, 'kcat failed');
    t.match(r!, /invalid_token|Authentication failed|SASL/, 'with the authentication failure');
    await waitForLine(fx.gw.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && /algorithm none/.test(String(l.reason)), 10_000);
    t.notOk(
      fx.gw.lines.some((l) => l.principal === 'User:admin'),
      'never logged in as the claimed principal',
    );
  });

  t.test('kafkajs with an oauthBearerProvider logs in', async (t) => {
    let calls = 0;
    const kafka = createKafkajs({
      brokers: fx.gw.bootstrap,
      sasl: {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => {
          calls++;
          return { value: await fx.issuer.sign({ sub: 'svc-billing' }) };
        },
      },
    });
    const admin = kafka.admin();
    await admin.connect();
    const md = await admin.fetchTopicMetadata({ topics: ['oauth-t'] });
    t.equal(md.topics[0].partitions.length, 1, 'metadata through the gateway');
    await admin.disconnect();
    t.ok(calls > 0, 'the provider was asked for a token');
    await waitForLine(fx.gw.lines, (l) => l.msg === 'authenticated' && l.principal === 'User:svc-billing');
  });

  t.test('the session lifetime is the token lifetime, and the session is closed when it outlives it', async (t) => {
    const exp = Math.floor(Date.now() / 1000) + 4;
    const { client, first } = await oauthLogin(fx.gw.port, await fx.issuer.sign({ sub: 'short-lived', exp }));
    t.equal(first.errorCode, 0, 'logged in');
    const lifetime = Number(first.sessionLifetimeMs);
    t.ok(lifetime > 0 && lifetime <= 4000, `session_lifetime_ms from the token's exp (${lifetime} ms)`);
    const metadata = (id: number) => new KafkaWriter(64).int16(3).int16(1).int32(id).nullableString('oauth-test').int32(-1).frame();
    client.send(metadata(3));
    await client.waitFrames(3, 20_000);
    t.pass('a request inside the lifetime is answered');
    await new Promise((r) => setTimeout(r, lifetime + 500));
    client.send(metadata(4));
    t.ok(await within(client.closed, 15_000), 'the gateway closed the connection');
    t.equal(client.frames.length, 3, 'after expiry the next request closes the connection unanswered');
    await waitForLine(fx.gw.lines, (l) => l.err === 'SW_ERR_AUTH_STATE' && /expired/.test(String(l.detail)), 5000);
  });
  t.test('re-authentication (KIP-368) with a fresh token keeps the session; another principal is refused', async (t) => {
    const { client, first } = await oauthLogin(fx.gw.port, await fx.issuer.sign({ sub: 'renewer' }));
    t.equal(first.errorCode, 0, 'logged in');
    const reauth = async (id: number, token: string) => {
      client.send(new KafkaWriter(64).int16(17).int16(1).int32(id).nullableString('oauth-test').string('OAUTHBEARER').frame());
      client.send(authenticate(id + 1, clientFirst(token)));
      const frames = await client.waitFrames(id + 2, 20_000);
      return readAuthenticate(frames[id + 1]);
    };
    const again = await reauth(2, await fx.issuer.sign({ sub: 'renewer', exp: Math.floor(Date.now() / 1000) + 600 }));
    t.equal(again.errorCode, 0, 're-authenticated with a fresh token');
    t.ok(Number(again.sessionLifetimeMs) > 300_000, 'the new lifetime comes from the new token');
    const other = await reauth(4, await fx.issuer.sign({ sub: 'someone-else' }));
    t.equal(other.errorCode, 58, 'another principal is refused');
    t.equal(other.message, 'Cannot change principals during re-authentication');
    t.ok(await within(client.closed, 10_000), 'and the connection closed');
  });
});
