// Attack: log in over SASL/OAUTHBEARER with a correctly signed token that has expired (an old,
// leaked or replayed token). The gateway refuses it as a Kafka broker does: error challenge
// {"status":"invalid_token"}, SASL_AUTHENTICATION_FAILED on the client's ^A, connection closed.
import t from 'tap';
import { expectRefused, startOAuthGateway } from '../helpers/oauth/gateway.js';

t.test('an expired token is refused', async (t) => {
  const fx = await startOAuthGateway({ rules: { clockSkewSeconds: 30 } });
  t.teardown(() => fx.stop());
  const now = Math.floor(Date.now() / 1000);
  await expectRefused(t, fx, await fx.issuer.sign({ iat: now - 7200, exp: now - 3600 }), /expired/);
  // just past the allowed clock skew is still expired
  await expectRefused(t, fx, await fx.issuer.sign({ iat: now - 600, exp: now - 40 }), /expired/);
});
