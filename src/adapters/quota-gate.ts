/**
 * What the Kafka and Fluss quota stages share (kafka/quota-stage.ts, fluss/quota-stage.ts):
 *
 *   QuotaService  gateway-wide: the QuotaManager (src/quota/, Kafka's rates and throttle times),
 *                 the metrics (throttle time and measured rate per principal, never per client
 *                 id; at most MAX_LABELLED_PRINCIPALS principals get their own label), and the
 *                 one log line when a principal is throttled (at most once a minute each).
 *   QuotaGate     per connection: records sizes and times, and MUTES the connection for the
 *                 throttle time as Kafka's broker does (KIP-219, ClientQuotaManager.throttle and
 *                 the SocketServer's THROTTLE_STARTED / THROTTLE_ENDED channel states): a request
 *                 read while muted is held until the mute ends, and a held verdict pauses the
 *                 client socket (proxy/connection.ts), so nothing more is read meanwhile. A client
 *                 that ignores throttle_time_ms is held to its rate all the same.
 */
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { QuotaType } from '../quota/entities.js';
import type { QuotaManager } from '../quota/manager.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../proxy/protocol.js';
import { GatewayError } from '../errors.js';

/** Kafka's names for the quota types (metric label values, log fields). */
export const QUOTA_NAMES: Record<QuotaType, string> = {
  producerByteRate: 'producer_byte_rate',
  consumerByteRate: 'consumer_byte_rate',
  requestPercentage: 'request_percentage',
};
const TYPES = Object.keys(QUOTA_NAMES) as QuotaType[];
const MAX_LABELLED_PRINCIPALS = 1000;
const LOG_EVERY_MS = 60_000;

interface Held {
  timer: NodeJS.Timeout | null;
  drop: () => void;
}

interface Meter {
  throttle: { inc(n: number): void };
  rate: { set(v: number): void };
}
type Meters = Record<QuotaType, Meter>;

export class QuotaService {
  private readonly labelled = new Set<string>();
  private readonly lastLogged = new Map<string, number>();

  constructor(
    readonly manager: QuotaManager,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Metric children of one principal (bound once per connection); `other` past the label bound. */
  meters(principal: string): Meters {
    if (!this.labelled.has(principal) && this.labelled.size < MAX_LABELLED_PRINCIPALS) this.labelled.add(principal);
    const label = this.labelled.has(principal) ? principal : 'other';
    const out = {} as Meters;
    for (const t of TYPES) {
      const labels = { principal: label, quota: QUOTA_NAMES[t] };
      out[t] = { throttle: this.metrics.quotaThrottleMs.labels(labels), rate: this.metrics.quotaRate.labels(labels) };
    }
    return out;
  }

  /** One info line when a principal is throttled, then at most one a minute for it. */
  throttled(principal: string, type: QuotaType, throttleMs: number, observed: number, bound: number, listener: string): void {
    const nowMs = this.now();
    const last = this.lastLogged.get(principal);
    if (last !== undefined && nowMs - last < LOG_EVERY_MS) return;
    if (this.lastLogged.size >= MAX_LABELLED_PRINCIPALS) this.lastLogged.clear();
    this.lastLogged.set(principal, nowMs);
    this.log.info({ principal, quota: QUOTA_NAMES[type], throttleMs, observed: Math.round(observed), bound, listener }, 'principal throttled by its quota');
  }
}

export class QuotaGate {
  private mutedUntil = 0;
  private readonly held = new Set<Held>();
  private meters: Meters | null = null;
  private metered = '';

  constructor(
    private readonly service: QuotaService,
    private readonly ctx: ConnectionContext,
    private readonly now: () => number = Date.now,
  ) {}

  get manager(): QuotaManager {
    return this.service.manager;
  }

  /** The quota user: the principal's name (`User:alice` -> `alice`), ANONYMOUS without a login. */
  user(): string {
    const p = this.ctx.principal ?? 'User:ANONYMOUS';
    const i = p.indexOf(':');
    return i < 0 ? p : p.slice(i + 1);
  }

  /** Records `value` on quota `type`, meters it, and mutes the connection for the throttle time it gives. */
  record(type: QuotaType, clientId: string, value: number, maxThrottleMs = Infinity): number {
    const user = this.user();
    const out = this.service.manager.record(type, user, clientId, value);
    if (out.bound === null) return 0;
    const m = this.metersFor();
    m[type].rate.set(out.observed);
    const throttleMs = Math.min(out.throttleMs, maxThrottleMs);
    if (throttleMs > 0) {
      m[type].throttle.inc(throttleMs);
      this.service.throttled(this.ctx.principal ?? 'User:ANONYMOUS', type, throttleMs, out.observed, out.bound, this.ctx.listener);
      this.mute(throttleMs);
    }
    return throttleMs;
  }

  /** Mute the connection for `ms` from now (a longer mute already running is kept). */
  mute(ms: number): void {
    this.mutedUntil = Math.max(this.mutedUntil, this.now() + ms);
  }

  /** How long the connection stays muted (0: not muted). */
  mutedFor(): number {
    return Math.max(0, this.mutedUntil - this.now());
  }

  /**
   * Resolves with make() once the mute is over (re-checked: a mute may grow while waiting), or
   * with dropped() when the connection closes first: the held verdict must settle, or the
   * connection would keep its client socket paused and never see it close.
   */
  hold<T>(make: () => T, dropped: () => T): Promise<T> {
    return new Promise<T>((resolve) => {
      const held: Held = { timer: null, drop: () => resolve(dropped()) };
      const wait = (): void => {
        const ms = this.mutedFor();
        if (ms <= 0) {
          this.held.delete(held);
          resolve(make());
          return;
        }
        held.timer = setTimeout(wait, ms);
      };
      this.held.add(held);
      wait();
    });
  }

  /**
   * A stage's onRequest: null (go on) after pass() when not muted; while muted, a verdict that
   * forwards `frame` once the mute is over (pass() then), or closes if the connection goes first.
   */
  admit(info: RequestInfo, frame: Buffer, pass: () => void): Verdict | Promise<Verdict> | null {
    if (!this.manager.enabled) return null;
    if (this.mutedFor() > 0) {
      return this.hold(
        (): Verdict => {
          pass();
          return { kind: 'forward', info, frame };
        },
        (): Verdict => ({ kind: 'close', info, error: new GatewayError('SW_ERR_CLIENT_CLOSED_MID_REQUEST', `${info.api} held by a quota when the connection closed`) }),
      );
    }
    pass();
    return null;
  }

  /** The connection is gone: no timer outlives it, a held request is dropped with it. */
  close(): void {
    for (const h of this.held) {
      if (h.timer) clearTimeout(h.timer);
      h.drop();
    }
    this.held.clear();
  }

  private metersFor(): Meters {
    const p = this.ctx.principal ?? 'User:ANONYMOUS';
    if (!this.meters || this.metered !== p) {
      this.meters = this.service.meters(p);
      this.metered = p;
    }
    return this.meters;
  }
}
