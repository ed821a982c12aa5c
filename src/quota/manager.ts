/**
 * Per-principal quotas with Kafka's semantics: each request or response records its size (bytes)
 * or its cost (request percentage) on the rate of the quota that applies (entities.ts), and gets
 * back the throttle time Kafka's broker would give: 0 within the quota, else the time after which
 * the rate is back at the bound (rate.ts). The caller puts that time in the response's
 * throttle_time_ms and mutes the client for it (KIP-219).
 *
 * Bounded: rates are kept per quota key, at most `maxRates` of them (a client inventing client-ids
 * cannot grow the table; the least recently used goes first) and dropped after `idleMs` without a
 * record (Kafka drops inactive quota sensors after an hour). A new configuration (hot reload)
 * keeps the rates measured so far: only the bounds change.
 */
import { QuotaEntities, type QuotaEntry, type QuotaType } from './entities.js';
import { KAFKA_QUOTA_WINDOW, WindowedRate, type RateWindow } from './rate.js';

export interface QuotaSettings {
  entries: readonly QuotaEntry[];
  window?: RateWindow;
  /** Upper bound on tracked rates (default 10000). */
  maxRates?: number;
  /** A rate with no record for this long is forgotten (default 1 h). */
  idleMs?: number;
}

export interface QuotaOutcome {
  throttleMs: number;
  /** The bound that applied, null when no quota applies. */
  bound: number | null;
  /** The rate measured after this record (units per second; 0 when no quota applies). */
  observed: number;
}

const UNLIMITED: QuotaOutcome = { throttleMs: 0, bound: null, observed: 0 };

interface Tracked {
  rate: WindowedRate;
  lastMs: number;
}

export class QuotaManager {
  private entities: QuotaEntities;
  private window: RateWindow;
  private readonly maxRates: number;
  private readonly idleMs: number;
  private readonly rates = new Map<string, Tracked>();
  private gen = 0;

  constructor(
    settings: QuotaSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.entities = new QuotaEntities(settings.entries);
    this.window = settings.window ?? KAFKA_QUOTA_WINDOW;
    this.maxRates = settings.maxRates ?? 10_000;
    this.idleMs = settings.idleMs ?? 3_600_000;
  }

  /** True when at least one quota is configured (nothing is measured otherwise). */
  get enabled(): boolean {
    return this.entities.size > 0;
  }

  /** The length of one rate window (Kafka bounds request-time throttles by it). */
  get windowMs(): number {
    return this.window.windowMs;
  }

  /** Bumped by every configure(): a per-connection cache of applies() is stale once it changed. */
  get generation(): number {
    return this.gen;
  }

  /** Whether a quota of `type` applies to `user` / `clientId` (nothing is recorded). */
  applies(type: QuotaType, user: string, clientId: string): boolean {
    return this.entities.resolve(type, user, clientId) !== null;
  }

  /** Applies a new configuration (config reload, quotas altered over the wire); rates measured so far are kept unless the window changed. */
  configure(settings: QuotaSettings): void {
    this.update(settings);
  }

  /** Same as configure() (its first name). */
  update(settings: QuotaSettings): void {
    this.gen++;
    this.entities = new QuotaEntities(settings.entries);
    const window = settings.window ?? KAFKA_QUOTA_WINDOW;
    if (window.samples !== this.window.samples || window.windowMs !== this.window.windowMs) this.rates.clear();
    this.window = window;
  }

  /** Records `value` for `user` / `clientId` on quota `type` and returns Kafka's throttle time. */
  record(type: QuotaType, user: string, clientId: string, value: number): QuotaOutcome {
    const applied = this.entities.resolve(type, user, clientId);
    if (!applied) return UNLIMITED;
    const nowMs = this.now();
    const rate = this.rateFor(`${type}\u0000${applied.rateKey}`, nowMs);
    rate.record(value, nowMs);
    return { throttleMs: rate.throttleMs(applied.bound, nowMs), bound: applied.bound, observed: rate.perSecond(nowMs) };
  }

  /** Number of rates currently tracked (for tests and metrics). */
  get trackedRates(): number {
    return this.rates.size;
  }

  private rateFor(key: string, nowMs: number): WindowedRate {
    let t = this.rates.get(key);
    if (t) {
      this.rates.delete(key); // re-insert: Map order is least recently used first
    } else {
      this.forgetIdle(nowMs);
      if (this.rates.size >= this.maxRates) this.rates.delete(this.rates.keys().next().value as string);
      t = { rate: new WindowedRate(this.window), lastMs: nowMs };
    }
    t.lastMs = nowMs;
    this.rates.set(key, t);
    return t.rate;
  }

  private forgetIdle(nowMs: number): void {
    for (const [k, t] of this.rates) {
      if (nowMs - t.lastMs < this.idleMs) break; // oldest first: the rest are younger
      this.rates.delete(k);
    }
  }
}
