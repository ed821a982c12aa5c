/**
 * Attack: after a genuine Kerberos login as alice, ask in the RFC 4752 security-layer reply to act
 * as someone else (authzid "admin"), or pick a security layer the server did not offer, or send
 * data where the server expects none. As Kafka (its SaslServerCallbackHandler authorizes the
 * authentication id and ignores the authzid), the principal stays User:alice; an unoffered layer,
 * a short reply or unexpected data fails the login with Kafka's generic GSSAPI failure.
 * The client is a scripted python3-gssapi initiator speaking raw SaslHandshake/SaslAuthenticate v1.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { waitForLine } from '../helpers/listener.js';
import { runProcess } from '../helpers/kafka/run-process.js';
import { startTestRealm, REALM } from '../helpers/kdc.js';
import { startGssapiGateway } from '../helpers/gssapi.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../helpers/gssapi_kafka_client.py');
const FAILED = 'Authentication failed during authentication due to invalid credentials with SASL mechanism GSSAPI';

t.test('authzid and security-layer abuse after a genuine GSSAPI context', async (t) => {
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
  const env = realm.env(path.join(realm.dir, 'cc-alice'));
  const kinit = await runProcess('kinit', ['-k', '-t', aliceKeytab, `alice@${REALM}`], { timeoutMs: 20_000, env });
  t.equal(kinit.code, 0, 'alice has a ticket', { stderr: kinit.stderr });

  const login = async (layer: number, authzid: string, extra = '', replyLen = -1) => {
    const r = await runProcess('/usr/bin/python3', [SCRIPT, 'localhost', String(gw.port), String(layer), authzid, extra, String(replyLen)], { timeoutMs: 20_000, env });
    t.equal(r.code, 0, 'the script ran', { stderr: r.stderr.slice(-600) });
    return r.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; error: number; message: string | null });
  };

  const honest = await login(1, '');
  t.same(
    honest.map((a) => a.error),
    [0, 0, 0],
    'no authzid, no security layer: logged in',
  );
  await waitForLine(gw.lines, (l) => l.msg === 'authenticated' && l.principal === 'User:alice');

  const before = gw.lines.filter((l) => l.msg === 'authenticated').length;
  const asAdmin = await login(1, 'admin');
  t.same(
    asAdmin.map((a) => a.error),
    [0, 0, 0],
    'an authzid does not fail the login (Kafka ignores it)',
  );
  await waitForLine(gw.lines, (l) => l.msg === 'authenticated' && gw.lines.filter((x) => x.msg === 'authenticated').length > before);
  const last = gw.lines.filter((l) => l.msg === 'authenticated').at(-1)!;
  t.equal(last.principal, 'User:alice', 'the principal is the authenticated Kerberos name, not the authzid');
  t.notOk(
    gw.lines.some((l) => l.msg === 'authenticated' && l.principal === 'User:admin'),
    'never User:admin',
  );

  for (const [what, layer, extra, replyLen] of [
    ['integrity layer (not offered)', 2, '', -1],
    ['confidentiality layer (not offered)', 4, '', -1],
    ['a 2-byte layer reply', 1, '', 2],
    ['data after the context completed', 1, 'x', -1],
  ] as const) {
    const answers = await login(layer, '', extra, replyLen);
    const lastAnswer = answers.at(-1)!;
    t.same({ error: lastAnswer.error, message: lastAnswer.message }, { error: 58, message: FAILED }, `${what}: SASL_AUTHENTICATION_FAILED`);
  }
  t.equal(gw.lines.filter((l) => l.msg === 'authentication failed' && l.err === 'SW_ERR_AUTH_FAILED').length, 4, 'one failure line each');
});
