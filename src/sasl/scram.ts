/**
 * SCRAM-SHA-256 / SCRAM-SHA-512 server (RFC 5802, RFC 7677) as Kafka clients speak it:
 *
 *   client-first  n,[a=authzid],n=<saslname>,r=<cnonce>[,ext=...]
 *   server-first  r=<cnonce+snonce>,s=<base64 salt>,i=<iterations>
 *   client-final  c=<base64 gs2 header>,r=<cnonce+snonce>,p=<base64 proof>
 *   server-final  v=<base64 server signature>   (or e=<error> on failure)
 *
 * A user without a credential for the mechanism gets a phantom salt and iteration count (stable
 * per user) and fails at the final step with the same reason and text as a wrong password.
 * Rotation: a user may hold several verifiers; the newest one's salt and iterations are offered
 * and the proof is checked against every verifier sharing them (the store keeps them shared).
 */
import { randomBytes } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { failure, principalOf } from './types.js';
import type { CredentialLookup, Mechanism, MechanismStep, ScramCredential, ScramMechanismName, StepResult } from './types.js';
import { SCRAM_MIN_ITERATIONS, hash, hmac, safeEqual, scramHash, xor } from './scram-crypto.js';
import type { ScramHash } from './scram-crypto.js';
import { formatServerError, formatServerFinal, formatServerFirst, parseClientFinal, parseClientFirst } from './scram-messages.js';
import type { ClientFirst } from './scram-messages.js';

/** Client messages are a user name, a nonce and a proof: a few hundred bytes at most. */
export const SCRAM_MAX_PAYLOAD_BYTES = 2048;

export const SCRAM_MESSAGES = {
  firstFormat: 'Invalid SCRAM client first message format',
  finalFormat: 'Invalid SCRAM client final message format',
  channelBinding: 'SCRAM channel binding is not supported',
  channelBindingMismatch: 'SCRAM channel binding does not match the gs2 header',
  mandatoryExtension: 'SCRAM mandatory extension is not supported',
  tokenAuth: 'SCRAM delegation token authentication is not supported',
  authzid: 'Authentication failed: Client requested an authorization id that is different from username',
  nonce: 'Invalid client nonce in the final client message.',
  badCredentials: 'Authentication failed: Invalid user credentials',
} as const;

export interface ScramOptions {
  /** Server nonce source (tests pin it); default 24 random bytes in base64. */
  serverNonce?: () => string;
}

type Lookup = Pick<CredentialLookup, 'scramCredentials' | 'phantomScram'>;

interface Offer {
  user: string;
  first: ClientFirst;
  serverFirst: string;
  nonce: string;
  /** Verifiers that share the offered salt and iterations; empty for a phantom offer. */
  candidates: ScramCredential[];
}

/** The verifiers usable with one offer: those sharing the newest acceptable one's salt and count. */
function pickCandidates(all: ScramCredential[]): ScramCredential[] {
  const usable = all.filter((c) => c.iterations >= SCRAM_MIN_ITERATIONS);
  const head = usable[0];
  if (!head) return [];
  return usable.filter((c) => c.iterations === head.iterations && c.salt.equals(head.salt));
}

function onClientFirst(name: ScramMechanismName, lookup: Lookup, token: Buffer, serverNonce: () => string): StepResult | Offer {
  const first = parseClientFirst(token.toString('utf8'));
  if (!first) return failure('malformed', SCRAM_MESSAGES.firstFormat, true);
  if (first.gs2Flag === 'p') return failure('channel-binding', SCRAM_MESSAGES.channelBinding, true);
  if (first.mandatoryExtension) return failure('unsupported', SCRAM_MESSAGES.mandatoryExtension, true);
  if (first.extensions.get('tokenauth')?.toLowerCase() === 'true') {
    return failure('unsupported', SCRAM_MESSAGES.tokenAuth, true);
  }
  if (first.authzid !== '' && first.authzid !== first.user) {
    return failure('authzid-mismatch', SCRAM_MESSAGES.authzid, false);
  }
  const candidates = pickCandidates(lookup.scramCredentials(first.user, name));
  const offered = candidates[0] ?? lookup.phantomScram(first.user, name);
  const nonce = first.clientNonce + serverNonce();
  const serverFirst = formatServerFirst(nonce, offered.salt, offered.iterations);
  return { user: first.user, first, serverFirst, nonce, candidates };
}

