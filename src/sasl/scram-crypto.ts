/**
 * The SCRAM key arithmetic of RFC 5802 section 3, for SHA-256 and SHA-512 (RFC 7677):
 *   SaltedPassword = Hi(password, salt, i)        (PBKDF2 with HMAC-H)
 *   ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = H(ClientKey)
 *   ServerKey = HMAC(SaltedPassword, "Server Key")
 *   ClientSignature = HMAC(StoredKey, AuthMessage), ClientProof = ClientKey XOR ClientSignature
 *   ServerSignature = HMAC(ServerKey, AuthMessage)
 * Used by the server mechanism, the credential store and the test client alike.
 */
import { createHash, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ScramMechanismName } from './types.js';

const pbkdf2Async = promisify(pbkdf2);

/** Kafka refuses SCRAM credentials below this (ScramMechanism.minIterations); so do we. */
export const SCRAM_MIN_ITERATIONS = 4096;
/** Upper bound on what we accept in a stored credential (keeps one PBKDF2 run bounded). */
export const SCRAM_MAX_ITERATIONS = 1_000_000;
export const SCRAM_DEFAULT_ITERATIONS = 8192;
export const SCRAM_SALT_BYTES = 24;

export interface ScramHash {
  /** node:crypto digest name */
  digest: 'sha256' | 'sha512';
  /** output length in bytes */
  size: number;
}

export function scramHash(mechanism: ScramMechanismName): ScramHash {
  return mechanism === 'SCRAM-SHA-256' ? { digest: 'sha256', size: 32 } : { digest: 'sha512', size: 64 };
}

export function hmac(h: ScramHash, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(h.digest, key).update(data).digest();
}

export function hash(h: ScramHash, data: Buffer): Buffer {
  return createHash(h.digest).update(data).digest();
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ (b[i] ?? 0);
  return out;
}

/** Hi() of RFC 5802: PBKDF2 over the UTF-8 password (no SASLprep, as Kafka clients do none). */
export function saltedPassword(h: ScramHash, password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, h.size, h.digest);
}

export interface ScramKeys {
  clientKey: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

export function keysFromSaltedPassword(h: ScramHash, salted: Buffer): ScramKeys {
  const clientKey = hmac(h, salted, 'Client Key');
  return { clientKey, storedKey: hash(h, clientKey), serverKey: hmac(h, salted, 'Server Key') };
}

export async function deriveScramKeys(mechanism: ScramMechanismName, password: string, salt: Buffer, iterations: number): Promise<ScramKeys> {
  const h = scramHash(mechanism);
  return keysFromSaltedPassword(h, await saltedPassword(h, password, salt, iterations));
}

/** Constant-time equality; a length difference returns false at once (lengths are public). */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The salt shown to a user who has no SCRAM credential: HMAC(secret, mechanism, user), so it is
 * the same on every attempt (and across restarts when the secret is persisted) and cannot be told
 * apart from a random salt of the same length.
 */
export function phantomSalt(secret: Buffer, mechanism: ScramMechanismName, user: string): Buffer {
  return createHmac('sha256', secret).update(`streamward phantom salt\u0000${mechanism}\u0000${user}`, 'utf8').digest().subarray(0, SCRAM_SALT_BYTES);
}
