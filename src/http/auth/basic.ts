/**
 * HTTP Basic credentials (RFC 7617): parsing the Authorization value, and checking the pair
 * against the same credential store as SASL/PLAIN. Browsers send Basic on every request of the
 * web UI, and a store check costs a deliberately slow hash, so successful checks are remembered
 * for a short time under a keyed hash of user and password (the key is random per process; the
 * password itself is never kept). The cache is emptied on every change of the store (a lookup
 * with onChange, as CredentialStore has), so a removed user or changed password stops working
 * with the next request after the reload; without onChange, within ttl. remembered() answers
 * from that cache alone, synchronously, so a request with known-good credentials needs neither
 * the store nor a place in the password-hashing queue.
 */
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';

export interface PasswordLookup {
  verifyPlain(user: string, password: string): Promise<boolean>;
  /** Subscribe to changes of the credentials in force; returns unsubscribe. */
  onChange?(fn: () => void): () => void;
}

export type BasicParse = { ok: true; user: string; password: string } | { ok: false; reason: string };

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The user and password of a `Basic <base64>` value (the scheme is matched without case). */
export function parseBasic(value: string): BasicParse {
  const m = /^basic +(\S+) *$/i.exec(value);
  if (!m) return { ok: false, reason: 'malformed Basic credentials' };
  if (!B64.test(m[1]) || m[1].length % 4 !== 0) return { ok: false, reason: 'Basic credentials are not base64' };
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return { ok: false, reason: 'Basic credentials have no user name' };
  const user = text.slice(0, colon);
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\x00-\x1f\x7f]/.test(user)) return { ok: false, reason: 'Basic user name has control characters' };
  return { ok: true, user, password: text.slice(colon + 1) };
}

export class BasicVerifier {
  /** A KeyObject made once: createHmac with a raw Buffer key prepares a new one per call. */
  readonly #key = createSecretKey(randomBytes(32));
  readonly #ok = new Map<string, number>();
  #generation = 0;

  constructor(
    private readonly lookup: PasswordLookup,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.#unsubscribe = lookup.onChange?.(() => this.clear()) ?? null;
  }

  readonly #unsubscribe: (() => void) | null;

  #keyOf(user: string, password: string): string {
    return createHmac('sha256', this.#key).update(`${user}\0${password}`).digest('base64');
  }

  /** True when this pair was checked good within ttl and the store has not changed since. */
  remembered(user: string, password: string): boolean {
    const k = this.#keyOf(user, password);
    const until = this.#ok.get(k);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#ok.delete(k);
    return false;
  }

  async verify(user: string, password: string): Promise<boolean> {
    if (this.remembered(user, password)) return true;
    const k = this.#keyOf(user, password);
    const generation = this.#generation;
    const good = await this.lookup.verifyPlain(user, password);
    // A check that ran against the store before a reload is not remembered after it.
    if (good && this.ttlMs > 0 && generation === this.#generation) {
      this.#ok.set(k, this.now() + this.ttlMs);
      while (this.#ok.size > this.maxEntries) {
        const oldest = this.#ok.keys().next().value;
        if (oldest === undefined) break;
        this.#ok.delete(oldest);
      }
    }
    return good;
  }

  /** Forget every remembered success (call when the credential store reloads). */
  clear(): void {
    this.#generation++;
    this.#ok.clear();
  }

  /** Stop following the store (the listener closed). */
  close(): void {
    this.#unsubscribe?.();
  }
}
