/**
 * The backend side of an HTTP listener: one undici Pool per backend origin (keep-alive, bounded
 * connections, connect/headers/body timeouts), and forward() which streams one request through
 * it and the response back (stream-answer.ts), both directions with backpressure and nothing
 * buffered whole; configuration answers are read whole (bounded) and filtered here.
 *
 * Failures before the response head is sent become gateway answers: backend unreachable or
 * closed -> 502, too slow -> 504, client body too slow/large -> 408/413 (the backend request is
 * aborted). After the head is sent a failure can only cut the client connection; it is logged.
 */
import type http from 'node:http';
import { Pool } from 'undici';
import type tls from 'node:tls';
import { HttpFailure } from './errors.js';
import { BodyWatch } from './body-watch.js';
import { AddressRewriter, responseHeadersForClient } from './headers.js';
import type { HttpLimits } from './settings.js';
import { filteredAnswer, type AnswerFilter } from './filtered-answer.js';
import { AbortOnce } from './abort-once.js';
import { streamAnswer } from './stream-answer.js';

export interface ForwardRequest {
  method: string;
  /** Canonical path + query. */
  path: string;
  /** Flat [name, value, ...] headers for the backend. */
  headers: string[];
  hasBody: boolean;
  /** Asked just before the response head is written: true ends the client connection after it (drain). */
  closeAfter?: () => boolean;
  /** Buffer the answer (bounded) and filter it before sending (configuration routes). */
  answer?: AnswerFilter | null;
}

export interface ForwardResult {
  status: number;
  /** Seconds from sending the request to the backend's response head. */
  upstreamSeconds: number;
  requestBytes: number;
  /** Set when the response was cut after its head had been sent (logged by the caller). */
  cut?: HttpFailure;
}

const GATEWAY_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The HttpFailure for an undici / socket error that happened before a response head arrived. */
export function failureForBackendError(e: unknown): HttpFailure {
  const err = e as Error & { code?: string };
  const code = err.code ?? '';
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new HttpFailure('SW_ERR_HTTP_UPSTREAM_TIMEOUT', 504, 'backend did not accept the connection in time');
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return new HttpFailure('SW_ERR_HTTP_UPSTREAM_TIMEOUT', 504, 'backend did not answer in time');
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)) {
    return new HttpFailure('SW_ERR_UPSTREAM_UNREACHABLE', 502, 'backend is not reachable');
  }
  if (code.startsWith('ERR_TLS') || /certificate|SSL/i.test(err.message)) return new HttpFailure('SW_ERR_UPSTREAM_UNREACHABLE', 502, 'TLS to the backend failed');
  return new HttpFailure('SW_ERR_UPSTREAM_CLOSED', 502, 'backend closed the connection');
}

export class Backend {
  readonly pool: Pool;
  readonly origin: string;
  readonly authority: string;
  /** Path prefix of the backend URL (`''` or e.g. `/flink`), put before every forwarded path. */
  readonly basePath: string;

  constructor(
    url: string,
    private readonly limits: HttpLimits,
    tlsOptions?: tls.ConnectionOptions,
  ) {
    const u = new URL(url);
    this.origin = u.origin;
    this.authority = u.host;
    this.basePath = u.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin, {
      connections: limits.upstreamConnections,
      connectTimeout: limits.upstreamConnectTimeoutMs,
      headersTimeout: limits.upstreamHeadersTimeoutMs,
      bodyTimeout: limits.upstreamBodyTimeoutMs,
      keepAliveTimeout: limits.upstreamKeepAliveMs,
      pipelining: 1,
      connect: tlsOptions ? { ...tlsOptions, rejectUnauthorized: true } : undefined,
    });
  }

  /** Forwards; rejects with an HttpFailure when nothing has been sent to the client yet. */
  forward(req: http.IncomingMessage, res: http.ServerResponse, f: ForwardRequest, rewriter: AddressRewriter): Promise<ForwardResult> {
    if (!GATEWAY_METHODS.has(f.method)) return Promise.reject(new HttpFailure('SW_ERR_HTTP_METHOD', 405, f.method));
    const body = f.hasBody ? new BodyWatch(req, { maxBytes: this.limits.maxBodyBytes, idleMs: this.limits.bodyIdleTimeoutMs, totalMs: this.limits.requestTimeoutMs }) : null;
    if (!f.answer || f.method === 'HEAD') {
      // Not an async function: the stream's own promise is the result (one promise per request).
      return streamAnswer(this.pool, res, { path: this.basePath + f.path, method: f.method, headers: f.headers, body, closeAfter: f.closeAfter, failureFor: failureForBackendError }, rewriter);
    }
    return this.#filtered(res, { ...f, answer: f.answer }, body, rewriter);
  }

  /** A configuration answer: read whole (bounded), filtered, then sent with its length. */
  async #filtered(res: http.ServerResponse, f: ForwardRequest & { answer: AnswerFilter }, body: BodyWatch | null, rewriter: AddressRewriter): Promise<ForwardResult> {
    const abort = new AbortOnce();
    const clientGone = () => {
      if (!res.writableFinished) abort.abort(new HttpFailure('SW_ERR_CLIENT_CLOSED_MID_REQUEST', 499, 'client went away'));
    };
    res.once('close', clientGone);
    const sent = process.hrtime.bigint();
    let upstream;
    try {
      upstream = await this.pool.request({
        path: this.basePath + f.path,
        method: f.method as 'GET',
        headers: f.headers,
        body,
        signal: abort,
        idempotent: f.method === 'GET' || f.method === 'HEAD',
      });
    } catch (e) {
      res.removeListener('close', clientGone);
      body?.destroy();
      if (body?.failure) throw body.failure;
      if (abort.aborted && abort.reason instanceof HttpFailure) throw abort.reason;
      throw failureForBackendError(e);
    }
    const upstreamSeconds = Number(process.hrtime.bigint() - sent) / 1e9;
    if (body?.failure) {
      // The backend answered although the body was cut: the client gets the gateway's answer.
      upstream.body.destroy();
      throw body.failure;
    }
    const headers = responseHeadersForClient(upstream.headers, rewriter);
    let filtered: Buffer;
    try {
      filtered = await filteredAnswer(upstream.body, upstream.headers, f.answer);
    } catch (e) {
      res.removeListener('close', clientGone);
      throw e instanceof HttpFailure ? e : failureForBackendError(e);
    }
    res.removeListener('close', clientGone);
    if (f.closeAfter?.()) res.shouldKeepAlive = false;
    res.writeHead(upstream.statusCode, { ...headers, 'content-length': String(filtered.length) });
    res.end(filtered);
    return { status: upstream.statusCode, upstreamSeconds, requestBytes: body?.bytes ?? 0 };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
