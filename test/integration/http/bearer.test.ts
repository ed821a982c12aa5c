// Bearer tokens (JWT) on the HTTP listener, sent by curl: RS256 and ES256 against a JWKS that is
// fetched once and cached, refetched on key rotation; every way a token can be wrong -> 401.
import t from 'tap';
import { startFlinkBackend } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway } from '../../helpers/http/gateway.js';
import { curl } from '../../helpers/http/curl.js';
import { newKey, signToken, startJwksServer } from '../../helpers/http/jwt.js';
import { waitForLine } from '../../helpers/listener.js';
import type { AclEntry } from '../../../src/acl/types.js';

const ISS = 'https://idp.example.com/realms/flink';
const AUD = 'flink-rest';
const carol: AclEntry = { principal: 'User:carol', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'DESCRIBE', permission: 'ALLOW' };

t.test('bearer tokens', async (t) => {
  const rsa = newKey('rsa-1', 'RS256');
  const ec = newKey('ec-1', 'ES256');
  const jwks = await startJwksServer([rsa, ec]);
  const backend = await startFlinkBackend();
  const gw = await startHttpGateway({
    backendUrl: backend.url,
    authentication: ['basic'],
    users: { alice: 'alice-secret' },
    services: { flinkAcls: [carol] },
    bearer: { jwksUrl: jwks.url, issuer: ISS, audience: [AUD, 'other'], jwksMinRefreshMs: 0 },
  });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
    await jwks.close();
  });
  const now = Math.floor(Date.now() / 1000);
  const good = { iss: ISS, aud: AUD, sub: 'carol', exp: now + 300, iat: now };
  const call = (token: string) => curl(['-H', `Authorization: Bearer ${token}`, `${gw.url}/jobs/overview`]);

  t.test('RS256 and ES256 tokens are accepted; the JWKS is fetched once', async (t) => {
    const a = await call(signToken(rsa, good));
    t.equal(a.status, 200, a.body);
    const b = await call(signToken(ec, good));
    t.equal(b.status, 200, b.body);
    t.equal(jwks.fetches, 1);
    await waitForLine(gw.lines, (l) => l.audit === 'authz' && l.principal === 'User:carol' && l.mechanism === 'bearer');
    t.equal(backend.seen('/jobs/overview').at(-1)?.headers.authorization, undefined, 'the token is not forwarded');
  });

  t.test('an audience list containing one allowed audience is accepted', async (t) => {
    t.equal((await call(signToken(rsa, { ...good, aud: ['x', 'other'] }))).status, 200);
  });

  const bad: Array<[string, () => string, RegExp]> = [
    ['expired', () => signToken(rsa, { ...good, exp: now - 3600 }), /expired/],
    ['no exp', () => signToken(rsa, { ...good, exp: undefined }), /no exp/],
    ['not yet valid', () => signToken(rsa, { ...good, nbf: now + 3600 }), /not valid yet/],
    ['wrong issuer', () => signToken(rsa, { ...good, iss: 'https://evil' }), /issuer/],
    ['wrong audience', () => signToken(rsa, { ...good, aud: 'someone-else' }), /audience/],
    ['no subject', () => signToken(rsa, { ...good, sub: undefined }), /principal claim/],
    ['signed by an unknown key', () => signToken(newKey('rsa-1', 'RS256'), good), /signature/],
    [
      'claims changed after signing',
      () => {
        const [h, , s] = signToken(rsa, good).split('.');
        return `${h}.${Buffer.from(JSON.stringify({ ...good, sub: 'admin' })).toString('base64url')}.${s}`;
      },
      /signature/,
    ],
    ['alg none', () => `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'rsa-1' })).toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`, /algorithm none/],
    ['HS256 with the public key as secret', () => signToken(rsa, good, { alg: 'HS256' }), /algorithm HS256/],
    ['RSA key named in an ES256 header', () => signToken(rsa, good, { alg: 'ES256' }), /no signing key|signature/],
    ['not a JWT', () => 'abc', /compact JWS/],
  ];
  for (const [name, token, why] of bad) {
    t.test(`${name} -> 401`, async (t) => {
      const r = await call(token());
      t.equal(r.status, 401);
      t.match(r.headers['www-authenticate'], /Bearer realm="streamward flink-ui"/);
      t.match(JSON.parse(r.body).errors[0], why);
    });
  }

  t.test('a rotated key: an unknown kid makes the gateway refetch the JWKS', async (t) => {
    const next = newKey('rsa-2', 'RS256');
    jwks.keys = [next];
    const before = jwks.fetches;
    const r = await call(signToken(next, good));
    t.equal(r.status, 200);
    t.equal(jwks.fetches, before + 1);
  });

  t.test('a valid token is still subject to the ACLs', async (t) => {
    const r = await curl(['-X', 'PATCH', '-H', `Authorization: Bearer ${signToken(jwks.keys[0], good)}`, `${gw.url}/jobs/a5e0edd8e66b53f1b89c2041f91b8fd2`]);
    t.equal(r.status, 403);
  });
});
