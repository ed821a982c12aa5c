/**
 * Slows down password guessing. Failed authentications are counted per client address and per
 * user name; the next attempt waits `delay * 2^(failures-1)` (capped at maxDelay), where failures
 * is the larger of the two counts. Only the address count closes connections (closeAfter), so a
 * stranger failing as "alice" can delay alice but never lock her out. Counts fall by one per
 * `decay` without failures and reset on success. Pure: time comes from the injected clock, and
 * the tables are bounded (oldest entries go first).
 */

export interface ThrottleConfig {
  /** Delay after the first failure. */
  delayMs: number;
  maxDelayMs: number;
  /** Close instead of allowing another attempt once an address has this many failures; 0 = never. */
  closeAfter: number;
  /** One failure is forgotten per this much quiet time (default 60 s). */
  decayMs?: number;
  /** Upper bound on tracked addresses and on tracked users (default 10000 each). */
  maxEntries?: number;
}

export interface Who {
  address: string;
  /** Known once the client has named itself (PLAIN token, SCRAM client-first). */
  user?: string;
}

export interface ThrottleDecision {
  /** Wait this long before answering / accepting the next attempt. */
  delayMs: number;
  /** Close the connection instead of allowing another attempt. */
  close: boolean;
  failures: { address: number; user: number };
}

interface Entry {
  count: number;
  last: number;
}

export class FailedAuthThrottle {
  readonly #cfg: Required<ThrottleConfig>;
  readonly #now: () => number;
  readonly #byAddress = new Map<string, Entry>();
  readonly #byUser = new Map<string, Entry>();

  constructor(cfg: ThrottleConfig, now: () => number = Date.now) {
    this.#cfg = { decayMs: 60_000, maxEntries: 10_000, ...cfg };
    this.#now = now;
  }

  /** What applies to the next attempt from `who`, without recording anything. */
  next(who: Who): ThrottleDecision {
    const t = this.#now();
    const address = this.#current(this.#byAddress, who.address, t);
    const user = who.user === undefined ? 0 : this.#current(this.#byUser, who.user, t);
    const n = Math.max(address, user);
    const { delayMs, maxDelayMs, closeAfter } = this.#cfg;
    return {
      delayMs: n === 0 ? 0 : Math.min(maxDelayMs, delayMs * 2 ** Math.min(n - 1, 30)),
      close: closeAfter > 0 && address >= closeAfter,
      failures: { address, user },
    };
  }

  /** Record a failed attempt; returns the decision for the next one. */
  failure(who: Who): ThrottleDecision {
    const t = this.#now();
    this.#bump(this.#byAddress, who.address, t);
    if (who.user !== undefined) this.#bump(this.#byUser, who.user, t);
    return this.next(who);
  }

  /** A successful authentication clears both counts. */
  success(who: Who): void {
    this.#byAddress.delete(who.address);
    if (who.user !== undefined) this.#byUser.delete(who.user);
  }

  /** Tracked addresses and users (for metrics). */
  get size(): { addresses: number; users: number } {
    return { addresses: this.#byAddress.size, users: this.#byUser.size };
  }

  #current(map: Map<string, Entry>, key: string, t: number): number {
    const e = map.get(key);
    if (!e) return 0;
    const left = e.count - Math.floor(Math.max(0, t - e.last) / this.#cfg.decayMs);
    if (left <= 0) {
      map.delete(key);
      return 0;
    }
    return left;
  }

  #bump(map: Map<string, Entry>, key: string, t: number): void {
    const count = this.#current(map, key, t) + 1;
    map.delete(key); // re-insert at the end: insertion order is the eviction order
    map.set(key, { count, last: t });
    while (map.size > this.#cfg.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }
}
