/**
 * A windowed rate with the semantics of Kafka's client metrics (org.apache.kafka.common.metrics:
 * SampledStat + Rate, as the broker's ClientQuotaManager configures them): `samples` windows of
 * `windowMs` each; a value lands in the current window, which is closed once `windowMs` has passed
 * since it opened (the next value opens a new one, reusing the oldest slot); windows older than
 * samples * windowMs count as empty. The rate is the sum of the windows divided by the elapsed
 * time since the oldest window opened, padded to at least (samples - 1) whole windows so that a
 * burst at start-up is not read as a huge rate.
 *
 * The throttle time is Kafka's: to bring an observed rate O down to the bound T over the window W,
 * wait X with O * W / (W + X) = T, i.e. X = (O - T) / T * W.
 */

export interface RateWindow {
  /** Number of windows kept (Kafka: quota.window.num, default 11). */
  samples: number;
  /** Length of one window (Kafka: quota.window.size.seconds, default 1 s). */
  windowMs: number;
}

export const KAFKA_QUOTA_WINDOW: RateWindow = { samples: 11, windowMs: 1000 };

interface Sample {
  value: number;
  openedMs: number;
}

export class WindowedRate {
  private readonly slots: Sample[] = [];
  private current = 0;

  constructor(private readonly window: RateWindow) {}

  /** Adds `value` at `nowMs` (a negative value takes back an earlier record). */
  record(value: number, nowMs: number): void {
    let s = this.currentSample(nowMs);
    if (nowMs - s.openedMs >= this.window.windowMs) s = this.advance(nowMs);
    s.value += value;
  }

  /** Units per second at `nowMs`. */
  perSecond(nowMs: number): number {
    this.purge(nowMs);
    let total = 0;
    for (const s of this.slots) total += s.value;
    return total / (this.elapsedMs(nowMs) / 1000);
  }

  /** The time the rate is measured over at `nowMs` (Kafka's Rate.windowSize). */
  elapsedMs(nowMs: number): number {
    this.purge(nowMs);
    const { samples, windowMs } = this.window;
    let elapsed = nowMs - this.oldest(nowMs).openedMs;
    const full = Math.floor(elapsed / windowMs);
    if (full < samples - 1) elapsed += (samples - 1 - full) * windowMs;
    return elapsed;
  }

  /** How long to wait so the rate falls back to `bound` (0 when it is within). */
  throttleMs(bound: number, nowMs: number): number {
    const observed = this.perSecond(nowMs);
    if (observed <= bound) return 0;
    return Math.round(((observed - bound) / bound) * this.elapsedMs(nowMs));
  }

  private currentSample(nowMs: number): Sample {
    if (this.slots.length === 0) this.slots.push({ value: 0, openedMs: nowMs });
    return this.slots[this.current];
  }

  private advance(nowMs: number): Sample {
    this.current = (this.current + 1) % this.window.samples;
    if (this.current >= this.slots.length) this.slots.push({ value: 0, openedMs: nowMs });
    const s = this.slots[this.current];
    s.value = 0;
    s.openedMs = nowMs;
    return s;
  }

  private purge(nowMs: number): void {
    const expireAge = this.window.samples * this.window.windowMs;
    for (const s of this.slots) {
      if (nowMs - s.openedMs >= expireAge) {
        s.value = 0;
        s.openedMs = nowMs;
      }
    }
  }

  private oldest(nowMs: number): Sample {
    let oldest = this.currentSample(nowMs);
    for (const s of this.slots) if (s.openedMs < oldest.openedMs) oldest = s;
    return oldest;
  }
}
