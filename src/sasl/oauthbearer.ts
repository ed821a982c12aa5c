/**
 * SASL/OAUTHBEARER server (RFC 7628 as Kafka uses it, KIP-255), following Kafka's
 * OAuthBearerSaslServer:
 *
 *   client first message ──token valid──────────▶ done, empty challenge, principal User:<claim>
 *   client first message ──token refused────────▶ challenge {"status":"invalid_token"}
 *     then the client's ^A ─────────────────────▶ failed, message = that JSON (sent to the client)
 *   malformed message ──────────────────────────▶ failed (Kafka's generic text)
 *   authzid given and not the token's principal ▶ failed (Kafka's text)
 *
 * Unlike Kafka, anything but ^A after an error challenge also fails (Kafka would parse it as a
 * second token in the same exchange, a retry outside the failed-attempt throttle). The token is
 * size-capped (maxPayloadBytes, checked by the session before this runs) and never logged; the
 * token's exp becomes the session's credential expiry (KIP-368 re-authentication).
 */
import type { JWTVerifyGetKey } from 'jose';
import { GatewayError } from '../errors.js';
import { failure } from './types.js';
import type { Mechanism, MechanismStep, StepResult } from './types.js';
import { verifyJwt, DEFAULT_MAX_TOKEN_BYTES, type JwtRules } from './oauthbearer-jwt.js';
import { errorChallenge, parseClientFirst } from './oauthbearer-message.js';
import { remoteKeySource } from './oauthbearer-jwks.js';
import type { OAuthBearerConfig } from '../config/types.js';

/** Room for the GS2 header, `auth=Bearer ` and a few extensions around the token. */
const MESSAGE_ROOM = 512;

export const OAUTHBEARER_MESSAGES = {
  malformed: 'Invalid OAUTHBEARER client first message',
  authzid: (authzid: string, principal: string) => `Authentication failed: Client requested an authorization id (${authzid}) that is different from the token's principal name (${principal})`,
} as const;

export interface OAuthBearerOptions {
  rules: JwtRules;
  keys: JWTVerifyGetKey;
}

async function first(o: OAuthBearerOptions, message: Buffer): Promise<StepResult> {
  const parsed = parseClientFirst(message);
  if (!parsed) return failure('malformed', OAUTHBEARER_MESSAGES.malformed, true);
  const verdict = await verifyJwt(parsed.token, o.keys, o.rules);
  if (!verdict.ok) return { done: false, challenge: errorChallenge(), rejected: verdict.reason };
  if (parsed.authzid !== '' && parsed.authzid !== verdict.user) {
    return failure('authzid-mismatch', OAUTHBEARER_MESSAGES.authzid(parsed.authzid, verdict.user), false);
  }
  return { done: true, principal: verdict.principal, user: verdict.user, challenge: Buffer.alloc(0), expiresAtMs: verdict.expiresAtMs };
}

export function oauthBearerMechanism(o: OAuthBearerOptions): Mechanism {
  return {
    name: 'OAUTHBEARER',
    maxPayloadBytes: (o.rules.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES) + MESSAGE_ROOM,
    start(): MechanismStep {
      let round = 0;
      let refused: Buffer | null = null;
      return async (token) => {
        round++;
        if (round === 1) {
          const r = await first(o, token);
          if (!r.done && !r.failed && r.rejected) refused = r.challenge;
          return r;
        }
        if (round === 2 && refused) {
          // Kafka sends the error JSON as the SaslAuthenticationException text after the ^A.
          const text = refused.toString('utf8');
          return failure('bad-credentials', text, false);
        }
        throw new GatewayError('SW_ERR_AUTH_STATE', 'OAUTHBEARER exchange already finished');
      };
    },
  };
}

/** The mechanism for a listener's `sasl.oauthbearer` settings (one key cache per listener). */
export function oauthBearerFromConfig(c: OAuthBearerConfig, onFetch?: (url: string, error: string | null) => void): Mechanism {
  const keys = remoteKeySource({ jwksUrl: c.jwksUrl, issuer: c.issuer, cacheMs: c.jwksCacheMs, cooldownMs: c.jwksCooldownMs, onFetch });
  const rules: JwtRules = {
    issuer: c.issuer,
    audience: c.audience,
    algorithms: c.allowedAlgorithms,
    principalClaim: c.principalClaim,
    clockSkewSeconds: c.clockSkewSeconds,
    maxTokenBytes: c.maxTokenBytes,
  };
  return oauthBearerMechanism({ rules, keys });
}
