/**
 * Bearer tokens on the HTTP listener: JWTs verified with jose against the issuer's JWKS, by the
 * same verifier as SASL/OAUTHBEARER (src/sasl/oauthbearer-jwt.ts: size and alg allow-list before
 * parsing, never `none` or HMAC, signature, `exp` required, `nbf`, `iss`, `aud`; principal
 * `User:<claim>`, default `sub`). This file maps the listener's `bearer` settings onto it.
 */
import type { JWTVerifyGetKey } from 'jose';
import { verifyJwt as verify, type JwtAlgorithm } from '../../sasl/oauthbearer-jwt.js';
import { remoteKeySource } from '../../sasl/oauthbearer-jwks.js';

export type { JwtAlgorithm };

export interface BearerSettings {
  jwksUrl: string;
  issuer: string;
  /** The token's `aud` must contain one of these. */
  audience: string | string[];
  algorithms?: JwtAlgorithm[];
  principalClaim?: string;
  clockSkewMs?: number;
  jwksCacheMs?: number;
  /** Soonest refetch when a token names an unknown key id, or after a failed fetch (default 30 s). */
  jwksMinRefreshMs?: number;
}

export type JwtResult = { ok: true; principal: string; subject: string } | { ok: false; reason: string };

/** The issuer's keys for these settings (one cache per listener). */
export function bearerKeys(s: BearerSettings): JWTVerifyGetKey {
  return remoteKeySource({ jwksUrl: s.jwksUrl, issuer: s.issuer, cacheMs: s.jwksCacheMs, cooldownMs: s.jwksMinRefreshMs });
}

export async function verifyJwt(token: string, keys: JWTVerifyGetKey, s: BearerSettings): Promise<JwtResult> {
  const v = await verify(token, keys, {
    issuer: s.issuer,
    audience: Array.isArray(s.audience) ? s.audience : [s.audience],
    algorithms: s.algorithms,
    principalClaim: s.principalClaim,
    clockSkewSeconds: Math.round((s.clockSkewMs ?? 30_000) / 1000),
    // an Authorization header is bounded by the HTTP header limits; allow the larger tokens IdPs issue
    maxTokenBytes: 16_384,
  });
  return v.ok ? { ok: true, principal: v.principal, subject: v.user } : v;
}
