/**
 * SASL/PLAIN server (RFC 4616): one client token `[authzid] NUL authcid NUL passwd`, answered with
 * an empty challenge on success. Checks run in the same order and fail with the same texts as the
 * Fluss/Kafka PlainSaslServer, so clients see what a real server would send:
 *   token count -> empty user -> empty password -> credentials -> authorization id.
 */
import { GatewayError } from '../errors.js';
import { failure, principalOf } from './types.js';
import type { CredentialLookup, Mechanism, MechanismStep, StepResult } from './types.js';

/** RFC 4616 asks for 255 octets per field; leave room for long generated passwords. */
export const PLAIN_MAX_PAYLOAD_BYTES = 1024;

/** The texts a Fluss server (and Kafka, where not hidden) sends for each PLAIN failure. */
export const PLAIN_MESSAGES = {
  tokens: (n: number) => `Invalid SASL/PLAIN response: expected 3 tokens, got ${n}`,
  noUser: 'Authentication failed: username not specified',
  noPassword: 'Authentication failed: password not specified',
  badCredentials: 'Authentication failed: Invalid username or password',
  notVerified: 'Authentication failed: credentials for user could not be verified',
  authzid: 'Authentication failed: Client requested an authorization id that is different from username',
} as const;

export interface PlainFields {
  authzid: string;
  user: string;
  password: string;
}

/**
 * Split a PLAIN token like the Java servers do: at most four NUL-separated parts are counted, so
 * a token with three or more NULs reports "got 4". Returns the part count when it is not 3.
 */
export function splitPlainToken(token: Buffer): PlainFields | { count: number } {
  const text = token.toString('utf8');
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const nul = text.indexOf('\u0000', start);
    if (nul === -1) {
      parts.push(text.slice(start));
      break;
    }
    parts.push(text.slice(start, nul));
    start = nul + 1;
  }
  if (parts.length !== 3) return { count: parts.length };
  return { authzid: parts[0], user: parts[1], password: parts[2] };
}

async function evaluate(lookup: Pick<CredentialLookup, 'verifyPlain' | 'matchPlain'>, token: Buffer): Promise<StepResult> {
  const fields = splitPlainToken(token);
  // Kafka raises a plain SaslException for the first three checks (generic text on the wire)
  // and a SaslAuthenticationException, whose text is sent, for the rest.
  if ('count' in fields) return failure('malformed', PLAIN_MESSAGES.tokens(fields.count), true);
  if (fields.user === '') return failure('malformed', PLAIN_MESSAGES.noUser, true);
  if (fields.password === '') return failure('malformed', PLAIN_MESSAGES.noPassword, true);
  let ok: boolean;
  let credentialId: string | undefined;
  try {
    if (lookup.matchPlain) {
      credentialId = (await lookup.matchPlain(fields.user, fields.password)) ?? undefined;
      ok = credentialId !== undefined;
    } else ok = await lookup.verifyPlain(fields.user, fields.password);
  } catch {
    return failure('internal', PLAIN_MESSAGES.notVerified, false);
  }
  if (!ok) return failure('bad-credentials', PLAIN_MESSAGES.badCredentials, false);
  if (fields.authzid !== '' && fields.authzid !== fields.user) {
    return failure('authzid-mismatch', PLAIN_MESSAGES.authzid, false);
  }
  return { done: true, principal: principalOf(fields.user), user: fields.user, challenge: Buffer.alloc(0), ...(credentialId ? { credentialId } : {}) };
}

export function plainMechanism(lookup: Pick<CredentialLookup, 'verifyPlain' | 'matchPlain'>): Mechanism {
  return {
    name: 'PLAIN',
    maxPayloadBytes: PLAIN_MAX_PAYLOAD_BYTES,
    start(): MechanismStep {
      let used = false;
      return async (token) => {
        if (used) throw new GatewayError('SW_ERR_AUTH_STATE', 'PLAIN takes exactly one token');
        used = true;
        return evaluate(lookup, token);
      };
    },
  };
}
