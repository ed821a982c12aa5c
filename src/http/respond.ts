/**
 * Answers the gateway writes itself: always JSON in Flink's error shape (`{"errors": [...]}`),
 * so Flink clients and the web UI show them like any other REST error. Also the mapping from
 * Node's HTTP parser errors (clientError) to a status and an SW_ERR_* code.
 */
import http from 'node:http';
import type net from 'node:net';
import { HttpFailure, errorText, flinkErrorBody } from './errors.js';

/** How long a refused upload may keep sending before its connection is cut. */
export const LINGER_MS = 2000;

/** Sockets whose connection is being closed: any further request parsed on them is dropped. */
export const closingSockets = new WeakSet<net.Socket>();

/** Client-facing text for a failure: the catalogue sentence plus the safe detail. */
export function publicMessage(f: HttpFailure): string {
  return f.detail ? `${errorText(f.code)}: ${f.detail}` : errorText(f.code);
}

/**
 * Closes a connection gently once its response is written: half-close, keep reading (the HTTP
 * parser drops the rest of the unread body) until the client closes or `ms` pass, then destroy.
 * Closing at once with unread bytes in the kernel buffer makes it send RST, and clients then
 * often lose the very answer that explains the refusal (413, 408, 403 on an upload).
 */
export function lingeringClose(socket: net.Socket, ms: number): void {
  closingSockets.add(socket);
  const s = socket as net.Socket & { destroySoon?: () => void };
  s.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(timer));
  };
}

/**
 * Sends the failure on a response that has not started yet. With `close`, the connection is
 * closed afterwards; with `unreadBody` as well, gently (lingeringClose), since a request body that
 * was not read cannot be skipped safely.
 */
export function sendFailure(res: http.ServerResponse, f: HttpFailure, close: boolean, unreadBody = false): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  if (close && res.socket) closingSockets.add(res.socket);
  if (close && unreadBody && res.socket) lingeringClose(res.socket, LINGER_MS);
  const body = flinkErrorBody(publicMessage(f));
  res.shouldKeepAlive = res.shouldKeepAlive && !close;
  res.writeHead(f.status, {
    ...f.headers,
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/** The same answer written straight to a socket (parser errors happen before any response exists). */
export function writeRawFailure(socket: net.Socket, f: HttpFailure): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = flinkErrorBody(publicMessage(f));
  const extra = Object.entries(f.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${f.status} ${http.STATUS_CODES[f.status] ?? 'Error'}\r\n${extra}` +
      `content-type: application/json; charset=UTF-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Status and code for an error Node's HTTP server reported through `clientError`; null = no answer possible. */
export function failureForParserError(err: Error & { code?: string; reason?: string }): HttpFailure | null {
  const code = err.code ?? '';
  const detail = (err.reason ?? err.message).slice(0, 120);
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new HttpFailure('SW_ERR_HTTP_HEADERS_TOO_LARGE', 431, 'request head too large');
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
      return new HttpFailure('SW_ERR_HTTP_SMUGGLING', 400, detail);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADER_TIMEOUT':
      return new HttpFailure('SW_ERR_HTTP_REQUEST_TIMEOUT', 408, 'request head not received in time');
    case 'HPE_INVALID_URL':
      return new HttpFailure('SW_ERR_HTTP_BAD_PATH', 400, detail);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ETIMEDOUT':
    case 'ERR_STREAM_DESTROYED':
      return null;
    default:
      return new HttpFailure('SW_ERR_HTTP_BAD_REQUEST', 400, detail);
  }
}
