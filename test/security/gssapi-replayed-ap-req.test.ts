/**
 * Attack: a captured Kerberos AP-REQ replayed on a new connection (someone who sniffed a
 * SASL_PLAINTEXT login sends the same GSSAPI token to log in as the victim). The gateway's
 * acceptor is MIT's gss_accept_sec_context with its replay cache, as a Kafka broker's JDK
 * acceptor has one: the first use gets the AP-REP; the replay is closed without an answer, as
 * Kafka closes on the errors its KerberosError calls retriable (REPLAY 34), with one
 * SW_ERR_AUTH_FAILED line naming the replay. Garbage tokens get SASL_AUTHENTICATION_FAILED with
 * Kafka's generic text and leave the GSS-API helper serving (a real token still works afterwards).
 */
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { waitForLine } from '../helpers/listener.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { authenticateV1, handshakeV1 } from '../helpers/kafka-sasl-raw.js';
import { startTestRealm } from '../helpers/kdc.js';
import { apReq, startGssapiGateway } from '../helpers/gssapi.js';
import { KafkaReader } from '../../src/protocol/kafka/reader.js';

const KAFKA_TEXT = 'Authentication failed during authentication due to invalid credentials with SASL mechanism GSSAPI';

t.test('replayed and forged GSSAPI tokens', async (t) => {
  const realm = await startTestRealm();
  t.teardown(() => realm.stop());
  const keytab = await realm.addPrincipal('kafka/localhost', 'kafka.keytab');
  const aliceKeytab = await realm.addPrincipal('alice');
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  t.teardown(() => cluster.stop());
  const { gw, close } = await startGssapiGateway(cluster, realm, keytab);
  t.teardown(async () => {
    close();
    await gw.stop();
  });

  const attempt = async (token: Buffer) => {
    const c = await connectRaw(gw.port);
    t.teardown(() => c.close());
    c.send(handshakeV1(1, 'GSSAPI'));
    c.send(authenticateV1(2, token));
    const [, frame] = await c.waitFrames(2, 20_000);
    const r = new KafkaReader(frame!, 4);
    r.int32();
    return { errorCode: r.int16(), message: r.nullableString(), authBytes: r.bytes(), conn: c };
  };

  const token = await apReq(realm, 'alice', aliceKeytab);
  const first = await attempt(token);
  t.equal(first.errorCode, 0, 'the genuine first use is accepted');
  t.ok(first.authBytes.length > 0, 'and answered with the AP-REP (mutual authentication)');

  const replay = await connectRaw(gw.port);
  t.teardown(() => replay.close());
  replay.send(handshakeV1(1, 'GSSAPI'));
  replay.send(authenticateV1(2, token));
  t.ok(await within(replay.closed, 20_000), "the replay's connection is closed");
  t.equal(replay.frames.length, 1, 'without a SaslAuthenticate answer (Kafka: retriable Kerberos error)');
  const line = await waitForLine(gw.lines, (l) => l.msg === 'authentication failed' && l.mechanism === 'GSSAPI');
  t.equal(line.err, 'SW_ERR_AUTH_FAILED');
  t.match(String(line.reason), /replay/i, 'the log line says it was a replay');
  t.notOk(
    gw.lines.some((l) => l.msg === 'authenticated'),
    'nobody is logged in by the replay',
  );

  for (const forged of [randomBytes(600), Buffer.concat([token.subarray(0, 40), randomBytes(200)]), token.subarray(0, token.length - 16), Buffer.alloc(0)]) {
    const r = await attempt(forged);
    t.same({ errorCode: r.errorCode, message: r.message }, { errorCode: 58, message: KAFKA_TEXT }, `forged token of ${forged.length} bytes refused`);
  }
  const failures = gw.lines.filter((l) => l.msg === 'authentication failed');
  t.equal(failures.length, 5, 'one failure line per refused attempt');

  const fresh = await attempt(await apReq(realm, 'alice', aliceKeytab));
  t.equal(fresh.errorCode, 0, 'the helper still accepts a new genuine token');
});
