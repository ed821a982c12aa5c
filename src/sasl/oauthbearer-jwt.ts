/**
 * JWT access-token verification with `jose` (compact JWS only), shared by SASL/OAUTHBEARER and
 * the HTTP listener's bearer tokens. Before any parsing the token's size and shape are bounded;
 * the header's `alg` must be on the allow list (never `none`, never an HMAC algorithm: the
 * configurable list holds asymmetric algorithms only), then jose checks the signature against the
 * issuer's JWKS and `exp` (required), `nbf`, `iss` and `aud` with the clock skew allowed. The
 * principal is `User:<claim>` (default claim `sub`). Failure reasons are client-safe and short;
 * the token itself is never part of one.
 */
import { decodeProtectedHeader, jwtVerify, errors, type JWTVerifyGetKey } from 'jose';

export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];
export const DEFAULT_JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'ES256'];
/** Largest token accepted before it is parsed at all (default). */
export const DEFAULT_MAX_TOKEN_BYTES = 4096;

export interface JwtRules {
  issuer: string;
  /** The token's `aud` must contain one of these. */
  audience: readonly string[];
  algorithms?: readonly JwtAlgorithm[];
  principalClaim?: string;
  clockSkewSeconds?: number;
  maxTokenBytes?: number;
}

export type JwtVerdict = { ok: true; principal: string; user: string; expiresAtMs: number } | { ok: false; reason: string };

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\x00-\x1f\x7f]/;

/** Why jose refused the token, as a short client-safe reason. */
function reasonOf(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'exp') return 'token has no exp';
    if (e.claim === 'nbf') return 'token not valid yet';
    if (e.claim === 'iss') return 'token issuer does not match';
    if (e.claim === 'aud') return 'token audience does not match';
    return `token claim ${e.claim} is not valid`;
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad token signature';
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) return 'no signing key for the token';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return 'token is not a valid JWT';
  return 'signing keys of the issuer are not available';
}

/** True when the failure is the issuer's keys being unreachable (not the client's fault). */
export function keysUnavailable(reason: string): boolean {
  return reason === 'signing keys of the issuer are not available';
}

export async function verifyJwt(token: string, keys: JWTVerifyGetKey, rules: JwtRules): Promise<JwtVerdict> {
  const max = rules.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
  if (token.length > max) return { ok: false, reason: `token larger than ${max} bytes` };
  if (!COMPACT_JWS.test(token)) return { ok: false, reason: 'token is not a compact JWS' };
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return { ok: false, reason: 'token is not a compact JWS' };
  }
  const allowed = rules.algorithms ?? DEFAULT_JWT_ALGORITHMS;
  if (typeof alg !== 'string' || !(allowed as readonly string[]).includes(alg)) {
    return { ok: false, reason: `algorithm ${typeof alg === 'string' ? alg.slice(0, 16).replace(/[^A-Za-z0-9]/g, '?') : 'missing'} not allowed` };
  }
  let payload: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, keys, {
      algorithms: [...allowed],
      issuer: rules.issuer,
      audience: [...rules.audience],
      clockTolerance: rules.clockSkewSeconds ?? 30,
      requiredClaims: ['exp'],
    });
    payload = verified.payload;
  } catch (e) {
    return { ok: false, reason: reasonOf(e) };
  }
  const user = payload[rules.principalClaim ?? 'sub'];
  if (typeof user !== 'string' || user === '' || user.length > 256 || CONTROL.test(user)) return { ok: false, reason: 'token has no usable principal claim' };
  return { ok: true, principal: `User:${user}`, user, expiresAtMs: (payload.exp as number) * 1000 };
}
