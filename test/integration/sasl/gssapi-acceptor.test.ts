// The GSS-API helper process against a real MIT realm: start-up checks (interpreter, keytab),
// failures carry the GSS minor code, the live-context bound holds, and a stopped helper is
// started again on the next call.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { GssapiAcceptor, GssCallError } from '../../../src/sasl/gssapi-acceptor.js';
import { startTestRealm, REALM } from '../../helpers/kdc.js';
import { apReq } from '../../helpers/gssapi.js';

const SERVICE = `kafka/localhost@${REALM}`;

t.test('GSS-API acceptor helper', async (t) => {
  const realm = await startTestRealm();
  t.teardown(() => realm.stop());
  process.env.KRB5_CONFIG = realm.krb5Conf;
  const keytab = await realm.addPrincipal('kafka/localhost', 'kafka.keytab');
  const aliceKeytab = await realm.addPrincipal('alice');

  t.test('start-up refuses a missing interpreter and a keytab without the principal', async (t) => {
    await t.rejects(new GssapiAcceptor({ principal: SERVICE, keytab, python: '/nonexistent/python3' }).ready(), { code: 'SW_ERR_GSSAPI_HELPER', message: /cannot start/ });
    const other = await realm.addPrincipal('other/localhost', 'other.keytab');
    const wrong = new GssapiAcceptor({ principal: SERVICE, keytab: other, python: '/usr/bin/python3' });
    t.teardown(() => wrong.close());
    await t.rejects(wrong.ready(), { code: 'SW_ERR_GSSAPI_HELPER', message: /acceptor credentials for kafka\/localhost/ });
    const missing = new GssapiAcceptor({ principal: SERVICE, keytab: path.join(realm.dir, 'none.keytab'), python: '/usr/bin/python3' });
    t.teardown(() => missing.close());
    await t.rejects(missing.ready(), { code: 'SW_ERR_GSSAPI_HELPER' });
    t.notOk(fs.existsSync(path.join(realm.dir, 'none.keytab')));
  });

  t.test('live contexts are bounded; ended contexts free their place', async (t) => {
    const acc = new GssapiAcceptor({ principal: SERVICE, keytab, python: '/usr/bin/python3', maxContexts: 2 });
    t.teardown(() => acc.close());
    const tokens = [await apReq(realm, 'alice', aliceKeytab), await apReq(realm, 'alice', aliceKeytab), await apReq(realm, 'alice', aliceKeytab)];
    const [a, b, c] = [acc.newContext(), acc.newContext(), acc.newContext()];
    const first = await acc.accept(a, tokens[0]!);
    t.ok(first.complete && first.peer === `alice@${REALM}`, 'a real AP-REQ completes the context and names alice');
    t.ok((await acc.accept(b, tokens[1]!)).complete);
    await t.rejects(acc.accept(c, tokens[2]!), /too many GSS-API contexts/, 'a third live context is refused');
    acc.end(a);
    t.ok((await acc.accept(c, tokens[2]!)).complete, 'after end() there is room again');
    await t.rejects(acc.wrap(a, Buffer.from([1, 0, 0, 0])), /no such GSS-API context/, 'an ended context is gone');
  });

  t.test('failures carry the GSS minor code; a closed helper is started again', async (t) => {
    const acc = new GssapiAcceptor({ principal: SERVICE, keytab, python: '/usr/bin/python3' });
    t.teardown(() => acc.close());
    const token = await apReq(realm, 'alice', aliceKeytab);
    t.ok((await acc.accept(acc.newContext(), token)).complete);
    const replay = await acc.accept(acc.newContext(), token).then(
      () => null,
      (e: unknown) => e,
    );
    t.ok(replay instanceof GssCallError, 'a GssCallError');
    t.equal((replay as GssCallError).minor, 2529638912 + 34, 'minor = KRB5KRB_AP_ERR_REPEAT (Kerberos error 34)');
    acc.close();
    t.ok((await acc.accept(acc.newContext(), await apReq(realm, 'alice', aliceKeytab))).complete, 'the next call starts a new helper');
  });
});
