/**
 * Failures of the HTTP listener: each carries a stable SW_ERR_* code (for the log line and the
 * frame-error metric) and the HTTP status the client gets. Codes that have a home in the shared
 * catalogue (src/errors.ts) are used as they are; the SW_ERR_HTTP_* codes below are HTTP-only and
 * are meant to be merged into that catalogue (their texts are written in the same style).
 */
import { ERRORS, type ErrCode } from '../errors.js';

export const HTTP_ERRORS = {
  SW_ERR_HTTP_BAD_REQUEST: 'HTTP request line or headers are malformed',
  SW_ERR_HTTP_SMUGGLING: 'HTTP message framing is ambiguous (Content-Length/Transfer-Encoding/Host)',
  SW_ERR_HTTP_HEADERS_TOO_LARGE: 'HTTP request headers exceed the size limit',
  SW_ERR_HTTP_BAD_PATH: 'HTTP request target is not a clean origin-form path',
  SW_ERR_HTTP_METHOD: 'HTTP method is not allowed through the gateway',
  SW_ERR_HTTP_REQUEST_TIMEOUT: 'HTTP request headers or body arrived too slowly',
  SW_ERR_HTTP_BODY_TOO_LARGE: 'HTTP request body exceeds the size limit',
  SW_ERR_HTTP_UPSTREAM_TIMEOUT: 'backend did not answer the HTTP request in time',
  SW_ERR_HTTP_UNKNOWN_ROUTE: 'HTTP route is not in the route table; denied',
} as const;

export type HttpErrCode = keyof typeof HTTP_ERRORS;
export type AnyErrCode = ErrCode | HttpErrCode;

export function errorText(code: AnyErrCode): string {
  return (HTTP_ERRORS as Record<string, string>)[code] ?? (ERRORS as Record<string, string>)[code] ?? code;
}

/** A refused or failed HTTP request. `detail` is safe to log and to show (never secrets). */
export class HttpFailure extends Error {
  constructor(
    readonly code: AnyErrCode,
    readonly status: number,
    readonly detail?: string,
    /** Extra response headers (WWW-Authenticate, Retry-After, ...). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ? `${errorText(code)}: ${detail}` : errorText(code));
    this.name = 'HttpFailure';
  }
}

export function isHttpFailure(e: unknown): e is HttpFailure {
  return e instanceof HttpFailure;
}

/** Flink's REST error body: `{"errors": ["..."]}`. */
export function flinkErrorBody(...messages: string[]): string {
  return JSON.stringify({ errors: messages });
}
