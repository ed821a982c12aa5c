// Attack: a token signed with the trusted key set but claiming another issuer (a second tenant or
// realm sharing keys), sent over SASL/OAUTHBEARER. Refused: invalid_token, SASL_AUTHENTICATION_FAILED.
import t from 'tap';
import { expectRefused, startOAuthGateway } from '../helpers/oauth/gateway.js';

t.test('a token from another issuer is refused', async (t) => {
  const fx = await startOAuthGateway();
  t.teardown(() => fx.stop());
  await expectRefused(t, fx, await fx.issuer.sign({ iss: 'https://evil.example.com' }), /issuer/);
  await expectRefused(t, fx, await fx.issuer.sign({ iss: `${fx.issuer.issuer}/` }), /issuer/);
  await expectRefused(t, fx, await fx.issuer.sign({ iss: undefined }), /issuer/);
});
