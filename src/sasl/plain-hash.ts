/**
 * PLAIN password verifiers: scrypt(password, salt, N, r, p) with the parameters stored beside the
 * hash, so stronger defaults can be introduced without invalidating existing entries.
 */
import { randomBytes, scrypt } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import { safeEqual } from './scram-crypto.js';

export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number;
  r: number;
  p: number;
}

export interface PlainVerifier extends ScryptParams {
  algorithm: 'scrypt';
  salt: Buffer;
  hash: Buffer;
}

/** 16 MiB and roughly 50 ms per check on a small server core. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1 };
export const SCRYPT_LIMITS = { minLog2N: 10, maxLog2N: 20, maxR: 32, maxP: 16 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

export function validScryptParams(p: ScryptParams): boolean {
  const log2 = Math.log2(p.N);
  return (
    Number.isInteger(log2) &&
    log2 >= SCRYPT_LIMITS.minLog2N &&
    log2 <= SCRYPT_LIMITS.maxLog2N &&
    Number.isInteger(p.r) &&
    p.r >= 1 &&
    p.r <= SCRYPT_LIMITS.maxR &&
    Number.isInteger(p.p) &&
    p.p >= 1 &&
    p.p <= SCRYPT_LIMITS.maxP
  );
}

function runScrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 128 * params.r * params.p + (1 << 20),
  };
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(password, 'utf8'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPlainPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<PlainVerifier> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await runScrypt(password, salt, HASH_BYTES, params);
  return { algorithm: 'scrypt', ...params, salt, hash };
}

export async function verifyPlainPassword(password: string, v: PlainVerifier): Promise<boolean> {
  const got = await runScrypt(password, v.salt, v.hash.length, v);
  return safeEqual(got, v.hash);
}

/** A verifier no password matches, used so unknown users cost one scrypt run too. */
export function dummyPlainVerifier(params: ScryptParams = DEFAULT_SCRYPT): PlainVerifier {
  return { algorithm: 'scrypt', ...params, salt: randomBytes(SALT_BYTES), hash: randomBytes(HASH_BYTES) };
}
