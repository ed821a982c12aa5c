/**
 * One unfiltered request through the backend pool with undici's dispatch handler, the answer
 * written straight into the client response: no request Promise wrapper, no response Readable,
 * no pipe. This is the per-request path of the HTTP listener (the bench profile showed undici's
 * request API, its body stream and the pipe between them as the largest share of the gateway's
 * own work per request); filtered answers keep the buffered path in backend.ts.
 *
 *   dispatch ─► onHeaders: head checked, rewritten, written (resolves `head`) ─► onData: written,
 *   backpressure from the client socket (false = pause; resumed on drain) ─► onComplete: end
 *   ─► `done` when the client response finished or was cut (and why).
 *
 * Before the head: an error rejects `head` with the gateway's answer (the caller sends it);
 * a client gone aborts the backend request. After the head a failure can only cut the response.
 */
import type http from 'node:http';
import type { Dispatcher } from 'undici';
import { util as undiciUtil } from 'undici';
import { HttpFailure } from './errors.js';
import type { BodyWatch } from './body-watch.js';
import { AddressRewriter, responseHeadersForClient, type HeaderMap } from './headers.js';

export interface StreamRequest {
  path: string;
  method: string;
  headers: string[];
  body: BodyWatch | null;
  closeAfter?: () => boolean;
  /** undici/socket error before the head -> the gateway's answer (backend.ts). */
  failureFor(e: unknown): HttpFailure;
}

export interface StreamOutcome {
  status: number;
  upstreamSeconds: number;
  /** Request body bytes sent to the backend. */
  requestBytes: number;
  /** Set when the response was cut after its head had been sent. */
  cut?: HttpFailure;
}

const clientGone = () => new HttpFailure('SW_ERR_CLIENT_CLOSED_MID_REQUEST', 499, 'client went away');

/** Streams one request and its answer; resolves when the client response has finished or was cut. */
export function streamAnswer(pool: Dispatcher, res: http.ServerResponse, r: StreamRequest, rewriter: AddressRewriter): Promise<StreamOutcome> {
  return new Promise<StreamOutcome>((resolve, reject) => {
    const sent = performance.now();
    let abort: ((e: Error) => void) | null = null;
    let reason: HttpFailure | null = null;
    let resumeUpstream: (() => void) | null = null;
    let outcome: StreamOutcome | null = null;
    let settled = false;
    /** The backend's answer ended: nothing left to abort (an abort now would hit the pooled connection). */
    let complete = false;
    const finish = (cut?: HttpFailure): void => {
      if (settled) return;
      settled = true;
      res.removeListener('close', onClose);
      res.removeListener('drain', onDrain);
      res.removeListener('finish', onFinish);
      if (!outcome) return;
      if (cut) outcome.cut = cut;
      outcome.requestBytes = r.body?.bytes ?? 0;
      resolve(outcome);
    };
    const fail = (f: HttpFailure): void => {
      if (settled) return;
      settled = true;
      res.removeListener('close', onClose);
      r.body?.destroy();
      reject(f);
    };
    const onClose = (): void => {
      if (res.writableFinished) return finish();
      reason = clientGone();
      // Settled first: the abort below makes undici report an error, which must not win.
      if (outcome) finish(new HttpFailure('SW_ERR_CLIENT_CLOSED_MID_REQUEST', 499, 'client went away during the response'));
      else fail(r.body?.failure ?? reason);
      if (!complete) abort?.(reason);
    };
    const onDrain = (): void => resumeUpstream?.();
    const onFinish = (): void => finish();
    res.once('close', onClose);
    const handler: Dispatcher.DispatchHandler = {
      onConnect(a) {
        abort = a;
        if (reason) a(reason);
      },
      onHeaders(statusCode, rawHeaders, resume) {
        if (settled) return false;
        if (statusCode < 200) return true; // 1xx from the backend: not passed on (as the request API)
        if (r.body?.failure) {
          // The backend answered although the body was cut: the client gets the gateway's answer.
          abort?.(r.body.failure);
          fail(r.body.failure);
          return false;
        }
        outcome = { status: statusCode, upstreamSeconds: (performance.now() - sent) / 1000, requestBytes: 0 };
        resumeUpstream = resume;
        const headers = responseHeadersForClient(undiciUtil.parseHeaders(rawHeaders) as HeaderMap, rewriter);
        if (r.closeAfter?.()) res.shouldKeepAlive = false;
        res.writeHead(statusCode, headers);
        res.on('drain', onDrain);
        res.once('finish', onFinish);
        return true;
      },
      onData(chunk) {
        return settled ? false : res.write(chunk);
      },
      onComplete() {
        complete = true;
        if (!settled) res.end();
      },
      onError(e) {
        if (settled) return;
        if (!outcome) {
          if (r.body?.failure) return fail(r.body.failure);
          return fail(reason ?? r.failureFor(e));
        }
        const code = (e as { code?: string }).code;
        const cut =
          code === 'UND_ERR_BODY_TIMEOUT'
            ? new HttpFailure('SW_ERR_HTTP_UPSTREAM_TIMEOUT', 504, 'backend response body stalled')
            : new HttpFailure('SW_ERR_UPSTREAM_CLOSED', 502, 'backend response ended early');
        finish(cut);
        res.destroy();
      },
    };
    try {
      pool.dispatch({ path: r.path, method: r.method as Dispatcher.HttpMethod, headers: r.headers, body: r.body, idempotent: r.method === 'GET' || r.method === 'HEAD' }, handler);
    } catch (e) {
      fail(r.failureFor(e));
    }
  });
}
