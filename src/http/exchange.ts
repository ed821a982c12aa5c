/**
 * One request through the HTTP listener, in order; each step either passes or ends the exchange
 * with a gateway answer (Flink error JSON), a log line with its SW_ERR_* code and a metric:
 *
 *   head guard (framing, Host, method) -> path canonicalisation -> origin check (CSRF) ->
 *   authentication -> route +
 *   ACL decision -> (100 Continue) -> forward to the backend, streaming both ways -> log
 *
 * Nothing of a request reaches the backend before all checks passed; a request whose framing
 * was in doubt, or whose body was not read, ends with the connection closed.
 */
import type http from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { HttpFailure, isHttpFailure } from './errors.js';
import { guardRequestHead, type GuardedHead } from './request-guard.js';
import { canonicalTarget } from './request-path.js';
import { matchRoute } from './route-match.js';
import { requestHeadersForBackend, type AddressRewriter } from './headers.js';
import { sendFailure } from './respond.js';
import type { OriginPolicy } from './origin-check.js';
import type { AnswerFilter } from './filtered-answer.js';
import type { Authenticator } from './authenticate.js';
import type { RouteAuthorizer } from './authorize.js';
import type { Backend } from './backend.js';
import type { HttpLimits } from './settings.js';

export interface ExchangeDeps {
  listener: string;
  log: Logger;
  metrics: Metrics;
  limits: HttpLimits;
  authenticator: Authenticator;
  authorizer: RouteAuthorizer;
  backend: Backend;
  rewriter: AddressRewriter;
  /** Refuses forged cross-origin state-changing requests (before authentication). */
  origins: OriginPolicy;
  /** Filter of configuration answers (routes flagged `filtered`). */
  answers: AnswerFilter;
  tls: boolean;
  draining(): boolean;
}

let nextRequestId = 1;

const AUTH_CODES = new Set(['SW_ERR_AUTH_FAILED', 'SW_ERR_AUTH_REQUIRED', 'SW_ERR_AUTH_THROTTLED', 'SW_ERR_AUTHZ_DENIED', 'SW_ERR_AUTHZ_ERROR', 'SW_ERR_HTTP_UNKNOWN_ROUTE']);
const UPSTREAM_CODES = new Set(['SW_ERR_UPSTREAM_UNREACHABLE', 'SW_ERR_UPSTREAM_CLOSED', 'SW_ERR_HTTP_UPSTREAM_TIMEOUT']);

/** A printable, bounded form of a raw request target (no query: it may carry program arguments). */
function rawPathForLog(url: string | undefined): string {
  return (url ?? '').split('?')[0].slice(0, 200);
}

/** Flat headers with Accept-Encoding replaced by identity (a filtered answer must be readable). */
function identityEncoding(headers: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < headers.length; i += 2) if (headers[i].toLowerCase() !== 'accept-encoding') out.push(headers[i], headers[i + 1]);
  return [...out, 'accept-encoding', 'identity'];
}

/** The `version` label of the requests metric (no string built per request). */
function versionLabel(v: string): string {
  return v === '1.1' ? 'HTTP/1.1' : v === '1.0' ? 'HTTP/1.0' : `HTTP/${v}`;
}