/** Check the proof against every candidate without stopping early; the match, if any. */
function matchProof(h: ScramHash, candidates: ScramCredential[], authMessage: string, proof: Buffer) {
  // A phantom offer still does one verification's work against a key nothing can match.
  const keys = candidates.length > 0 ? candidates : [{ storedKey: randomBytes(h.size), serverKey: Buffer.alloc(0) }];
  let matched: { serverKey: Buffer; id?: string } | undefined;
  for (const c of keys) {
    const clientKey = xor(proof, hmac(h, c.storedKey, authMessage));
    const ok = safeEqual(hash(h, clientKey), c.storedKey) && proof.length === h.size;
    if (ok && !matched && candidates.length > 0) matched = c;
  }
  return matched;
}

function onClientFinal(h: ScramHash, offer: Offer, token: Buffer): StepResult {
  const fin = parseClientFinal(token.toString('utf8'));
  if (!fin) return failure('malformed', SCRAM_MESSAGES.finalFormat, true, Buffer.from(formatServerError('invalid-encoding')));
  if (!Buffer.from(fin.channelBinding, 'base64').equals(Buffer.from(offer.first.gs2Header, 'utf8'))) {
    const e = formatServerError('channel-bindings-dont-match');
    return failure('channel-binding', SCRAM_MESSAGES.channelBindingMismatch, true, Buffer.from(e));
  }
  // Kafka accepts a final nonce that ENDS with the combined nonce (ScramSaslServer uses
  // endsWith), and librdkafka up to 2.x relies on it: it sends client nonce + combined nonce.
  // The proof still covers the whole message as sent, so nothing weaker is accepted.
  const finalNonce = Buffer.from(fin.nonce, 'utf8');
  const combined = Buffer.from(offer.nonce, 'utf8');
  if (finalNonce.length < combined.length || !safeEqual(finalNonce.subarray(finalNonce.length - combined.length), combined)) {
    return failure('bad-nonce', SCRAM_MESSAGES.nonce, true, Buffer.from(formatServerError('other-error')));
  }
  const authMessage = `${offer.first.bare},${offer.serverFirst},${fin.withoutProof}`;
  const matched = matchProof(h, offer.candidates, authMessage, fin.proof);
  if (!matched) {
    return failure('bad-credentials', SCRAM_MESSAGES.badCredentials, true, Buffer.from(formatServerError('invalid-proof')));
  }
  const verifier = formatServerFinal(hmac(h, matched.serverKey, authMessage));
  return { done: true, principal: principalOf(offer.user), user: offer.user, challenge: Buffer.from(verifier), ...(matched.id ? { credentialId: matched.id } : {}) };
}

export function scramMechanism(name: ScramMechanismName, lookup: Lookup, options: ScramOptions = {}): Mechanism {
  const h = scramHash(name);
  const serverNonce = options.serverNonce ?? (() => randomBytes(24).toString('base64'));
  return {
    name,
    maxPayloadBytes: SCRAM_MAX_PAYLOAD_BYTES,
    start(): MechanismStep {
      let offer: Offer | undefined;
      let finished = false;
      return async (token) => {
        if (finished) throw new GatewayError('SW_ERR_AUTH_STATE', `${name} exchange already finished`);
        if (!offer) {
          const r = onClientFirst(name, lookup, token, serverNonce);
          if ('serverFirst' in r) {
            offer = r;
            return { done: false, challenge: Buffer.from(r.serverFirst, 'utf8') };
          }
          finished = true;
          return r;
        }
        finished = true;
        return onClientFinal(h, offer, token);
      };
    },
  };
}
