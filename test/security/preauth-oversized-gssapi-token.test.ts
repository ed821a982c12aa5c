/**
 * Attack: a huge "Kerberos ticket" before authentication. GSSAPI tokens are bigger than
 * passwords (an AP-REQ with an Active Directory PAC reaches tens of KiB), so once a client has
 * chosen GSSAPI its SaslAuthenticate may carry up to 64 KiB (GSSAPI_MAX_TOKEN_BYTES) plus header
 * room, and no more: a larger frame closes the connection before the token is read
 * (SW_ERR_PREAUTH_FRAME_TOO_LARGE), and never reaches the GSS-API helper. A token between the
 * password cap and 64 KiB is handed to the GSS-API and refused as Kafka refuses a bad token.
 */
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { waitForLine } from '../helpers/listener.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { authenticateV1, handshakeV1, readAuthenticateV1 } from '../helpers/kafka-sasl-raw.js';
import { startTestRealm } from '../helpers/kdc.js';
import { startGssapiGateway } from '../helpers/gssapi.js';
import { GSSAPI_MAX_TOKEN_BYTES } from '../../src/sasl/gssapi.js';

t.test('GSSAPI token size bounds before authentication', async (t) => {
  const realm = await startTestRealm();
  t.teardown(() => realm.stop());
  const keytab = await realm.addPrincipal('kafka/localhost', 'kafka.keytab');
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  t.teardown(() => cluster.stop());
  const { gw, close } = await startGssapiGateway(cluster, realm, keytab);
  t.teardown(async () => {
    close();
    await gw.stop();
  });

  const ready = async () => {
    const c = await connectRaw(gw.port);
    c.send(handshakeV1(1, 'GSSAPI'));
    await c.waitFrames(1, 20_000);
    return c;
  };

  const big = await ready();
  big.send(authenticateV1(2, Buffer.alloc(GSSAPI_MAX_TOKEN_BYTES + 2048, 0x60)));
  t.ok(await within(big.closed, 5000), 'a token over 64 KiB closes the connection');
  t.equal(big.frames.length, 1, 'with no SaslAuthenticate answer');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PREAUTH_FRAME_TOO_LARGE' && /SaslAuthenticate of 6\d{4} bytes/.test(String(l.detail)));

  const mid = await ready();
  mid.send(authenticateV1(2, Buffer.alloc(8 * 1024, 0x60)));
  const [, answer] = await mid.waitFrames(2, 20_000);
  t.same(
    readAuthenticateV1(answer!),
    { errorCode: 58, message: 'Authentication failed during authentication due to invalid credentials with SASL mechanism GSSAPI' },
    'an 8 KiB token (over the password cap) reaches the GSS-API and gets SASL_AUTHENTICATION_FAILED',
  );
  t.ok(await within(mid.closed, 5000), 'then the connection closes');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && l.mechanism === 'GSSAPI');
});
