// Attack: forge or alter a token: claims changed after signing (sub swapped to admin), a token
// signed by another key under the trusted kid, a truncated signature. Over SASL/OAUTHBEARER each
// is refused: invalid_token, SASL_AUTHENTICATION_FAILED, connection closed.
import t from 'tap';
import { expectRefused, startOAuthGateway } from '../helpers/oauth/gateway.js';
import { newSigningKey } from '../helpers/oauth/issuer.js';

t.test('tokens with a bad signature are refused', async (t) => {
  const fx = await startOAuthGateway();
  t.teardown(() => fx.stop());
  const [h, , s] = (await fx.issuer.sign({ sub: 'alice' })).split('.');
  const swapped = Buffer.from(JSON.stringify({ iss: fx.issuer.issuer, aud: 'kafka', sub: 'admin', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
  await expectRefused(t, fx, `${h}.${swapped}.${s}`, /signature/);
  const impostor = { ...(await newSigningKey('impostor')), kid: 'key-1' };
  await expectRefused(t, fx, await fx.issuer.sign({ sub: 'admin' }, { key: impostor }), /signature/);
  const good = await fx.issuer.sign();
  await expectRefused(t, fx, good.slice(0, -10), /signature|not a valid/);
});
