/**
 * What the backend answers to ApiVersions, per backend node and request version (a Fluss
 * coordinator and tablet server answer differently; Kafka brokers may during an upgrade), learned from backend answers (any
 * ApiVersions that passes through, or one gateway-side probe). Lets the gateway answer
 * ApiVersions before authentication without opening a backend connection per unauthenticated
 * client: at most one probe per listener, node and version is in flight, and after a failed probe none
 * is retried for `retryAfterMs`. Stores the answer body only (after the response's id), so the
 * client's answer is rebuilt with its own id and trimmed exactly like a forwarded one.
 */
import { GatewayError } from '../errors.js';

export class ApiVersionsCache {
  readonly #bodies = new Map<string, Buffer>();
  readonly #probes = new Map<string, Promise<Buffer>>();
  readonly #failedAt = new Map<string, number>();

  constructor(private readonly retryAfterMs = 1000) {}

  /** Remember the backend's answer body for `key` (node key and version, see keyOf). */
  learn(key: string, body: Buffer): void {
    if (this.#bodies.size >= 64 && !this.#bodies.has(key)) return; // versions are few; bound anyway
    this.#bodies.set(key, Buffer.from(body));
  }

  known(key: string): Buffer | undefined {
    return this.#bodies.get(key);
  }

  /** The answer body for `key`: known, or from the one probe in flight (started if none). */
  body(key: string, probe: () => Promise<Buffer>): Promise<Buffer> {
    const known = this.#bodies.get(key);
    if (known) return Promise.resolve(known);
    const running = this.#probes.get(key);
    if (running) return running;
    const failedAt = this.#failedAt.get(key);
    if (failedAt !== undefined && Date.now() - failedAt < this.retryAfterMs) {
      return Promise.reject(new GatewayError('SW_ERR_UPSTREAM_UNREACHABLE', 'the last ApiVersions probe failed; not retried yet'));
    }
    const started = probe().then(
      (body) => {
        this.#probes.delete(key);
        this.#failedAt.delete(key);
        this.learn(key, body);
        return body;
      },
      (e: unknown) => {
        this.#probes.delete(key);
        this.#failedAt.set(key, Date.now());
        throw e;
      },
    );
    this.#probes.set(key, started);
    return started;
  }
}

/** The cache key for one backend node (as the client-facing endpoint names it) and request version. */
export function keyOf(nodeKey: string, version: number): string {
  return `${nodeKey}/${version}`;
}
