// Attack: unsecured JWTs (alg "none", empty signature: what librdkafka's
// enable.sasl.oauthbearer.unsecure.jwt test mode sends) and algorithm confusion (HS256 "signed"
// with the issuer's public key as the HMAC secret). Over SASL/OAUTHBEARER both are refused before
// any key lookup: invalid_token, SASL_AUTHENTICATION_FAILED, connection closed.
import { createHmac } from 'node:crypto';
import t from 'tap';
import { expectRefused, startOAuthGateway } from '../helpers/oauth/gateway.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

t.test('alg none and HMAC tokens are refused', async (t) => {
  const fx = await startOAuthGateway();
  t.teardown(() => fx.stop());
  const claims = { iss: fx.issuer.issuer, aud: 'kafka', sub: 'admin', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 };
  await expectRefused(t, fx, `${b64({ alg: 'none' })}.${b64(claims)}.`, /algorithm none not allowed/);
  await expectRefused(t, fx, `${b64({ alg: 'none', kid: 'key-1' })}.${b64(claims)}.`, /algorithm none not allowed/);
  const fetches = fx.issuer.jwksFetches;
  const data = `${b64({ alg: 'HS256', kid: 'key-1', typ: 'JWT' })}.${b64(claims)}`;
  const mac = createHmac('sha256', JSON.stringify(fx.issuer.keys[0].jwk)).update(data).digest('base64url');
  await expectRefused(t, fx, `${data}.${mac}`, /algorithm HS256 not allowed/);
  t.equal(fx.issuer.jwksFetches, fetches, 'refused before any key lookup');
});
