/**
 * Failures of the HTTP listener: each carries a stable SW_ERR_* code from the one catalogue
 * (src/errors.ts), for the log line and the frame-error metric, and the HTTP status the client gets.
 */
import { ERRORS, type ErrCode } from '../errors.js';

/** HTTP-only codes: they live in the one catalogue (src/errors.ts) with every other code. */
export type HttpErrCode = Extract<ErrCode, `SW_ERR_HTTP_${string}`>;
export type AnyErrCode = ErrCode;

export function errorText(code: AnyErrCode): string {
  return ERRORS[code];
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
