/**
 * What the backend answers to ApiVersions, per request version, learned from backend answers (any
 * ApiVersions that passes through, or one gateway-side probe). Lets the gateway answer
 * ApiVersions before authentication without opening a backend connection per unauthenticated
 * client: at most one probe per listener and version is in flight, and after a failed probe none
 * is retried for `retryAfterMs`. Stores the answer body only (after the response's id), so the
 * client's answer is rebuilt with its own id and trimmed exactly like a forwarded one.
 */
import { GatewayError } from '../errors.js';

export class ApiVersionsCache {
  readonly #bodies = new Map<number, Buffer>();
  readonly #probes = new Map<number, Promise<Buffer>>();
  readonly #failedAt = new Map<number, number>();

  constructor(private readonly retryAfterMs = 1000) {}

  /** Remember the backend's answer body for `version`. */
  learn(version: number, body: Buffer): void {
    if (this.#bodies.size >= 64 && !this.#bodies.has(version)) return; // versions are few; bound anyway
    this.#bodies.set(version, Buffer.from(body));
  }

  known(version: number): Buffer | undefined {
    return this.#bodies.get(version);
  }

  /** The answer body for `version`: known, or from the one probe in flight (started if none). */
  body(version: number, probe: () => Promise<Buffer>): Promise<Buffer> {
    const known = this.#bodies.get(version);
    if (known) return Promise.resolve(known);
    const running = this.#probes.get(version);
    if (running) return running;
    const failedAt = this.#failedAt.get(version);
    if (failedAt !== undefined && Date.now() - failedAt < this.retryAfterMs) {
      return Promise.reject(new GatewayError('SW_ERR_UPSTREAM_UNREACHABLE', 'the last ApiVersions probe failed; not retried yet'));
    }
    const started = probe().then(
      (body) => {
        this.#probes.delete(version);
        this.#failedAt.delete(version);
        this.learn(version, body);
        return body;
      },
      (e: unknown) => {
        this.#probes.delete(version);
        this.#failedAt.set(version, Date.now());
        throw e;
      },
    );
    this.#probes.set(version, started);
    return started;
  }
}
