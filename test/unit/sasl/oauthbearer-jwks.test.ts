// The issuer key source: cached JWKS, refetched on an unknown kid but at most once per cooldown
// (100 tokens with random kids cause a bounded number of fetches), failed fetches rate-limited
// too, OIDC discovery (issuer must match), size cap on the document. Real HTTP on 127.0.0.1.
import t from 'tap';
import { remoteKeySource, discoverJwksUrl } from '../../../src/sasl/oauthbearer-jwks.js';
import { verifyJwt, type JwtRules } from '../../../src/sasl/oauthbearer-jwt.js';
import { newSigningKey, startTestIssuer } from '../../helpers/oauth/issuer.js';

t.test('100 tokens with random kids cause at most 2 JWKS fetches', async (t) => {
  const issuer = await startTestIssuer();
  t.teardown(() => issuer.close());
  const keys = remoteKeySource({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, cooldownMs: 30_000 });
  const rules: JwtRules = { issuer: issuer.issuer, audience: [issuer.audience] };
  t.equal((await verifyJwt(await issuer.sign(), keys, rules)).ok, true, 'a good token verifies (first fetch)');
  const attacker = await newSigningKey('x');
  const tokens = await Promise.all(Array.from({ length: 100 }, (_, i) => issuer.sign({}, { key: { ...attacker, kid: `rnd-${i}-${Math.random()}` } })));
  const verdicts = await Promise.all(tokens.map((tok) => verifyJwt(tok, keys, rules)));
  t.ok(
    verdicts.every((v) => !v.ok && v.reason === 'no signing key for the token'),
    'all refused',
  );
  t.ok(issuer.jwksFetches <= 2, `JWKS fetched ${issuer.jwksFetches} times for 101 tokens`);
});

t.test('an unknown kid refetches once the cooldown is over (key rotation)', async (t) => {
  const issuer = await startTestIssuer();
  t.teardown(() => issuer.close());
  const keys = remoteKeySource({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, cooldownMs: 200 });
  const rules: JwtRules = { issuer: issuer.issuer, audience: [issuer.audience] };
  t.ok((await verifyJwt(await issuer.sign(), keys, rules)).ok);
  const next = await newSigningKey('key-2', 'ES256');
  issuer.keys.push(next);
  await new Promise((r) => setTimeout(r, 300));
  t.ok((await verifyJwt(await issuer.sign({}, { key: next }), keys, rules)).ok, 'the rotated key is picked up');
  t.equal(issuer.jwksFetches, 2);
});

t.test('a failing JWKS endpoint is not hit again on every token', async (t) => {
  const issuer = await startTestIssuer();
  t.teardown(() => issuer.close());
  issuer.failJwks = true;
  const seen: Array<string | null> = [];
  const keys = remoteKeySource({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, cooldownMs: 30_000, onFetch: (_u, e) => seen.push(e) });
  const rules: JwtRules = { issuer: issuer.issuer, audience: [issuer.audience] };
  for (let i = 0; i < 100; i++) {
    const v = await verifyJwt(await issuer.sign(), keys, rules);
    if (v.ok || v.reason !== 'signing keys of the issuer are not available') t.fail(`token ${i}: ${JSON.stringify(v)}`);
  }
  t.equal(issuer.jwksFetches, 1, 'one fetch for 100 tokens while the endpoint fails');
  t.match(seen[0], /HTTP 500/, 'the failure is reported for the log');
});

t.test('OIDC discovery finds the JWKS; a discovery document naming another issuer is refused', async (t) => {
  const issuer = await startTestIssuer();
  t.teardown(() => issuer.close());
  t.equal(await discoverJwksUrl({ jwksUrl: null, issuer: issuer.issuer }), issuer.jwksUrl);
  const keys = remoteKeySource({ jwksUrl: null, issuer: issuer.issuer });
  t.ok((await verifyJwt(await issuer.sign(), keys, { issuer: issuer.issuer, audience: [issuer.audience] })).ok, 'verified with discovered keys');
  await t.rejects(discoverJwksUrl({ jwksUrl: null, issuer: `${issuer.issuer}/other` }), /HTTP 404/);
  const pretender = { ...issuer, issuer: issuer.issuer.replace('127.0.0.1', 'localhost') };
  await t.rejects(discoverJwksUrl({ jwksUrl: null, issuer: pretender.issuer }), /names issuer/);
});

t.test('an oversized JWKS document is refused', async (t) => {
  const issuer = await startTestIssuer();
  t.teardown(() => issuer.close());
  const seen: Array<string | null> = [];
  const keys = remoteKeySource({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, maxBytes: 100, onFetch: (_u, e) => seen.push(e) });
  const v = await verifyJwt(await issuer.sign(), keys, { issuer: issuer.issuer, audience: [issuer.audience] });
  t.same(v, { ok: false, reason: 'signing keys of the issuer are not available' });
  t.match(seen[0], /more than 100 bytes/);
});

t.test('size cap before parsing; exp required; principal claim', async (t) => {
  const issuer = await startTestIssuer();
  t.teardown(() => issuer.close());
  const keys = remoteKeySource({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer });
  const rules: JwtRules = { issuer: issuer.issuer, audience: [issuer.audience] };
  const big = await issuer.sign({ pad: 'x'.repeat(5000) });
  t.same(await verifyJwt(big, keys, rules), { ok: false, reason: 'token larger than 4096 bytes' });
  t.equal(issuer.jwksFetches, 0, 'refused before any key lookup');
  t.same(await verifyJwt(await issuer.sign({ exp: undefined }), keys, rules), { ok: false, reason: 'token has no exp' });
  const v = await verifyJwt(await issuer.sign({ preferred_username: 'carol' }), keys, { ...rules, principalClaim: 'preferred_username' });
  t.match(v, { ok: true, principal: 'User:carol', user: 'carol' });
  t.same(await verifyJwt(await issuer.sign({ sub: 'a\nb' }), keys, rules), { ok: false, reason: 'token has no usable principal claim' });
});
