/**
 * The client side of SASL, for the gateway's own login to a backend with SASL: PLAIN (RFC 4616,
 * one message, no authzid) and SCRAM-SHA-256/512 (RFC 5802 / 7677, with the key arithmetic of
 * scram-crypto.ts the server side uses). The protocol wraps the messages (Kafka SaslAuthenticate,
 * Fluss AUTHENTICATE); a mechanism only sees tokens.
 *
 * SCRAM checks the server as well: its nonce must extend ours, its iteration count must lie in
 * the bounds the credential store accepts (a backend cannot make the gateway run PBKDF2 a billion
 * times), and its final signature must prove it holds the credential. Errors never carry the
 * password or the proofs.
 */
import { randomBytes } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { hmac, keysFromSaltedPassword, safeEqual, saltedPassword, scramHash, xor } from './scram-crypto.js';
import { SCRAM_MAX_ITERATIONS, SCRAM_MIN_ITERATIONS } from './scram-crypto.js';
import { encodeSaslName, isBase64, MAX_SCRAM_MESSAGE_CHARS } from './scram-messages.js';
import type { PasswordMechanismName, ScramMechanismName } from './types.js';

/** A username and password the gateway logs in to a backend with. */
export interface BackendCredential {
  mechanism: PasswordMechanismName;
  username: string;
  password: string;
}

export interface SaslClient {
  readonly mechanism: PasswordMechanismName;
  /** The first client message. */
  initial(): Buffer;
  /** The answer to a server message, or null when the exchange is complete on the client side. */
  respond(challenge: Buffer): Promise<Buffer | null>;
}

function refused(mechanism: string, what: string): GatewayError {
  return new GatewayError('SW_ERR_UPSTREAM_AUTH_FAILED', `${mechanism}: ${what}`);
}

class PlainClient implements SaslClient {
  readonly mechanism = 'PLAIN';
  constructor(private readonly c: BackendCredential) {}
  initial(): Buffer {
    return Buffer.from(`\u0000${this.c.username}\u0000${this.c.password}`, 'utf8');
  }
  async respond(): Promise<Buffer | null> {
    return null;
  }
}

/** `k=v` attributes of a server message (bounded), or null when malformed. */
function attributes(text: string): Map<string, string> | null {
  if (text.length > MAX_SCRAM_MESSAGE_CHARS) return null;
  const out = new Map<string, string>();
  for (const part of text.split(',', 33)) {
    const eq = part.indexOf('=');
    if (eq !== 1) return null;
    out.set(part[0], part.slice(2));
  }
  return out;
}

class ScramClient implements SaslClient {
  private readonly nonce = randomBytes(24).toString('base64');
  private readonly bare: string;
  private expectedServerSignature: Buffer | null = null;
  private finished = false;

  constructor(
    readonly mechanism: ScramMechanismName,
    private readonly c: BackendCredential,
  ) {
    this.bare = `n=${encodeSaslName(c.username)},r=${this.nonce}`;
  }

  initial(): Buffer {
    return Buffer.from(`n,,${this.bare}`, 'utf8');
  }

  async respond(challenge: Buffer): Promise<Buffer | null> {
    if (this.finished) throw refused(this.mechanism, 'the server sent a message after the exchange ended');
    const text = challenge.toString('utf8');
    const a = attributes(text);
    if (!a) throw refused(this.mechanism, 'the server sent a malformed message');
    if (a.has('e')) throw refused(this.mechanism, `the server refused the login (${a.get('e')!.slice(0, 64)})`);
    if (this.expectedServerSignature) return this.verifyFinal(a);
    const nonce = a.get('r') ?? '';
    const salt64 = a.get('s') ?? '';
    const iterations = Number(a.get('i'));
    if (!nonce.startsWith(this.nonce) || nonce.length === this.nonce.length) throw refused(this.mechanism, 'the server nonce does not extend the client nonce');
    if (salt64 === '' || !isBase64(salt64)) throw refused(this.mechanism, 'the server salt is not base64');
    if (!Number.isInteger(iterations) || iterations < SCRAM_MIN_ITERATIONS || iterations > SCRAM_MAX_ITERATIONS) {
      throw refused(this.mechanism, `the server asks for ${a.get('i')} iterations (accepted: ${SCRAM_MIN_ITERATIONS}..${SCRAM_MAX_ITERATIONS})`);
    }
    const h = scramHash(this.mechanism);
    const keys = keysFromSaltedPassword(h, await saltedPassword(h, this.c.password, Buffer.from(salt64, 'base64'), iterations));
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.bare},${text},${withoutProof}`;
    const proof = xor(keys.clientKey, hmac(h, keys.storedKey, authMessage));
    this.expectedServerSignature = hmac(h, keys.serverKey, authMessage);
    return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`, 'utf8');
  }

  private verifyFinal(a: Map<string, string>): null {
    const v = a.get('v') ?? '';
    if (v === '' || !isBase64(v) || !safeEqual(Buffer.from(v, 'base64'), this.expectedServerSignature!)) {
      throw refused(this.mechanism, 'the server signature does not match: the backend does not hold this credential');
    }
    this.finished = true;
    return null;
  }
}

export function saslClient(c: BackendCredential): SaslClient {
  return c.mechanism === 'PLAIN' ? new PlainClient(c) : new ScramClient(c.mechanism, c);
}
