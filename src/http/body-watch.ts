/**
 * Watches a request body on its way to the backend without holding it: a pass-through stream
 * that counts bytes and fails the body when it grows past the limit (413), when the client
 * pauses too long between pieces (408) or when the whole body takes too long (408). Pauses
 * caused by the backend (backpressure: this stream's buffer is full and the request is paused)
 * do not count against the client.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type http from 'node:http';
import { HttpFailure } from './errors.js';

export interface BodyLimits {
  maxBytes: number;
  idleMs: number;
  totalMs: number;
}

export class BodyWatch extends Transform {
  bytes = 0;
  /** Why the body was cut (null while fine). */
  failure: HttpFailure | null = null;
  readonly #idle: NodeJS.Timeout;
  readonly #total: NodeJS.Timeout;

  constructor(
    private readonly source: http.IncomingMessage,
    private readonly limits: BodyLimits,
  ) {
    super({ highWaterMark: 64 * 1024 });
    this.#idle = setTimeout(() => this.#onIdle(), limits.idleMs);
    this.#total = setTimeout(() => this.#cut(new HttpFailure('SW_ERR_HTTP_REQUEST_TIMEOUT', 408, `request body not complete after ${limits.totalMs} ms`)), limits.totalMs);
    source.on('end', () => this.#stopTimers());
    source.pipe(this);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.#idle.refresh();
    if (this.bytes > this.limits.maxBytes) {
      cb(this.#mark(new HttpFailure('SW_ERR_HTTP_BODY_TOO_LARGE', 413, `request body over ${this.limits.maxBytes} bytes`)));
      return;
    }
    cb(null, chunk);
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.#stopTimers();
    this.source.unpipe(this);
    cb(err);
  }

  #stopTimers(): void {
    clearTimeout(this.#idle);
    clearTimeout(this.#total);
  }

  #onIdle(): void {
    const s = this.source;
    // Not the client's fault when the request is paused by backpressure or data is waiting.
    if (s.readableFlowing !== true || s.readableLength > 0 || this.writableLength > 0) {
      this.#idle.refresh();
      return;
    }
    this.#cut(new HttpFailure('SW_ERR_HTTP_REQUEST_TIMEOUT', 408, `no request body data for ${this.limits.idleMs} ms`));
  }

  #mark(f: HttpFailure): HttpFailure {
    this.failure ??= f;
    this.#stopTimers();
    this.source.unpipe(this);
    this.source.pause();
    return f;
  }

  #cut(f: HttpFailure): void {
    if (this.source.complete) return;
    this.destroy(this.#mark(f));
  }
}
