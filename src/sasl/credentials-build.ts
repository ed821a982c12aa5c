/**
 * Turn a password into a stored credential: a scrypt verifier for PLAIN and RFC 5802 keys for
 * each SCRAM mechanism. The password itself is dropped as soon as the verifiers exist.
 */
import { randomBytes } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { DEFAULT_SCRYPT, hashPlainPassword, validScryptParams } from './plain-hash.js';
import type { ScryptParams } from './plain-hash.js';
import { SCRAM_DEFAULT_ITERATIONS, SCRAM_MAX_ITERATIONS, SCRAM_MIN_ITERATIONS, SCRAM_SALT_BYTES, deriveScramKeys } from './scram-crypto.js';
import type { StoredCredential } from './credentials-model.js';
import { MECHANISMS } from './types.js';
import type { PasswordMechanismName, ScramMechanismName } from './types.js';

export interface BuildOptions {
  mechanisms?: readonly PasswordMechanismName[];
  id?: string;
  scrypt?: ScryptParams;
  iterations?: number;
  created?: Date;
  /**
   * Salt and iterations to reuse per SCRAM mechanism: all of a user's verifiers for one mechanism
   * must share them, because a SCRAM server can offer the client only one salt.
   */
  shareScram?: Partial<Record<ScramMechanismName, { salt: Buffer; iterations: number }>>;
}

export function newCredentialId(): string {
  return randomBytes(4).toString('hex');
}

export async function buildCredential(password: string, o: BuildOptions = {}): Promise<StoredCredential> {
  if (password === '') throw new GatewayError('SW_ERR_CONFIG_INVALID', 'password must not be empty');
  const mechanisms = o.mechanisms ?? MECHANISMS;
  if (mechanisms.length === 0) throw new GatewayError('SW_ERR_CONFIG_INVALID', 'credential needs at least one mechanism');
  const scrypt = o.scrypt ?? DEFAULT_SCRYPT;
  if (!validScryptParams(scrypt)) throw new GatewayError('SW_ERR_CONFIG_INVALID', 'scrypt parameters out of range');
  const iterations = o.iterations ?? SCRAM_DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < SCRAM_MIN_ITERATIONS || iterations > SCRAM_MAX_ITERATIONS) {
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `SCRAM iterations must be ${SCRAM_MIN_ITERATIONS}..${SCRAM_MAX_ITERATIONS}`);
  }
  const c: StoredCredential = {
    id: o.id ?? newCredentialId(),
    created: (o.created ?? new Date()).toISOString(),
    scram: {},
  };
  for (const m of new Set(mechanisms)) {
    if (m === 'PLAIN') {
      c.plain = await hashPlainPassword(password, scrypt);
      continue;
    }
    const shared = o.shareScram?.[m];
    const salt = shared?.salt ?? randomBytes(SCRAM_SALT_BYTES);
    const iter = shared?.iterations ?? iterations;
    const keys = await deriveScramKeys(m, password, salt, iter);
    c.scram[m] = { salt, iterations: iter, storedKey: keys.storedKey, serverKey: keys.serverKey };
  }
  return c;
}
