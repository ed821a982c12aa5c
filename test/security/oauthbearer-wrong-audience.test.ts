// Attack: present a valid token the same issuer minted for another service (another audience)
// to the Kafka gateway over SASL/OAUTHBEARER. Refused: invalid_token, SASL_AUTHENTICATION_FAILED.
import t from 'tap';
import { expectRefused, startOAuthGateway } from '../helpers/oauth/gateway.js';

t.test('a token for another audience is refused', async (t) => {
  const fx = await startOAuthGateway();
  t.teardown(() => fx.stop());
  await expectRefused(t, fx, await fx.issuer.sign({ aud: 'billing-api' }), /audience/);
  await expectRefused(t, fx, await fx.issuer.sign({ aud: ['billing-api', 'kafka-admin'] }), /audience/);
  await expectRefused(t, fx, await fx.issuer.sign({ aud: undefined }), /audience/);
});
