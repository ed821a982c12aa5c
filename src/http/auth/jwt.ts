/**
 * Bearer tokens: compact JWS JSON Web Tokens (RFC 7519) signed with RS256/RS384/RS512 or
 * ES256/ES384, verified with node:crypto against the issuer's JWKS. Checked: the algorithm is on
 * the allow list (never `none`, never HMAC), the signature, `exp` (required), `nbf`, `iss` and
 * `aud`. The principal is `User:<claim>` (default claim `sub`).
 */
import { verify as verifySignature } from 'node:crypto';
import type { JwksCache } from './jwks.js';

export type JwtAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384';

export interface BearerSettings {
  jwksUrl: string;
  issuer: string;
  /** The token's `aud` must contain one of these. */
  audience: string | string[];
  algorithms?: JwtAlgorithm[];
  principalClaim?: string;
  clockSkewMs?: number;
  jwksCacheMs?: number;
  /** Soonest refetch when a token names an unknown key id (default 30 s). */
  jwksMinRefreshMs?: number;
}

const ALGS: Record<JwtAlgorithm, { hash: string; kty: string; crv?: string }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  ES256: { hash: 'sha256', kty: 'EC', crv: 'P-256' },
  ES384: { hash: 'sha384', kty: 'EC', crv: 'P-384' },
};

export type JwtResult = { ok: true; principal: string; subject: string } | { ok: false; reason: string };

function part(s: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function verifyJwt(token: string, keys: JwksCache, s: BearerSettings, now: number = Date.now()): Promise<JwtResult> {
  const pieces = token.split('.');
  if (pieces.length !== 3 || pieces.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return { ok: false, reason: 'token is not a compact JWS' };
  const header = part(pieces[0]);
  const claims = part(pieces[1]);
  if (!header || !claims) return { ok: false, reason: 'token header or claims are not JSON objects' };
  const alg = header.alg as JwtAlgorithm;
  const allowed = s.algorithms ?? ['RS256', 'ES256'];
  if (typeof alg !== 'string' || !allowed.includes(alg) || !ALGS[alg]) return { ok: false, reason: `algorithm ${String(header.alg)} not allowed` };
  const spec = ALGS[alg];
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const candidates = (await keys.keysFor(kid, spec.kty)).filter((k) => (spec.crv === undefined || k.crv === spec.crv) && (k.alg === undefined || k.alg === alg));
  if (candidates.length === 0) return { ok: false, reason: 'no signing key for the token' };
  const data = Buffer.from(`${pieces[0]}.${pieces[1]}`);
  const sig = Buffer.from(pieces[2], 'base64url');
  const good = candidates.some((k) => {
    try {
      return verifySignature(spec.hash, data, spec.kty === 'EC' ? { key: k.key, dsaEncoding: 'ieee-p1363' } : k.key, sig);
    } catch {
      return false;
    }
  });
  if (!good) return { ok: false, reason: 'bad token signature' };
  const skew = s.clockSkewMs ?? 30_000;
  if (typeof claims.exp !== 'number') return { ok: false, reason: 'token has no exp' };
  if (now >= claims.exp * 1000 + skew) return { ok: false, reason: 'token expired' };
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || now < claims.nbf * 1000 - skew)) return { ok: false, reason: 'token not valid yet' };
  if (claims.iss !== s.issuer) return { ok: false, reason: 'token issuer does not match' };
  const want = Array.isArray(s.audience) ? s.audience : [s.audience];
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === 'string' && want.includes(a))) return { ok: false, reason: 'token audience does not match' };
  const subject = claims[s.principalClaim ?? 'sub'];
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (typeof subject !== 'string' || subject === '' || /[\x00-\x1f\x7f]/.test(subject)) return { ok: false, reason: 'token has no usable principal claim' };
  return { ok: true, principal: `User:${subject}`, subject };
}
