// Attack: tokens naming key ids the issuer never published (signed by the attacker's own key),
// many of them, to log in or to make the gateway hammer the issuer's JWKS endpoint. Each is
// refused (invalid_token, SASL_AUTHENTICATION_FAILED) and the JWKS is fetched at most once more
// per cooldown, however many unknown kids arrive.
import t from 'tap';
import { expectRefused, refusedLogin, startOAuthGateway } from '../helpers/oauth/gateway.js';
import { newSigningKey } from '../helpers/oauth/issuer.js';

t.test('tokens with unknown key ids are refused without a JWKS fetch each', async (t) => {
  const fx = await startOAuthGateway();
  t.teardown(() => fx.stop());
  const own = await newSigningKey('attacker-1');
  await expectRefused(t, fx, await fx.issuer.sign({}, { key: own }), /no signing key/);
  const fetchesBefore = fx.issuer.jwksFetches;
  for (let i = 0; i < 20; i++) {
    const key = { ...own, kid: `kid-${i}-${Math.random().toString(36).slice(2)}` };
    const r = await refusedLogin(fx.gw.port, await fx.issuer.sign({}, { key }));
    t.equal(r.final.errorCode, 58, `token ${i} refused`);
  }
  t.ok(fx.issuer.jwksFetches - fetchesBefore <= 1, `at most one JWKS refetch in the cooldown (saw ${fx.issuer.jwksFetches - fetchesBefore})`);
});
