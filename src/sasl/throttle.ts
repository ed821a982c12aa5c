/**
 * Slows down password guessing. Failed authentications are counted per client address and per
 * user name; the next attempt waits `delay * 2^(failures-1)` (capped at maxDelay), where failures
 * is the larger of the two counts. Only the address count closes connections (closeAfter), so a
 * stranger failing as "alice" can delay alice but never lock her out for longer than maxDelay.
 * Counts fall by one per `decay` without failures and reset on success. Pure: time comes from the
 * injected clock, and the tables are bounded (oldest entries go first).
 *
 * Consulted BEFORE every attempt (begin): an attempt is refused at once, before any hashing,
 *   - from an address at closeAfter failures (attempts of that address in flight count as
 *     failures once it has one on record), until a failure decays;
 *   - from an address, or for a user, inside its back-off window (last failure + delay);
 *   - for a user with failures on record while another attempt for that user is in flight.
 * Addresses and users without failures are never refused (a burst of honest logins passes).
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

export type RefusalReason = 'address-locked' | 'address-backoff' | 'user-backoff';

/** An admitted attempt; exactly one of its methods takes effect (later calls do nothing). */
export interface Attempt {
  /** Record the failure; the decision says how long to delay the answer and whether to close. */
  fail(): ThrottleDecision;
  succeed(): void;
  /** Nothing was evaluated (refused for load, or an intermediate SASL round). */
  abandon(): void;
}

export type AttemptStart = { admitted: true; attempt: Attempt } | { admitted: false; reason: RefusalReason; retryAfterMs: number; close: boolean };

export class FailedAuthThrottle {
  readonly #cfg: Required<ThrottleConfig>;
  readonly #now: () => number;
  readonly #byAddress = new Map<string, Entry>();
  readonly #byUser = new Map<string, Entry>();
  readonly #inflightByAddress = new Map<string, number>();
  readonly #inflightByUser = new Map<string, number>();

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
    const { closeAfter } = this.#cfg;
    return {
      delayMs: this.#delayFor(n),
      close: closeAfter > 0 && address >= closeAfter,
      failures: { address, user },
    };
  }

  /** Consult the throttle before an attempt; an admitted one must be finished with its Attempt. */
  begin(who: Who): AttemptStart {
    return this.refusal(who) ?? { admitted: true, attempt: this.#admit(who) };
  }

  /**
   * The refusal begin() would answer now, or null. For an attempt decided on the spot (a
   * remembered Basic pair): refused as begin() would, else success() at once, with no in-flight
   * bookkeeping (an attempt begun and finished in one synchronous step leaves none).
   */
  refusal(who: Who): Extract<AttemptStart, { admitted: false }> | null {
    const t = this.#now();
    const { closeAfter, decayMs } = this.#cfg;
    const a = this.#current(this.#byAddress, who.address, t);
    const ai = this.#inflightByAddress.get(who.address) ?? 0;
    if (closeAfter > 0 && a > 0 && a + ai >= closeAfter) {
      const last = this.#byAddress.get(who.address)?.last ?? t;
      return { admitted: false, reason: 'address-locked', retryAfterMs: Math.max(1, last + decayMs * (a + ai - closeAfter + 1) - t), close: true };
    }
    const aWait = this.#backoffLeft(this.#byAddress, who.address, a, t);
    if (aWait > 0) return { admitted: false, reason: 'address-backoff', retryAfterMs: aWait, close: false };
    if (who.user !== undefined) {
      const u = this.#current(this.#byUser, who.user, t);
      const uWait = this.#backoffLeft(this.#byUser, who.user, u, t);
      const busy = u > 0 && (this.#inflightByUser.get(who.user) ?? 0) > 0;
      if (uWait > 0 || busy) return { admitted: false, reason: 'user-backoff', retryAfterMs: Math.max(1, uWait), close: false };
    }
    return null;
  }

  #admit(who: Who): Attempt {
    const add = (map: Map<string, number>, key: string, n: number) => {
      const v = (map.get(key) ?? 0) + n;
      if (v <= 0) map.delete(key);
      else map.set(key, v);
    };
    add(this.#inflightByAddress, who.address, 1);
    if (who.user !== undefined) add(this.#inflightByUser, who.user, 1);
    let done = false;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      add(this.#inflightByAddress, who.address, -1);
      if (who.user !== undefined) add(this.#inflightByUser, who.user, -1);
      return true;
    };
    return {
      fail: () => (finish() ? this.failure(who) : this.next(who)),
      succeed: () => {
        if (finish()) this.success(who);
      },
      abandon: () => void finish(),
    };
  }

  #backoffLeft(map: Map<string, Entry>, key: string, count: number, t: number): number {
    if (count === 0) return 0;
    const last = map.get(key)?.last ?? t;
    return Math.max(0, last + this.#delayFor(count) - t);
  }

  #delayFor(n: number): number {
    return n === 0 ? 0 : Math.min(this.#cfg.maxDelayMs, this.#cfg.delayMs * 2 ** Math.min(n - 1, 30));
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

  /** Admitted attempts not yet finished. */
  get inflight(): number {
    let n = 0;
    for (const v of this.#inflightByAddress.values()) n += v;
    return n;
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
