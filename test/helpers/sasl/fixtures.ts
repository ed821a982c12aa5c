/**
 * Shared bits for SASL tests: cheap hashing parameters (the production defaults cost ~50 ms per
 * scrypt run) and token builders.
 */
import type { CredentialStoreOptions } from '../../../src/sasl/credentials.js';

export const FAST: CredentialStoreOptions = { scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 };

/** A PLAIN token: authzid NUL user NUL password. */
export function plainToken(authzid: string, user: string, password: string): Buffer {
  return Buffer.from(`${authzid}\u0000${user}\u0000${password}`, 'utf8');
}