export async function handleExchange(d: ExchangeDeps, req: http.IncomingMessage, res: http.ServerResponse, expectContinue: boolean): Promise<void> {
  const started = performance.now();
  const requestId = nextRequestId++;
  const remote = req.socket.remoteAddress ?? '';
  const method = req.method ?? '';
  let head: GuardedHead | null = null;
  /** The canonical path once known; before that, logs show the raw one (rawPathForLog). */
  let path: string | null = null;
  let api = 'unknown';
  let principal: string | undefined;
  /** Set when the request is handed to the backend: the gateway's own share ends there (ms). */
  let forwardedAt: number | null = null;
  try {
    head = guardRequestHead({ method, httpVersion: req.httpVersion, rawHeaders: req.rawHeaders });
    if (head.contentLength !== null && head.contentLength > d.limits.maxBodyBytes) {
      throw new HttpFailure('SW_ERR_HTTP_BODY_TOO_LARGE', 413, `request body over ${d.limits.maxBodyBytes} bytes`);
    }
    const target = canonicalTarget(req.url ?? '');
    path = target.path;
    d.origins.check(method, req.rawHeaders);
    const pending = d.authenticator.authenticateNow(req, remote);
    const who = pending instanceof Promise ? await pending : pending;
    principal = who.principal;
    const match = matchRoute(method, target.segments, target.version);
    const verdict = d.authorizer.authorize(who, match, { method, path, remoteAddress: remote, requestId });
    api = verdict.api;
    if (!verdict.proceed) throw verdict.failure;
    d.metrics.requests.inc({ listener: d.listener, protocol: 'http', api, version: versionLabel(req.httpVersion) });
    if (expectContinue) res.writeContinue();
    const filtered = match.kind === 'api' && match.route.filtered;
    let headers = requestHeadersForBackend(req.rawHeaders, { clientIp: remote, proto: d.tls ? 'https' : 'http', host: head.host, backendHost: d.backend.authority });
    if (filtered) headers = identityEncoding(headers);
    forwardedAt = performance.now();
    const r = await d.backend.forward(req, res, { method, path: target.forward, headers, hasBody: head.hasBody, closeAfter: d.draining, answer: filtered ? d.answers : null }, d.rewriter);
    d.metrics.upstreamLatency.observe({ listener: d.listener, protocol: 'http' }, r.upstreamSeconds);
    if (r.cut) {
      (UPSTREAM_CODES.has(r.cut.code) ? d.metrics.upstreamErrors : d.metrics.frameErrors).inc({ listener: d.listener, code: r.cut.code });
      d.log.warn({ err: r.cut.code, req: requestId, method, path, route: api, principal, status: r.status, detail: r.cut.detail }, 'http response cut short');
    } else {
      d.log.debug({ req: requestId, method, path, route: api, principal, status: r.status, requestBytes: r.requestBytes }, 'http request forwarded');
    }
  } catch (e) {
    path ??= rawPathForLog(req.url);
    const f = isHttpFailure(e) ? e : new HttpFailure('SW_ERR_INTERNAL', 500, 'internal error');
    if (!isHttpFailure(e)) d.log.error({ err: 'SW_ERR_INTERNAL', req: requestId, detail: (e as Error).message }, 'http exchange failed');
    if (f.code === 'SW_ERR_CLIENT_CLOSED_MID_REQUEST') {
      d.log.info({ err: f.code, req: requestId, method, path, route: api, principal }, 'http client went away');
      return;
    }
    if (UPSTREAM_CODES.has(f.code)) d.metrics.upstreamErrors.inc({ listener: d.listener, code: f.code });
    else if (!AUTH_CODES.has(f.code)) d.metrics.frameErrors.inc({ listener: d.listener, code: f.code });
    if (!AUTH_CODES.has(f.code)) {
      const level = f.status >= 500 ? 'error' : 'warn';
      d.log[level]({ err: f.code, status: f.status, req: requestId, method: method.slice(0, 20), path, route: api, principal, remote, detail: f.detail }, 'http request refused');
    } else if (f.code !== 'SW_ERR_AUTHZ_DENIED' && f.code !== 'SW_ERR_AUTHZ_ERROR' && f.code !== 'SW_ERR_HTTP_UNKNOWN_ROUTE') {
      d.log.warn({ err: f.code, status: f.status, req: requestId, method, path, remote, detail: f.detail }, 'http authentication failed');
    }
    // Close after bad input, and whenever the message is not known to have ended (an unread
    // body cannot be skipped safely); 401/403/5xx answers keep a clean connection open.
    const badInput = f.code.startsWith('SW_ERR_HTTP_') && f.code !== 'SW_ERR_HTTP_UNKNOWN_ROUTE' && f.code !== 'SW_ERR_HTTP_UPSTREAM_TIMEOUT';
    // Ambiguous framing (head === null): close at once. A known-length unread body: linger.
    const unread = head !== null && head.hasBody && !req.complete;
    sendFailure(res, f, badInput || head === null || unread || d.draining(), unread);
  } finally {
    const own = ((forwardedAt ?? performance.now()) - started) / 1000;
    d.metrics.gatewayLatency.observe({ listener: d.listener, protocol: 'http' }, own);
  }
}
