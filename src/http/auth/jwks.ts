/**
 * Signing keys of a token issuer, fetched as a JWKS (RFC 7517) with undici and cached. Keys are
 * refetched when the cache is older than cacheMs, and early when a token names a key id the
 * cache does not have (key rotation) - but not more often than minRefreshMs, so tokens with
 * made-up key ids cannot make the gateway hammer the issuer. A failed refresh keeps the keys it
 * had. Concurrent lookups share one fetch.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { request, type Dispatcher } from 'undici';

export interface JwksOptions {
  url: string;
  cacheMs?: number;
  minRefreshMs?: number;
  timeoutMs?: number;
  /** Largest JWKS document accepted. */
  maxBytes?: number;
  /** undici dispatcher (e.g. an Agent with a private CA); default: the global one. */
  dispatcher?: Dispatcher;
  now?: () => number;
}

export interface SigningKey {
  kid: string | undefined;
  kty: string;
  crv: string | undefined;
  alg: string | undefined;
  key: KeyObject;
}

interface Jwk {
  kid?: unknown;
  kty?: unknown;
  crv?: unknown;
  alg?: unknown;
  use?: unknown;
}

export class JwksCache {
  #keys: SigningKey[] = [];
  #fetchedAt = -Infinity;
  #inflight: Promise<void> | null = null;
  readonly #o: Required<Omit<JwksOptions, 'dispatcher'>> & { dispatcher?: Dispatcher };

  constructor(o: JwksOptions) {
    const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as JwksOptions;
    this.#o = { cacheMs: 600_000, minRefreshMs: 30_000, timeoutMs: 5_000, maxBytes: 1024 * 1024, now: Date.now, ...given };
  }

  /** Keys usable for `alg` with key id `kid` (all keys of the right type when the token has no kid). */
  async keysFor(kid: string | undefined, kty: string): Promise<SigningKey[]> {
    const now = this.#o.now();
    if (now - this.#fetchedAt > this.#o.cacheMs) await this.#refresh();
    let found = this.#select(kid, kty);
    if (found.length === 0 && kid !== undefined && this.#o.now() - this.#fetchedAt > this.#o.minRefreshMs) {
      await this.#refresh();
      found = this.#select(kid, kty);
    }
    return found;
  }

  #select(kid: string | undefined, kty: string): SigningKey[] {
    return this.#keys.filter((k) => k.kty === kty && (kid === undefined || k.kid === kid));
  }

  #refresh(): Promise<void> {
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<void> {
    const { url, timeoutMs, maxBytes, dispatcher } = this.#o;
    try {
      const res = await request(url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs, dispatcher, headers: { accept: 'application/json' } });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of res.body) {
        size += (c as Buffer).length;
        if (size > maxBytes) {
          res.body.destroy();
          throw new Error(`JWKS larger than ${maxBytes} bytes`);
        }
        chunks.push(c as Buffer);
      }
      if (res.statusCode !== 200) throw new Error(`JWKS answered HTTP ${res.statusCode}`);
      const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { keys?: unknown };
      if (!Array.isArray(doc.keys)) throw new Error('JWKS has no keys array');
      this.#keys = doc.keys.flatMap((j: Jwk) => {
        if (j.use !== undefined && j.use !== 'sig') return [];
        try {
          const key = createPublicKey({ key: j as import('node:crypto').JsonWebKey, format: 'jwk' });
          return [{ kid: typeof j.kid === 'string' ? j.kid : undefined, kty: String(j.kty), crv: typeof j.crv === 'string' ? j.crv : undefined, alg: typeof j.alg === 'string' ? j.alg : undefined, key }];
        } catch {
          return [];
        }
      });
      this.#fetchedAt = this.#o.now();
      this.lastError = null;
    } catch (e) {
      // Keep what we had; try again after minRefreshMs rather than on every request.
      this.#fetchedAt = Math.max(this.#fetchedAt, this.#o.now() - this.#o.cacheMs + this.#o.minRefreshMs);
      this.lastError = (e as Error).message;
    }
  }

  /** Why the last fetch failed (null after a good one), for logs. */
  lastError: string | null = null;
}
